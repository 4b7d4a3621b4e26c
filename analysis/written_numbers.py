"""Numbers as people write them in spreadsheet cells and form fields: "3,5", "3.5", "1 234,5", "−2".

The one reader of typed decimal numbers; every import and form that takes a number uses
it, so a cell that one reads is read the same by all. It is strict: a value that is not
plainly one finite number is refused rather than guessed at.

Babel's `parse_decimal` (locale "sv") is not used: it takes "NaN" and "Infinity", and it
refuses the plain space, the narrow no-break space and the minus sign "−" that Swedish
texts and spreadsheets write.
"""

from __future__ import annotations

import math
import re

# Space, no-break space and narrow no-break space between groups of three digits.
_GROUP = "[ \u00a0\u202f]"
_NUMBER = re.compile(
    rf"""
    (?P<sign>[+\-\u2212]?)
    (?P<whole>\d{{1,3}}(?:{_GROUP}\d{{3}})+|\d+)?
    (?:[.,](?P<fraction>\d+))?
    """,
    re.VERBOSE | re.ASCII,  # ASCII: \d is 0-9 only
)


def parse_number(text: str) -> float | None:
    """The number `text` writes, or None when it is not exactly one finite number.

    Accepted: a decimal comma or point ("3,5", "3.5", ",5"), a sign ("-2", "+2" and the
    minus sign "−2"), and thousands grouped by threes with a space, no-break space or narrow
    no-break space ("1 234,5", "12 345 678"). Space around the number is ignored.

    Refused (None): "", "nan", "inf", exponents ("1e3"), underscores ("1_000"), more than one
    decimal separator ("1,2,3", "1.234,5"), groups not of three ("12 34"), a separator with
    no digits after it ("5,"), and numbers too large for a float.
    """
    match = _NUMBER.fullmatch(text.strip())
    if match is None or not (match["whole"] or match["fraction"]):
        return None
    whole = re.sub(_GROUP, "", match["whole"] or "0")
    sign = "-" if match["sign"] in ("-", "\u2212") else ""
    value = float(f"{sign}{whole}.{match['fraction'] or '0'}")
    return value if math.isfinite(value) else None
