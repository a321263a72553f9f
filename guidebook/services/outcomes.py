"""What became of each input: the drafters' record for links and review comments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from guidebook.models import ContributionLink, Outcome, ReviewComment
from guidebook.permissions import can_draft_chapter
from guidebook.services import notices
from guidebook.services.common import require

_FIELDS = ["outcome", "outcome_reason", "outcome_by", "outcome_at"]


def _record(item, *, actor: User, outcome: str, reason: str):
    if outcome and outcome not in Outcome.values:
        raise ValidationError(
            _("Choose incorporated, partly incorporated, not used or out of scope.")
        )
    item.outcome = outcome
    item.outcome_reason = reason.strip() if outcome else ""
    item.outcome_by = actor if outcome else None
    item.outcome_at = timezone.now() if outcome else None
    item.save(update_fields=_FIELDS)
    return item


@transaction.atomic
def record_link_outcome(
    *, actor: User, link: ContributionLink, outcome: str, reason: str = ""
) -> ContributionLink:
    """An empty `outcome` clears the record (the input is undecided again)."""
    require(can_draft_chapter(actor, link.chapter))
    before = link.outcome
    _record(link, actor=actor, outcome=outcome, reason=reason)
    if link.outcome != before:
        notices.link_outcome_set(link=link, actor=actor)
    return link


@transaction.atomic
def record_comment_outcome(
    *, actor: User, comment: ReviewComment, outcome: str, reason: str = ""
) -> ReviewComment:
    require(can_draft_chapter(actor, comment.chapter))
    if comment.parent_id is not None:
        raise ValidationError(_("Replies have no outcome; record it on the comment they answer."))
    before = comment.outcome
    _record(comment, actor=actor, outcome=outcome, reason=reason)
    if comment.outcome != before:
        notices.comment_outcome_set(comment=comment, actor=actor)
    return comment
