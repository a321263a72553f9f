"""The one CSV writer: formulas neutralised in every column, a BOM, ordinary values kept."""

import csv
import io

import pytest

from common.csv import BOM, csv_lines, csv_text, safe_cell


@pytest.mark.parametrize("risky", ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_is_read_as_text(risky):
    assert safe_cell(risky) == "'" + risky


@pytest.mark.parametrize(("value", "text"), [(None, ""), (12, "12"), ("Kyrgyzstan", "Kyrgyzstan")])
def test_ordinary_cells_are_kept(value, text):
    assert safe_cell(value) == text


def test_every_column_is_guarded_and_the_file_starts_with_a_bom():
    text = csv_text(["name", "=title"], [["=HYPERLINK(1)", "Ольга «ODIHR»"]])
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert rows == [["name", "'=title"], ["'=HYPERLINK(1)", "Ольга «ODIHR»"]]


def test_lines_stream_one_row_at_a_time():
    lines = csv_lines(["a"], iter([["1"], ["2"]]))
    assert next(lines) == BOM + "a\r\n"
    assert list(lines) == ["1\r\n", "2\r\n"]
