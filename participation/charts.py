"""The geometry of the dashboard's charts, for templates that draw them as inline SVG.

No charting script: each chart is worked out here in SVG user units (a fixed-width view
box the browser scales to the column it sits in) and drawn by
templates/participation/_chart_*.html with classes only, so the colours come from site.css
and print well. Every chart stands beside a table with the same numbers.
"""

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

WIDTH = 360
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
BAR_GAP = 3
ROW_GAP = 10
MARKED_WEEKS = 60
VALUE_ROOM = 104  # right of the bars, for the value ("fewer than 5" is the longest)


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    height: float
    text: str
    text_x: float
    text_y: float
    series: int
    hidden: bool


@dataclass(frozen=True)
class BarRow:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: float
    rows: list[BarRow]
    series: list[str]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height:g}"


def hidden_text() -> str:
    return _("fewer than 5")


def bar_chart(items, *, series: list[str] | None = None, maximum: float | None = None) -> BarChart:
    """items: [(label, [(value or None, text), ...]), ...] with one (value, text) per series;
    None draws no bar, only the text (a hidden cell)."""
    values = [value for _label, values in items for value, _text in values if value is not None]
    top = maximum or max(values, default=0) or 1
    room = WIDTH - VALUE_ROOM
    rows, y = [], 0.0
    for label, entries in items:
        label_y = y + LABEL_HEIGHT - 5
        y += LABEL_HEIGHT
        bars = []
        for index, (value, text) in enumerate(entries):
            width = 0.0 if value is None else max(room * value / top, 1.0 if value else 0.0)
            bars.append(
                Bar(
                    y=y,
                    width=round(width, 1),
                    text=text,
                    text_x=round(width + 4, 1),
                    text_y=y + BAR_HEIGHT - 3,
                    height=BAR_HEIGHT,
                    series=index,
                    hidden=value is None,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        rows.append(BarRow(label=label, label_y=label_y, bars=bars))
        y += ROW_GAP
    return BarChart(width=WIDTH, height=max(y, 1), rows=rows, series=series or [])


def count_text(value) -> str:
    return hidden_text() if value is None else number_format(value, force_grouping=True)


def percent_text(share) -> str:
    return hidden_text() if share is None else f"{round(share * 100)} %"


def breakdown_chart(figure) -> BarChart:
    """Contributions per cell of a breakdown."""
    return bar_chart(
        [
            (cell.label, [(cell.contributions, count_text(cell.contributions))])
            for cell in figure.cells
        ]
    )


def balance_chart(balance, *, series: list[str]) -> BarChart:
    """Shares of the chapter's linked contributions against those submitted in its themes."""
    return bar_chart(
        [
            (
                row.label,
                [
                    (_share(row.cited_share), percent_text(row.cited_share)),
                    (_share(row.submitted_share), percent_text(row.submitted_share)),
                ],
            )
            for row in balance.rows
        ],
        series=series,
        maximum=100,
    )


def _share(share):
    return None if share is None else share * 100


def rate_chart(units) -> BarChart:
    return bar_chart(
        [
            (
                unit.name,
                [
                    (
                        _share(unit.acceptance_rate),
                        _("no decisions yet")
                        if unit.acceptance_rate is None
                        else percent_text(unit.acceptance_rate),
                    )
                ],
            )
            for unit in units
        ],
        maximum=100,
    )


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class WeekChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    columns: list[Column]
    line: str
    points: list[tuple[float, float]]
    top_label: str
    first_label: str
    last_label: str

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def week_chart(weeks) -> WeekChart:
    """Contributions per week as columns, active participants as a line over them."""
    left, right, top, bottom, height = 44, WIDTH - 8, 10, 160, 192
    top_value = max((max(w.contributions, w.people) for w in weeks), default=0) or 1
    step = (right - left) / max(len(weeks), 1)
    # A few weeks would make slabs of columns; keep them column-shaped.
    column_width = min(step * 0.8, 28)

    def y_of(value: int) -> float:
        return round(bottom - (bottom - top) * value / top_value, 1)

    columns, points = [], []
    for i, week in enumerate(weeks):
        x = left + i * step
        y = y_of(week.contributions)
        points.append((round(x + step / 2, 1), y_of(week.people)))
        if not week.contributions:
            continue
        columns.append(
            Column(
                x=round(x + (step - column_width) / 2, 1),
                y=y,
                width=round(max(column_width, 1.0), 1),
                height=round(bottom - y, 1),
            )
        )
    return WeekChart(
        width=WIDTH,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        columns=columns,
        line=" ".join(f"{x:g},{y:g}" for x, y in points),
        # Markers on the line only while there is room for them.
        points=[point for point, week in zip(points, weeks, strict=True) if week.people]
        if len(weeks) <= MARKED_WEEKS
        else [],
        top_label=number_format(top_value, force_grouping=True),
        first_label=date_format(weeks[0].starts, "SHORT_DATE_FORMAT") if weeks else "",
        last_label=date_format(weeks[-1].starts, "SHORT_DATE_FORMAT") if weeks else "",
    )
