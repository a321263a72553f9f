"""The decision log: who sees which rows, the filters, the CSV, and the page's query count."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApprovalStatus
from moderation.models import Decision
from moderation.services.accounts import approve_account
from moderation.services.log import record_decision
from moderation.services.threads import hide_post, lock_thread
from tests.conftest import KINDS, staff_page_status
from tests.factories import PostFactory, ThreadFactory, UserFactory


@pytest.fixture
def decisions(themes, atu_moderator, spmu_moderator, odihr_moderator):
    """One decision per unit, one automatic hide in an ATU theme, one account decision."""
    atu_post = PostFactory(thread=ThreadFactory(theme=themes["atu"], title="ATU thread"))
    spmu_thread = ThreadFactory(theme=themes["spmu"], title="SPMU thread")
    odihr_post = PostFactory(thread=ThreadFactory(theme=themes["odihr"], title="ODIHR thread"))
    auto_post = PostFactory(thread=ThreadFactory(theme=themes["atu"], title="Auto thread"))
    return {
        "atu": hide_post(actor=atu_moderator, post=atu_post, reason="=HYPERLINK(1)"),
        "spmu": lock_thread(actor=spmu_moderator, thread=spmu_thread),
        "odihr": hide_post(actor=odihr_moderator, post=odihr_post, reason="Abusive"),
        "auto": record_decision(
            actor=None, action=Decision.Action.AUTO_HIDE, post=auto_post, reason="Reported"
        ),
        "account": approve_account(
            actor=spmu_moderator,
            person=UserFactory(approval_status=ApprovalStatus.PENDING, username="newbie"),
        ),
    }


def _rows(client, **params):
    response = client.get(reverse("moderation:log"), params)
    assert response.status_code == 200
    return {row.decision.pk for row in response.context["rows"]}


def _ids(decisions, *names):
    return {decisions[n].pk for n in names}


@pytest.mark.parametrize("who", KINDS)
def test_log_matrix(client_for, who):
    response = client_for(who).get(reverse("moderation:log"))
    assert response.status_code == staff_page_status(who, 200)
    csv_response = client_for(who).get(reverse("moderation:log_csv"))
    assert csv_response.status_code == staff_page_status(who, 200)


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("atu_moderator", {"atu", "auto", "account"}),
        ("spmu_moderator", {"spmu", "account"}),
        ("odihr_moderator", {"odihr", "account"}),
        ("administrator", {"atu", "spmu", "odihr", "auto", "account"}),
    ],
)
def test_each_moderator_sees_their_units_rows(client_for, decisions, who, visible):
    assert _rows(client_for(who)) == _ids(decisions, *visible)


def test_filter_by_unit(client_for, decisions):
    assert _rows(client_for("administrator"), unit="odihr") == _ids(decisions, "odihr")


def test_a_moderator_cannot_filter_for_another_unit(client_for, decisions):
    response = client_for("spmu_moderator").get(reverse("moderation:log"), {"unit": "atu"})
    assert "unit" in response.context["form"].errors
    # The bad filter is dropped; the rows stay those the moderator may see.
    assert {r.decision.pk for r in response.context["rows"]} == _ids(decisions, "spmu", "account")


def test_filter_by_moderator_and_action(client_for, decisions, spmu_moderator):
    client = client_for("administrator")
    assert _rows(client, moderator=spmu_moderator.pk) == _ids(decisions, "spmu", "account")
    assert _rows(client, action="hide") == _ids(decisions, "atu", "odihr")


def test_filter_by_date_range(client_for, decisions):
    old = decisions["odihr"]
    Decision.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    client = client_for("administrator")
    ten_days_ago = (timezone.now() - timedelta(days=10)).date().isoformat()
    today = timezone.now().date().isoformat()
    assert old.pk not in _rows(client, date_from=ten_days_ago, date_to=today)
    assert _rows(client, date_to=ten_days_ago) == {old.pk}


def test_an_impossible_date_range_is_reported_not_a_500(client_for, decisions):
    response = client_for("administrator").get(
        reverse("moderation:log"), {"date_from": "2012-03-10", "date_to": "2012-03-01"}
    )
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors


def test_csv_has_the_same_rows_as_the_page_and_neutralises_formulas(client_for, decisions):
    response = client_for("atu_moderator").get(reverse("moderation:log_csv"))
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    by_action = {row["action"]: row for row in rows}
    hid = by_action["Hid"]
    assert hid["unit"] == "TNT/ATU"
    assert hid["moderator"] == "Ana ATU"
    assert (hid["status before"], hid["status after"]) == ("approved", "hidden")
    assert "ATU thread" in hid["target"]
    # A reason typed as a spreadsheet formula comes out as text.
    assert hid["reason"] == "'=HYPERLINK(1)"
    assert by_action["Hidden after reports"]["moderator"] == "automatic"
    assert "newbie" in by_action["Approved account"]["target"]


def test_csv_follows_the_filters(client_for, decisions):
    response = client_for("administrator").get(reverse("moderation:log_csv"), {"action": "lock"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["action"] for row in rows] == ["Locked thread"]


def test_log_has_50_rows_a_page(client_for, themes, administrator):
    thread = ThreadFactory(theme=themes["atu"])
    Decision.objects.bulk_create(
        [
            Decision(actor=administrator, action=Decision.Action.PIN, thread=thread)
            for _ in range(51)
        ]
    )
    client = client_for("administrator")
    assert len(client.get(reverse("moderation:log")).context["rows"]) == 50
    assert len(client.get(reverse("moderation:log"), {"page": 2}).context["rows"]) == 1


def _queries(client) -> int:
    # A first request fills the caches every page reads (the schedule, the session).
    client.get(reverse("moderation:log"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("moderation:log")).status_code == 200
    return len(queries)


def test_log_page_query_count_does_not_grow_with_rows(client_for, themes, atu_moderator):
    client = client_for("atu_moderator")

    def add(n):
        for _ in range(n):
            post = PostFactory(thread=ThreadFactory(theme=themes["atu"]), author=UserFactory())
            hide_post(actor=atu_moderator, post=post, reason="x")
            approve_account(
                actor=atu_moderator, person=UserFactory(approval_status=ApprovalStatus.PENDING)
            )

    add(1)
    few = _queries(client)
    add(10)
    assert _queries(client) == few
    # user, unit ids, theme ids, count, rows, header queue count, and the filter form's unit
    # and moderator choices (the session and the schedule come from the cache).
    assert few == 8


def test_decision_rows_cannot_be_added_changed_or_deleted_in_the_admin(rf, decisions):
    from django.contrib import admin

    model_admin = admin.site._registry[Decision]
    request = rf.get("/admin/moderation/decision/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, decisions["atu"])
    assert not model_admin.has_delete_permission(request, decisions["atu"])


def test_log_shows_acceptance_for_the_guidebook_and_tags_of_an_approval(
    themes, atu_moderator, client_for
):
    from moderation.services.decisions import approve_post
    from tests.moderation.helpers import pending_thread, tag

    post = pending_thread(themes["atu"])
    approve_post(
        actor=atu_moderator,
        post=post,
        tags=[tag("trust-building")],
        accept=True,
        note="Good example for chapter 2",
    )
    page = client_for("atu_moderator").get(reverse("moderation:log")).content.decode()
    assert "Accepted for the guidebook. Note for drafters: Good example for chapter 2" in page
    assert "Tags applied: Trust building" in page
    assert "Awaiting review → Approved" in page


def test_log_and_csv_say_status_changes_tags_and_note_in_words(themes, atu_moderator, client_for):
    from moderation.services.decisions import approve_post, request_changes
    from tests.moderation.helpers import pending_thread, tag

    sent_back = pending_thread(themes["atu"])
    request_changes(actor=atu_moderator, post=sent_back, reason="Name the town.")
    approve_post(
        actor=atu_moderator,
        post=pending_thread(themes["atu"]),
        tags=[tag("trust-building"), tag("balkans", "region")],
        accept=True,
        note="Chapter 2",
    )
    client = client_for("atu_moderator")
    page = client.get(reverse("moderation:log")).content.decode()
    assert "Awaiting review → Changes requested" in page
    assert "pending → changes_requested" not in page

    response = client.get(reverse("moderation:log_csv"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_action = {row["action"]: row for row in rows}
    changes, approval = by_action["Requested changes"], by_action["Approved"]
    assert changes["status change"] == "Awaiting review → Changes requested"
    assert changes["reason"] == "Name the town."
    assert approval["tags applied"] == "Balkans, Trust building"
    assert approval["accepted for the guidebook"] == "yes"
    assert approval["note for drafters"] == "Chapter 2"


def test_the_csv_is_utf8_with_a_bom_and_every_column_a_spreadsheet_needs(
    themes, atu_moderator, client_for
):
    """Opened in a spreadsheet, a Cyrillic reason and curly quotes read as typed: the file
    starts with the byte-order mark, and its header names every column in order."""
    from common.csv import BOM
    from moderation.services.decisions import request_changes
    from tests.moderation.helpers import pending_thread

    request_changes(
        actor=atu_moderator, post=pending_thread(themes["atu"]), reason="Укажите город, «где»."
    )
    response = client_for("atu_moderator").get(reverse("moderation:log_csv"))
    raw = b"".join(response.streaming_content)

    assert raw.startswith(BOM.encode("utf-8"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = list(csv.reader(io.StringIO(raw.decode("utf-8").removeprefix(BOM))))
    assert header == [
        "when (UTC)",
        "unit",
        "moderator",
        "action",
        "target",
        "post id",
        "thread id",
        "account id",
        "status before",
        "status after",
        "status change",
        "reason",
        "tags applied",
        "accepted for the guidebook",
        "note for drafters",
    ]
    assert dict(zip(header, row, strict=True))["reason"] == "Укажите город, «где»."
