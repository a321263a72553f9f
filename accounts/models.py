from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.countries import country_choices, country_names


class StakeholderGroup(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia / research")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    OSCE = "osce", _("OSCE executive structure")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another gender")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class Attribution(models.TextChoices):
    NAME_AND_ORGANISATION = "name_org", _("Name and organisation")
    ORGANISATION_ONLY = "org_only", _("Organisation only")
    ANONYMOUS = "anonymous", _("Anonymous")


class ApprovalStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PENDING = "pending", _("Awaiting approval")
    DECLINED = "declined", _("Declined")


class User(AbstractUser):
    """A person with an account. The profile lives on the same row: every page that shows
    a post shows its author's profile, and one row means no extra join."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(max_length=100, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    stakeholder_group = models.CharField(
        max_length=32, choices=StakeholderGroup.choices, blank=True
    )
    country = models.CharField(max_length=8, choices=country_choices, blank=True)
    gender = models.CharField(
        max_length=16,
        choices=Gender.choices,
        blank=True,
        help_text=_("Used only for aggregate participation statistics; never shown."),
    )
    language = models.CharField(max_length=8, default="en")
    default_attribution = models.CharField(
        max_length=16,
        choices=Attribution.choices,
        default=Attribution.NAME_AND_ORGANISATION,
    )
    profile_completed_at = models.DateTimeField(null=True, blank=True)
    # With account approval switched on, new accounts wait here before they may post.
    approval_status = models.CharField(
        max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.APPROVED
    )
    approval_reason = models.TextField(blank=True)
    # Starting or replying to a thread follows it, so replies to it are notified.
    follows_own_threads = models.BooleanField(
        _("follow the threads I start or reply to"), default=True
    )
    # Set when the person deleted their account: the row stays, emptied of everything
    # that names them, because the decision log and the guidebook's citations point at it.
    deleted_at = models.DateTimeField(null=True, blank=True)
    # The latest privacy notice version agreed to (0: none), beside the consent rows that
    # record each agreement, so the check on every signed-in request reads no other table.
    privacy_notice_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["display_name", "username"]

    def __str__(self):
        if self.deleted_at:
            return gettext("A former participant")
        return self.display_name or self.username

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def has_complete_profile(self) -> bool:
        return bool(self.display_name and self.stakeholder_group and self.country)

    @property
    def country_name(self) -> str:
        return country_names().get(self.country, "")

    @property
    def shows_organisation(self) -> bool:
        """Whether the public profile shows the organisation (not when they chose anonymity)."""
        return self.default_attribution != Attribution.ANONYMOUS


class PrivacyNotice(models.Model):
    """One published version of the privacy notice. Versions are never changed once
    published: a consent records the version the person read, so its text must stay."""

    version = models.PositiveIntegerField(unique=True)
    text = models.TextField(
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = pgettext_lazy("model", "privacy notice")

    def __str__(self):
        return gettext("Privacy notice, version %(version)s") % {"version": self.version}


class PrivacyConsent(models.Model):
    """A person agreed to one version of the privacy notice (at sign-up)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_consents"
    )
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="consents")
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "notice"], name="one_consent_per_notice")
        ]

    def __str__(self):
        return f"{self.user_id} agreed to version {self.notice.version}"


class FormSubmission(models.Model):
    """A form a person sent, by the token the form carried (accounts/submissions.py): the
    same form sent twice (a double click, a retry after a lost response) finds the object
    the first one made instead of making another."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    # What the first submission made, as "app_label.model" and primary key.
    target_model = models.CharField(max_length=100, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="one_submission_per_token")
        ]

    def __str__(self):
        return f"Submission {self.token} by {self.user_id}"
