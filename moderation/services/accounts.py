"""Approving or declining new accounts, when the consultation requires approval.

Accounts belong to no theme, so a moderator of any unit may decide; the decision is logged
in the name of the moderator's first unit. The person is told either way, in the app and by
e-mail.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import ApprovalStatus, User
from forum.models import Notification
from moderation.models import Decision
from moderation.permissions import acting_units, can_work_account_queue, require_may_act
from moderation.services.changes import lock_and_change, log_and_notify, set_fields
from moderation.services.threads import clean_reason


class AccountAlreadyDecided(ValidationError):
    """Someone else approved or declined the account first."""


def _require_rights(actor: User) -> None:
    require_may_act(actor, can_work_account_queue(actor), "Only moderators decide on accounts.")


def _already_decided(person: User) -> AccountAlreadyDecided:
    last = (
        Decision.objects.filter(target_user=person)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    status = person.get_approval_status_display().lower()
    if last is not None and last.actor is not None:
        text = _("This account was already decided by %(actor)s: %(status)s.") % {
            "actor": last.actor,
            "status": status,
        }
    else:
        text = _("This account was already decided: %(status)s.") % {"status": status}
    return AccountAlreadyDecided(text)


def _decide(
    *, actor: User, person: User, status: str, action: str, reason: str, message: str
) -> Decision:
    """Locks the account, checks it still waits (or raises AccountAlreadyDecided), sets the
    outcome, logs it in the name of the actor's first unit and tells the person."""
    _require_rights(actor)
    locked, before = lock_and_change(
        User.objects.all(),
        person.pk,
        field="approval_status",
        allowed={ApprovalStatus.PENDING},
        loser=_already_decided,
        change=set_fields(approval_status=status, approval_reason=reason),
    )
    person.approval_status, person.approval_reason = locked.approval_status, reason
    notice = {"recipient": locked, "message": message, "kind": Notification.Kind.ACCOUNT}
    if reason:
        notice["reason"] = reason
    else:
        notice["url"] = reverse("forum:home")
    return log_and_notify(
        actor=actor,
        action=action,
        target_user=locked,
        unit=acting_units(actor).first(),
        status_before=before,
        status_after=locked.approval_status,
        reason=reason,
        notice=notice,
    )


@transaction.atomic
def approve_account(*, actor: User, person: User) -> Decision:
    """Lets a pending account post."""
    return _decide(
        actor=actor,
        person=person,
        status=ApprovalStatus.APPROVED,
        action=Decision.Action.APPROVE_ACCOUNT,
        reason="",
        message=_("Your account was approved: you can now take part in the consultation."),
    )


@transaction.atomic
def decline_account(*, actor: User, person: User, reason: str) -> Decision:
    """Refuses a pending account, with a reason the person is told. They can still sign in
    and read, but not post."""
    _require_rights(actor)
    return _decide(
        actor=actor,
        person=person,
        status=ApprovalStatus.DECLINED,
        action=Decision.Action.DECLINE_ACCOUNT,
        reason=clean_reason(reason, required=True),
        message=_("Your account was not approved for posting in the consultation."),
    )
