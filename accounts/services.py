"""Writes to a person's account and profile."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.profiles import profile_changed, protected_names
from common.text import describe, first_refused_character, look_alike, normalise_name

PROFILE_FIELDS = (
    "display_name",
    "organisation",
    "stakeholder_group",
    "country",
    "gender",
    "language",
    "default_attribution",
    "follows_own_threads",
)
# A profile is complete when these are filled in (User.has_complete_profile); once given
# they may be changed but not emptied.
REQUIRED_PROFILE_FIELDS = ("display_name", "stakeholder_group", "country")
_FREE_TEXT_FIELDS = ("display_name", "organisation")
_BOOLEAN_FIELDS = ("follows_own_threads",)


@transaction.atomic
def update_profile(*, user: User, **fields) -> User:
    """Sets the given profile fields and saves them.

    Raises ValidationError (keyed by field name) for a blank required field, a value not
    among the choices, text that is too long or holds control characters. The first time
    the profile becomes complete, `profile_completed_at` records when.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"update_profile() got unexpected fields: {', '.join(sorted(unknown))}")

    cleaned = {name: _normalise(name, value) for name, value in fields.items()}
    errors = _validate(user, cleaned)
    if errors:
        raise ValidationError(errors)

    for name, value in cleaned.items():
        setattr(user, name, value)
    changed = list(cleaned)
    if user.profile_completed_at is None and user.has_complete_profile:
        user.profile_completed_at = timezone.now()
        changed.append("profile_completed_at")
    if changed:
        user.save(update_fields=changed)
        profile_changed(user=user, fields=changed)
    return user


def _normalise(name: str, value) -> str | bool:
    if name in _BOOLEAN_FIELDS:
        return bool(value)
    value = "" if value is None else str(value)
    if name in _FREE_TEXT_FIELDS:
        # Names are shown beside every post: collapse runs of spaces so two entries that
        # look the same are the same.
        # NFKC too: the full-width "Ａｄａ" is stored as the "Ada" it shows.
        value = normalise_name(value)
    return value


def _validate(user: User, cleaned: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, value in cleaned.items():
        if name in _BOOLEAN_FIELDS:
            continue  # yes or no: nothing to check
        if name in REQUIRED_PROFILE_FIELDS and not value:
            errors.setdefault(name, []).append(_REQUIRED_MESSAGES[name])
            continue
        if name in _FREE_TEXT_FIELDS and (char := first_refused_character(value)):
            errors.setdefault(name, []).append(
                _("Use letters, numbers, spaces and punctuation only (remove %(char)s).")
                % {"char": describe(char)}
            )
            continue
        if name == "display_name" and _looks_like_a_protected_name(user, value):
            errors.setdefault(name, []).append(
                _(
                    "This name looks too much like that of one of the forum's moderators or "
                    "drafters. Choose a name people will not mistake for theirs."
                )
            )
            continue
        if name == "language":
            if value not in dict(settings.LANGUAGES):
                errors.setdefault(name, []).append(_("Choose a language from the list."))
            continue
        try:
            # The model field knows the choices and the maximum length.
            User._meta.get_field(name).clean(value, user)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
    return errors


def _looks_like_a_protected_name(user: User, value: str) -> bool:
    if user.pk is not None and value == user.display_name:
        return False  # keeping one's own name is never impersonating
    return any(
        person_id != user.pk and name and look_alike(value, name)
        for person_id, name in protected_names()
    )


_REQUIRED_MESSAGES = {
    "display_name": _("Enter the name to show beside your posts."),
    "stakeholder_group": _("Choose the stakeholder group you belong to."),
    "country": _("Choose a country, or “Other / none”."),
}
