import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import escape

from accounts.models import Attribution, StakeholderGroup
from forum.models import PostRevision
from guidebook.citations import attribution_for
from guidebook.models import ChapterVersion, ContributionLink, Draft
from guidebook.permissions import can_draft_chapter
from guidebook.services import (
    DraftConflict,
    assign_drafter,
    get_draft,
    link_contribution,
    publish_version,
    refresh_link,
    remove_drafter,
    save_draft,
    unlink_contribution,
)
from tests.factories import UserFactory


def save(drafter, chapter, text):
    draft = get_draft(chapter)
    return save_draft(actor=drafter, chapter=chapter, text=text, base_version=draft.version)


def edit_post(post, body):
    """What the forum's edit service does: keep the earlier text, store the new one."""
    PostRevision.objects.create(post=post, body=post.body, kind=post.kind, edited_by=post.author)
    post.body = body
    post.save(update_fields=["body"])


# Drafters -----------------------------------------------------------------------------------


def test_only_administrators_assign_drafters(chapters, administrator, participant, drafter):
    with pytest.raises(PermissionDenied):
        assign_drafter(actor=drafter, chapter=chapters["two"], user=participant)
    assign_drafter(actor=administrator, chapter=chapters["two"], user=participant)
    assert can_draft_chapter(participant, chapters["two"])
    remove_drafter(actor=administrator, chapter=chapters["two"], user=participant)
    assert not can_draft_chapter(participant, chapters["two"])


def test_each_grant_and_withdrawal_is_logged_once(chapters, administrator, participant):
    from guidebook.models import DrafterChange

    chapter = chapters["two"]
    assert assign_drafter(actor=administrator, chapter=chapter, user=participant) is True
    assert assign_drafter(actor=administrator, chapter=chapter, user=participant) is False
    assert remove_drafter(actor=administrator, chapter=chapter, user=participant) is True
    assert remove_drafter(actor=administrator, chapter=chapter, user=participant) is False
    log = DrafterChange.objects.filter(chapter=chapter, user=participant).order_by("pk")
    assert [(c.action, c.actor) for c in log] == [
        ("granted", administrator),
        ("revoked", administrator),
    ]


def test_a_model_wide_permission_does_not_make_a_drafter(chapters, participant):
    from django.contrib.auth.models import Permission

    participant.user_permissions.add(Permission.objects.get(codename="draft_chapter"))
    assert not can_draft_chapter(participant, chapters["one"])


# Links --------------------------------------------------------------------------------------


def test_link_records_the_text_and_refuses_duplicates(chapters, drafter, accepted_post):
    post = accepted_post(body="Original words.")
    link = link_contribution(actor=drafter, post=post, chapter=chapters["one"], note=" Useful ")
    assert link.linked_text == "Original words."
    assert link.note == "Useful"
    assert link.linked_by == drafter
    with pytest.raises(ValidationError, match=f"Post #{post.pk} is already linked to chapter 1"):
        link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    # The same post may also go to a section of the chapter.
    section = chapters["one"].sections.first()
    link_contribution(actor=drafter, post=post, chapter=chapters["one"], section=section)


def test_a_post_can_be_linked_to_several_chapters(chapters, drafter, administrator, accepted_post):
    assign_drafter(actor=administrator, chapter=chapters["two"], user=drafter)
    post = accepted_post()
    link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    link_contribution(actor=drafter, post=post, chapter=chapters["two"])
    assert ContributionLink.objects.filter(post=post).count() == 2


def test_link_to_a_chapter_one_does_not_draft_is_forbidden(chapters, drafter, accepted_post):
    with pytest.raises(PermissionDenied):
        link_contribution(actor=drafter, post=accepted_post(), chapter=chapters["two"])


def test_section_must_belong_to_the_chapter(chapters, drafter, accepted_post):
    other = chapters["two"].sections.first()
    with pytest.raises(ValidationError, match="not part of chapter 1"):
        link_contribution(
            actor=drafter, post=accepted_post(), chapter=chapters["one"], section=other
        )


@pytest.mark.parametrize(
    "fields",
    [{"accepted_for_guidebook": False}, {"status": "pending"}],
)
def test_only_pool_posts_can_be_linked(chapters, drafter, accepted_post, fields):
    with pytest.raises(ValidationError, match="not in the contribution pool"):
        link_contribution(actor=drafter, post=accepted_post(**fields), chapter=chapters["one"])


def test_changed_since_linked_and_refresh(chapters, drafter, accepted_post):
    post = accepted_post(body="First words.")
    link = link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    assert not link.is_changed
    edit_post(post, "Second, better words.")
    link = ContributionLink.objects.select_related("post").get(pk=link.pk)
    assert link.is_changed
    assert link.linked_text == "First words."
    refreshed = refresh_link(actor=drafter, link=link)
    assert refreshed.linked_text == "Second, better words."
    assert refreshed.linked_revision.body == "First words."
    assert refreshed.refreshed_at is not None
    assert not refreshed.is_changed


def test_unlink_removes_the_link_but_not_while_cited(chapters, drafter, accepted_post):
    cited, spare = accepted_post(), accepted_post()
    link = link_contribution(actor=drafter, post=cited, chapter=chapters["one"])
    spare_link = link_contribution(actor=drafter, post=spare, chapter=chapters["one"])
    save(drafter, chapters["one"], f"Cites [[post:{cited.pk}]].")
    with pytest.raises(ValidationError, match=f"Post #{cited.pk} is cited in the draft"):
        unlink_contribution(actor=drafter, link=link)
    unlink_contribution(actor=drafter, link=spare_link)
    assert not ContributionLink.objects.filter(pk=spare_link.pk).exists()


def test_others_cannot_unlink_or_refresh(chapters, drafter, participant, accepted_post):
    link = link_contribution(actor=drafter, post=accepted_post(), chapter=chapters["one"])
    with pytest.raises(PermissionDenied):
        unlink_contribution(actor=participant, link=link)
    with pytest.raises(PermissionDenied):
        refresh_link(actor=participant, link=link)


# Citations ----------------------------------------------------------------------------------


def test_citations_are_numbered_in_order_of_first_use(chapters, drafter, accepted_post):
    a, b = accepted_post(), accepted_post()
    for post in (a, b):
        link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    draft = save(
        drafter,
        chapters["one"],
        f"First [[post:{b.pk}]] and [[post:{a.pk}]].\n\nAgain [[post:{b.pk}]].",
    )
    assert draft.cited_post_ids == [b.pk, a.pk]
    html = draft.html
    assert '<sup class="cite"><a href="#note-1" id="cite-1">1</a></sup>' in html
    assert '<sup class="cite"><a href="#note-2" id="cite-2">2</a></sup>' in html
    assert 'id="cite-1-2"' in html  # the second use of the same post
    notes = re.findall(r'<li id="note-(\d)">.*?<a href="/posts/(\d+)/">“([^<]+)”</a>', html)
    assert notes == [
        ("1", str(b.pk), escape(b.thread.title)),
        ("2", str(a.pk), escape(a.thread.title)),
    ]
    assert f'href="/posts/{b.pk}/"' in html


def test_citation_of_an_unlinked_post_is_a_clear_error(chapters, drafter, accepted_post):
    post = accepted_post()
    with pytest.raises(ValidationError) as error:
        save(drafter, chapters["one"], f"Cites [[post:{post.pk}]] and [[post:999999]].")
    messages = error.value.messages
    assert messages[0].startswith(f"Post #{post.pk} is cited but is not linked to this chapter")
    assert messages[1].startswith("Post #999999 is cited")
    assert get_draft(chapters["one"]).version == 0  # nothing stored


def test_a_link_to_another_chapter_does_not_count(chapters, drafter, administrator, accepted_post):
    assign_drafter(actor=administrator, chapter=chapters["two"], user=drafter)
    post = accepted_post()
    link_contribution(actor=drafter, post=post, chapter=chapters["two"])
    with pytest.raises(ValidationError, match=f"Post #{post.pk} is cited but is not linked"):
        save(drafter, chapters["one"], f"[[post:{post.pk}]]")


def test_citation_inside_code_stays_literal(chapters, drafter):
    draft = save(drafter, chapters["one"], "Write `[[post:12]]` to cite post 12.")
    assert "[[post:12]]" in draft.html
    assert "cite-1" not in draft.html


def test_paragraphs_render_with_their_ids(chapters, drafter):
    draft = save(drafter, chapters["one"], "One.\n\nTwo.")
    first, second = draft.paragraphs
    assert f'<p id="p-{first["id"]}" data-para="{first["id"]}" class="para">' in draft.html
    assert f'id="p-{second["id"]}"' in draft.html


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (Attribution.NAME_AND_ORGANISATION, "Nadia Nur, Community Forum"),
        (Attribution.ORGANISATION_ONLY, "Community Forum"),
        (Attribution.ANONYMOUS, "A participant (Academia / research)"),
    ],
)
def test_notes_credit_authors_as_they_chose(chapters, drafter, accepted_post, choice, expected):
    author = UserFactory(
        display_name="Nadia Nur",
        organisation="Community Forum",
        stakeholder_group=StakeholderGroup.ACADEMIA,
        default_attribution=choice,
    )
    post = accepted_post(author=author)
    link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    draft = save(drafter, chapters["one"], f"Cited [[post:{post.pk}]].")
    assert attribution_for(author) == expected
    assert f"{expected}, Comment" in draft.html
    if choice != Attribution.NAME_AND_ORGANISATION:
        assert "Nadia Nur" not in draft.html


def test_notes_quote_the_linked_text_not_the_edited_one(chapters, drafter, accepted_post):
    post = accepted_post(body="What I said then.")
    link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    edit_post(post, "What I say now.")
    draft = save(drafter, chapters["one"], f"[[post:{post.pk}]]")
    assert "What I said then." in draft.html
    assert "What I say now." not in draft.html


def test_citation_markup_cannot_be_injected(chapters, drafter):
    draft = save(drafter, chapters["one"], '<sup class="cite">x</sup> [[post:1"><script>]]')
    assert "<script>" not in draft.html
    assert '<sup class="cite">' not in draft.html


# Saving and conflicts -----------------------------------------------------------------------


def test_save_increments_the_counter(chapters, drafter):
    first = save(drafter, chapters["one"], "One.")
    second = save(drafter, chapters["one"], "One.\n\nTwo.")
    assert (first.version, second.version) == (1, 2)
    assert second.updated_by == drafter


def test_stale_save_raises_conflict_and_keeps_both_texts(chapters, drafter, administrator):
    chapter = chapters["one"]
    save(drafter, chapter, "Base text.")
    save_draft(actor=administrator, chapter=chapter, text="Their text.", base_version=1)
    with pytest.raises(DraftConflict) as conflict:
        save_draft(actor=drafter, chapter=chapter, text="My text.", base_version=1)
    assert conflict.value.current.text == "Their text."
    assert conflict.value.submitted_text == "My text."
    stored = Draft.objects.get(chapter=chapter)
    assert (stored.text, stored.version) == ("Their text.", 2)


def test_drafter_of_chapter_one_cannot_save_chapter_two(chapters, drafter):
    with pytest.raises(PermissionDenied):
        save_draft(actor=drafter, chapter=chapters["two"], text="x", base_version=0)


def test_bad_markdown_names_the_line(chapters, drafter):
    with pytest.raises(ValidationError, match="line 3, column 5"):
        save(drafter, chapters["one"], "Fine.\n\nBad \x07 bell.")


# Publishing ---------------------------------------------------------------------------------


def test_publish_numbers_versions_and_freezes_them(chapters, drafter, accepted_post):
    chapter = chapters["one"]
    post = accepted_post(body="Linked words.")
    link = link_contribution(actor=drafter, post=post, chapter=chapter)
    save(drafter, chapter, f"First text [[post:{post.pk}]].")
    v1 = publish_version(actor=drafter, chapter=chapter)
    assert v1.number == 1
    assert v1.citations[0]["post_id"] == post.pk
    frozen = (v1.text, v1.html, v1.paragraphs, v1.citations)

    edit_post(post, "Edited words.")
    refresh_link(actor=drafter, link=link)
    save(drafter, chapter, f"Second text [[post:{post.pk}]].\n\nMore.")
    v2 = publish_version(actor=drafter, chapter=chapter)
    assert v2.number == 2
    assert "Edited words." in v2.html

    v1 = ChapterVersion.objects.get(pk=v1.pk)
    assert (v1.text, v1.html, v1.paragraphs, v1.citations) == frozen
    assert "Linked words." in v1.html


def test_publishing_an_unchanged_or_empty_draft_is_refused(chapters, drafter):
    with pytest.raises(ValidationError, match="empty"):
        publish_version(actor=drafter, chapter=chapters["one"])
    save(drafter, chapters["one"], "Text.")
    publish_version(actor=drafter, chapter=chapters["one"])
    with pytest.raises(ValidationError, match="not changed since version 1"):
        publish_version(actor=drafter, chapter=chapters["one"])


def test_publish_is_for_the_chapter_drafters(chapters, drafter, participant):
    save(drafter, chapters["one"], "Text.")
    with pytest.raises(PermissionDenied):
        publish_version(actor=participant, chapter=chapters["one"])
