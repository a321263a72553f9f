"""Acting on what is already public: hiding and unhiding posts; locking, pinning and moving
threads.

Each action locks the row it changes and checks its state again under the lock, so two
moderators pressing the same button at once record one decision; the second is told what
the first did. Every action writes one row of the decision log.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from forum.models import Post, Theme, Thread
from forum.permissions import can_hide_post, can_moderate_thread, can_move_thread
from forum.search import index_post, index_threads
from forum.services.notifications import localized
from forum.services.stamps import touch_theme
from moderation.models import Decision, Report
from moderation.permissions import acting_unit, require_may_act
from moderation.services.changes import lock_and_change, log_and_notify, set_fields

REASON_MAX_LENGTH = 2000
_MOVE_REFUSAL = "You may only move threads between themes you moderate."


def clean_reason(reason: str | None, *, required: bool, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError(
            {field: _("Give a reason: it is shown to the author and in the log.")}
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                field: _("Keep the reason under %(reason_max_length)s characters (%(len)s now).")
                % {"reason_max_length": REASON_MAX_LENGTH, "len": len(reason)}
            }
        )
    return reason


_POSTS = Post.objects.select_related("thread", "thread__theme", "author")
_THREADS = Thread.objects.select_related("theme")


def _may_hide(actor: User) -> Callable[[Post], None]:
    # Checked again on the locked row: the thread may have moved since the caller read it.
    return lambda locked: require_may_act(actor, can_hide_post(actor, locked))


def _may_moderate(actor: User) -> Callable[[Thread], None]:
    return lambda locked: require_may_act(actor, can_moderate_thread(actor, locked))


def _post_url(post: Post) -> str:
    return f"{reverse('contributions:mine')}#post-{post.pk}"


def resolve_open_reports(*, actor: User | None, post: Post, status: str) -> int:
    """Closes every open report on `post` (hidden: actioned; judged fine: dismissed)."""
    return Report.objects.filter(post=post, status=Report.Status.OPEN).update(
        status=status, resolved_by=actor, resolved_at=timezone.now()
    )


# Posts ----------------------------------------------------------------------------------------


@transaction.atomic
def hide_post(*, actor: User, post: Post, reason: str, details: dict | None = None) -> Decision:
    """Takes an approved post out of public view. A post already hidden after reports is
    confirmed hidden with the moderator's reason. Either way its open reports are closed."""
    require_may_act(actor, can_hide_post(actor, post))
    reason = clean_reason(reason, required=True)
    locked, before = lock_and_change(
        _POSTS,
        post.pk,
        allowed=lambda row: (
            row.status == Post.Status.APPROVED
            or (row.status == Post.Status.HIDDEN and _last_action(row) == Decision.Action.AUTO_HIDE)
        ),
        loser=lambda row: ValidationError(
            _("Only approved posts can be hidden; this one is %(status)s.")
            % {"status": row.get_status_display().lower()}
        ),
        check=_may_hide(actor),
        change=set_fields(status=Post.Status.HIDDEN, status_reason=reason),
    )
    index_post(locked)
    reports = resolve_open_reports(actor=actor, post=locked, status=Report.Status.ACTIONED)
    post.status, post.status_reason = locked.status, locked.status_reason
    return log_and_notify(
        actor=actor,
        action=Decision.Action.HIDE,
        post=locked,
        status_before=before,
        status_after=locked.status,
        reason=reason,
        details={"reports_closed": reports, **(details or {})},
        notice={
            "recipient": locked.author,
            "message": localized(
                _("A moderator hid your contribution to “%(title)s”."),
                {"title": locked.thread.title},
            ),
            "reason": reason,
            "url": _post_url(locked),
        },
    )


@transaction.atomic
def unhide_post(*, actor: User, post: Post, reason: str = "") -> Decision:
    """Makes a hidden post public again. Its open reports are dismissed: a moderator has
    judged the post fine, so those reports must not hide it again."""
    require_may_act(actor, can_hide_post(actor, post))
    reason = clean_reason(reason, required=False)
    locked, before = lock_and_change(
        _POSTS,
        post.pk,
        allowed={Post.Status.HIDDEN},
        loser=lambda row: ValidationError(
            _("Only hidden posts can be unhidden; this one is %(status)s.")
            % {"status": row.get_status_display().lower()}
        ),
        check=_may_hide(actor),
        change=set_fields(status=Post.Status.APPROVED, status_reason=""),
    )
    index_post(locked)
    reports = resolve_open_reports(actor=actor, post=locked, status=Report.Status.DISMISSED)
    post.status, post.status_reason = locked.status, locked.status_reason
    return log_and_notify(
        actor=actor,
        action=Decision.Action.UNHIDE,
        post=locked,
        status_before=before,
        status_after=locked.status,
        reason=reason,
        details={"reports_closed": reports},
        notice={
            "recipient": locked.author,
            "message": localized(
                _("Your contribution to “%(title)s” is public again."),
                {"title": locked.thread.title},
            ),
            "reason": reason,
            "url": _post_url(locked),
        },
    )


def _last_action(post: Post) -> str | None:
    return (
        Decision.objects.filter(post=post)
        .order_by("-created_at", "-pk")
        .values_list("action", flat=True)
        .first()
    )


# Threads --------------------------------------------------------------------------------------

# action → (field, value it sets, what to say when the thread already has that value)
_THREAD_FLAGS = {
    Decision.Action.LOCK: ("locked", True, _("This thread is already locked.")),
    Decision.Action.UNLOCK: ("locked", False, _("This thread is not locked.")),
    Decision.Action.PIN: ("pinned", True, _("This thread is already pinned.")),
    Decision.Action.UNPIN: ("pinned", False, _("This thread is not pinned.")),
}


def _flag_label(field: str, value: bool) -> str:
    return {
        ("locked", True): "locked",
        ("locked", False): "open",
        ("pinned", True): "pinned",
        ("pinned", False): "not pinned",
    }[(field, value)]


def _set_thread_flag(*, actor: User, thread: Thread, action: str, reason: str) -> Decision:
    field, value, already = _THREAD_FLAGS[action]
    require_may_act(actor, can_moderate_thread(actor, thread))
    reason = clean_reason(reason, required=False)
    locked, _changed = lock_and_change(
        _THREADS,
        thread.pk,
        field=field,
        allowed={not value},
        loser=lambda row: ValidationError(already),
        check=_may_moderate(actor),
        change=set_fields(**{field: value}),
    )
    setattr(thread, field, value)
    return log_and_notify(
        actor=actor,
        action=action,
        thread=locked,
        status_before=_flag_label(field, not value),
        status_after=_flag_label(field, value),
        reason=reason,
    )


@transaction.atomic
def lock_thread(*, actor: User, thread: Thread, reason: str = "") -> Decision:
    """Closes a thread to replies from participants (its theme's moderators still reply)."""
    return _set_thread_flag(actor=actor, thread=thread, action=Decision.Action.LOCK, reason=reason)


@transaction.atomic
def unlock_thread(*, actor: User, thread: Thread, reason: str = "") -> Decision:
    return _set_thread_flag(
        actor=actor, thread=thread, action=Decision.Action.UNLOCK, reason=reason
    )


@transaction.atomic
def pin_thread(*, actor: User, thread: Thread, reason: str = "") -> Decision:
    """Keeps a thread at the top of its theme's list."""
    return _set_thread_flag(actor=actor, thread=thread, action=Decision.Action.PIN, reason=reason)


@transaction.atomic
def unpin_thread(*, actor: User, thread: Thread, reason: str = "") -> Decision:
    return _set_thread_flag(actor=actor, thread=thread, action=Decision.Action.UNPIN, reason=reason)


@transaction.atomic
def move_thread(*, actor: User, thread: Thread, theme: Theme, reason: str = "") -> Decision:
    """Moves a thread, with all its posts, to another theme the mover also moderates.

    The decision is logged in the name of the unit that gave the thread away; the new
    theme's moderators see the thread in their queue from now on.
    """
    require_may_act(actor, can_move_thread(actor, thread, theme), _MOVE_REFUSAL)
    reason = clean_reason(reason, required=False)

    def check(locked: Thread) -> None:
        # Re-checked under the lock: the thread may have been moved while the form was open.
        require_may_act(actor, can_moderate_thread(actor, locked))
        if locked.theme_id != theme.pk:
            require_may_act(actor, can_move_thread(actor, locked, theme), _MOVE_REFUSAL)

    locked, origin = lock_and_change(
        _THREADS,
        thread.pk,
        field="theme",
        allowed=lambda row: row.theme_id != theme.pk,
        loser=lambda row: ValidationError(
            {"theme": _("The thread is already in this theme; choose another.")}
        ),
        check=check,
        change=set_fields(theme=theme),
    )
    thread.theme = theme
    # The theme the thread left no longer lists it; the new one is touched with the thread.
    touch_theme(origin.pk)
    index_threads([locked.pk])
    return log_and_notify(
        actor=actor,
        action=Decision.Action.MOVE,
        thread=locked,
        unit=acting_unit(actor, origin) or acting_unit(actor, theme),
        status_before=origin.slug,
        status_after=theme.slug,
        reason=reason,
        details={"from_theme": origin.pk, "to_theme": theme.pk},
    )
