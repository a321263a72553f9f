"""`time_ago`: how long ago something happened, in the words a moderator reads at a glance
("just now", "3 minutes ago", "2 days ago"); the exact time goes in the element's title."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext, ngettext

register = template.Library()

# (seconds in the unit, the phrase for n of them), largest first.
_UNITS = (
    (365 * 24 * 3600, lambda n: ngettext("%(n)d year ago", "%(n)d years ago", n)),
    (30 * 24 * 3600, lambda n: ngettext("%(n)d month ago", "%(n)d months ago", n)),
    (7 * 24 * 3600, lambda n: ngettext("%(n)d week ago", "%(n)d weeks ago", n)),
    (24 * 3600, lambda n: ngettext("%(n)d day ago", "%(n)d days ago", n)),
    (3600, lambda n: ngettext("%(n)d hour ago", "%(n)d hours ago", n)),
    (60, lambda n: ngettext("%(n)d minute ago", "%(n)d minutes ago", n)),
)


@register.filter
def time_ago(value: datetime | None, now: datetime | None = None) -> str:
    if not value:
        return ""
    seconds = ((now or timezone.now()) - value).total_seconds()
    for size, phrase in _UNITS:
        if seconds >= size:
            n = int(seconds // size)
            return phrase(n) % {"n": n}
    # Under a minute, or slightly in the future: two servers' clocks never agree exactly.
    return gettext("just now")
