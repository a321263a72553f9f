"""What became of an input (a linked contribution, a review comment): one vocabulary."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """What became of one input (a linked contribution or a review comment)."""

    INCORPORATED = "incorporated", _("Incorporated")
    PARTLY = "partly", _("Partly incorporated")
    NOT_USED = "not_used", _("Not used")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class OutcomeRecord(models.Model):
    """The drafters' record of what became of an input (set by `guidebook.services.outcomes`);
    an empty `outcome` means not decided yet."""

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
