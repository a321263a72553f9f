from forum.models import ConsultationSchedule


def site(request):
    """The consultation's schedule, read once per request, for the header and banners."""
    return {"consultation": ConsultationSchedule.current()}
