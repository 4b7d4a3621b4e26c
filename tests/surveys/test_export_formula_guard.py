"""CSV exports cannot inject formulas into any spreadsheet, whichever delimiter it splits on."""

from __future__ import annotations

import csv
import io

import pytest

from surveys.transfer.cells import neutralise_csv_text
from surveys.transfer.responses_export import export_responses_csv
from tests.surveys.import_helpers import make_import_survey
from tests.surveys.test_response_export import answer

FORMULA_STARTS = ("=", "+", "-", "@")


def _cells(data: bytes, delimiter: str) -> list[list[str]]:
    """Split as a spreadsheet that ignores quotes would: on the delimiter only."""
    text = data.decode("utf-8-sig")
    return [line.replace('"', "").split(delimiter) for line in text.split("\r\n") if line]


@pytest.mark.parametrize("dialect", ["en", "sv"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_no_cell_starts_a_formula_whatever_the_delimiter(session, dialect, delimiter):
    survey = make_import_survey(session, round_label="2026")
    answer(session, survey, "a", "Bra;=1+1;slut")
    answer(session, survey, "b", "a;=cmd|' /C calc'!A0;b")
    answer(session, survey, "c", "x,+46 70,@SUM(A1)\t-2")
    for row in _cells(export_responses_csv(session, survey, dialect=dialect), delimiter):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell


def test_swedish_dialect_is_semicolon_separated_and_every_field_quoted(session):
    survey = make_import_survey(session, round_label="2026")
    answer(session, survey, "a", "Bra;=1+1;slut", safety=2)
    data = export_responses_csv(session, survey, dialect="sv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["round", "group", "channel"]
    assert rows[1][6] == "Bra;'=1+1;slut"  # one cell, guarded inside
    assert all(line.startswith('"') for line in data.decode("utf-8-sig").split("\r\n") if line)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bra;=1+1;slut", "Bra;'=1+1;slut"),
        ("=1", "'=1"),
        ("a,-b", "a,'-b"),
        ("rad\n@x", "rad\n'@x"),
        ("Ring 070-123, mörkt", "Ring 070-123, mörkt"),
    ],
)
def test_neutralise_csv_text(text, expected):
    assert neutralise_csv_text(text) == expected
