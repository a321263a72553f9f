"""Deleting a person's account at their request.

The account's row is kept but emptied: the moderators' decision log, the guidebook's
citations and the threads others replied to all point at it, and pointing them at an
emptied row is what pseudonymising them means. What other apps hold is removed or kept by
the erasers they registered (accounts/personal_data.py); this module empties the row and
removes what accounts and allauth hold: e-mail addresses, second factors, sessions,
consents.
"""

import secrets
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApprovalStatus, Attribution, FormSubmission, PrivacyConsent, User
from accounts.permissions import can_delete_account
from accounts.personal_data import holders
from accounts.profiles import profile_changed

# Profile fields emptied on deletion, with the value each is left at.
_EMPTIED = {
    "first_name": "",
    "last_name": "",
    "display_name": "",
    "organisation": "",
    "stakeholder_group": "",
    "country": "",
    "gender": "",
    "language": "en",
    "default_attribution": Attribution.ANONYMOUS,
    "approval_reason": "",
    "follows_own_threads": False,
    "profile_completed_at": None,
    "last_login": None,
    "is_active": False,
    "is_staff": False,
    "is_superuser": False,
}


@transaction.atomic
def delete_account(*, user: User, password: str) -> User:
    """Deletes the person's account after checking their password.

    Raises PermissionDenied when they may not delete it themselves (administrators and
    staff accounts are closed by another administrator), ValidationError keyed "password"
    when the password is wrong.
    """
    if not can_delete_account(user, user):
        raise PermissionDenied
    if not password or not user.check_password(password):
        raise ValidationError({"password": [_("The password is not right. Try again.")]})

    user = User.objects.select_for_update().get(pk=user.pk)
    # The row is emptied first, so that what the erasers keep credits "A former participant".
    for name, value in _EMPTIED.items():
        setattr(user, name, value)
    token = secrets.token_hex(8)
    user.username = f"former-{token}"
    # Unique and undeliverable (.invalid is reserved): nobody can sign in or sign up with it.
    user.email = f"former-{token}@deleted.invalid"
    user.approval_status = ApprovalStatus.APPROVED
    user.deleted_at = timezone.now()
    # A new password hash also changes the session hash, which ends sessions that are not
    # stored in the database (the cache's, in production) at their next request.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()

    for holder in reversed(holders()):
        if holder.erase is not None:
            holder.erase(user)
    # The erasers may still read the person's addresses (invitations sent to them).
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    PrivacyConsent.objects.filter(user=user).delete()
    FormSubmission.objects.filter(user=user).delete()
    _end_sessions(user)
    # Copies of the name and organisation (the search index) are brought up to date.
    profile_changed(user=user, fields=("display_name", "organisation", "default_attribution"))
    return user


def _end_sessions(user: User) -> None:
    """Deletes the sessions signed in as the person, where the database lists them (the db
    and cached_db engines; the cached copy goes too). Sessions kept in the cache alone
    cannot be listed; the new password hash ends them (see above)."""
    engines = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")
    if settings.SESSION_ENGINE not in engines:
        return
    store = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            store(session_key=session.session_key).delete()
