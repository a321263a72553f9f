import secrets
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from accounts.models import ApprovalStatus
from common.redirects import is_local_path

# Lower-case letters and digits without look-alikes (no 0/o, 1/l/i), so an address read
# aloud or copied by hand still works.
_USERNAME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_USERNAME_PREFIX = "member-"
_USERNAME_TOKEN_LENGTH = 8


def new_username() -> str:
    """A unique username for the public address /people/<username>/.

    allauth would derive it from the e-mail address; that would publish the local part of
    the address (often the person's full name) even for those who chose to be cited
    anonymously. A random token says nothing about the person and never changes.
    """
    users = get_user_model().objects
    while True:
        token = "".join(secrets.choice(_USERNAME_ALPHABET) for _ in range(_USERNAME_TOKEN_LENGTH))
        candidate = f"{_USERNAME_PREFIX}{token}"
        if not users.filter(username__iexact=candidate).exists():
            return candidate


class AccountAdapter(DefaultAccountAdapter):
    """Hooks allauth gives us; sign-up stays open, the profile is completed after it."""

    def populate_username(self, request, user):
        if not user.username:
            user.username = new_username()

    def save_user(self, request, user, form, commit=True):
        # With approval required, a new account may sign in and read at once, but waits
        # in the moderators' account queue before it may post.
        if settings.ACCOUNT_APPROVAL_REQUIRED:
            user.approval_status = ApprovalStatus.PENDING
        # A newcomer reads the site in the language they signed up in until they choose.
        if getattr(request, "LANGUAGE_CODE", "") in dict(settings.LANGUAGES):
            user.language = request.LANGUAGE_CODE
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails go out in the language of the account they are about, when
        there is one; otherwise in the language of the page that asked for them."""
        language = getattr(context.get("user"), "language", "")
        if language not in dict(settings.LANGUAGES):
            return super().send_mail(template_prefix, email, context)
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failed logins per account ("key") and per address. Keyed by the
        # account alone, anyone could lock a person out from anywhere by failing on purpose;
        # so the per-account count is per account *and* address, and the per-address count
        # (ACCOUNT_RATE_LIMITS) is generous enough that strangers failing from one office
        # or proxy leave its next person's correct login alone.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def is_safe_url(self, url):
        # allauth's own check lets a bare word through ("abc" is a relative address);
        # ?next= here is only ever a path on this site.
        return is_local_path(url or "")

    def get_login_redirect_url(self, request):
        return _profile_first(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request):
        # Reached when confirming the e-mail address signs the newcomer in.
        return _profile_first(request, super().get_signup_redirect_url(request))


def _profile_first(request, destination: str) -> str:
    """People without a complete profile land on the profile form first, and go on to
    where they were headed when they save it. An explicit ?next= given at login wins over
    this (allauth asks the adapter only when there is none); the forum asks again before
    a first post."""
    user = request.user
    if user.is_authenticated and not user.has_complete_profile:
        return f"{reverse('accounts:profile_edit')}?{urlencode({'next': destination})}"
    return destination


def user_display(user) -> str:
    """How allauth names a person in pages and e-mails: their display name once given, the
    e-mail address before (never the generated username, which means nothing to them)."""
    return user.display_name or user.email
