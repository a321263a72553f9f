"""Deciding on posts in the review queue: approve, request changes, reject, claim.

Every decision locks the post's row first and checks it is still pending, so when two
moderators decide on the same post at once exactly one decision is recorded; the other
gets `AlreadyDecided` with the decision that won.
"""

from collections.abc import Callable, Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from forum.attachments import services as attachments
from forum.models import Post, PostEdit, PostTag, Tag, Thread
from forum.search import index_post
from forum.services.follows import announce_public_post
from forum.services.notifications import localized
from forum.services.posts import apply_edit
from moderation.models import Decision, ReviewClaim
from moderation.permissions import can_review_post, require_may_act
from moderation.services.changes import lock_and_change, log_and_notify, set_fields

CLAIM_DURATION = timedelta(minutes=15)


class RejectReason(TextChoices):
    SPAM = "spam", _("Spam")
    OFF_TOPIC = "off_topic", _("Off-topic")
    DUPLICATE = "duplicate", _("Duplicate of another contribution")
    PERSONAL_DATA = "personal_data", _("Contains personal data")
    ABUSIVE = "abusive", _("Abusive")
    NOT_A_CONTRIBUTION = "not_a_contribution", _("Not a contribution to the consultation")


class AlreadyDecided(Exception):
    """The post left the queue before this decision: someone else decided first."""

    def __init__(self, decision: Decision | None, *, post: Post):
        self.decision = decision
        self.post = post
        if decision is not None:
            text = _("This post was already decided: %(action)s by %(actor)s.") % {
                "action": decision.get_action_display(),
                "actor": decision.actor,
            }
        else:
            text = _("This post was already decided: now %(status)s.") % {
                "status": post.get_status_display().lower()
            }
        super().__init__(text)


_POSTS = Post.objects.select_related("thread", "thread__theme", "author")


def _may_review(actor: User) -> Callable[[Post], None]:
    return lambda post: require_may_act(actor, can_review_post(actor, post))


def _already_decided(post: Post) -> AlreadyDecided:
    latest = Decision.objects.filter(post=post).select_related("actor").order_by("-pk").first()
    return AlreadyDecided(latest, post=post)


def _decide_pending(*, actor: User, post: Post, change) -> tuple[Post, str]:
    """Locks the post, checks it is still pending (or raises AlreadyDecided with the decision
    that won) and that the actor still moderates its theme, and applies `change`."""
    return lock_and_change(
        _POSTS,
        post.pk,
        allowed={Post.Status.PENDING},
        loser=_already_decided,
        check=_may_review(actor),
        change=change,
    )


def _author_url(post: Post) -> str:
    # The author's own list shows every post with its status and the reason given.
    return f"{reverse('contributions:mine')}#post-{post.pk}"


def _finish(post: Post) -> None:
    """What follows every decision: the post leaves everyone's claim, and search finds it
    (or no longer finds it) as its new status says."""
    ReviewClaim.objects.filter(post=post).delete()
    index_post(post)


def _set_tags(*, actor: User, post: Post, tags: list[Tag]) -> None:
    """Makes `tags` the post's tags; tags already on it keep who applied them and when."""
    wanted = {t.pk for t in tags}
    PostTag.objects.filter(post=post).exclude(tag_id__in=wanted).delete()
    existing = set(PostTag.objects.filter(post=post).values_list("tag_id", flat=True))
    now = timezone.now()
    PostTag.objects.bulk_create(
        [
            PostTag(post=post, tag=tag, applied_by=actor, applied_at=now)
            for tag in tags
            if tag.pk not in existing
        ]
    )


def _approve(*, actor: User, post: Post, tags: list[Tag], accept: bool, note: str) -> Decision:
    now = timezone.now()

    def change(locked: Post) -> list[str]:
        _set_tags(actor=actor, post=locked, tags=tags)
        # An approved opening post makes the thread public; any approval is new activity.
        Thread.objects.filter(pk=locked.thread_id, last_activity_at__lt=now).update(
            last_activity_at=now
        )
        return set_fields(
            status=Post.Status.APPROVED,
            status_reason="",
            accepted_for_guidebook=accept,
            guidebook_note=note if accept else "",
        )(locked)

    locked, before = _decide_pending(actor=actor, post=post, change=change)
    _finish(locked)
    _copy_state(locked, post)
    # The post is public now, with its tags: its thread's, theme's and tags' followers hear.
    announce_public_post(post=locked, actor=actor)
    return _log_approval(
        actor=actor,
        post=locked,
        status_before=before,
        status_after=locked.status,
        tags=tags,
        accept=accept,
        note=note,
        message=_("Your contribution to “%(title)s” was approved and is now public."),
    )


def _log_approval(
    *,
    actor: User,
    post: Post,
    status_before: str,
    status_after: str,
    tags: list[Tag],
    accept: bool,
    note: str,
    message: Promise,
    details: dict | None = None,
) -> Decision:
    """Logs an approval (of a post or of its held edit) with the tags and the guidebook
    choice it made, and tells the author with `message` (lazy text, %(title)s the thread's
    title as it is under the lock), linking to the now public post."""
    return log_and_notify(
        actor=actor,
        action=Decision.Action.APPROVE,
        post=post,
        status_before=status_before,
        status_after=status_after,
        details={
            **(details or {}),
            "tags": sorted(t.slug for t in tags),
            "accepted_for_guidebook": accept,
            **({"guidebook_note": note} if accept and note else {}),
        },
        notice={
            "recipient": post.author,
            "message": localized(message, {"title": post.thread.title}),
            "url": post.get_absolute_url(),
        },
    )


def _return_to_author(
    *,
    actor: User,
    post: Post,
    status: str,
    action: str,
    reason: str,
    message: Promise,
    details: dict | None = None,
) -> Decision:
    """Closes the review of a pending post without publishing it: the post takes `status`
    with `reason`, which the log records and the author is told with `message` (lazy
    text, formatted with the thread's title as it is under the lock, %(title)s)."""
    locked, before = _decide_pending(
        actor=actor, post=post, change=set_fields(status=status, status_reason=reason)
    )
    _finish(locked)
    _copy_state(locked, post)
    return log_and_notify(
        actor=actor,
        action=action,
        post=locked,
        status_before=before,
        status_after=locked.status,
        reason=reason,
        details=details,
        notice={
            "recipient": locked.author,
            "message": localized(message, {"title": locked.thread.title}),
            "reason": reason,
            "url": _author_url(locked),
        },
    )


# Edits of approved posts held for review (forum.models.PostEdit) ----------------------------


def is_held_edit(post: Post) -> bool:
    """Whether deciding on `post` now means deciding on its edit waiting for review: the
    post itself is approved and public, its author's edit is what waits."""
    return (
        post.status == Post.Status.APPROVED
        and PostEdit.objects.filter(post=post, status=PostEdit.Status.PENDING).exists()
    )


def _decide_edit(*, actor: User, post: Post, change) -> tuple[Post, PostEdit]:
    """Locks the post and then its pending edit (the order the author's edit takes them),
    checks the edit still waits (or raises AlreadyDecided) and the actor still moderates the
    theme, and applies `change(post, edit)`."""
    edit_holder = {}

    def still_waiting(locked: Post) -> bool:
        edit_holder["edit"] = (
            PostEdit.objects.select_for_update()
            .filter(post=locked, status=PostEdit.Status.PENDING)
            .first()
        )
        return locked.status == Post.Status.APPROVED and edit_holder["edit"] is not None

    locked, _before = lock_and_change(
        _POSTS,
        post.pk,
        allowed=still_waiting,
        loser=_already_decided,
        check=_may_review(actor),
        change=lambda locked: change(locked, edit_holder["edit"]),
    )
    return locked, edit_holder["edit"]


def _edit_details(edit: PostEdit) -> dict:
    return {"edit": edit.pk}


def _approve_edit(*, actor: User, post: Post, tags: list[Tag], accept: bool, note: str) -> Decision:
    """Publishes a held edit: its text (and title) replace the approved text, which is kept
    as a revision, as every replaced text is, and the files it adds and takes off take
    effect, recorded with that revision; guidebook links keep the text they were made
    against and show the drafter the change."""
    now = timezone.now()

    def change(locked: Post, edit: PostEdit) -> list[str]:
        content = {
            name: getattr(edit, name)
            for name in ("kind", "body", "place", "period", "actors", "outcome")
        }
        revision = apply_edit(
            post=locked,
            editor=edit.edited_by,
            content=content,
            html=edit.body_html,
            title=edit.title,
            now=now,
        )
        attachments.publish_held_files(edit=edit, revision=revision)
        edit.status = PostEdit.Status.APPROVED
        edit.save(update_fields=["status"])
        _set_tags(actor=actor, post=locked, tags=tags)
        return set_fields(accepted_for_guidebook=accept, guidebook_note=note if accept else "")(
            locked
        )

    locked, edit = _decide_edit(actor=actor, post=post, change=change)
    _finish(locked)
    _copy_state(locked, post)
    return _log_approval(
        actor=actor,
        post=locked,
        status_before=PostEdit.Status.PENDING,
        status_after=PostEdit.Status.APPROVED,
        tags=tags,
        accept=accept,
        note=note,
        message=_("Your edit of your contribution to “%(title)s” was approved and is now public."),
        details=_edit_details(edit),
    )


def _return_edit_to_author(
    *,
    actor: User,
    post: Post,
    status: str,
    action: str,
    reason: str,
    message: Promise,
    url: str,
    details: dict | None = None,
) -> Decision:
    """Closes the review of a held edit without publishing it: the approved text stays
    public; the edit takes `status` with `reason`, and the author is told as for a post."""

    def change(locked: Post, edit: PostEdit) -> list[str]:
        edit.status = status
        edit.status_reason = reason
        edit.save(update_fields=["status", "status_reason"])
        if status == PostEdit.Status.REJECTED:
            # A rejected edit's files never go public; sent back, they wait with the edit.
            attachments.discard_held_files(edit)
        return []

    locked, edit = _decide_edit(actor=actor, post=post, change=change)
    ReviewClaim.objects.filter(post=locked).delete()
    return log_and_notify(
        actor=actor,
        action=action,
        post=locked,
        status_before=PostEdit.Status.PENDING,
        status_after=status,
        reason=reason,
        details={**_edit_details(edit), **(details or {})},
        notice={
            "recipient": locked.author,
            "message": localized(message, {"title": locked.thread.title}),
            "reason": reason,
            "url": url,
        },
    )


def _clean_tags(tags: Iterable[Tag], *, accept: bool) -> list[Tag]:
    tags = list({t.pk: t for t in tags}.values())
    if accept and not any(t.facet == Tag.Facet.TOPIC for t in tags):
        raise ValidationError(
            {"tags": _("Choose at least one topic tag before accepting a post for the guidebook.")}
        )
    return tags


@transaction.atomic
def approve_post(
    *, actor: User, post: Post, tags: Iterable[Tag] = (), accept: bool = False, note: str = ""
) -> Decision:
    """Makes a pending post public with the chosen tags, optionally accepted for drafters."""
    require_may_act(actor, can_review_post(actor, post))
    tags = _clean_tags(tags, accept=accept)
    if is_held_edit(post):
        return _approve_edit(actor=actor, post=post, tags=tags, accept=accept, note=note.strip())
    return _approve(actor=actor, post=post, tags=tags, accept=accept, note=note.strip())


@transaction.atomic
def request_changes(*, actor: User, post: Post, reason: str) -> Decision:
    """Sends a pending post back to its author, who may edit it and resubmit the same post."""
    require_may_act(actor, can_review_post(actor, post))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the author what to change.")})
    if is_held_edit(post):
        return _return_edit_to_author(
            actor=actor,
            post=post,
            status=PostEdit.Status.CHANGES_REQUESTED,
            action=Decision.Action.REQUEST_CHANGES,
            reason=reason,
            message=_(
                "A moderator asked for changes to your edit of your contribution to "
                "“%(title)s”. The approved text stays public; edit it again and it returns to "
                "the review queue."
            ),
            url=reverse("forum:post_edit", kwargs={"pk": post.pk}),
        )
    return _return_to_author(
        actor=actor,
        post=post,
        status=Post.Status.CHANGES_REQUESTED,
        action=Decision.Action.REQUEST_CHANGES,
        reason=reason,
        message=(
            _(
                "A moderator asked for changes to your contribution to “%(title)s”. "
                "Edit it and it returns to the review queue."
            )
        ),
    )


@transaction.atomic
def reject_post(*, actor: User, post: Post, preset_reason: str, text: str = "") -> Decision:
    """Rejects a pending post with one of the preset reasons and optional words of explanation."""
    require_may_act(actor, can_review_post(actor, post))
    if preset_reason not in RejectReason.values:
        raise ValidationError({"preset_reason": _("Choose a reason for rejecting the post.")})
    text = (text or "").strip()
    label = RejectReason(preset_reason).label
    reason = f"{label}: {text}" if text else label
    if is_held_edit(post):
        return _return_edit_to_author(
            actor=actor,
            post=post,
            status=PostEdit.Status.REJECTED,
            action=Decision.Action.REJECT,
            reason=reason,
            details={"preset_reason": preset_reason},
            message=_(
                "Your edit of your contribution to “%(title)s” was not published; "
                "the approved text stays as it was."
            ),
            url=_author_url(post),
        )
    return _return_to_author(
        actor=actor,
        post=post,
        status=Post.Status.REJECTED,
        action=Decision.Action.REJECT,
        reason=reason,
        details={"preset_reason": preset_reason},
        message=_("Your contribution to “%(title)s” was not published."),
    )


@transaction.atomic
def bulk_approve(*, actor: User, posts: Iterable[Post]) -> tuple[list[Decision], list[Post]]:
    """Approves many pending posts without tags. Returns the decisions made and the posts
    skipped because someone else had already decided on them. One post the actor may not
    moderate refuses the whole batch."""
    posts = list(posts)
    for post in posts:
        require_may_act(actor, can_review_post(actor, post))
    decisions, skipped = [], []
    for post in posts:
        try:
            if is_held_edit(post):
                # An edit keeps the post's tags and guidebook choice: only its text is new.
                decision = _approve_edit(
                    actor=actor,
                    post=post,
                    tags=list(post.tags.all()),
                    accept=post.accepted_for_guidebook,
                    note=post.guidebook_note,
                )
            else:
                decision = _approve(actor=actor, post=post, tags=[], accept=False, note="")
            decisions.append(decision)
        except AlreadyDecided:
            skipped.append(post)
    return decisions, skipped


@transaction.atomic
def claim_post(*, actor: User, post: Post) -> ReviewClaim | None:
    """Marks `post` as being reviewed by `actor` for 15 minutes, so others see it.

    A live claim by someone else is kept (and returned): opening a post to read it does not
    take it from the colleague already reviewing it. Posts no longer pending are not claimed.
    """
    require_may_act(actor, can_review_post(actor, post))
    locked = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
    if locked.status != Post.Status.PENDING and not is_held_edit(locked):
        return None
    now = timezone.now()
    claim = ReviewClaim.objects.select_related("moderator").filter(post=locked).first()
    if claim is not None and claim.moderator_id != actor.pk and claim.expires_at > now:
        return claim
    claim, _created = ReviewClaim.objects.update_or_create(
        post=locked, defaults={"moderator": actor, "expires_at": now + CLAIM_DURATION}
    )
    return claim


def _copy_state(source: Post, target: Post) -> None:
    """Keeps the caller's instance in step with the row the service changed."""
    if source is target:
        return
    for field in ("status", "status_reason", "accepted_for_guidebook", "guidebook_note"):
        setattr(target, field, getattr(source, field))
