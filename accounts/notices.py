"""The privacy notice: its published versions, and the consent a new account records.

Administrators publish a new version in the admin; a version is never edited after, since
a consent names the version the person agreed to.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import PrivacyConsent, PrivacyNotice, User
from accounts.permissions import can_publish_privacy_notice


def current_privacy_notice() -> PrivacyNotice | None:
    """The latest published version (None only before the first migration's one)."""
    published = PrivacyNotice.objects.filter(published_at__lte=timezone.now())
    return published.order_by("-version").first()


@transaction.atomic
def publish_privacy_notice(*, actor: User, text: str) -> PrivacyNotice:
    if not can_publish_privacy_notice(actor):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write the text of the notice.")]})
    # The table is locked by reading its highest version under a row lock, so two
    # administrators publishing at once get two numbers (the unique constraint backs it).
    latest = PrivacyNotice.objects.select_for_update().order_by("-version").first()
    version = (latest.version if latest else 0) + 1
    return PrivacyNotice.objects.create(version=version, text=text, published_by=actor)


@transaction.atomic
def record_privacy_consent(*, user: User, notice: PrivacyNotice) -> PrivacyConsent:
    consent, _created = PrivacyConsent.objects.get_or_create(user=user, notice=notice)
    return consent
