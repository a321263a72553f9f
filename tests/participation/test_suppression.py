"""Small-cell suppression on its own: which cells and totals a breakdown may show."""

from participation.suppression import Cell, Totals, suppress


def cells(**people: int) -> list[Cell]:
    return [Cell(key=k, label=k, people=n, contributions=n * 2) for k, n in people.items()]


def shown(result) -> dict:
    found, totals = result
    return {c.key: c.people for c in found}, totals.people


def test_cells_of_five_or_more_people_are_all_shown():
    assert shown(suppress(cells(a=5, b=9), Totals(14, 28))) == ({"a": 5, "b": 9}, 14)


def test_a_single_small_cell_hides_the_next_smallest_with_it():
    # Without the second hidden cell, 20 - 9 - 6 would give the small cell back.
    found, totals = suppress(cells(a=9, b=6, c=2, d=3 + 3), Totals(23, 46))
    assert {c.key: c.people for c in found} == {"a": 9, "b": None, "c": None, "d": 6}
    assert {c.key: c.contributions for c in found if c.hidden} == {"b": None, "c": None}
    assert totals.people == 23


def test_two_small_cells_hide_nothing_else():
    assert shown(suppress(cells(a=9, b=1, c=4), Totals(14, 28))) == (
        {"a": 9, "b": None, "c": None},
        14,
    )


def test_a_small_cell_with_nothing_to_pair_it_with_hides_the_total():
    assert shown(suppress(cells(a=3), Totals(3, 6))) == ({"a": None}, None)


def test_a_total_of_fewer_than_five_people_is_hidden():
    found, totals = suppress(cells(a=2, b=2), Totals(4, 8))
    assert all(c.hidden for c in found)
    assert totals.hidden
