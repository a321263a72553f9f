"""Who the moderators are, for other apps that must not import moderation's models."""

from django.db.models import Q

from accounts.models import User


def staff_names() -> list[tuple[int, str]]:
    """(id, display name) of every unit member and administrator: the names nobody else
    may take one that looks like (accounts.services)."""
    people = User.objects.filter(Q(groups__unit__isnull=False) | Q(is_superuser=True))
    return list(people.exclude(display_name="").distinct().values_list("pk", "display_name"))
