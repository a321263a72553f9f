"""A drafter's private copy of the text they are typing, kept by the editor's script."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum.markup import MAX_LENGTH, normalise_newlines
from guidebook.models import Chapter, DraftAutosave
from guidebook.paragraphs import DRAFT_SCALE
from guidebook.permissions import can_draft_chapter
from guidebook.services.common import require

MAX_AUTOSAVE_LENGTH = MAX_LENGTH * DRAFT_SCALE


@transaction.atomic
def autosave_draft(*, actor: User, chapter: Chapter, text: str) -> DraftAutosave:
    """Keeps `text` as the person's autosave of the chapter, replacing their previous one.
    The draft itself and its version counter are not touched."""
    require(can_draft_chapter(actor, chapter))
    text = normalise_newlines(text)
    if len(text) > MAX_AUTOSAVE_LENGTH:
        raise ValidationError(
            _("The text is too long to keep (at most %(limit)s characters)."),
            code="max_length",
            params={"limit": f"{MAX_AUTOSAVE_LENGTH:,}"},
        )
    autosave, _created = DraftAutosave.objects.update_or_create(
        chapter=chapter, user=actor, defaults={"text": text, "saved_at": timezone.now()}
    )
    return autosave


@transaction.atomic
def discard_autosave(*, actor: User, chapter: Chapter) -> None:
    require(can_draft_chapter(actor, chapter))
    DraftAutosave.objects.filter(chapter=chapter, user=actor).delete()
