"""The dashboard and the public report as pages: who may open them, what they show (and
hide), their CSV downloads, and a query count that does not grow with the posts."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from common.csv import BOM
from participation.models import FigureSnapshot
from tests.conftest import KINDS, staff_page_status
from tests.factories import PostFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("participation:dashboard")
REPORT = reverse("participation:report")


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    text = text.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


@pytest.mark.parametrize("who", KINDS)
def test_the_dashboard_is_for_moderators_and_administrators(client_for, who):
    response = client_for(who).get(DASHBOARD)
    assert response.status_code == staff_page_status(who, 200)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", KINDS)
def test_a_dashboard_download_is_for_moderators_and_administrators(client_for, who):
    url = reverse("participation:dashboard_csv", args=["gender"])
    assert client_for(who).get(url).status_code == staff_page_status(who, 200)


@pytest.mark.parametrize("who", KINDS)
def test_anyone_may_read_the_public_report(client_for, who):
    assert client_for(who).get(REPORT).status_code == 200


def test_the_dashboard_shows_counts_and_hides_small_gender_cells(consultation, client_for):
    response = client_for("atu_moderator").get(DASHBOARD)
    page = response.content.decode()
    assert "fewer than 5" in page
    assert 'id="figure-gender"' in page and 'id="figure-country"' in page
    assert "Balance of each chapter" in page
    # Charts are SVG drawn with classes: no style attribute and no script of their own
    # (every page loads the header menu's and the error summary's scripts, nothing else).
    scripts = set(re.findall(r"<script[^>]*>", page))
    shared = {
        '<script src="/static/js/menus.js" defer>',
        '<script src="/static/js/error-summary.js" defer>',
    }
    assert "<svg" in page and "style=" not in page and scripts == shared
    gender = response.context["tables"]()["gender"]
    assert gender.rows == [
        ["Man", "14", "7", "61 %"],
        ["Another gender", "fewer than 5", "fewer than 5", "fewer than 5"],
        ["Woman", "fewer than 5", "fewer than 5", "fewer than 5"],
    ]
    assert gender.foot == ["All", "23", "16", "100 %"]


def test_gender_is_never_shown_for_one_person(consultation, client_for):
    page = client_for("administrator").get(DASHBOARD).content.decode()
    # The page's random form tokens could spell a short username by chance.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    for person in consultation.women:
        assert person.display_name not in page
        assert person.username not in page


def test_a_dashboard_csv_carries_the_same_hidden_cells(consultation, client_for):
    response = client_for("atu_moderator").get(
        reverse("participation:dashboard_csv", args=["country"])
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert csv_rows(response) == [
        ["Country", "Contributions", "Participants", "Share"],
        ["Austria", "12", "9", "52 %"],
        ["Egypt", "fewer than 5", "fewer than 5", "fewer than 5"],
        ["Georgia", "fewer than 5", "fewer than 5", "fewer than 5"],
        ["All", "23", "16", "100 %"],
    ]


def test_the_weeks_units_and_chapters_download_as_csv(consultation, client_for):
    client = client_for("atu_moderator")
    weeks = csv_rows(client.get(reverse("participation:dashboard_csv", args=["weeks"])))
    assert weeks == [
        ["Week starting", "Contributions", "Active participants"],
        ["2012-03-05", "16", "16"],
        ["2012-03-12", "7", "7"],
    ]
    units = csv_rows(client.get(reverse("participation:dashboard_csv", args=["units"])))
    assert ["TNT/ATU", "5", "4", "1", "1", "80 %", "4.0 hours"] in units
    chapters = csv_rows(client.get(reverse("participation:dashboard_csv", args=["chapters"])))
    assert [
        "1. Key concepts",
        "Gender",
        "Man",
        "fewer than 5",
        "fewer than 5",
        "7",
        "44 %",
    ] in chapters


def test_an_unknown_figure_is_not_found(client_for):
    url = reverse("participation:dashboard_csv", args=["salaries"])
    assert client_for("administrator").get(url).status_code == 404
    assert Client().get(reverse("participation:report_csv", args=["country"])).status_code == 404


def test_the_public_report_shows_the_headline_figures_and_hides_small_cells(consultation):
    response = Client().get(REPORT)
    page = response.content.decode()
    assert response.context["figures"].contributions == 23
    assert "Published contributions" in page and "fewer than 5" in page
    assert response.context["tables"]["gender"].rows[0] == ["Man", "14", "7", "61 %"]
    download = Client().get(reverse("participation:report_csv", args=["stakeholder"]))
    assert csv_rows(download)[1] == ["Civil society", "14", "10", "61 %"]


def test_the_guidebook_home_links_to_the_public_report(db):
    assert f'href="{REPORT}"' in Client().get(reverse("guidebook:home")).content.decode()


def test_moderators_find_the_dashboard_in_their_navigation(client_for):
    assert f'href="{DASHBOARD}"' in client_for("spmu_moderator").get("/").content.decode()
    assert f'href="{DASHBOARD}"' not in client_for("participant").get("/").content.decode()


def _more_posts(themes, n):
    thread = ThreadFactory(theme=themes["odihr"])
    for _ in range(n):
        PostFactory(thread=thread, author=UserFactory(gender="woman", country="KZ"))


def test_the_dashboard_query_count_does_not_grow_with_the_posts(
    consultation, themes, client_for, django_assert_num_queries
):
    client = client_for("atu_moderator")
    # Counted afresh each time (no snapshot yet, so the page asks the immediate task
    # backend for one), at two sizes of the data set.
    cache.clear()
    client_for("atu_moderator")  # the header's bell is read into the cache, as in real use
    with django_assert_num_queries(QUERIES_COLD, exact=True):
        client.get(DASHBOARD)
    _more_posts(themes, 30)
    FigureSnapshot.objects.all().delete()
    cache.clear()
    client_for("atu_moderator")  # the header's bell is read into the cache, as in real use
    with django_assert_num_queries(QUERIES_COLD, exact=True):
        client.get(DASHBOARD)
    # Once counted, the page reads the snapshot and counts nothing.
    with django_assert_num_queries(QUERIES_WARM, exact=True):
        client.get(DASHBOARD)


# The cold count includes the privacy notice version in force (cached after the first page).
QUERIES_COLD = 46
QUERIES_WARM = 5
