"""The one reader of typed decimal numbers, tested once for every import and form that uses it."""

from __future__ import annotations

import pytest

from analysis.written_numbers import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("-2", -2.0),
        ("+2", 2.0),
        ("\u22122", -2.0),  # the minus sign Swedish texts and Babel write
        ("\u22123,25", -3.25),
        ("0", 0.0),
        ("41", 41.0),
        (",5", 0.5),
        (".5", 0.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),  # no-break space
        ("1\u202f234,5", 1234.5),  # narrow no-break space
        ("12 345 678", 12345678.0),
        ("1 234.5", 1234.5),
        ("\u22121 234,5", -1234.5),
        ("1234567", 1234567.0),
        ("1,234", 1.234),  # a comma is always the decimal comma
        ("59,3293", 59.3293),
        ("  18.0686\u00a0", 18.0686),
        ("007", 7.0),
    ],
)
def test_numbers_people_write_are_read(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1,2,3",
        "1.2.3",
        "1.234,5",
        "1,234.5",
        "12 34",
        "1 2345",
        "1234 567",
        "1  234",
        "1e3",
        "1_000",
        "5,",
        "5.",
        ",",
        "-",
        "\u2212",
        "--2",
        "+-2",
        "2-",
        "3 %",
        "ett",
        "0x10",
        "\u0663",  # an Arabic-Indic digit: only 0-9 are read
        "1\t234",
        "9" * 400,  # too large for a float
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    assert parse_number(text) is None
