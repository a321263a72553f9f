"""Reading and commenting on a published version: numbered paragraphs, passages matched
and marked, suggested rewordings applied or declined, one vocabulary for outcomes, and the
outcomes a publication proposes."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from forum.models import Post
from guidebook.models import ContributionLink, Draft, Outcome, ReviewComment
from guidebook.passages import highlight, normalise, occurs_in
from guidebook.reading import split_blocks
from guidebook.services import (
    DraftConflict,
    add_comment,
    apply_suggestion,
    confirm_proposed_outcomes,
    decline_suggestion,
    get_draft,
    link_contribution,
    open_review,
    publish_version,
    record_comment_outcome,
    record_link_outcome,
    save_draft,
)
from tests.factories import UserFactory

HEADING = "## Trust"
ONE = "Community policing builds trust between the police and the public."
TWO = "Officers need training in human rights before they are tasked with outreach."
THREE = 'The "community" is not one group: women, youth and minorities speak for themselves.'


def save(drafter, chapter, text):
    return save_draft(
        actor=drafter, chapter=chapter, text=text, base_version=get_draft(chapter).version
    )


def publish(drafter, chapter, text):
    save(drafter, chapter, text)
    return publish_version(actor=drafter, chapter=chapter)


def open_for_a_week(drafter, version, audience="verified", emails=()):
    return open_review(
        actor=drafter,
        version=version,
        ends_at=timezone.now() + datetime.timedelta(days=7),
        audience=audience,
        emails=emails,
    )


def para(version, number):
    return version.paragraphs[number - 1]["id"]


@pytest.fixture
def v1(drafter, chapters):
    version = publish(drafter, chapters["one"], "\n\n".join([HEADING, ONE, TWO, THREE]))
    open_for_a_week(drafter, version)
    return version


@pytest.fixture
def reviewer(db):
    return UserFactory(display_name="Rita Reviewer")


# Passages ---------------------------------------------------------------------------------


def test_normalise_straightens_quotes_and_collapses_whitespace():
    assert normalise("  “community”\n is\u00a0 ‘one’  ") == "\"community\" is 'one'"


@pytest.mark.parametrize(
    "passage",
    [
        "“community” is not one group",  # curly quotes for the straight ones typed
        'The  "community"\n  is not',  # a line break and runs of spaces
        "women,\tyouth\u00a0and minorities",  # a tab and a non-breaking space
    ],
)
def test_a_passage_matches_whatever_its_quotes_and_whitespace(passage):
    assert occurs_in(passage, THREE)


def test_a_passage_that_is_not_there_does_not_match():
    assert not occurs_in("men and elders", THREE)
    assert not occurs_in("   ", THREE)


def test_highlight_marks_the_passage_across_tags_and_escapes_the_text():
    html = '<p data-para="3">Use <em>clear</em> words &amp; “plain” terms &lt;here&gt;.</p>'
    marked = highlight(html, 'clear words & "plain"')
    assert marked == (
        '<p data-para="3">Use <em><mark class="passage">clear</mark></em>'
        '<mark class="passage"> words &amp; “plain”</mark> terms &lt;here&gt;.</p>'
    )
    # The passage is the reader's text: markup in it is text, never a tag.
    assert highlight(html, "<here>") == (
        '<p data-para="3">Use <em>clear</em> words &amp; “plain” terms '
        '<mark class="passage">&lt;here&gt;</mark>.</p>'
    )
    assert highlight(html, "<script>") == html


def test_split_blocks_keeps_paragraph_ids_and_leaves_headings_unnumbered(v1):
    blocks = split_blocks(v1.html)
    assert [b.para_id for b in blocks] == [None, *[p["id"] for p in v1.paragraphs]]
    assert re.fullmatch(r"<h\d>Trust</h\d>", blocks[0].html)
    assert all(b.html in v1.html for b in blocks)


def test_a_comment_accepts_a_passage_with_other_quotes_and_spaces(v1, participant):
    comment = add_comment(
        actor=participant,
        version=v1,
        para_id=para(v1, 3),
        body="Name them.",
        selected_text="  “community”   is not\none group ",
    )
    assert comment.selected_text == "“community” is not one group"
    with pytest.raises(ValidationError, match="is not in paragraph 3"):
        add_comment(
            actor=participant,
            version=v1,
            para_id=para(v1, 3),
            body="x",
            selected_text="community policing",
        )


def test_the_passage_is_marked_on_this_version_and_later_ones_while_it_occurs(
    v1, participant, drafter, chapters, client
):
    add_comment(
        actor=participant,
        version=v1,
        para_id=para(v1, 2),
        body="Which rights?",
        selected_text="training in human rights",
    )
    mark = '<mark class="passage">training in human rights</mark>'
    assert mark in client.get(v1.get_absolute_url()).content.decode()
    v2 = publish(drafter, chapters["one"], "\n\n".join([HEADING, ONE, f"{TWO} Soon.", THREE]))
    assert mark in client.get(v2.get_absolute_url()).content.decode()
    v3 = publish(
        drafter,
        chapters["one"],
        "\n\n".join([HEADING, ONE, TWO.replace("human rights", "law") + " Soon.", THREE]),
    )
    page = client.get(v3.get_absolute_url()).content.decode()
    assert "<mark" not in page
    assert "“training in human rights”" in page  # the comment still quotes it


# The version page -----------------------------------------------------------------------


def test_the_version_page_numbers_paragraphs_and_not_headings(v1, client_for):
    page = client_for("participant").get(v1.get_absolute_url()).content.decode()
    numbers = re.findall(r'class="para-number" href="#p-(\d+)" aria-label="Paragraph (\d)"', page)
    assert numbers == [(str(p["id"]), str(n)) for n, p in enumerate(v1.paragraphs, start=1)]
    assert page.count("Comment on this paragraph<span") == 3  # not on the heading
    assert re.search(
        r'reading-row--plain">\s*<div class="reading-row__margin"></div>\s*'
        r'<div class="reading-row__text chapter-text prose"><h\d>Trust</h\d>',
        page,
    )
    # The old drop-down of raw Markdown is gone.
    assert '<select name="para_id"' not in page and "¶ 1:" not in page


def test_without_javascript_the_link_opens_the_form_for_its_paragraph_quoted(v1, client_for):
    url = f"{v1.get_absolute_url()}?para={para(v1, 3)}&passage=youth"
    page = client_for("participant").get(url).content.decode()
    form = page[page.index('id="comment-form"') :]
    assert "Comment on paragraph 3" in form
    assert 'The "community" is not one group' in form.replace("&quot;", '"')
    assert f'name="para_id" value="{para(v1, 3)}"' in form
    assert 'value="youth"' in form
    # The form sits under paragraph 3, before paragraph 3's row ends, not at the bottom.
    assert page.index('id="comment-form"') > page.index(f'id="p-{para(v1, 3)}"')
    assert "data-comment-form-home" not in page


def test_suggest_a_rewording_link_starts_from_the_paragraph_markdown(v1, client_for):
    url = f"{v1.get_absolute_url()}?para={para(v1, 2)}&suggest=1"
    page = client_for("participant").get(url).content.decode()
    assert f"{TWO}</textarea>" in page
    assert re.search(r'<details class="suggestion-field" data-suggestion open>', page)


def test_comment_counts_sit_beside_their_paragraph_and_the_filter_splits_them(
    v1, participant, drafter, client_for
):
    first = add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="Open one")
    add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="Still open")
    record_comment_outcome(actor=drafter, comment=first, outcome="partly", reason="In part")
    client = client_for("participant")
    page = client.get(v1.get_absolute_url()).content.decode()
    assert re.search(
        rf'href="#comments-{para(v1, 1)}">2<span class="visually-hidden"> comments</span>', page
    )
    assert "All (2)" in page and "Open (1)" in page and "Answered (1)" in page
    open_page = client.get(v1.get_absolute_url(), {"show": "open"}).content.decode()
    assert "Still open" in open_page and "Open one" not in open_page
    answered = client.get(v1.get_absolute_url(), {"show": "answered"}).content.decode()
    assert "Open one" in answered and "Still open" not in answered
    assert "In part" in answered  # the drafters' answer, under the comment


def test_an_outcome_is_shown_once_in_one_vocabulary(v1, participant, drafter, client_for):
    comment = add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="Hm")
    record_comment_outcome(actor=drafter, comment=comment, outcome="incorporated", reason="Ok")
    page = client_for("participant").get(v1.get_absolute_url()).content.decode()
    article = page[page.index(f'id="comment-{comment.pk}"') :]
    article = article[: article.index("</article>")]
    assert "Addressed" not in article and "not decided" not in article
    assert article.count("Incorporated") == 2  # the badge and the answer's heading
    assert [label for _value, label in Outcome.choices] == [
        "Open",
        "Incorporated",
        "Partly incorporated",
        "Not incorporated",
        "Out of scope",
    ]


# Suggested rewordings ---------------------------------------------------------------------

REWORDED = "Officers are trained in human rights before any outreach task."


@pytest.fixture
def suggestion(v1, reviewer):
    return add_comment(
        actor=reviewer, version=v1, para_id=para(v1, 2), body="", suggested_text=REWORDED
    )


def test_a_suggestion_needs_no_words_of_its_own_but_must_change_something(v1, reviewer):
    with pytest.raises(ValidationError, match="same as the paragraph"):
        add_comment(actor=reviewer, version=v1, para_id=para(v1, 2), body="", suggested_text=TWO)
    with pytest.raises(ValidationError, match="Write a comment"):
        add_comment(actor=reviewer, version=v1, para_id=para(v1, 2), body=" ")


def test_applying_a_suggestion_rewrites_the_paragraph_in_the_working_draft(
    suggestion, drafter, chapters, v1
):
    draft = get_draft(chapters["one"])
    applied = apply_suggestion(actor=drafter, comment=suggestion, base_version=draft.version)
    assert applied.version == draft.version + 1
    assert applied.text == "\n\n".join([HEADING, ONE, REWORDED, THREE])
    # The paragraph keeps its id, so its comments stay with it.
    assert [p["id"] for p in applied.paragraphs] == [p["id"] for p in draft.paragraphs]
    suggestion.refresh_from_db()
    assert (suggestion.outcome, suggestion.outcome_by) == (Outcome.INCORPORATED, drafter)
    assert "applied to the working draft" in suggestion.outcome_reason
    with pytest.raises(ValidationError, match="already been answered"):
        apply_suggestion(actor=drafter, comment=suggestion, base_version=applied.version)


def test_a_suggestion_applied_against_a_stale_draft_writes_nothing(suggestion, drafter, chapters):
    stale = get_draft(chapters["one"]).version
    save(drafter, chapters["one"], "\n\n".join([HEADING, ONE, TWO, THREE, "More."]))
    with pytest.raises(DraftConflict):
        apply_suggestion(actor=drafter, comment=suggestion, base_version=stale)
    suggestion.refresh_from_db()
    assert suggestion.is_open
    assert REWORDED not in Draft.objects.get(chapter=chapters["one"]).text


def test_a_suggestion_on_a_paragraph_gone_from_the_draft_cannot_be_applied(
    suggestion, drafter, chapters
):
    draft = save(drafter, chapters["one"], "\n\n".join([HEADING, ONE, THREE]))
    with pytest.raises(ValidationError, match="no longer in the working draft"):
        apply_suggestion(actor=drafter, comment=suggestion, base_version=draft.version)


def test_declining_a_suggestion_needs_a_reason_and_a_drafter(
    suggestion, drafter, other_drafter, reviewer
):
    with pytest.raises(PermissionDenied):
        decline_suggestion(actor=other_drafter, comment=suggestion, reason="No")
    with pytest.raises(PermissionDenied):
        decline_suggestion(actor=reviewer, comment=suggestion, reason="No")
    with pytest.raises(ValidationError, match="reason for declining"):
        decline_suggestion(actor=drafter, comment=suggestion, reason="  ")
    decline_suggestion(actor=drafter, comment=suggestion, reason="Too narrow")
    suggestion.refresh_from_db()
    assert (suggestion.outcome, suggestion.outcome_reason) == ("not_incorporated", "Too narrow")


def test_drafters_see_the_suggestion_as_a_word_diff_against_the_working_draft(
    suggestion, drafter, chapters, client_for
):
    save(drafter, chapters["one"], "\n\n".join([HEADING, ONE, TWO.replace("need", "want"), THREE]))
    page = client_for("drafter").get(suggestion.version.get_absolute_url()).content.decode()
    diff = page[page.index('class="suggestion__diff') :]
    diff = diff[: diff.index("</p>")]
    assert "<del>want</del>" in diff  # the draft's word, not the version's "need"
    assert "<ins>are</ins>" in diff or "<ins>are trained" in diff
    assert reverse("guidebook:suggestion_apply", args=[suggestion.pk]) in page
    reader = client_for("participant").get(suggestion.version.get_absolute_url()).content.decode()
    assert reverse("guidebook:suggestion_apply", args=[suggestion.pk]) not in reader
    assert REWORDED in reader


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("participant", 403),
        ("atu_moderator", 403),
        ("other_drafter", 403),
        ("drafter", 302),
        ("administrator", 302),
    ],
)
def test_who_may_apply_a_suggestion(suggestion, chapters, client_for, who, status):
    base = get_draft(chapters["one"]).version
    url = reverse("guidebook:suggestion_apply", args=[suggestion.pk])
    response = client_for(who).post(url, {"base_version": base})
    assert response.status_code == status
    applied = REWORDED in Draft.objects.get(chapter=chapters["one"]).text
    assert applied == (status == 302 and who != "anonymous")
    if applied:
        assert response["Location"].endswith(f"#comment-{suggestion.pk}")


def test_applying_from_a_stale_page_says_so_and_changes_nothing(
    suggestion, drafter, chapters, client_for
):
    stale = get_draft(chapters["one"]).version
    save(drafter, chapters["one"], "\n\n".join([HEADING, ONE, TWO, THREE, "More."]))
    client = client_for("drafter")
    url = reverse("guidebook:suggestion_apply", args=[suggestion.pk])
    response = client.post(url, {"base_version": stale}, follow=True)
    assert "was saved by Dora Drafter since you opened this page" in response.content.decode()
    assert ReviewComment.objects.get(pk=suggestion.pk).is_open


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("participant", 403), ("other_drafter", 403), ("drafter", 302)],
)
def test_who_may_decline_a_suggestion(suggestion, client_for, who, status):
    url = reverse("guidebook:suggestion_decline", args=[suggestion.pk])
    assert client_for(who).post(url, {"reason": "Out of our remit"}).status_code == status
    declined = ReviewComment.objects.get(pk=suggestion.pk).outcome == "not_incorporated"
    assert declined == (who == "drafter")


def test_a_decline_without_a_reason_is_shown_again(suggestion, client_for):
    url = reverse("guidebook:suggestion_decline", args=[suggestion.pk])
    response = client_for("drafter").post(url, {"reason": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_declining_a_suggestion_answered_meanwhile_says_so_and_keeps_the_reason(
    suggestion, client_for
):
    client = client_for("drafter")
    url = reverse("guidebook:suggestion_decline", args=[suggestion.pk])
    assert client.post(url, {"reason": "First answer"}).status_code == 302
    response = client.post(url, {"reason": "Second answer"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This suggestion has already been answered (not incorporated)." in page
    assert "Second answer" in page  # what was typed is shown again
    assert ReviewComment.objects.get(pk=suggestion.pk).outcome_reason == "First answer"


def test_a_comment_of_an_invited_round_is_not_found_by_others(drafter, chapters, client_for):
    version = publish(drafter, chapters["one"], ONE)
    invited = UserFactory(email="invited@example.org")
    open_for_a_week(drafter, version, audience="invited", emails=["invited@example.org"])
    comment = add_comment(
        actor=invited, version=version, para_id=para(version, 1), body="", suggested_text="Other."
    )
    url = reverse("guidebook:suggestion_apply", args=[comment.pk])
    assert client_for("participant").post(url, {"base_version": 1}).status_code == 404
    url = reverse("guidebook:suggestion_decline", args=[comment.pk])
    assert client_for("participant").post(url, {"reason": "x"}).status_code == 404


def test_the_report_credits_the_author_of_an_incorporated_suggestion(
    suggestion, drafter, chapters, client_for
):
    base = get_draft(chapters["one"]).version
    apply_suggestion(actor=drafter, comment=suggestion, base_version=base)
    report = client_for("anonymous").get(reverse("guidebook:chapter_report", args=[1]))
    html = report.content.decode()
    assert "Suggested wording by Rita Reviewer" in html
    assert re.search(r"Credited for the wording: Rita Reviewer[^<]*\.</p>", html)
    assert ">Incorporated</span>" in html


# Outcomes proposed by a publication ------------------------------------------------------


@pytest.fixture
def cited_links(drafter, chapters, accepted_post):
    posts = [accepted_post(body=f"Contribution {n}.") for n in range(3)]
    links = [link_contribution(actor=drafter, post=p, chapter=chapters["one"]) for p in posts]
    record_link_outcome(actor=drafter, link=links[2], outcome="partly", reason="Some")
    cites = " ".join(f"[[post:{p.pk}]]" for p in posts)
    publish(drafter, chapters["one"], f"{ONE} {cites}")
    return links


def test_publishing_proposes_incorporated_for_cited_open_contributions(cited_links):
    proposed = [ContributionLink.objects.get(pk=link.pk) for link in cited_links]
    assert [(link.outcome, link.proposed_outcome) for link in proposed] == [
        ("", "incorporated"),
        ("", "incorporated"),
        ("partly", ""),  # decided already: nothing proposed
    ]


def test_drafters_confirm_proposed_outcomes_in_bulk(cited_links, drafter, other_drafter, chapters):
    first, second, _decided = cited_links
    with pytest.raises(PermissionDenied):
        confirm_proposed_outcomes(actor=other_drafter, chapter=chapters["one"], link_ids=[first.pk])
    confirmed = confirm_proposed_outcomes(
        actor=drafter, chapter=chapters["one"], link_ids=[first.pk]
    )
    assert [link.pk for link in confirmed] == [first.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, first.proposed_outcome, first.outcome_by) == (
        "incorporated",
        "",
        drafter,
    )
    assert (second.outcome, second.proposed_outcome) == ("", "incorporated")
    with pytest.raises(ValidationError, match="Tick at least one"):
        confirm_proposed_outcomes(actor=drafter, chapter=chapters["one"], link_ids=[first.pk])


def test_recording_an_outcome_by_hand_settles_the_proposal(cited_links, drafter):
    link = record_link_outcome(
        actor=drafter, link=cited_links[0], outcome="not_incorporated", reason="Duplicate"
    )
    link.refresh_from_db()
    assert (link.outcome, link.proposed_outcome) == ("not_incorporated", "")
    with pytest.raises(ValidationError, match="reason it was not incorporated"):
        record_link_outcome(actor=drafter, link=cited_links[1], outcome="not_incorporated")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("participant", 403), ("other_drafter", 403), ("drafter", 302)],
)
def test_who_may_confirm_proposed_outcomes(cited_links, client_for, who, status):
    url = reverse("guidebook:outcomes_confirm", args=[1])
    ids = [cited_links[0].pk, cited_links[1].pk]
    assert client_for(who).post(url, {"links": ids}).status_code == status
    outcomes = set(ContributionLink.objects.filter(pk__in=ids).values_list("outcome", flat=True))
    assert outcomes == ({"incorporated"} if who == "drafter" else {""})


def test_the_report_lists_proposals_for_drafters_only(cited_links, client_for):
    url = reverse("guidebook:chapter_report", args=[1])
    drafters = client_for("drafter").get(url).content.decode()
    assert "Outcomes proposed by the last publication" in drafters
    assert drafters.count('name="links"') == 2
    assert "Outcomes proposed" not in client_for("participant").get(url).content.decode()


# Stored exports after a cited contribution is withdrawn ----------------------------------


def test_a_stored_pdf_is_not_served_once_a_cited_contribution_is_withdrawn(
    cited_links, chapters, settings
):
    from guidebook.export.html import chapter_export
    from guidebook.selectors import chapters_for_export
    from guidebook.services.exports import current_key, stored_export_file

    export = chapter_export(next(c for c in chapters_for_export() if c.number == 1))
    before = current_key(export)
    Post.objects.filter(pk=cited_links[0].post_id).update(status=Post.Status.HIDDEN)
    export = chapter_export(next(c for c in chapters_for_export() if c.number == 1))
    assert current_key(export) != before
    assert stored_export_file(export) is None or stored_export_file(export).key != before
