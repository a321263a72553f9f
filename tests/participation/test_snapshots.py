"""The dashboard and the report show a snapshot a background task counted: fresh, it is
shown as it is; due, it is shown while a recount is queued; stale or missing, the pages say
the figures are being counted (reloading themselves, no script) and queue one recount, not
one per request. The two pages show the same count."""

from datetime import timedelta

import pytest
from django.tasks import default_task_backend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.models import Post
from participation.codec import from_json, to_json
from participation.models import FigureSnapshot
from participation.selectors.dashboard import DashboardFigures, dashboard_figures
from participation.selectors.report import ReportFigures, report_figures
from participation.services import refresh_figures
from participation.tasks import refresh_figures_task
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("participation:dashboard")
REPORT = reverse("participation:report")


@pytest.fixture
def queued(settings):
    """Tasks are queued and not run, as with a worker that has not got to them yet."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    def recounts():
        return [r for r in default_task_backend.results if r.task.name == "refresh_figures_task"]

    return recounts


def _age(seconds: int) -> None:
    FigureSnapshot.objects.update(counted_at=timezone.now() - timedelta(seconds=seconds))


def _new_post(consultation) -> None:
    PostFactory(thread=consultation.first_posts[0].thread, status=Post.Status.APPROVED)


def _dashboard_a_post_later(client_for, consultation, *, age: int):
    """The dashboard as a moderator sees it when the snapshot is `age` seconds old and a
    contribution has come in since."""
    refresh_figures(language="en")
    _age(age)
    _new_post(consultation)
    return client_for("atu_moderator").get(DASHBOARD)


def test_the_figures_survive_the_trip_through_json(consultation):
    dashboard, report = dashboard_figures(), report_figures()
    assert from_json(DashboardFigures, to_json(dashboard)) == dashboard
    assert from_json(ReportFigures, to_json(report)) == report


def test_with_no_snapshot_the_immediate_backend_counts_one_for_the_first_page(
    consultation, client_for
):
    response = client_for("atu_moderator").get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["figures"].contributions == 23
    assert "Figures as of" in response.content.decode()
    assert FigureSnapshot.objects.filter(language="en").exists()


def test_a_fresh_snapshot_is_shown_as_it_is_and_nothing_is_queued(consultation, client_for, queued):
    refresh_figures(language="en")
    _new_post(consultation)
    response = client_for("atu_moderator").get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["figures"].contributions == 23  # the new post is not counted yet
    assert queued() == []


def test_with_no_snapshot_the_page_says_the_figures_are_being_counted(
    consultation, client_for, queued
):
    client = client_for("atu_moderator")
    for _ in range(3):
        response = client.get(DASHBOARD)
        assert response.status_code == 202
    page = response.content.decode()
    assert "The figures are being counted" in page
    assert '<meta http-equiv="refresh" content="5">' in page
    # It reloads itself without a script of its own (only the two every page loads).
    assert page.count("<script") == 2 and "js/menus.js" in page and "js/error-summary.js" in page
    assert response["Retry-After"] == "5"
    assert len(queued()) == 1  # one recount for three requests
    # The worker counts; the next look shows the figures.
    recount = queued()[0]
    recount.task.call(**recount.kwargs)
    response = client.get(DASHBOARD)
    assert response.status_code == 200 and response.context["figures"].contributions == 23


def test_a_due_snapshot_is_still_shown_while_a_recount_is_queued(
    consultation, client_for, queued, settings
):
    age = settings.PARTICIPATION_FIGURES_REFRESH_SECONDS + 1
    response = _dashboard_a_post_later(client_for, consultation, age=age)
    assert response.status_code == 200
    assert response.context["figures"].contributions == 23
    assert len(queued()) == 1


def test_a_stale_snapshot_is_never_shown(consultation, client_for, queued, settings):
    refresh_figures(language="en")
    _age(settings.PARTICIPATION_FIGURES_MAX_AGE_SECONDS + 1)
    for page in (DASHBOARD, reverse("participation:dashboard_csv", args=["gender"])):
        response = client_for("atu_moderator").get(page)
        assert response.status_code == 202
        assert "The figures are being counted" in response.content.decode()
    response = Client().get(REPORT)
    assert response.status_code == 202
    assert len(queued()) == 1


def test_a_stale_snapshot_is_counted_again_by_the_immediate_backend(
    consultation, client_for, settings
):
    age = settings.PARTICIPATION_FIGURES_MAX_AGE_SECONDS + 1
    response = _dashboard_a_post_later(client_for, consultation, age=age)
    assert response.status_code == 200
    assert response.context["figures"].contributions == 24
    assert timezone.now() - response.context["figures"].counted_at < timedelta(minutes=1)


def test_the_report_and_the_dashboard_show_the_same_count(consultation, client_for):
    dashboard = client_for("atu_moderator").get(DASHBOARD).context["figures"]
    _new_post(consultation)
    report = Client().get(REPORT)
    assert "Figures as of" in report.content.decode()
    report = report.context["figures"]
    assert report.counted_at == dashboard.counted_at
    # Published contributions only: 22 of the 23 (one waits), the new post not yet counted.
    assert (report.contributions, report.countries) == (Post.objects.approved().count() - 1, 3)


def test_each_language_has_its_snapshot_with_its_own_labels(consultation):
    refresh_figures(language="en")
    refresh_figures(language="fr")
    french = from_json(
        DashboardFigures, FigureSnapshot.objects.get(language="fr").figures["dashboard"]
    )
    english = from_json(
        DashboardFigures, FigureSnapshot.objects.get(language="en").figures["dashboard"]
    )
    assert french.contributions == english.contributions
    assert {c.label for c in french.breakdowns["kind"].cells} != {
        c.label for c in english.breakdowns["kind"].cells
    }


def test_a_recount_another_worker_already_did_is_not_done_twice(consultation):
    first = refresh_figures(language="en")
    asked_before = (first.counted_at - timedelta(seconds=1)).isoformat()
    refresh_figures_task.call(language="en", requested_at=asked_before)
    assert FigureSnapshot.objects.get(language="en").counted_at == first.counted_at


def test_a_snapshot_this_version_cannot_read_counts_as_missing(consultation, client_for):
    refresh_figures(language="en")
    FigureSnapshot.objects.update(figures={"dashboard": {"contributions": 1}})
    response = client_for("atu_moderator").get(DASHBOARD)
    assert response.status_code == 200 and response.context["figures"].contributions == 23
