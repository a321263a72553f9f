"""The decision log: every moderation action, filterable, and downloadable as CSV."""

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from moderation.forms import LogFilterForm
from moderation.permissions import can_view_decision_log
from moderation.selectors import log as selectors
from moderation.views.access import moderation_page


def _filters(request) -> tuple[LogFilterForm, selectors.LogFilters]:
    if not can_view_decision_log(request.user):
        raise PermissionDenied(_("The decision log is for moderators."))
    form = LogFilterForm(request.GET or None, user=request.user)
    return form, selectors.LogFilters.from_form(form)


def _filter_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
@moderation_page
def log(request):
    form, filters = _filters(request)
    page = selectors.decision_log_page(request.user, filters, page=request.GET.get("page", 1))
    return render(
        request,
        "moderation/log.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "rows": page.object_list,
            "filter_query": _filter_query(request),
        },
    )


@require_safe
@moderation_page
def log_csv(request):
    _, filters = _filters(request)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        selectors.decision_log_csv(request.user, filters), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="decision-log-{stamp}.csv"'
    return response
