from django.contrib.auth.models import Group
from django.db import models


class Unit(models.Model):
    """A co-moderating unit (TNT/ATU, TNT/SPMU, ODIHR).

    Its members are the users of `group`; its right to moderate a theme is the guardian
    object permission `forum.moderate_theme` on that theme, granted to `group`.
    """

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    full_name = models.CharField(max_length=300, blank=True)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="unit")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name
