from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
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

    class Meta:
        ordering = ["display_name", "username"]

    def __str__(self):
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
