"""Each figure as a table of text: the same rows feed the table beside its chart and its
CSV download, so the two can never disagree (hidden cells read "fewer than 5" in both)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation import charts
from participation.charts import count_text, percent_text

# The dashboard's figures, by the slug of their CSV; titles as the page heads them.
DASHBOARD_TITLES = {
    "weeks": gettext_lazy("Contributions and active participants by week"),
    "stakeholder": gettext_lazy("By stakeholder group"),
    "gender": gettext_lazy("By gender"),
    "region": gettext_lazy("By region"),
    "country": gettext_lazy("By country"),
    "theme": gettext_lazy("By theme"),
    "kind": gettext_lazy("By kind of contribution"),
    "units": gettext_lazy("Decisions by unit"),
    "chapters": gettext_lazy("Balance of each chapter"),
}
REPORT_TITLES = {
    "stakeholder": gettext_lazy("Stakeholder groups"),
    "gender": gettext_lazy("Gender"),
}
# Charts of long breakdowns show the largest cells; their table lists every one.
CHART_ROWS = 15


@dataclass
class Table:
    slug: str
    title: str
    header: list[str]
    rows: list[list[str]]
    foot: list[str] | None = None
    chart: object = None
    chart_kind: str = "bars"
    note: str = ""
    # Tables of many columns go under their chart, not beside it.
    wide: bool = False


def _category_header(figure_slug: str) -> str:
    return {
        "stakeholder": _("Stakeholder group"),
        "gender": _("Gender"),
        "region": _("Region"),
        "country": _("Country"),
        "theme": _("Theme"),
        "kind": _("Kind"),
    }.get(figure_slug, _("Category"))


def breakdown_table(figure, title) -> Table:
    rows = [
        [
            cell.label,
            count_text(cell.contributions),
            count_text(cell.people),
            percent_text(figure.share(cell)),
        ]
        for cell in figure.cells
    ]
    totals = figure.totals
    foot = [
        _("All"),
        count_text(totals.contributions),
        count_text(totals.people),
        "100 %" if not totals.hidden else "",
    ]
    shown = figure
    if len(figure.cells) > CHART_ROWS:
        shown = type(figure)(
            slug=figure.slug,
            cells=[c for c in figure.cells if not c.hidden][:CHART_ROWS],
            totals=figure.totals,
            suppressed=figure.suppressed,
        )
    note = ""
    if figure.suppressed:
        note = _(
            "Groups of fewer than 5 people are not shown, nor one more group where the "
            "hidden one could be worked out from the total."
        )
    if len(figure.cells) > CHART_ROWS:
        note = f"{note} " + _(
            "The chart shows the %(count)s largest; the table lists them all."
        ) % {"count": CHART_ROWS}
    return Table(
        slug=figure.slug,
        title=str(title),
        header=[
            _category_header(figure.slug),
            _("Contributions"),
            _("Participants"),
            _("Share"),
        ],
        rows=rows,
        foot=foot,
        chart=charts.breakdown_chart(shown),
        note=note.strip(),
    )


def weeks_table(weeks) -> Table:
    return Table(
        slug="weeks",
        title=str(DASHBOARD_TITLES["weeks"]),
        header=[_("Week starting"), _("Contributions"), _("Active participants")],
        rows=[
            [date_format(w.starts, "Y-m-d"), count_text(w.contributions), count_text(w.people)]
            for w in weeks
            if w.contributions
        ],
        chart=charts.week_chart(weeks),
        chart_kind="weeks",
        note=_(
            "Weeks start on Monday (UTC). Weeks without any contribution are left out of the table."
        ),
    )


def wait_text(wait: timedelta | None) -> str:
    if wait is None:
        return "–"
    hours = wait.total_seconds() / 3600
    if hours < 48:
        return _("%(hours)s hours") % {"hours": f"{hours:.1f}"}
    return _("%(days)s days") % {"days": f"{hours / 24:.1f}"}


def units_table(units) -> Table:
    return Table(
        slug="units",
        title=str(DASHBOARD_TITLES["units"]),
        header=[
            _("Unit"),
            _("Contributions decided"),
            _("Approved"),
            _("Changes requested"),
            _("Rejected"),
            _("Acceptance rate"),
            _("Median time to first decision"),
        ],
        rows=[
            [
                unit.name,
                count_text(unit.decided),
                count_text(unit.approved),
                count_text(unit.changes_requested),
                count_text(unit.rejected),
                "–" if unit.acceptance_rate is None else percent_text(unit.acceptance_rate),
                wait_text(unit.median_wait),
            ]
            for unit in units
        ],
        chart=charts.rate_chart(units),
        wide=True,
        note=_(
            "The acceptance rate is the approvals out of approvals and rejections; the time to "
            "decision runs from a contribution's submission to the unit's first decision on it."
        ),
    )


def balance_series() -> list[str]:
    return [_("Linked to the chapter"), _("Submitted in its themes")]


def balance_table(chapter, balance) -> Table:
    rows = [
        [
            row.label,
            count_text(row.cited.contributions) if row.cited else "0",
            percent_text(row.cited_share),
            count_text(row.submitted.contributions) if row.submitted else "0",
            percent_text(row.submitted_share),
        ]
        for row in balance.rows
    ]
    return Table(
        slug=f"chapter-{chapter.number}-{balance.dimension}",
        title=balance.title,
        header=[
            balance.title,
            _("Linked: contributions"),
            _("Linked: share"),
            _("In its themes: contributions"),
            _("In its themes: share"),
        ],
        rows=rows,
        chart=charts.balance_chart(balance, series=balance_series()),
    )


def chapters_csv(chapters) -> tuple[list[str], list[list[str]]]:
    header = [
        _("Chapter"),
        _("Dimension"),
        _("Category"),
        _("Linked: contributions"),
        _("Linked: share"),
        _("In its themes: contributions"),
        _("In its themes: share"),
    ]
    rows = []
    for chapter in chapters:
        for balance in chapter.balances:
            for row in balance_table(chapter, balance).rows:
                rows.append([f"{chapter.number}. {chapter.title}", balance.title, *row])
    return header, rows


def dashboard_tables(figures) -> dict[str, Table]:
    tables = {"weeks": weeks_table(figures.weeks)}
    for slug, figure in figures.breakdowns.items():
        tables[slug] = breakdown_table(figure, DASHBOARD_TITLES[slug])
    tables["units"] = units_table(figures.units)
    return tables


def report_tables(figures) -> dict[str, Table]:
    return {
        slug: breakdown_table(figure, REPORT_TITLES[slug])
        for slug, figure in figures.breakdowns.items()
    }


def csv_for(tables: dict[str, Table], slug: str) -> tuple[list[str], list[list[str]]] | None:
    table = tables.get(slug)
    if table is None:
        return None
    rows = list(table.rows)
    if table.foot:
        rows.append(table.foot)
    return table.header, rows
