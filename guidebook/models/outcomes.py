"""What became of an input (a linked contribution, a review comment): one vocabulary."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """What became of one input (a linked contribution or a review comment). The same
    words for both, and the only status a review comment has: "open" is the empty value,
    so a comment never reads as answered and undecided at once."""

    OPEN = "", _("Open")
    INCORPORATED = "incorporated", _("Incorporated")
    PARTLY = "partly", _("Partly incorporated")
    NOT_INCORPORATED = "not_incorporated", _("Not incorporated")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class OutcomeRecord(models.Model):
    """The drafters' record of what became of an input (set by `guidebook.services.outcomes`);
    an empty `outcome` means open (not decided yet). `outcome_reason` is the drafters'
    answer in their words (required for "not incorporated")."""

    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
