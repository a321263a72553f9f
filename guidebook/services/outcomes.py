"""What became of each input: the drafters' record for links and review comments, in one
vocabulary (`Outcome`), and the outcomes a publication proposes for the contributions it
cites."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from guidebook.models import Chapter, ChapterVersion, ContributionLink, Outcome, ReviewComment
from guidebook.permissions import can_draft_chapter, can_respond_to_comment
from guidebook.services import notices
from guidebook.services.common import require

_FIELDS = ["outcome", "outcome_reason", "outcome_by", "outcome_at"]


def _record(item, *, actor: User, outcome: str, reason: str, fields=()):
    if outcome not in Outcome.values:
        raise ValidationError(
            _("Choose open, incorporated, partly incorporated, not incorporated or out of scope.")
        )
    reason = reason.strip()
    if outcome == Outcome.NOT_INCORPORATED and not reason:
        raise ValidationError(_("Give the reason it was not incorporated."), code="reason")
    item.outcome = outcome
    item.outcome_reason = reason
    item.outcome_by = actor if outcome or reason else None
    item.outcome_at = timezone.now() if outcome or reason else None
    item.save(update_fields=[*_FIELDS, *fields])
    return item


@transaction.atomic
def record_link_outcome(
    *, actor: User, link: ContributionLink, outcome: str, reason: str = ""
) -> ContributionLink:
    """An empty `outcome` sets the input open again. Recording an outcome settles any the
    last publication proposed."""
    require(can_draft_chapter(actor, link.chapter))
    before = link.outcome
    link.proposed_outcome = ""
    _record(link, actor=actor, outcome=outcome, reason=reason, fields=["proposed_outcome"])
    if link.outcome != before:
        notices.link_outcome_set(link=link, actor=actor)
    return link


@transaction.atomic
def record_comment_outcome(
    *, actor: User, comment: ReviewComment, outcome: str, reason: str = ""
) -> ReviewComment:
    """The drafters' answer to a review comment: what became of it, in their words."""
    require(can_respond_to_comment(actor, comment))
    if comment.parent_id is not None:
        raise ValidationError(_("Replies have no outcome; record it on the comment they answer."))
    before = (comment.outcome, comment.outcome_reason)
    _record(comment, actor=actor, outcome=outcome, reason=reason)
    if (comment.outcome, comment.outcome_reason) != before:
        notices.comment_outcome_set(comment=comment, actor=actor)
    return comment


def propose_cited_outcomes(*, version: ChapterVersion) -> int:
    """Contributions the version cites whose outcome is still open get "incorporated"
    proposed, for the drafters to confirm. Called inside `publish_version`."""
    cited = {note["link_id"] for note in version.citations if note.get("link_id")}
    return ContributionLink.objects.filter(pk__in=cited, outcome=Outcome.OPEN).update(
        proposed_outcome=Outcome.INCORPORATED
    )


@transaction.atomic
def confirm_proposed_outcomes(
    *, actor: User, chapter: Chapter, link_ids: Iterable[int]
) -> list[ContributionLink]:
    """Records the proposed outcome of each of these links of the chapter that still has
    one and is still open; others are left as they are (a drafter may have decided one
    meanwhile)."""
    require(can_draft_chapter(actor, chapter))
    links = list(
        ContributionLink.objects.select_for_update(of=("self",))
        .filter(chapter=chapter, pk__in=list(link_ids), outcome=Outcome.OPEN)
        .exclude(proposed_outcome="")
        .select_related("post__author", "chapter")
    )
    if not links:
        raise ValidationError(_("Tick at least one proposed outcome to confirm."))
    for link in links:
        outcome = link.proposed_outcome
        link.proposed_outcome = ""
        _record(link, actor=actor, outcome=outcome, reason="", fields=["proposed_outcome"])
        notices.link_outcome_set(link=link, actor=actor)
    return links
