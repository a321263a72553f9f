"""The decision log: the rows this person may see, filtered, a page at a time or as CSV."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from accounts.models import ApprovalStatus, User
from common.csv import csv_lines
from common.dates import within_days
from forum.models import Post, PostEdit, Tag
from moderation.models import Decision, Report, Unit
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
    """A page of the log, each row a `LogRow` (the decision with its labels in words)."""
    page_obj = Paginator(decision_log(user, filters), LOG_PAGE_SIZE).get_page(page)
    page_obj.object_list = log_rows(list(page_obj.object_list))
    return page_obj


@dataclass
class LogRow:
    """One decision as the log shows it: what it was about, the status change and the tags
    in words, and the note left for drafters."""

    decision: Decision
    target: str
    status_change: str
    tags: list[str]
    note: str


def _status_labels(decision: Decision) -> dict[str, str]:
    """The labels of the statuses a decision's `status_before` and `status_after` hold: an
    account's for account decisions, a report's for reports, a post's for the rest."""
    if decision.action in (Decision.Action.APPROVE_ACCOUNT, Decision.Action.DECLINE_ACCOUNT):
        return dict(ApprovalStatus.choices)
    if decision.action == Decision.Action.DISMISS_REPORT:
        return dict(Report.Status.choices)
    if "edit" in decision.details:
        return dict(PostEdit.Status.choices)
    return dict(Post.Status.choices)


def status_change(decision: Decision) -> str:
    """ "Awaiting review → Changes requested"; empty when the decision changed no status.
    Values that are not statuses (a thread's "locked", a theme's slug) are shown as stored."""
    if not (decision.status_before or decision.status_after):
        return ""
    labels = _status_labels(decision)

    def label(value: str) -> str:
        return str(labels.get(value, value)) if value else "—"

    return f"{label(decision.status_before)} → {label(decision.status_after)}"


def log_rows(decisions: list[Decision], tag_names: dict[str, str] | None = None) -> list[LogRow]:
    """The log's rows for these decisions; tag names read in one query for all of them (or
    taken from `tag_names`, slug → name, when the caller has them already)."""
    if tag_names is None:
        slugs = {slug for d in decisions for slug in d.details.get("tags", ())}
        tag_names = dict(Tag.objects.filter(slug__in=slugs).values_list("slug", "name"))
    return [
        LogRow(
            decision=d,
            target=target_label(d),
            status_change=status_change(d),
            # A tag renamed or removed since keeps the slug the decision recorded.
            tags=[tag_names.get(slug, slug) for slug in d.details.get("tags", ())],
            note=d.details.get("guidebook_note", ""),
        )
        for d in decisions
    ]


def target_label(decision: Decision) -> str:
    """What the decision was about, in words (a post, a thread or an account)."""
    if decision.action in (Decision.Action.GRANT_THEME, Decision.Action.REVOKE_THEME):
        return f"Theme “{decision.details.get('theme_title', '')}”"
    if decision.target_user_id:
        person = decision.target_user
        return f"Account: {person} <{person.email}>"
    if decision.post_id and "edit" in decision.details:
        return f"Edit of approved post #{decision.post_id} in “{decision.thread.title}”"
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
    "status change",
    "reason",
    "tags applied",
    "accepted for the guidebook",
    "note for drafters",
)


def decision_log_csv(user, filters: LogFilters) -> Iterator[str]:
    """The filtered log as CSV lines, read from the database in chunks as they are sent.

    The raw status values stay beside the status change in words, for spreadsheets that
    filter on them."""
    # The vocabulary is small; reading it once spares a query per chunk of rows.
    tag_names = dict(Tag.objects.values_list("slug", "name"))
    rows = (
        (
            d.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            d.unit.name if d.unit_id else "",
            d.actor if d.actor_id else "automatic",
            d.get_action_display(),
            row.target,
            d.post_id or "",
            d.thread_id or "",
            d.target_user_id or "",
            d.status_before,
            d.status_after,
            row.status_change,
            d.reason,
            ", ".join(row.tags),
            "yes" if d.details.get("accepted_for_guidebook") else "",
            row.note,
        )
        for d in decision_log(user, filters).iterator(chunk_size=500)
        for row in log_rows([d], tag_names)
    )
    return csv_lines(CSV_COLUMNS, rows)
