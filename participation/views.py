"""The participation dashboard (moderators and administrators) and the public report."""

from functools import cache, partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.csv import csv_text
from participation.permissions import can_view_dashboard
from participation.selectors import dashboard_figures, report_figures
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


@require_safe
@login_required
def dashboard(request):
    _require_dashboard(request)
    figures = dashboard_figures()

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
    figures = dashboard_figures()
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
    figures = report_figures()
    return render(
        request,
        "participation/report.html",
        {"figures": figures, "tables": report_tables(figures)},
    )


@require_safe
def report_csv(request, slug: str):
    found = csv_for(report_tables(report_figures()), slug)
    if found is None:
        raise Http404("No such figure.")
    return _csv_response(*found, name=f"who-took-part-{slug}")
