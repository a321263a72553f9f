"""A reviewer's suggested rewording of a paragraph, applied to the working draft or
declined by the drafters."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from guidebook import paragraphs as para
from guidebook.models import Draft, Outcome, ReviewComment
from guidebook.permissions import can_respond_to_comment
from guidebook.services.common import require
from guidebook.services.drafting import get_draft, save_draft
from guidebook.services.outcomes import record_comment_outcome


def _check_open_suggestion(actor: User, comment: ReviewComment) -> None:
    require(can_respond_to_comment(actor, comment))
    if comment.parent_id is not None or not comment.suggested_text:
        raise ValidationError(_("This comment suggests no rewording."))
    if comment.outcome:
        raise ValidationError(
            _("This suggestion has already been answered (%(outcome)s).")
            % {"outcome": comment.get_outcome_display().lower()},
            code="answered",
        )


def replace_paragraph(text: str, index: int, replacement: str) -> str:
    """The draft's text with its `index`-th paragraph (from 0) replaced, source lines and
    all; the other lines untouched."""
    parsed = para.parse_draft(text)
    block = parsed.paragraphs[index]
    lines = parsed.text.split("\n")
    start = block.line - 1
    end = start + len(block.text.split("\n"))
    return "\n".join([*lines[:start], *replacement.split("\n"), *lines[end:]])


@transaction.atomic
def apply_suggestion(*, actor: User, comment: ReviewComment, base_version: int) -> Draft:
    """Puts the suggested wording in place of its paragraph in the working draft, as a save
    based on `base_version` (a draft saved meanwhile raises DraftConflict and nothing is
    written), and records the comment as incorporated. The paragraph keeps its id, so its
    comments stay with it."""
    _check_open_suggestion(actor, comment)
    chapter = comment.chapter
    draft = get_draft(chapter)
    index = next((n for n, p in enumerate(draft.paragraphs) if p["id"] == comment.para_id), None)
    if index is None:
        raise ValidationError(
            _(
                "The paragraph this suggestion rewords is no longer in the working draft, so it "
                "cannot be applied. Decline it, or edit the draft by hand."
            ),
            code="paragraph_gone",
        )
    text = replace_paragraph(draft.text, index, comment.suggested_text)
    save_draft(
        actor=actor, chapter=chapter, text=text, base_version=base_version, pinned={index: index}
    )
    record_comment_outcome(
        actor=actor,
        comment=comment,
        outcome=Outcome.INCORPORATED,
        reason=_("The suggested wording was applied to the working draft."),
    )
    return Draft.objects.get(chapter=chapter)


@transaction.atomic
def decline_suggestion(*, actor: User, comment: ReviewComment, reason: str) -> ReviewComment:
    """Records the suggestion as not incorporated, with the drafters' reason."""
    _check_open_suggestion(actor, comment)
    if not reason.strip():
        raise ValidationError(_("Give the reason for declining the suggestion."), code="reason")
    return record_comment_outcome(
        actor=actor, comment=comment, outcome=Outcome.NOT_INCORPORATED, reason=reason
    )
