"""Every CSV the site sends is written here, so none can carry a spreadsheet formula.

Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return that
hides one) as a formula. Titles, names, notes and reasons are typed by people, so every
cell goes through `safe_cell`, whatever its column: a guard that lists the risky columns
misses the one added next. Files start with a byte-order mark, so a spreadsheet opening
them reads UTF-8 (Cyrillic names, curly quotes) rather than guessing a local code page.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The cell's text, prefixed with a quote when a spreadsheet would run it."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write returns the line, so csv.writer yields rows as text."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The header and rows as CSV lines (the first with the byte-order mark), made one at a
    time, for a streaming response."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The whole file as one string, for exports small enough to hold in memory."""
    out = io.StringIO()
    for line in csv_lines(header, rows):
        out.write(line)
    return out.getvalue()
