"""The review queue pages: who may open what, and what they see and can do there."""

import pytest
from django.urls import reverse

from forum.markup import render_markdown
from forum.models import Post, Tag
from moderation.models import Decision
from moderation.services.decisions import approve_post, request_changes
from tests.conftest import KINDS, staff_page_status
from tests.factories import PostFactory
from tests.moderation.helpers import ATU_STAFF, pending_thread, tag, unit_page_status

# The authorisation matrix ------------------------------------------------------------------


@pytest.mark.parametrize("who", KINDS)
def test_home_is_for_moderators_and_administrators(client_for, who):
    response = client_for(who).get(reverse("moderation:home"))
    expected = staff_page_status(who, 200)
    assert response.status_code == expected
    if who == "anonymous":
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", KINDS)
def test_atu_queue_opens_for_atu_and_administrators_only(client_for, themes, who):
    pending_thread(themes["atu"])
    response = client_for(who).get(reverse("moderation:unit_queue", kwargs={"code": "atu"}))
    assert response.status_code == unit_page_status(who)
    if who == "anonymous":
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", KINDS)
def test_unknown_unit_is_not_found_for_moderators(client_for, who):
    response = client_for(who).get(reverse("moderation:unit_queue", kwargs={"code": "nope"}))
    assert response.status_code == staff_page_status(who, 404)


@pytest.mark.parametrize("who", KINDS)
def test_review_page_of_an_atu_post(client_for, themes, who):
    post = pending_thread(themes["atu"])
    response = client_for(who).get(reverse("moderation:post_review", kwargs={"pk": post.pk}))
    assert response.status_code == unit_page_status(who)


@pytest.mark.parametrize("who", KINDS)
def test_review_page_of_a_co_moderated_post(client_for, themes, who):
    post = pending_thread(themes["shared"])
    response = client_for(who).get(reverse("moderation:post_review", kwargs={"pk": post.pk}))
    allowed = {"atu_moderator", "odihr_moderator", "administrator"}
    assert response.status_code == unit_page_status(who, allowed=allowed)


ACTIONS = [
    {"decision": "approve"},
    {"decision": "request_changes", "reason": "Please add a source."},
    {"decision": "reject", "preset_reason": "off_topic"},
]


@pytest.mark.parametrize("who", KINDS)
@pytest.mark.parametrize("data", ACTIONS)
def test_decisions_on_an_atu_post(client_for, themes, who, data):
    post = pending_thread(themes["atu"])
    response = client_for(who).post(reverse("moderation:post_decide", kwargs={"pk": post.pk}), data)
    assert response.status_code == unit_page_status(who, ok=302)
    post.refresh_from_db()
    decided = who in ATU_STAFF
    assert (post.status != Post.Status.PENDING) is decided
    assert Decision.objects.filter(post=post).count() == (1 if decided else 0)


@pytest.mark.parametrize("who", KINDS)
def test_bulk_approve_in_the_atu_queue(client_for, themes, who):
    posts = [pending_thread(themes["atu"]) for _ in range(2)]
    response = client_for(who).post(
        reverse("moderation:bulk_approve", kwargs={"code": "atu"}),
        {"posts": [p.pk for p in posts]},
    )
    assert response.status_code == unit_page_status(who, ok=302)
    approved = Post.objects.filter(status=Post.Status.APPROVED, pk__in=[p.pk for p in posts])
    assert approved.count() == (2 if who in ATU_STAFF else 0)


@pytest.mark.parametrize("who", KINDS)
@pytest.mark.parametrize("name", ["contributions:mine", "forum:notifications"])
def test_own_pages_need_only_a_sign_in(client_for, who, name):
    response = client_for(who).get(reverse(name))
    assert response.status_code == (302 if who == "anonymous" else 200)


@pytest.mark.parametrize("name", ["moderation:post_decide", "moderation:bulk_approve"])
def test_actions_answer_only_post(client_for, themes, name):
    post = pending_thread(themes["atu"])
    kwargs = {"pk": post.pk} if name == "moderation:post_decide" else {"code": "atu"}
    assert client_for("atu_moderator").get(reverse(name, kwargs=kwargs)).status_code == 405


# MFA ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["atu_moderator", "administrator"])
def test_without_mfa_pages_explain_how_to_turn_it_on(settings, client_for, themes, who):
    settings.MODERATION_MFA_EXEMPT_EMAILS = []
    post = pending_thread(themes["atu"])
    client = client_for(who)

    for url in (
        reverse("moderation:home"),
        reverse("moderation:unit_queue", kwargs={"code": "atu"}),
        reverse("moderation:post_review", kwargs={"pk": post.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert reverse("mfa_activate_totp") in response.content.decode()
        assert "two-factor authentication" in response.content.decode()

    response = client.post(reverse("moderation:post_decide", kwargs={"pk": post.pk}))
    assert response.status_code == 403
    response = client.post(
        reverse("moderation:bulk_approve", kwargs={"code": "atu"}), {"posts": [post.pk]}
    )
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING


def test_after_the_second_factor_the_queue_opens(settings, atu_moderator, with_totp):
    from django.test import Client

    from tests.conftest import sign_in

    settings.MODERATION_MFA_EXEMPT_EMAILS = []
    with_totp(atu_moderator)
    response = sign_in(Client(), atu_moderator, second_factor=True).get(reverse("moderation:home"))
    assert response.status_code == 200


# What the pages show -----------------------------------------------------------------------


def test_home_lists_only_the_moderators_units_with_counts(client_for, themes):
    pending_thread(themes["atu"])
    pending_thread(themes["shared"])
    pending_thread(themes["spmu"])
    response = client_for("atu_moderator").get(reverse("moderation:home"))
    summaries = response.context["summaries"]
    assert [s.unit.code for s in summaries] == ["atu"]
    assert summaries[0].pending_count == 2
    assert summaries[0].oldest_pending_at is not None


def test_administrator_home_lists_every_unit(client_for, themes):
    response = client_for("administrator").get(reverse("moderation:home"))
    assert [s.unit.code for s in response.context["summaries"]] == ["atu", "odihr", "spmu"]


def test_queue_lists_oldest_first_and_filters_by_kind(client_for, themes):
    from datetime import timedelta

    from django.utils import timezone

    newer = pending_thread(themes["atu"], opening__kind=Post.Kind.CASE_STUDY)
    older = pending_thread(themes["shared"])
    Post.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=2))
    pending_thread(themes["spmu"])  # not ATU's
    client = client_for("atu_moderator")
    url = reverse("moderation:unit_queue", kwargs={"code": "atu"})

    response = client.get(url)
    assert [p.pk for p in response.context["queue"].posts] == [older.pk, newer.pk]

    response = client.get(url, {"kind": "case_study"})
    assert [p.pk for p in response.context["queue"].posts] == [newer.pk]

    response = client.get(url, {"theme": themes["shared"].slug})
    assert [p.pk for p in response.context["queue"].posts] == [older.pk]


def test_queue_filters_by_stakeholder_group(client_for, themes):
    gov = pending_thread(themes["atu"], author__stakeholder_group="government")
    pending_thread(themes["atu"])
    response = client_for("atu_moderator").get(
        reverse("moderation:unit_queue", kwargs={"code": "atu"}),
        {"stakeholder_group": "government"},
    )
    assert [p.pk for p in response.context["queue"].posts] == [gov.pk]


def test_queue_pages_hold_25(client_for, themes):
    for _ in range(27):
        pending_thread(themes["atu"])
    url = reverse("moderation:unit_queue", kwargs={"code": "atu"})
    client = client_for("atu_moderator")
    assert len(client.get(url).context["queue"].posts) == 25
    assert len(client.get(url, {"page": 2}).context["queue"].posts) == 2


def test_opening_a_post_claims_it_and_others_see_the_claim(client_for, themes):
    post = pending_thread(themes["shared"])
    client_for("atu_moderator").get(reverse("moderation:post_review", kwargs={"pk": post.pk}))

    response = client_for("odihr_moderator").get(
        reverse("moderation:post_review", kwargs={"pk": post.pk})
    )
    assert "Being reviewed by Ana ATU" in response.content.decode()
    queue = client_for("odihr_moderator").get(
        reverse("moderation:unit_queue", kwargs={"code": "odihr"})
    )
    assert "Being reviewed by Ana ATU" in queue.content.decode()


def test_approve_through_the_page_with_tags_and_accept(client_for, themes, atu_moderator):
    post = pending_thread(themes["atu"])
    topic = tag("prevention")
    response = client_for("atu_moderator").post(
        reverse("moderation:post_decide", kwargs={"pk": post.pk}),
        {"decision": "approve", "tags": [topic.pk], "accept": "on", "note": "Good for chapter 2"},
    )
    assert response.status_code == 302
    assert response.url == reverse("moderation:unit_queue", kwargs={"code": "atu"})
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert post.accepted_for_guidebook
    assert list(post.tags.all()) == [topic]


def test_accepting_without_topic_tag_reshows_the_form(client_for, themes):
    post = pending_thread(themes["atu"])
    region = tag("balkans", Tag.Facet.REGION)
    response = client_for("atu_moderator").post(
        reverse("moderation:post_decide", kwargs={"pk": post.pk}),
        {"decision": "approve", "tags": [region.pk], "accept": "on", "note": "Keep this note"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "at least one topic tag" in page
    assert "Keep this note" in page
    assert f'value="{region.pk}" checked' in page
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING


def test_request_changes_without_reason_reshows_the_form(client_for, themes):
    post = pending_thread(themes["atu"])
    response = client_for("atu_moderator").post(
        reverse("moderation:post_decide", kwargs={"pk": post.pk}),
        {"decision": "request_changes", "reason": ""},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_second_moderator_is_told_who_decided_first(client_for, themes, atu_moderator):
    post = pending_thread(themes["shared"])
    approve_post(actor=atu_moderator, post=post)

    response = client_for("odihr_moderator").post(
        reverse("moderation:post_decide", kwargs={"pk": post.pk}),
        {"decision": "reject", "preset_reason": "off_topic"},
        follow=True,
    )
    page = response.content.decode()
    assert "Already decided by Ana ATU: approved" in page
    assert Decision.objects.filter(post=post).count() == 1


def test_resubmission_shows_what_changed_since_changes_were_requested(
    client_for, themes, atu_moderator
):
    from django.utils import timezone

    from forum.models import PostRevision

    post = pending_thread(themes["atu"], opening__body="First line\nOld claim")
    request_changes(actor=atu_moderator, post=post, reason="Source the claim.")
    # What the author's edit leaves behind: the earlier text as a revision, the post pending.
    PostRevision.objects.create(
        post=post, body=post.body, kind=post.kind, edited_by=post.author, edited_at=timezone.now()
    )
    new_body = "First line\n\nSourced **claim** (report 2011)"
    Post.objects.filter(pk=post.pk).update(
        body=new_body,
        body_html=render_markdown(new_body),
        status=Post.Status.PENDING,
        submitted_at=timezone.now(),
    )

    response = client_for("atu_moderator").get(
        reverse("moderation:post_review", kwargs={"pk": post.pk})
    )
    page = response.content.decode()
    assert "Changes since the moderator asked for changes" in page
    # A word diff of the text as readers see it: no Markdown, no unified-diff lines.
    diff = page.split('data-testid="word-diff">', 1)[1].split("</div>", 1)[0]
    assert "<del>Old</del><ins>Sourced</ins> claim<ins> (report 2011)</ins>" in diff
    assert "**" not in diff and "@@" not in page
    # The moderator's request is quoted above it.
    assert page.index("Source the claim.") < page.index('data-testid="word-diff"')


def test_review_page_shows_the_authors_record(client_for, themes):
    post = pending_thread(themes["atu"])
    PostFactory(author=post.author, thread=post.thread, status=Post.Status.REJECTED)
    response = client_for("atu_moderator").get(
        reverse("moderation:post_review", kwargs={"pk": post.pk})
    )
    record = response.context["review"].author_record
    assert record["approved"] == 0
    assert record["rejected"] == 1
    assert record["pending"] == 1


def test_bulk_approve_ignores_posts_of_other_units(client_for, themes):
    mine, theirs = pending_thread(themes["atu"]), pending_thread(themes["spmu"])
    response = client_for("atu_moderator").post(
        reverse("moderation:bulk_approve", kwargs={"code": "atu"}),
        {"posts": [mine.pk, theirs.pk, "junk"], "query": "kind=comment&evil=1"},
    )
    assert response.status_code == 302
    assert (
        response.url == reverse("moderation:unit_queue", kwargs={"code": "atu"}) + "?kind=comment"
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (Post.Status.APPROVED, Post.Status.PENDING)


def test_request_changes_round_trip_ends_with_the_same_post_approved(
    client_for, themes, participant, atu_moderator
):
    from forum.services import edit_post

    post = pending_thread(themes["atu"], author=participant, opening__body="Our project.")
    first_submitted = post.submitted_at
    moderator = client_for("atu_moderator")
    moderator.post(
        reverse("moderation:post_decide", kwargs={"pk": post.pk}),
        {"decision": "request_changes", "reason": "Say which country."},
    )
    post.refresh_from_db()
    assert post.status == Post.Status.CHANGES_REQUESTED

    edit_post(editor=participant, post=post, body="Our project in Georgia.", kind=post.kind)
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING
    assert post.submitted_at > first_submitted

    queue = moderator.get(reverse("moderation:unit_queue", kwargs={"code": "atu"}))
    assert [p.pk for p in queue.context["queue"].posts] == [post.pk]
    review = moderator.get(reverse("moderation:post_review", kwargs={"pk": post.pk}))
    assert "Georgia.</ins>" in review.content.decode()

    response = moderator.post(
        reverse("moderation:post_decide", kwargs={"pk": post.pk}), {"decision": "approve"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert list(Decision.objects.filter(post=post).values_list("action", flat=True)) == [
        "approve",
        "request_changes",
    ]
