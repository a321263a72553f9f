from forum.models import ConsultationSchedule

_SCHEDULE_ATTR = "_consultation_schedule"


def current_schedule(request) -> ConsultationSchedule:
    """The consultation's schedule, read once per request: the header, the banners and a
    page's own posting checks share the one row."""
    schedule = getattr(request, _SCHEDULE_ATTR, None)
    if schedule is None:
        schedule = ConsultationSchedule.current()
        setattr(request, _SCHEDULE_ATTR, schedule)
    return schedule


def site(request):
    """The consultation's schedule, for the header and banners."""
    return {"consultation": current_schedule(request)}
