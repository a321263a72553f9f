"""A person's download of everything the site holds about them, as one JSON document.

accounts writes the account's own part (profile, e-mail addresses, second factors by kind,
consents); every other part comes from the holders the apps registered
(accounts/personal_data.py), each under its key.
"""

import json

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from accounts.models import User
from accounts.permissions import can_download_personal_data
from accounts.personal_data import holders
from accounts.services import PROFILE_FIELDS

FORMAT_VERSION = 1


def _account(user: User) -> dict:
    return {
        "username": user.username,
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "approval_status": user.approval_status,
        "profile": {name: getattr(user, name) for name in PROFILE_FIELDS},
        "profile_completed_at": user.profile_completed_at,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # Which second factors are set up, never their secrets.
        "second_factors": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "privacy_consents": [
            {"notice_version": c.notice.version, "given_at": c.given_at}
            for c in user.privacy_consents.select_related("notice")
        ],
    }


def personal_data(*, viewer, user: User) -> dict:
    """Everything held about `user`, for `user` only."""
    if not can_download_personal_data(viewer, user):
        raise PermissionDenied
    document = {
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "account": _account(user),
    }
    for holder in holders():
        document[holder.key] = holder.export(user)
    return document


def personal_data_json(*, viewer, user: User) -> str:
    return json.dumps(
        personal_data(viewer=viewer, user=user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )


def download_filename(user: User) -> str:
    return f"verlt-consultation-data-{user.username}-{timezone.now():%Y-%m-%d}.json"
