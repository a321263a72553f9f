"""Every transition a moderator's decision makes on a post, through the services."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum.models import Notification, Post, PostTag, Tag, Thread
from moderation.models import Decision, ReviewClaim
from moderation.permissions import acting_unit
from moderation.services.decisions import (
    AlreadyDecided,
    RejectReason,
    approve_post,
    bulk_approve,
    claim_post,
    reject_post,
    request_changes,
)
from tests.moderation.helpers import (
    pending_reply,
    pending_thread,
    tag,
)


def test_approve_with_tags_and_accept_records_everything(
    themes, atu_moderator, units, django_capture_on_commit_callbacks
):
    post = pending_thread(themes["atu"])
    topic, region = tag("community-policing"), tag("south-caucasus", Tag.Facet.REGION)

    with django_capture_on_commit_callbacks(execute=True):
        decision = approve_post(
            actor=atu_moderator, post=post, tags=[topic, region], accept=True, note="Chapter 3"
        )

    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert post.accepted_for_guidebook is True
    assert post.guidebook_note == "Chapter 3"
    assert set(post.tags.values_list("slug", flat=True)) == {"community-policing", "south-caucasus"}
    applied = PostTag.objects.filter(post=post)
    assert {pt.applied_by_id for pt in applied} == {atu_moderator.pk}
    assert all(pt.applied_at is not None for pt in applied)
    assert decision.action == Decision.Action.APPROVE
    assert decision.actor == atu_moderator
    assert decision.unit == units["atu"]
    assert (decision.status_before, decision.status_after) == ("pending", "approved")
    assert decision.details["tags"] == ["community-policing", "south-caucasus"]
    assert decision.details["accepted_for_guidebook"] is True
    # The thread it opens is now public, and the author hears about it in-app and by e-mail.
    assert Thread.objects.public().filter(pk=post.thread_id).exists()
    assert Notification.objects.filter(recipient=post.author).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [post.author.email]
    assert "approved" in mail.outbox[0].subject


def test_accepting_without_a_topic_tag_is_refused(themes, atu_moderator):
    post = pending_thread(themes["atu"])
    region = tag("central-asia", Tag.Facet.REGION)

    with pytest.raises(ValidationError) as excinfo:
        approve_post(actor=atu_moderator, post=post, tags=[region], accept=True)

    assert "topic tag" in str(excinfo.value)
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING
    assert not Decision.objects.exists()


def test_approving_without_accepting_needs_no_tags(themes, atu_moderator):
    post = pending_thread(themes["atu"])
    approve_post(actor=atu_moderator, post=post)
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert post.accepted_for_guidebook is False


def test_approving_a_reply_bumps_the_threads_last_activity(themes, atu_moderator):
    post = pending_reply(themes["atu"])
    old = timezone.now() - timedelta(days=3)
    Thread.objects.filter(pk=post.thread_id).update(last_activity_at=old)

    approve_post(actor=atu_moderator, post=post)

    post.thread.refresh_from_db()
    assert post.thread.last_activity_at > old


def test_tags_already_on_a_post_keep_who_applied_them(themes, atu_moderator, odihr_moderator):
    post = pending_thread(themes["shared"])
    kept, dropped, added = tag("trust"), tag("youth-work"), tag("gender")
    earlier = timezone.now() - timedelta(days=1)
    PostTag.objects.create(post=post, tag=kept, applied_by=odihr_moderator, applied_at=earlier)
    PostTag.objects.create(post=post, tag=dropped, applied_by=odihr_moderator, applied_at=earlier)

    approve_post(actor=atu_moderator, post=post, tags=[kept, added])

    rows = {pt.tag.slug: pt for pt in PostTag.objects.filter(post=post).select_related("tag")}
    assert set(rows) == {"trust", "gender"}
    assert rows["trust"].applied_by == odihr_moderator
    assert rows["trust"].applied_at == earlier
    assert rows["gender"].applied_by == atu_moderator


def test_request_changes_needs_a_reason(themes, atu_moderator):
    post = pending_thread(themes["atu"])
    with pytest.raises(ValidationError):
        request_changes(actor=atu_moderator, post=post, reason="   ")
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING


def test_request_changes_tells_the_author_why(
    themes, atu_moderator, django_capture_on_commit_callbacks
):
    post = pending_thread(themes["atu"])
    with django_capture_on_commit_callbacks(execute=True):
        decision = request_changes(actor=atu_moderator, post=post, reason="Add the country.")

    post.refresh_from_db()
    assert post.status == Post.Status.CHANGES_REQUESTED
    assert post.status_reason == "Add the country."
    assert decision.reason == "Add the country."
    assert decision.status_after == "changes_requested"
    note = Notification.objects.get(recipient=post.author)
    assert note.reason == "Add the country."
    assert "Add the country." in mail.outbox[0].body
    # The e-mail links to the site with its full address, the in-app row with a path.
    assert note.url.startswith("/")
    assert f"{settings.SITE_URL}{note.url}" in mail.outbox[0].body


def test_reject_with_a_preset_reason_and_text(themes, spmu_moderator, units):
    post = pending_thread(themes["spmu"])

    decision = reject_post(
        actor=spmu_moderator,
        post=post,
        preset_reason=RejectReason.PERSONAL_DATA,
        text="It names a private person.",
    )

    post.refresh_from_db()
    assert post.status == Post.Status.REJECTED
    assert post.status_reason == "Contains personal data: It names a private person."
    assert decision.unit == units["spmu"]
    assert decision.details == {"preset_reason": "personal_data"}
    assert Notification.objects.get(recipient=post.author).reason == post.status_reason


def test_reject_needs_a_known_preset_reason(themes, spmu_moderator):
    post = pending_thread(themes["spmu"])
    with pytest.raises(ValidationError):
        reject_post(actor=spmu_moderator, post=post, preset_reason="because")


def test_nothing_is_emailed_when_the_decision_rolls_back(
    themes, atu_moderator, django_capture_on_commit_callbacks
):
    post = pending_thread(themes["atu"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            approve_post(actor=atu_moderator, post=post, accept=True)
    assert callbacks == []
    assert mail.outbox == []


def test_bulk_approve_approves_pending_and_skips_decided(themes, atu_moderator, spmu_moderator):
    posts = [pending_thread(themes["atu"]) for _ in range(3)]
    reject_post(actor=atu_moderator, post=posts[0], preset_reason=RejectReason.DUPLICATE)

    made, skipped = bulk_approve(actor=atu_moderator, posts=posts)

    assert [d.post_id for d in made] == [posts[1].pk, posts[2].pk]
    assert [p.pk for p in skipped] == [posts[0].pk]
    assert Post.objects.filter(status=Post.Status.APPROVED).count() == 2
    assert Decision.objects.filter(action=Decision.Action.APPROVE).count() == 2


def test_bulk_approve_refuses_a_batch_with_a_post_outside_the_units_themes(themes, atu_moderator):
    mine, theirs = pending_thread(themes["atu"]), pending_thread(themes["spmu"])
    with pytest.raises(PermissionDenied):
        bulk_approve(actor=atu_moderator, posts=[mine, theirs])
    assert not Decision.objects.exists()
    mine.refresh_from_db()
    assert mine.status == Post.Status.PENDING


@pytest.mark.parametrize("who", ["participant", "spmu_moderator", "odihr_moderator"])
def test_only_a_moderator_of_the_theme_may_decide(themes, person, who):
    post = pending_thread(themes["atu"])
    with pytest.raises(PermissionDenied):
        approve_post(actor=person(who), post=post)
    with pytest.raises(PermissionDenied):
        request_changes(actor=person(who), post=post, reason="x")
    with pytest.raises(PermissionDenied):
        reject_post(actor=person(who), post=post, preset_reason=RejectReason.ABUSIVE)
    with pytest.raises(PermissionDenied):
        claim_post(actor=person(who), post=post)


def test_administrator_may_decide_anywhere_without_a_unit(themes, administrator):
    post = pending_thread(themes["odihr"])
    decision = approve_post(actor=administrator, post=post)
    assert decision.unit is None


def test_co_moderated_theme_records_the_actors_own_unit(themes, units, odihr_moderator):
    post = pending_thread(themes["shared"])
    decision = approve_post(actor=odihr_moderator, post=post)
    assert decision.unit == units["odihr"]
    assert acting_unit(odihr_moderator, themes["atu"]) is None


def test_second_decision_gets_already_decided_with_the_first(
    themes, atu_moderator, odihr_moderator
):
    post = pending_thread(themes["shared"])
    approve_post(actor=atu_moderator, post=post, tags=[tag("trust")])
    stale = Post.objects.get(pk=post.pk)
    stale.status = Post.Status.PENDING  # what the second moderator's page still shows

    with pytest.raises(AlreadyDecided) as excinfo:
        reject_post(actor=odihr_moderator, post=stale, preset_reason=RejectReason.OFF_TOPIC)

    assert excinfo.value.decision.actor == atu_moderator
    assert excinfo.value.decision.action == Decision.Action.APPROVE
    assert "Ana ATU" in str(excinfo.value)
    assert Decision.objects.filter(post=post).count() == 1


def test_claim_lasts_fifteen_minutes_and_is_not_taken_from_a_colleague(
    themes, atu_moderator, odihr_moderator
):
    post = pending_thread(themes["shared"])

    claim = claim_post(actor=atu_moderator, post=post)
    assert claim.moderator == atu_moderator
    assert timedelta(minutes=14) < claim.expires_at - timezone.now() <= timedelta(minutes=15)

    # A colleague opening it sees the live claim; it stays with the first moderator.
    assert claim_post(actor=odihr_moderator, post=post).moderator == atu_moderator

    ReviewClaim.objects.filter(post=post).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert claim_post(actor=odihr_moderator, post=post).moderator == odihr_moderator


def test_a_decision_ends_the_claim(themes, atu_moderator):
    post = pending_thread(themes["atu"])
    claim_post(actor=atu_moderator, post=post)
    approve_post(actor=atu_moderator, post=post)
    assert not ReviewClaim.objects.filter(post=post).exists()
    assert claim_post(actor=atu_moderator, post=post) is None


def test_moderator_without_mfa_may_not_decide(settings, themes, atu_moderator):
    settings.MODERATION_MFA_EXEMPT_EMAILS = []
    post = pending_thread(themes["atu"])
    with pytest.raises(PermissionDenied):
        approve_post(actor=atu_moderator, post=post)


def test_moderator_past_the_second_factor_may_decide(settings, themes, atu_moderator, with_totp):
    from django.test import Client

    from tests.conftest import session_user, sign_in

    settings.MODERATION_MFA_EXEMPT_EMAILS = []
    with_totp(atu_moderator)
    actor = session_user(sign_in(Client(), atu_moderator, second_factor=True))
    post = pending_thread(themes["atu"])
    approve_post(actor=actor, post=post)
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
