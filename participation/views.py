"""The participation dashboard (moderators and administrators) and the public report."""

from functools import cache, partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from common.csv import csv_text
from participation.permissions import can_view_dashboard
from participation.selectors.snapshots import Snapshot, latest_snapshot
from participation.services import request_refresh
from participation.tables import (
    balance_table,
    chapters_csv,
    csv_for,
    dashboard_tables,
    report_tables,
)


def _require_dashboard(request) -> None:
    if not can_view_dashboard(request.user):
        raise PermissionDenied("The participation dashboard is for moderators and administrators.")


def _csv_response(header, rows, *, name: str) -> HttpResponse:
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


# How often the "being counted" page reloads itself to look for the figures.
COUNTING_RELOAD_SECONDS = 5


def _snapshot() -> Snapshot | None:
    """The figures to show in the reader's language, asking for a recount when they are due;
    None when there are none yet or the only ones are too old to show."""
    language = get_language()
    snapshot = latest_snapshot(language=language)
    if (snapshot is None or snapshot.is_due) and request_refresh(language=language):
        # The immediate task backend (tests, `make run`) has counted them already.
        snapshot = latest_snapshot(language=language)
    if snapshot is None or snapshot.is_stale:
        return None
    return snapshot


def _counting(request, *, back: str) -> HttpResponse:
    """The page shown while the figures are counted: it reloads itself (a meta refresh, no
    script), so nobody waits on a request that could time out. 202, as the guidebook's
    "PDF being prepared" page: accepted, not done yet."""
    context = {"reload_seconds": COUNTING_RELOAD_SECONDS, "back": back}
    response = render(request, "participation/counting.html", context, status=202)
    response["Retry-After"] = str(COUNTING_RELOAD_SECONDS)
    return response


@require_safe
@login_required
def dashboard(request):
    _require_dashboard(request)
    snapshot = _snapshot()
    if snapshot is None:
        return _counting(request, back="dashboard")
    figures = snapshot.dashboard

    # Built only when the template's cached fragment for these figures has expired: laying
    # out hundreds of weeks and every chapter's balance costs more than counting them.
    @cache
    def chapters():
        return [
            (chapter, [balance_table(chapter, balance) for balance in chapter.balances])
            for chapter in figures.chapters
        ]

    return render(
        request,
        "participation/dashboard.html",
        {
            "figures": figures,
            "tables": cache(partial(dashboard_tables, figures)),
            "chapters": chapters,
        },
    )


@require_safe
@login_required
def dashboard_csv(request, slug: str):
    _require_dashboard(request)
    snapshot = _snapshot()
    if snapshot is None:
        return _counting(request, back="dashboard")
    figures = snapshot.dashboard
    found = (
        chapters_csv(figures.chapters)
        if slug == "chapters"
        else csv_for(dashboard_tables(figures), slug)
    )
    if found is None:
        raise Http404("No such figure.")
    return _csv_response(*found, name=f"participation-{slug}")


@require_safe
def report(request):
    snapshot = _snapshot()
    if snapshot is None:
        return _counting(request, back="report")
    figures = snapshot.report
    return render(
        request,
        "participation/report.html",
        {"figures": figures, "tables": report_tables(figures)},
    )


@require_safe
def report_csv(request, slug: str):
    snapshot = _snapshot()
    if snapshot is None:
        return _counting(request, back="report")
    found = csv_for(report_tables(snapshot.report), slug)
    if found is None:
        raise Http404("No such figure.")
    return _csv_response(*found, name=f"who-took-part-{slug}")
