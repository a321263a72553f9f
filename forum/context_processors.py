from functools import partial

from forum.models import ConsultationSchedule
from forum.selectors.notifications import unread_count
from forum.selectors.schedule import consultation_schedule

_SCHEDULE_ATTR = "_consultation_schedule"


def current_schedule(request) -> ConsultationSchedule:
    """The consultation's schedule, read once per request (from the cache): the header, the
    banners and a page's own posting checks share the one row."""
    schedule = getattr(request, _SCHEDULE_ATTR, None)
    if schedule is None:
        schedule = consultation_schedule()
        setattr(request, _SCHEDULE_ATTR, schedule)
    return schedule


def site(request):
    """The consultation's schedule, for the header and banners."""
    return {"consultation": current_schedule(request)}


def notifications(request):
    """`unread_notifications`: the signed-in person's unread count for the header's bell,
    read when the page shows it (one query at most, none while it is cached); None for
    visitors who are not signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": None}
    return {"unread_notifications": partial(unread_count, user)}
