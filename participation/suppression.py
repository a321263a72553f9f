"""Small-cell suppression: no breakdown by a person's gender, country or region shows a
cell that a few people could be recognised in.

A cell counting fewer than `THRESHOLD` people (one to four) is hidden, and shown as "fewer
than 5". Hiding it alone is not enough when the total is shown: the total minus the other
cells gives it back. So when exactly one cell of a breakdown is hidden, the next smallest is
hidden with it (complementary suppression); when there is no other cell to hide, the total
goes too. A hidden cell hides its contributions with its people, since the number of
contributions in a cell of one person is that person's number.

Cells with nobody in them are not listed at all: an empty cell reveals nothing about anyone.
"""

from dataclasses import dataclass, replace

THRESHOLD = 5


@dataclass(frozen=True)
class Cell:
    """One category of a breakdown. `people` and `contributions` are None when hidden."""

    key: str
    label: str
    people: int | None
    contributions: int | None
    hidden: bool = False


@dataclass(frozen=True)
class Totals:
    people: int | None
    contributions: int | None

    @property
    def hidden(self) -> bool:
        return self.people is None


def _hide(cell: Cell) -> Cell:
    return replace(cell, people=None, contributions=None, hidden=True)


def suppress(cells: list[Cell], totals: Totals) -> tuple[list[Cell], Totals]:
    """The cells and the totals as they may be shown."""
    small = {
        i for i, cell in enumerate(cells) if cell.people is not None and cell.people < THRESHOLD
    }
    if len(small) == 1:
        others = sorted(
            (i for i in range(len(cells)) if i not in small),
            key=lambda i: (cells[i].people, cells[i].contributions, cells[i].key),
        )
        if others:
            small.add(others[0])
        else:
            totals = Totals(people=None, contributions=None)
    if totals.people is not None and totals.people < THRESHOLD:
        totals = Totals(people=None, contributions=None)
    shown = [_hide(cell) if i in small else cell for i, cell in enumerate(cells)]
    return shown, totals
