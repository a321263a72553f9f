"""Date-range filters, as every list with "from" and "to" dates reads them."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day`, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def within_days(field: str, date_from: date | None, date_to: date | None) -> Q:
    """Rows whose `field` falls on `date_from` or later and on `date_to` or earlier (both
    whole days, both optional)."""
    rule = Q()
    if date_from:
        rule &= Q(**{f"{field}__gte": start_of_day(date_from)})
    if date_to:
        rule &= Q(**{f"{field}__lt": start_of_day(date_to + timedelta(days=1))})
    return rule
