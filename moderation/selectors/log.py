"""The decision log: the rows this person may see, filtered, a page at a time or as CSV."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from accounts.models import User
from common.csv import csv_lines
from common.dates import within_days
from moderation.models import Decision, Unit
from moderation.permissions import visible_decisions

LOG_PAGE_SIZE = 50


@dataclass
class LogFilters:
    unit: Unit | None = None
    moderator: User | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_form(cls, form: forms.Form) -> "LogFilters":
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


def decision_log(user, filters: LogFilters) -> QuerySet[Decision]:
    """The log rows this person may see, newest first, narrowed by the filters."""
    rows = visible_decisions(user, Decision.objects.all())
    if filters.unit is not None:
        rows = rows.filter(unit=filters.unit)
    if filters.moderator is not None:
        rows = rows.filter(actor=filters.moderator)
    if filters.action:
        rows = rows.filter(action=filters.action)
    rows = rows.filter(within_days("created_at", filters.date_from, filters.date_to))
    return rows.select_related(
        "actor", "unit", "post", "thread", "thread__theme", "target_user"
    ).order_by("-created_at", "-pk")


def decision_log_page(user, filters: LogFilters, *, page: int | str = 1) -> Page:
    return Paginator(decision_log(user, filters), LOG_PAGE_SIZE).get_page(page)


def target_label(decision: Decision) -> str:
    """What the decision was about, in words (a post, a thread or an account)."""
    if decision.action in (Decision.Action.GRANT_THEME, Decision.Action.REVOKE_THEME):
        return f"Theme “{decision.details.get('theme_title', '')}”"
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


def decision_log_csv(user, filters: LogFilters) -> Iterator[str]:
    """The filtered log as CSV lines, read from the database in chunks as they are sent."""
    rows = (
        (
            d.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            d.unit.name if d.unit_id else "",
            d.actor if d.actor_id else "automatic",
            d.get_action_display(),
            target_label(d),
            d.post_id or "",
            d.thread_id or "",
            d.target_user_id or "",
            d.status_before,
            d.status_after,
            d.reason,
        )
        for d in decision_log(user, filters).iterator(chunk_size=500)
    )
    return csv_lines(CSV_COLUMNS, rows)
