"""State changes for units: creating them, their members and the themes they moderate.

An administrator giving a unit a theme (or taking it away) decides who moderates it, so it
goes in the decision log like any moderation action. `set_unit_themes` is for setting up a
site (the demo seed, tests), where there is nobody acting yet.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import assign_perm, get_objects_for_group, remove_perm

from accounts.models import User
from forum.models import Theme
from forum.permissions import MODERATE_THEME, forget_cached_permissions
from moderation.models import Decision, Unit
from moderation.permissions import can_change_unit_themes, require_may_act, unit_theme_ids
from moderation.services.changes import log_and_notify


@transaction.atomic
def ensure_unit(*, code: str, name: str, full_name: str = "") -> Unit:
    """Creates the unit and its group, or updates the names of an existing one."""
    group, _created = Group.objects.get_or_create(name=f"Unit: {name}")
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


def _change_theme(*, actor: User, unit: Unit, theme: Theme, grant: bool) -> Decision:
    require_may_act(
        actor, can_change_unit_themes(actor), "Only administrators change who moderates."
    )
    # The unit's row lock makes two administrators changing its themes at once take turns.
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    has_it = theme.pk in unit_theme_ids([unit])[unit.pk]
    if has_it == grant:
        message = (
            _("%(unit)s already moderates “%(theme)s”.")
            if grant
            else _("%(unit)s does not moderate “%(theme)s”.")
        )
        raise ValidationError(message % {"unit": unit, "theme": theme})
    (assign_perm if grant else remove_perm)(MODERATE_THEME, unit.group, theme)
    return log_and_notify(
        actor=actor,
        action=Decision.Action.GRANT_THEME if grant else Decision.Action.REVOKE_THEME,
        unit=unit,
        status_before="moderates" if has_it else "",
        status_after="moderates" if grant else "",
        details={"theme": theme.pk, "theme_slug": theme.slug, "theme_title": theme.title},
    )


@transaction.atomic
def grant_theme(*, actor: User, unit: Unit, theme: Theme) -> Decision:
    """Lets the unit's moderators moderate `theme` from now on."""
    return _change_theme(actor=actor, unit=unit, theme=theme, grant=True)


@transaction.atomic
def revoke_theme(*, actor: User, unit: Unit, theme: Theme) -> Decision:
    """Takes `theme` from the unit: its posts leave the unit's queue."""
    return _change_theme(actor=actor, unit=unit, theme=theme, grant=False)


@transaction.atomic
def add_unit_member(*, unit: Unit, user: User) -> None:
    user.groups.add(unit.group)
    forget_cached_permissions(user)
