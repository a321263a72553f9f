"""Undoing a decision made on the review desk, for the 30 seconds before anyone hears of it.

A desk decision runs inside `holding_notifications` (forum/services/notifications.py): the
author's notification, and those of the thread's followers when a post is approved, are
stored but neither shown nor e-mailed until the window closes. Undo is honest only while
that holds: it deletes those rows, puts the post back as it was and writes "decision
undone" in the log. Once a notification is out (the window closed, or it was released),
there is nothing to undo; the moderator makes a new decision instead. A bulk approval from
the queue is undone as one: every post of the batch, or none. A decision that deleted files
(forum/attachments/: approving an edit that takes files off, rejecting one that adds them)
offers no undo, as the files leave the storage when it commits.
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum.attachments.selectors import held_files
from forum.models import Attachment, Notification, Post, PostEdit, PostRevision, PostTag
from forum.search import index_post
from forum.selectors.notifications import forget_unread_counts
from forum.services.notifications import holding_notifications
from moderation.models import Decision, UndoableDecision
from moderation.permissions import can_review_post, require_may_act
from moderation.services.decisions import bulk_approve
from moderation.services.log import record_decision

UNDO_WINDOW = timedelta(seconds=30)

_CONTENT = ("kind", "body", "body_html", "place", "period", "actors", "outcome")
_STATE = ("status", "status_reason", "accepted_for_guidebook", "guidebook_note")


def _snapshot(post: Post, *, now: datetime) -> dict:
    """What a decision on `post` may change, as JSON: its state, its tags (with who applied
    them), and for a held edit the edit and the public text the edit would replace."""
    post = Post.objects.select_related("thread").get(pk=post.pk)
    edit = PostEdit.objects.filter(post=post, status=PostEdit.Status.PENDING).first()
    return {
        "taken_at": now.isoformat(),
        **{name: getattr(post, name) for name in _STATE},
        "tags": [
            [t.tag_id, t.applied_by_id, t.applied_at.isoformat()]
            for t in PostTag.objects.filter(post=post)
        ],
        "edit": edit.pk if edit else None,
        "content": {name: getattr(post, name) for name in _CONTENT} if edit else None,
        "files_added": [a.pk for a in held_files(edit)[0]] if edit else [],
        "removes_files": bool(edit and edit.removes_files.exists()),
        "title": post.thread.title,
        "edited_at": post.edited_at.isoformat() if post.edited_at else None,
    }


@transaction.atomic
def decide_with_undo(*, actor: User, post: Post, decide: Callable[[], Decision]) -> Decision:
    """Runs `decide` (one of the decision services, on `post`) with its notifications held
    for UNDO_WINDOW, and records how to undo it."""
    now = timezone.now()
    until = now + UNDO_WINDOW
    restore = _snapshot(post, now=now)
    with holding_notifications(until=until) as held:
        decision = decide()
    if not _undoable(restore, decision):
        return decision
    UndoableDecision.objects.create(
        decision=decision,
        actor=actor,
        expires_at=until,
        notification_ids=[n.pk for n in held],
        restore=restore,
    )
    return decision


@transaction.atomic
def bulk_approve_with_undo(
    *, actor: User, posts: Iterable[Post]
) -> tuple[list[Decision], list[Post]]:
    """`bulk_approve` (moderation.services.decisions) with the batch's notifications held for
    UNDO_WINDOW, recorded so that one undo takes back every approval of the batch."""
    now = timezone.now()
    until = now + UNDO_WINDOW
    posts = list(posts)
    restores = {post.pk: _snapshot(post, now=now) for post in posts}
    with holding_notifications(until=until) as held:
        made, skipped = bulk_approve(actor=actor, posts=posts)
    # One undo for the batch, so all of it or none: a single approval that deleted files
    # makes the batch final.
    if not all(_undoable(restores[decision.post_id], decision) for decision in made):
        return made, skipped
    batch = uuid4()
    notification_ids = [n.pk for n in held]
    UndoableDecision.objects.bulk_create(
        UndoableDecision(
            decision=decision,
            actor=actor,
            expires_at=until,
            notification_ids=notification_ids,
            restore=restores[decision.post_id],
            batch=batch,
        )
        for decision in made
    )
    return made, skipped


def _undoable(restore: dict, decision: Decision) -> bool:
    """Whether the decision can be put back: not one that deleted files, whose bytes leave
    the storage once it commits (the approval of an edit that took files off the post, the
    rejection of an edit that added files)."""
    if decision.action == Decision.Action.APPROVE:
        return not restore["removes_files"]
    if decision.action == Decision.Action.REJECT:
        return not restore["files_added"]
    return True


def undo_offer(user: User, decision_id, *, now: datetime | None = None):
    """The undo this person may still use for that decision, or None: theirs, within the
    window, and every notification it wrote still held (none read, none e-mailed). The offer
    carries `batch_size`: how many decisions the undo takes back (a bulk approval's)."""
    if not (user.is_authenticated and str(decision_id or "").isdigit()):
        return None
    now = now or timezone.now()
    offer = (
        UndoableDecision.objects.select_related("decision", "decision__post")
        .filter(decision_id=decision_id, actor=user, expires_at__gt=now)
        .first()
    )
    if offer is None or not _all_still_held(offer, now=now):
        return None
    offer.batch_size = (
        UndoableDecision.objects.filter(batch=offer.batch).count() if offer.batch else 1
    )
    return offer


def _all_still_held(offer: UndoableDecision, *, now: datetime, lock: bool = False) -> bool:
    rows = Notification.objects.filter(pk__in=offer.notification_ids)
    if lock:
        rows = rows.select_for_update()
    rows = list(rows)
    return len(rows) == len(offer.notification_ids) and all(
        n.emailed_at is None and n.read_at is None and n.deliver_after and n.deliver_after > now
        for n in rows
    )


@transaction.atomic
def undo_decision(*, actor: User, decision_id: int, now: datetime | None = None) -> list[Post]:
    """Takes back the actor's decision, and with it every other approval of its batch when it
    came from a bulk approval: the held notifications are deleted, each post (and its edit)
    returns to the state before, and the log records "decision undone" on each. Returns the
    posts put back, the given decision's first.

    Refused with a ValidationError, changing nothing, once the window has closed or anyone
    has been told, and when another decision on any of the posts followed."""
    now = now or timezone.now()
    offer = (
        UndoableDecision.objects.select_for_update()
        .filter(decision_id=decision_id, actor=actor)
        .first()
    )
    if offer is None:
        raise ValidationError(_("This decision can no longer be undone."))
    offers = [offer]
    if offer.batch:
        offers += list(
            UndoableDecision.objects.select_for_update()
            .select_related("decision")
            .filter(batch=offer.batch, actor=actor)
            .exclude(pk=offer.pk)
            .order_by("pk")
        )
    if offer.expires_at <= now:
        raise ValidationError(
            _("The author has been told of this decision, so it can no longer be undone.")
        )
    posts = [_undo_one(actor=actor, offer=row) for row in offers]
    # Checked once the posts are locked, so no release can slip between check and delete.
    if not _all_still_held(offer, now=now, lock=True):
        raise ValidationError(
            _("The author has been told of this decision, so it can no longer be undone.")
        )
    held = Notification.objects.filter(pk__in={pk for row in offers for pk in row.notification_ids})
    recipients = set(held.values_list("recipient_id", flat=True))
    held.delete()
    forget_unread_counts(recipients)
    UndoableDecision.objects.filter(pk__in=[row.pk for row in offers]).delete()
    return posts


def _undo_one(*, actor: User, offer: UndoableDecision) -> Post:
    """Puts one decision's post back as it was and logs it; the caller holds the offer's
    lock and deletes the notifications and the offer."""
    decision = offer.decision
    locked = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread", "thread__theme", "author")
        .get(pk=decision.post_id)
    )
    require_may_act(actor, can_review_post(actor, locked))
    latest = Decision.objects.filter(post=locked).order_by("-created_at", "-pk").first()
    if latest is None or latest.pk != decision.pk:
        raise ValidationError(_("Someone has acted on this post since; it cannot be undone."))
    _restore(locked, offer.restore, approved=decision.action == Decision.Action.APPROVE)
    index_post(locked)
    record_decision(
        actor=actor,
        action=Decision.Action.UNDO,
        post=locked,
        status_before=decision.status_after,
        status_after=PostEdit.Status.PENDING if offer.restore["edit"] else offer.restore["status"],
        details={"undid": decision.pk, "undid_action": decision.action},
    )
    return locked


def _restore(post: Post, restore: dict, *, approved: bool) -> None:
    for name in _STATE:
        setattr(post, name, restore[name])
    fields = list(_STATE)
    if restore["edit"]:
        PostEdit.objects.filter(pk=restore["edit"]).update(
            status=PostEdit.Status.PENDING, status_reason=""
        )
        if approved and restore["content"] is not None:
            # The edit was approved: its text replaced the public one, kept as a revision.
            for name, value in restore["content"].items():
                setattr(post, name, value)
            edited_at = restore["edited_at"]
            post.edited_at = datetime.fromisoformat(edited_at) if edited_at else None
            fields += [*_CONTENT, "edited_at"]
            PostRevision.objects.filter(
                post=post, edited_at__gte=datetime.fromisoformat(restore["taken_at"])
            ).delete()
            if post.thread.title != restore["title"]:
                post.thread.title = restore["title"]
                post.thread.save(update_fields=["title"])
            # The files the edit added wait with it again; their arrival's record went with
            # the revision.
            Attachment.with_held.filter(pk__in=restore.get("files_added", [])).update(
                held_for=restore["edit"]
            )
    post.save(update_fields=fields)
    PostTag.objects.filter(post=post).delete()
    PostTag.objects.bulk_create(
        PostTag(
            post=post,
            tag_id=tag_id,
            applied_by_id=applied_by,
            applied_at=datetime.fromisoformat(applied_at),
        )
        for tag_id, applied_by, applied_at in restore["tags"]
    )
