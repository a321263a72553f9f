"""The shapes the participation pages show: breakdowns (cells with a total), weeks, units
and chapter balances. Built from grouped query rows by the selectors and kept in the cache,
so they hold plain values only (labels as text)."""

from dataclasses import dataclass
from datetime import date, timedelta

from participation.dimensions import Dimension
from participation.suppression import Cell, Totals, suppress


@dataclass(frozen=True)
class Breakdown:
    slug: str
    cells: list[Cell]
    totals: Totals
    suppressed: bool

    @property
    def has_hidden_cells(self) -> bool:
        return any(cell.hidden for cell in self.cells) or self.totals.hidden

    def share(self, cell: Cell) -> float | None:
        """The cell's share of all the contributions, as a fraction; None when hidden."""
        total = self.totals.contributions
        if cell.contributions is None or not total:
            return None
        return cell.contributions / total


def breakdown(dimension: Dimension, rows, *, totals: Totals, slug: str = "") -> Breakdown:
    """Grouped rows ({key, contributions, people}) as a breakdown, suppressed when the
    dimension is about a person's gender, country or region."""
    cells = [
        Cell(
            key=str(row["key"] or ""),
            label=dimension.label(row["key"]),
            people=row["people"],
            contributions=row["contributions"],
        )
        for row in rows
        if row["contributions"]
    ]
    cells.sort(key=lambda c: (-c.contributions, c.label))
    if dimension.suppressed:
        cells, totals = suppress(cells, totals)
        # Hidden cells go last, by name: their place among the others would tell their size.
        cells.sort(key=lambda c: (c.hidden, -(c.contributions or 0), c.label))
    return Breakdown(
        slug=slug or dimension.slug, cells=cells, totals=totals, suppressed=dimension.suppressed
    )


@dataclass(frozen=True)
class Week:
    starts: date
    contributions: int
    people: int


def fill_weeks(rows) -> list[Week]:
    """Grouped rows ({week, contributions, people}) with the weeks nobody wrote in added."""
    found = {
        row["week"].date() if hasattr(row["week"], "date") else row["week"]: row for row in rows
    }
    if not found:
        return []
    weeks = []
    current, last = min(found), max(found)
    while current <= last:
        row = found.get(current)
        weeks.append(
            Week(
                starts=current,
                contributions=row["contributions"] if row else 0,
                people=row["people"] if row else 0,
            )
        )
        current += timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class UnitFigures:
    code: str
    name: str
    decided: int
    approved: int
    changes_requested: int
    rejected: int
    median_wait: timedelta | None

    @property
    def acceptance_rate(self) -> float | None:
        """Approved out of approved and rejected (a request for changes decides nothing)."""
        settled = self.approved + self.rejected
        return self.approved / settled if settled else None


@dataclass(frozen=True)
class BalanceRow:
    key: str
    label: str
    cited: Cell | None
    cited_share: float | None
    submitted: Cell | None
    submitted_share: float | None


@dataclass(frozen=True)
class Balance:
    """One chapter's balance along one dimension: the contributions linked to it against
    everything submitted in its themes."""

    dimension: str
    title: str
    cited: Breakdown
    submitted: Breakdown

    @property
    def rows(self) -> list[BalanceRow]:
        cited = {c.key: c for c in self.cited.cells}
        submitted = {c.key: c for c in self.submitted.cells}
        keys = [c.key for c in self.submitted.cells] + [
            c.key for c in self.cited.cells if c.key not in submitted
        ]
        rows = []
        for key in keys:
            one, other = cited.get(key), submitted.get(key)
            rows.append(
                BalanceRow(
                    key=key,
                    label=(other or one).label,
                    cited=one,
                    cited_share=self.cited.share(one) if one else 0.0,
                    submitted=other,
                    submitted_share=self.submitted.share(other) if other else 0.0,
                )
            )
        return rows


@dataclass(frozen=True)
class ChapterBalance:
    number: int
    title: str
    themes: list[str]
    linked: int
    balances: list[Balance]
