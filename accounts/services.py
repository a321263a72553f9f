"""Writes to a person's account and profile."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.profiles import profile_changed

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
        value = " ".join(value.split())
    return value


def _validate(user: User, cleaned: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, value in cleaned.items():
        if name in _BOOLEAN_FIELDS:
            continue  # yes or no: nothing to check
        if name in REQUIRED_PROFILE_FIELDS and not value:
            errors.setdefault(name, []).append(_REQUIRED_MESSAGES[name])
            continue
        if name in _FREE_TEXT_FIELDS and any(
            unicodedata.category(ch) in ("Cc", "Cf") for ch in value
        ):
            errors.setdefault(name, []).append(
                _("Use letters, numbers, spaces and punctuation only.")
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


_REQUIRED_MESSAGES = {
    "display_name": _("Enter the name to show beside your posts."),
    "stakeholder_group": _("Choose the stakeholder group you belong to."),
    "country": _("Choose a country, or “Other / none”."),
}
