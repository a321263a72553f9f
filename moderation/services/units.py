"""State changes for units: creating them, their members and the themes they moderate."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm, get_objects_for_group, remove_perm

from accounts.models import User
from forum.models import Theme
from forum.permissions import MODERATE_THEME, forget_cached_permissions
from moderation.models import Unit


@transaction.atomic
def ensure_unit(*, code: str, name: str, full_name: str = "") -> Unit:
    """Creates the unit and its group, or updates the names of an existing one."""
    group, _ = Group.objects.get_or_create(name=f"Unit: {name}")
    unit, created = Unit.objects.get_or_create(
        code=code, defaults={"name": name, "full_name": full_name, "group": group}
    )
    if not created and (unit.name, unit.full_name) != (name, full_name):
        unit.name, unit.full_name = name, full_name
        unit.save(update_fields=["name", "full_name"])
    return unit


@transaction.atomic
def set_unit_themes(*, unit: Unit, themes: Iterable[Theme]) -> None:
    """Makes `themes` exactly the themes the unit moderates (object permissions on its group)."""
    wanted = {t.pk: t for t in themes}
    current = {
        t.pk: t
        for t in get_objects_for_group(
            unit.group, MODERATE_THEME, klass=Theme, accept_global_perms=False
        )
    }
    for pk, theme in wanted.items():
        if pk not in current:
            assign_perm(MODERATE_THEME, unit.group, theme)
    for pk, theme in current.items():
        if pk not in wanted:
            remove_perm(MODERATE_THEME, unit.group, theme)


@transaction.atomic
def add_unit_member(*, unit: Unit, user: User) -> None:
    user.groups.add(unit.group)
    forget_cached_permissions(user)
