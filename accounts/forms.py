from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    password_validators_help_texts,
)
from django.utils.translation import gettext_lazy as _

from accounts.countries import country_choices
from accounts.models import Attribution, Gender, StakeholderGroup
from accounts.notices import current_privacy_notice, record_privacy_consent


class ProfileForm(forms.Form):
    """The profile's shape; update_profile() decides what is valid and saves it."""

    display_name = forms.CharField(
        max_length=100,
        help_text=_("Shown beside your posts, for example “Dr Amina Hadžić”."),
    )
    organisation = forms.CharField(
        max_length=200,
        required=False,
        help_text=_("The organisation you work for or represent, if any."),
    )
    stakeholder_group = forms.ChoiceField(
        choices=[("", "Choose a group")] + StakeholderGroup.choices,
    )
    country = forms.ChoiceField(
        help_text=_("The country you work in or for. Choose “Other / none” if none applies."),
    )
    gender = forms.ChoiceField(
        required=False,
        choices=Gender.choices,
        widget=forms.RadioSelect,
        help_text=(
            _("Used only for aggregate participation statistics and never shown on the site.")
        ),
    )
    language = forms.ChoiceField(label=_("Preferred language"))
    default_attribution = forms.ChoiceField(
        label=_("How the guidebook cites your contributions"),
        choices=Attribution.choices,
        widget=forms.RadioSelect,
        help_text=(
            _(
                "When the guidebook quotes or cites one of your contributions, it credits you "
                "this way. With “Anonymous”, your public profile does not show your "
                "organisation either."
            )
        ),
    )

    follows_own_threads = forms.BooleanField(
        label=_("Follow the threads I start or reply to"),
        required=False,
        help_text=_("You are notified of new replies in the threads you follow."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the form is built, not at import: tests and deployments may change them.
        self.fields["country"].choices = [("", _("Choose a country"))] + country_choices()
        self.fields["language"].choices = settings.LANGUAGES

    @classmethod
    def initial_for(cls, user) -> dict:
        return {name: getattr(user, name) for name in cls.base_fields}


# django-allauth's forms, with the site's wording. The labels say what to type, so the
# placeholders that repeat them are dropped: they vanish on typing and read as pre-filled.


class _SiteWording:
    """Put first among the bases of an allauth form: its fields, relabelled and without
    placeholders."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in ("email", "login"):
                field.label = _("E-mail address")
            elif name == "remember":
                field.label = _("Keep me signed in on this device")
            if field.help_text == password_validators_help_text_html():
                # Hints are escaped where they are shown; the password rules come as an HTML
                # list from Django, so they are given as the plain sentences instead.
                field.help_text = " ".join(password_validators_help_texts())


class LoginForm(_SiteWording, allauth_forms.LoginForm):
    pass


class SignupForm(_SiteWording, allauth_forms.SignupForm):
    """allauth's sign-up, with consent to the privacy notice in force, recorded with its
    version once the account is made."""

    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree to it"),
        error_messages={
            "required": _("Tick the box to agree to the privacy notice, or you cannot register.")
        },
    )
    # The version the page showed: agreeing to it is not agreeing to one published since.
    privacy_notice_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.privacy_notice = current_privacy_notice()
        if self.privacy_notice is not None:
            self.fields["privacy_notice_version"].initial = self.privacy_notice.version

    def clean(self):
        cleaned = super().clean()
        shown = cleaned.get("privacy_notice_version")
        if (
            self.privacy_notice is not None
            and cleaned.get("privacy_consent")
            and shown is not None
            and shown != self.privacy_notice.version
        ):
            self.add_error(
                "privacy_consent",
                _(
                    "The privacy notice has changed since this page was shown. Read the new "
                    "version and tick the box again."
                ),
            )
            # The next submission is of the version now shown.
            self.data = self.data.copy()
            self.data["privacy_notice_version"] = self.privacy_notice.version
            self.data.pop("privacy_consent", None)
        return cleaned

    def custom_signup(self, request, user):
        super().custom_signup(request, user)
        if self.privacy_notice is not None:
            record_privacy_consent(user=user, notice=self.privacy_notice)


class PrivacyConsentForm(forms.Form):
    """The "I agree" button of the consent page, with the version the page showed: agreeing
    to it is not agreeing to one published since."""

    privacy_notice_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.fields["privacy_notice_version"].initial = notice.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("privacy_notice_version") != self.notice.version:
            # The next submission is of the version now shown.
            self.data = self.data.copy()
            self.data["privacy_notice_version"] = self.notice.version
            raise forms.ValidationError(
                _(
                    "The privacy notice has changed since this page was shown. Read the new "
                    "version and agree to it again."
                )
            )
        return cleaned


class ResetPasswordForm(_SiteWording, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(_SiteWording, allauth_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(_SiteWording, allauth_forms.ChangePasswordForm):
    pass


class DeleteAccountForm(forms.Form):
    """The password that confirms an account's deletion; delete_account() checks it."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you, type the password you sign in with."),
        error_messages={"required": _("Type your password to delete your account.")},
    )
