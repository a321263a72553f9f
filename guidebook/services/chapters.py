"""Drafters of a chapter (each grant and withdrawal logged) and its state."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from guidebook.models import Chapter, DrafterChange
from guidebook.permissions import (
    DRAFT_CHAPTER,
    can_assign_drafters,
    can_draft_chapter,
    drafters_by_chapter,
    forget_cached_permissions,
)
from guidebook.services.common import require


@transaction.atomic
def assign_drafter(*, actor: User, chapter: Chapter, user: User) -> bool:
    """Gives `user` the right to draft `chapter`, logged as a DrafterChange. Returns False
    (and logs nothing) if they already held it."""
    return _change_drafter(actor=actor, chapter=chapter, user=user, grant=True)


@transaction.atomic
def remove_drafter(*, actor: User, chapter: Chapter, user: User) -> bool:
    """Withdraws the right, logged as a DrafterChange. Returns False (and logs nothing) if
    `user` did not hold it."""
    return _change_drafter(actor=actor, chapter=chapter, user=user, grant=False)


def _change_drafter(*, actor: User, chapter: Chapter, user: User, grant: bool) -> bool:
    require(can_assign_drafters(actor))
    if (user in drafters_by_chapter([chapter.pk])[chapter.pk]) == grant:
        return False
    (assign_perm if grant else remove_perm)(DRAFT_CHAPTER, user, chapter)
    action = DrafterChange.Action.GRANTED if grant else DrafterChange.Action.REVOKED
    DrafterChange.objects.create(chapter=chapter, user=user, action=action, actor=actor)
    forget_cached_permissions(user)
    return True


@transaction.atomic
def set_chapter_state(*, actor: User, chapter: Chapter, state: str) -> Chapter:
    require(can_draft_chapter(actor, chapter))
    if state not in Chapter.State.values:
        raise ValidationError(_("Unknown chapter state “%(state)s”.") % {"state": state})
    chapter.state = state
    chapter.save(update_fields=["state"])
    return chapter
