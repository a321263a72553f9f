"""Participants' reports on approved posts, and what moderators do with them.

A person has at most one open report on a post (a database constraint backs this up).
When open reports on a post come from `MODERATION_REPORT_HIDE_THRESHOLD` different people
(counting only established members, `accounts.permissions.trusted_reporters`), the post is
hidden at once, pending a moderator's look: waiting for office hours would
leave abuse or someone's personal data in public.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.permissions import trusted_reporters
from forum.models import Post
from forum.permissions import can_report_post
from forum.search import index_post
from forum.services.notifications import localized
from moderation.models import Decision, Report
from moderation.permissions import can_resolve_report, require_may_act
from moderation.services.changes import lock_and_change, log_and_notify, set_fields
from moderation.services.threads import clean_reason, hide_post

REPORT_TEXT_MAX_LENGTH = 2000


class AlreadyReported(ValidationError):
    """The person already has an open report on this post."""


class ReportAlreadyResolved(ValidationError):
    """Another moderator dealt with the report first."""


def _already_reported() -> AlreadyReported:
    return AlreadyReported(
        "You have already reported this post. Moderators will look at your report; "
        "you can report it again once they have dealt with it."
    )


@transaction.atomic
def report_post(*, reporter: User, post: Post, reason: str, text: str = "") -> Report:
    """Records one person's report; hides the post when enough different people reported it."""
    if not can_report_post(reporter, post):
        raise PermissionDenied(_("You cannot report this post."))
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose why you are reporting this post.")})
    text = (text or "").strip()
    if reason == Report.Reason.OTHER and not text:
        raise ValidationError({"text": _("Say what is wrong with the post.")})
    if len(text) > REPORT_TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Keep it under %(report_text_max_length)s characters (%(len)s now).")
                % {"report_text_max_length": REPORT_TEXT_MAX_LENGTH, "len": len(text)}
            }
        )
    # The post's row lock makes concurrent reports on one post count one after another, so
    # the report that reaches the threshold is the one that hides it, exactly once.
    locked, _changed = lock_and_change(
        Post.objects.select_related("thread", "thread__theme", "author"),
        post.pk,
        allowed={Post.Status.APPROVED},
        loser=lambda row: ValidationError(
            _("This post is no longer public; moderators are already on it.")
        ),
        change=lambda row: (),
    )
    if Report.objects.filter(post=locked, reporter=reporter, status=Report.Status.OPEN).exists():
        raise _already_reported()
    try:
        with transaction.atomic():
            report = Report.objects.create(post=locked, reporter=reporter, reason=reason, text=text)
    except IntegrityError:
        raise _already_reported() from None
    _hide_if_reported_enough(locked)
    return report


def _hide_if_reported_enough(post: Post) -> Decision | None:
    threshold = settings.MODERATION_REPORT_HIDE_THRESHOLD
    if threshold <= 0:
        return None
    # Only reporters who have been members a while, or have had a post approved, count:
    # otherwise three accounts made for the purpose could hide anyone's post.
    open_reporters = Report.objects.filter(post=post, status=Report.Status.OPEN).values(
        "reporter_id"
    )
    approved_authors = Post.objects.filter(status=Post.Status.APPROVED).values("author_id")
    reporters = trusted_reporters(
        User.objects.filter(pk__in=open_reporters), approved_authors=approved_authors
    ).count()
    if reporters < threshold:
        return None
    before = post.status
    post.status = Post.Status.HIDDEN
    post.status_reason = (
        "Hidden after reports from several participants, until a moderator reviews it."
    )
    post.save(update_fields=["status", "status_reason"])
    index_post(post)
    return log_and_notify(
        actor=None,
        action=Decision.Action.AUTO_HIDE,
        post=post,
        status_before=before,
        status_after=post.status,
        reason=ngettext(
            "Reported by %(count)d person.", "Reported by %(count)d different people.", reporters
        )
        % {"count": reporters},
        details={"reporters": reporters, "threshold": threshold},
        notice={
            "recipient": post.author,
            "message": localized(
                _(
                    "Your contribution to “%(title)s” was reported by several "
                    "participants and is hidden until a moderator reviews it."
                ),
                {"title": post.thread.title},
            ),
            "url": f"{reverse('contributions:mine')}#post-{post.pk}",
        },
    )


def _lock_open_report(report: Report, *, actor: User, change=lambda row: ()) -> Report:
    """Locks the report, checks it is still open (or raises ReportAlreadyResolved) and that
    the actor still moderates its post's theme, and applies `change`."""

    def check(locked: Report) -> None:
        require_may_act(actor, can_resolve_report(actor, locked))

    locked, _changed = lock_and_change(
        Report.objects.select_related("post__thread__theme", "post__author", "resolved_by"),
        report.pk,
        allowed={Report.Status.OPEN},
        loser=lambda row: ReportAlreadyResolved(
            (
                _("This report was already dealt with by %(actor)s: %(status)s.")
                if row.resolved_by
                else _("This report was already dealt with: %(status)s.")
            )
            % {"actor": row.resolved_by, "status": row.get_status_display().lower()}
        ),
        check=check,
        change=change,
    )
    return locked


@transaction.atomic
def dismiss_report(*, actor: User, report: Report, reason: str = "") -> Decision:
    """Closes one report as unfounded. The post keeps its status: if reports hid it, the
    moderator unhides it (which dismisses the rest)."""
    require_may_act(actor, can_resolve_report(actor, report))
    reason = clean_reason(reason, required=False)
    locked = _lock_open_report(
        report,
        actor=actor,
        change=set_fields(
            status=Report.Status.DISMISSED, resolved_by=actor, resolved_at=timezone.now()
        ),
    )
    report.status = locked.status
    return log_and_notify(
        actor=actor,
        action=Decision.Action.DISMISS_REPORT,
        post=locked.post,
        status_before=Report.Status.OPEN,
        status_after=Report.Status.DISMISSED,
        reason=reason,
        details={
            "report": locked.pk,
            "reporter": locked.reporter_id,
            "report_reason": locked.reason,
        },
    )


@transaction.atomic
def hide_reported_post(*, actor: User, report: Report, reason: str) -> Decision:
    """Agrees with a report: hides its post (or confirms the hiding that reports caused),
    which closes every open report on the post as actioned."""
    require_may_act(actor, can_resolve_report(actor, report))
    clean_reason(reason, required=True)
    locked = _lock_open_report(report, actor=actor)
    decision = hide_post(
        actor=actor,
        post=locked.post,
        reason=reason,
        details={"report": locked.pk, "report_reason": locked.reason},
    )
    report.status = Report.Status.ACTIONED
    return decision
