"""The privacy notice: its published versions, and the consents people record.

Administrators publish a new version in the admin; a version is never edited after, since
a consent names the version the person agreed to. A new account agrees at sign-up; a person
whose latest consent is to an older version (or who has none, from before consents were
recorded) is asked to agree again before going on (accounts.middleware.PrivacyConsentMiddleware).

Every signed-in request asks which version is in force, so its number is read from the
cache; publishing drops the cached number, and the expiry bounds how long another server
with its own local-memory cache may go on asking for the older one.
"""

from functools import partial

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import PrivacyConsent, PrivacyNotice, User
from accounts.permissions import can_publish_privacy_notice

VERSION_CACHE_KEY = "accounts:privacy_notice_version"
VERSION_CACHE_SECONDS = 60


def current_privacy_notice() -> PrivacyNotice | None:
    """The latest published version (None only before the first migration's one)."""
    published = PrivacyNotice.objects.filter(published_at__lte=timezone.now())
    return published.order_by("-version").first()


def current_privacy_notice_version() -> int:
    """The version in force, 0 when none is: the cached number, or one query."""
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        notice = current_privacy_notice()
        version = notice.version if notice else 0
        cache.set(VERSION_CACHE_KEY, version, VERSION_CACHE_SECONDS)
    return version


def needs_privacy_consent(user: User) -> bool:
    """Whether this signed-in person must agree to the notice in force before going on."""
    return user.privacy_notice_version < current_privacy_notice_version()


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
    notice = PrivacyNotice.objects.create(version=version, text=text, published_by=actor)
    # Dropped now, and again after the commit in case a request cached the older number
    # in between.
    cache.delete(VERSION_CACHE_KEY)
    transaction.on_commit(partial(cache.delete, VERSION_CACHE_KEY))
    return notice


@transaction.atomic
def record_privacy_consent(*, user: User, notice: PrivacyNotice) -> PrivacyConsent:
    consent, _created = PrivacyConsent.objects.get_or_create(user=user, notice=notice)
    if notice.version > user.privacy_notice_version:
        User.objects.filter(pk=user.pk).update(
            privacy_notice_version=Greatest("privacy_notice_version", notice.version)
        )
        user.privacy_notice_version = notice.version
    return consent
