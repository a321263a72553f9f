"""Moderators' private notes on a post or on its author, for the other moderators.

A note is also a row of the decision log ("Note added", its text as the reason), so the log
and its CSV show who noted what and when.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from forum.models import Post
from moderation.models import NOTE_MAX_LENGTH, Decision, ModeratorNote
from moderation.permissions import (
    acting_unit,
    acting_units,
    can_add_moderator_note,
    require_may_act,
)
from moderation.services.log import record_decision


def clean_note_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Keep the note to %(limit)s characters; it has %(count)s.")
                % {"limit": f"{NOTE_MAX_LENGTH:,}", "count": f"{len(text):,}"}
            }
        )
    return text


@transaction.atomic
def add_moderator_note(
    *, actor: User, post: Post | None = None, author: User | None = None, text: str
) -> ModeratorNote:
    """Writes a note on `post` or on `author` (exactly one) in the name of the actor's unit:
    the one moderating the post's theme, or for a note on an author the first of their units.
    """
    if (post is None) == (author is None):
        raise ValueError("A note is on a post or on an author, not both and not neither.")
    require_may_act(
        actor,
        can_add_moderator_note(actor, post),
        _("You do not moderate this theme.")
        if post is not None
        else _("Notes on authors are for moderators."),
    )
    text = clean_note_text(text)
    if post is not None:
        unit = acting_unit(actor, post.thread.theme)
    else:
        unit = acting_units(actor).first()
    note = ModeratorNote.objects.create(
        post=post, author=author, text=text, written_by=actor, unit=unit
    )
    record_decision(
        actor=actor,
        action=Decision.Action.ADD_NOTE,
        post=post,
        target_user=author,
        reason=text,
        unit=unit,
    )
    return note
