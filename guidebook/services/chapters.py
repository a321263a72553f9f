"""Drafters of a chapter and its state."""

from django.core.exceptions import ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from guidebook.models import Chapter
from guidebook.permissions import (
    DRAFT_CHAPTER,
    can_assign_drafters,
    can_draft_chapter,
    forget_cached_permissions,
)
from guidebook.services.common import require


@transaction.atomic
def assign_drafter(*, actor: User, chapter: Chapter, user: User) -> None:
    require(can_assign_drafters(actor))
    assign_perm(DRAFT_CHAPTER, user, chapter)
    forget_cached_permissions(user)


@transaction.atomic
def remove_drafter(*, actor: User, chapter: Chapter, user: User) -> None:
    require(can_assign_drafters(actor))
    remove_perm(DRAFT_CHAPTER, user, chapter)
    forget_cached_permissions(user)


@transaction.atomic
def set_chapter_state(*, actor: User, chapter: Chapter, state: str) -> Chapter:
    require(can_draft_chapter(actor, chapter))
    if state not in Chapter.State.values:
        raise ValidationError(f"Unknown chapter state “{state}”.")
    chapter.state = state
    chapter.save(update_fields=["state"])
    return chapter
