"""Approving or declining new accounts, when the consultation requires approval.

Accounts belong to no theme, so a moderator of any unit may decide; the decision is logged
in the name of the moderator's first unit. The person is told either way, in the app and by
e-mail.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from accounts.models import ApprovalStatus, User
from forum.notifications import notify
from moderation.models import Decision
from moderation.permissions import acting_units, can_work_account_queue, require_may_act
from moderation.services.log import record_decision
from moderation.services.threads import clean_reason


class AccountAlreadyDecided(ValidationError):
    """Someone else approved or declined the account first."""


def _require_rights(actor: User) -> None:
    require_may_act(actor, can_work_account_queue(actor), "Only moderators decide on accounts.")


def _lock_pending(person: User) -> User:
    locked = User.objects.select_for_update().get(pk=person.pk)
    if locked.approval_status != ApprovalStatus.PENDING:
        last = (
            Decision.objects.filter(target_user=locked)
            .select_related("actor")
            .order_by("-created_at", "-pk")
            .first()
        )
        by = f" by {last.actor}" if last is not None and last.actor is not None else ""
        raise AccountAlreadyDecided(
            f"This account was already decided{by}: {locked.get_approval_status_display().lower()}."
        )
    return locked


@transaction.atomic
def approve_account(*, actor: User, person: User) -> Decision:
    """Lets a pending account post."""
    _require_rights(actor)
    locked = _lock_pending(person)
    before = locked.approval_status
    locked.approval_status = ApprovalStatus.APPROVED
    locked.approval_reason = ""
    locked.save(update_fields=["approval_status", "approval_reason"])
    person.approval_status, person.approval_reason = locked.approval_status, ""
    decision = record_decision(
        actor=actor,
        action=Decision.Action.APPROVE_ACCOUNT,
        target_user=locked,
        unit=acting_units(actor).first(),
        status_before=before,
        status_after=locked.approval_status,
    )
    notify(
        recipient=locked,
        message="Your account was approved: you can now take part in the consultation.",
        url=reverse("forum:home"),
    )
    return decision


@transaction.atomic
def decline_account(*, actor: User, person: User, reason: str) -> Decision:
    """Refuses a pending account, with a reason the person is told. They can still sign in
    and read, but not post."""
    _require_rights(actor)
    reason = clean_reason(reason, required=True)
    locked = _lock_pending(person)
    before = locked.approval_status
    locked.approval_status = ApprovalStatus.DECLINED
    locked.approval_reason = reason
    locked.save(update_fields=["approval_status", "approval_reason"])
    person.approval_status, person.approval_reason = locked.approval_status, reason
    decision = record_decision(
        actor=actor,
        action=Decision.Action.DECLINE_ACCOUNT,
        target_user=locked,
        unit=acting_units(actor).first(),
        status_before=before,
        status_after=locked.approval_status,
        reason=reason,
    )
    notify(
        recipient=locked,
        message="Your account was not approved for posting in the consultation.",
        reason=reason,
    )
    return decision
