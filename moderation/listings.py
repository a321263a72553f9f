"""What the reports list, the account queue and the decision log read.

Each function is permission-scoped and fetches related rows up front, so a page's query
count does not grow with its length. (The queue's own reads are in moderation/selectors.py.)
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import ApprovalStatus, User
from moderation.models import Decision, Report, Unit
from moderation.permissions import (
    unit_theme_ids,
    visible_decisions,
    visible_reports,
    visible_units,
)

REPORTS_PAGE_SIZE = 25
ACCOUNTS_PAGE_SIZE = 25
LOG_PAGE_SIZE = 50


# Reports --------------------------------------------------------------------------------------


def unit_open_reports(user, unit: Unit, *, page: int | str = 1) -> Page:
    """Open reports on posts in the unit's themes, oldest first, each with how many open
    reports its post has in all (several people reporting one post is a signal)."""
    theme_ids = unit_theme_ids([unit])[unit.pk]
    reports = (
        visible_reports(
            user,
            Report.objects.filter(status=Report.Status.OPEN, post__thread__theme_id__in=theme_ids),
        )
        .select_related("post", "post__author", "post__thread", "post__thread__theme", "reporter")
        .annotate(
            open_on_post=Count("post__reports", filter=Q(post__reports__status=Report.Status.OPEN))
        )
        .order_by("created_at", "pk")
    )
    return Paginator(reports, REPORTS_PAGE_SIZE).get_page(page)


# Accounts -------------------------------------------------------------------------------------


def pending_accounts(*, page: int | str = 1) -> Page:
    """Accounts waiting for approval, the longest-waiting first."""
    people = User.objects.filter(approval_status=ApprovalStatus.PENDING).order_by(
        "date_joined", "pk"
    )
    return Paginator(people, ACCOUNTS_PAGE_SIZE).get_page(page)


# The decision log -----------------------------------------------------------------------------


class LogFilterForm(forms.Form):
    """The log's filters (GET). Choices are limited to what this person may see."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), required=False, empty_label="All units", to_field_name="code"
    )
    moderator = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Everyone"
    )
    action = forms.ChoiceField(required=False)
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user, Unit.objects.order_by("code"))
        self.fields["moderator"].queryset = User.objects.filter(
            pk__in=visible_decisions(user, Decision.objects.all()).values("actor_id")
        ).order_by("display_name", "username")
        self.fields["action"].choices = [("", "All actions"), *Decision.Action.choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return data


@dataclass
class LogFilters:
    unit: Unit | None = None
    moderator: User | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_form(cls, form: LogFilterForm) -> "LogFilters":
        """The filters whose values are valid; one bad value does not discard the others."""
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        valid = {name: data.get(name) for name in data if name not in form.errors}
        return cls(
            unit=valid.get("unit"),
            moderator=valid.get("moderator"),
            action=valid.get("action") or "",
            date_from=valid.get("date_from"),
            date_to=valid.get("date_to"),
        )

    @property
    def is_active(self) -> bool:
        return any((self.unit, self.moderator, self.action, self.date_from, self.date_to))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def decision_log(user, filters: LogFilters) -> QuerySet[Decision]:
    """The log rows this person may see, newest first, narrowed by the filters."""
    rows = visible_decisions(user, Decision.objects.all())
    if filters.unit is not None:
        rows = rows.filter(unit=filters.unit)
    if filters.moderator is not None:
        rows = rows.filter(actor=filters.moderator)
    if filters.action:
        rows = rows.filter(action=filters.action)
    if filters.date_from:
        rows = rows.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        rows = rows.filter(created_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    return rows.select_related(
        "actor", "unit", "post", "thread", "thread__theme", "target_user"
    ).order_by("-created_at", "-pk")


def decision_log_page(user, filters: LogFilters, *, page: int | str = 1) -> Page:
    return Paginator(decision_log(user, filters), LOG_PAGE_SIZE).get_page(page)


def target_label(decision: Decision) -> str:
    """What the decision was about, in words (a post, a thread or an account)."""
    if decision.target_user_id:
        person = decision.target_user
        return f"Account: {person} <{person.email}>"
    if decision.post_id:
        return f"Post #{decision.post_id} in “{decision.thread.title}”"
    if decision.thread_id:
        return f"Thread #{decision.thread_id} “{decision.thread.title}”"
    return ""


CSV_COLUMNS = (
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
    "reason",
)


class _Echo:
    """A file-like object whose write returns the line: csv.writer then yields rows as text."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    # Spreadsheet programs run a cell that starts with = + - @ as a formula; titles and
    # reasons are typed by people, so such cells are prefixed to be read as text.
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def decision_log_csv(user, filters: LogFilters) -> Iterator[str]:
    """The filtered log as CSV lines, read from the database in chunks as they are sent."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for d in decision_log(user, filters).iterator(chunk_size=500):
        yield writer.writerow(
            [
                _cell(d.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")),
                _cell(d.unit.name if d.unit_id else ""),
                _cell(d.actor if d.actor_id else "automatic"),
                _cell(d.get_action_display()),
                _cell(target_label(d)),
                d.post_id or "",
                d.thread_id or "",
                d.target_user_id or "",
                _cell(d.status_before),
                _cell(d.status_after),
                _cell(d.reason),
            ]
        )
