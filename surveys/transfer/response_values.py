"""Turning cells of another tool's export into answer values, dates, groups and languages.

Every converter raises ValueError with a message meant for the person fixing the file.
"""

from __future__ import annotations

import datetime as dt
import re

from analysis.written_numbers import parse_number
from surveys.answering.models import RespondentGroup
from surveys.answering.submission import SCALE_RANGE, AnswerValue
from surveys.authoring.models import Question, QuestionType, Survey
from surveys.places.points import MAX_COMMENT, format_point, known_areas
from surveys.transfer.messages import N_
from surveys.transfer.spreadsheet import FORMULA_STARTS, Cell, cell_text, fold
from surveys.transfer.xlsform_spec import parse_language

# Day first: Swedish (and most European) tools write 5/3/2026 for 5 March.
_DAY_FIRST = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?$")
_POINT_EXAMPLE = N_("write latitude,longitude in decimal degrees, e.g. 59.3293,18.0686")
_GROUPS = {
    RespondentGroup.RESIDENT: {
        "resident",
        "residents",
        "invanare",
        "boende",
        "medborgare",
        "allmanheten",
        "public",
        "citizen",
    },
    RespondentGroup.STAFF: {
        "staff",
        "personal",
        "anstalld",
        "anstallda",
        "medarbetare",
        "employee",
        "employees",
    },
}


class OptionIndex:
    """Finds a question's option by value, or by value/label ignoring case and diacritics."""

    def __init__(self, question: Question) -> None:
        self.question = question
        self._exact = {o.value: o.value for o in question.options}
        self._loose: dict[str, str | None] = {}
        for option in question.options:
            for name in (option.value, *(option.label or {}).values()):
                key = fold(name)
                if key and self._loose.get(key, option.value) != option.value:
                    self._loose[key] = None  # two options share this label: ambiguous
                else:
                    self._loose.setdefault(key, option.value)

    def find(self, text: str) -> str | None:
        """The option value `text` names, or None."""
        return self._exact.get(text) or self._loose.get(fold(text))

    def choices(self) -> str:
        """The option values, for error messages."""
        return ", ".join(o.value for o in self.question.options)


def answer_value(question: Question, options: OptionIndex | None, cell: Cell) -> AnswerValue:
    """The answer to `question` held in `cell`, None when blank.

    Raises:
        ValueError: a number, option or list of options that does not fit.
    """
    text = cell_text(cell)
    if not text:
        return None
    qtype = question.question_type
    if qtype is QuestionType.FREE_TEXT:
        return _unguarded(text)
    if qtype is QuestionType.SCALE:
        return _scale(text)
    if qtype is QuestionType.POINT:  # the place only; area and comment come from their own columns
        point = parse_point_cell(text)
        return {"point": point} if point else None
    assert options is not None
    if qtype is QuestionType.MULTIPLE_CHOICE:
        return _several(text, options)
    value = options.find(text)
    if value is None:
        raise ValueError(
            N_(
                "%(text)r is not one of the options (%(choices)s)",
                text=text,
                choices=options.choices(),
            )
        )
    return value


def parse_point_cell(cell: Cell) -> str | None:
    """The place in a point question's cell as "lat,lon", None when blank.

    Accepts "lat,lon", "lat lon" and ODK/KoBo's "lat lon altitude accuracy" (altitude
    and accuracy are dropped); space-separated numbers may use a decimal comma
    ("59,3293 18,0686"). An apostrophe our exports put before "-" is ignored.

    Raises:
        ValueError: not numbers, only one coordinate, or a position off the globe.
    """
    text = cell_text(cell).removeprefix("'").strip().strip(",;").strip()
    if not text:
        return None
    numbers = _coordinate_parts(text)
    if len(numbers) == 1 and numbers[0] is not None:
        raise ValueError(
            N_(
                "%(text)r has only one coordinate; %(example)s",
                text=text,
                example=_POINT_EXAMPLE,
            )
        )
    found = [n for n in numbers if n is not None]
    if not 2 <= len(numbers) <= 4 or len(found) < len(numbers):
        raise ValueError(N_("%(text)r is not a place; %(example)s", text=text, example=_POINT_EXAMPLE))
    latitude, longitude = found[0], found[1]
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(
            N_(
                "%(text)r is not a place on Earth: the latitude comes first and must be from -90 to 90, "
                "the longitude from -180 to 180",
                text=text,
            )
        )
    return format_point(latitude, longitude)


def _coordinate_parts(text: str) -> list[float | None]:
    """The two numbers of "59.3,18.0"; otherwise each space-separated word as a number, so that
    "59,3293 18,0686" reads with decimal commas (None for a word that is not a number)."""
    by_comma = [_coordinate(part) for part in text.split(",")]
    if len(by_comma) == 2 and None not in by_comma:
        return by_comma
    return [_coordinate(word) for word in text.split()]


def _coordinate(word: str) -> float | None:
    """One coordinate: a number written without spaces (no thousands groups in a degree)."""
    word = word.strip()
    return None if not word or any(c.isspace() for c in word) else parse_number(word)


class AreaIndex:
    """The areas a point answer may name (`places.points.known_areas`), matched loosely,
    also by the labels of the question's own area options."""

    def __init__(self, question: Question) -> None:
        self.areas = sorted(known_areas(question))
        self._loose = {fold(area): area for area in self.areas}
        for option in question.options:
            for label in (option.label or {}).values():
                self._loose.setdefault(fold(label), option.value)

    def parse(self, cell: Cell) -> str | None:
        """The area named in `cell`, None when blank.

        Raises:
            ValueError: a name that is not one of the areas.
        """
        text = _unguarded(cell_text(cell))
        if not text:
            return None
        area = text if text in self.areas else self._loose.get(fold(text))
        if area is None:
            known = ", ".join(self.areas) or "none are set up"
            raise ValueError(N_("%(text)r is not one of the areas (%(known)s)", text=text, known=known))
        return area


def parse_comment(cell: Cell) -> str | None:
    """The comment on a marked place, None when blank.

    Raises:
        ValueError: longer than a comment may be.
    """
    text = _unguarded(cell_text(cell))
    if len(text) > MAX_COMMENT:
        raise ValueError(N_("the text is longer than %(n)d characters", n=MAX_COMMENT))
    return text or None


def _unguarded(text: str) -> str:
    """Free text without the apostrophe our exports put before formula-like text."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _scale(text: str) -> int:
    number = parse_number(text)
    if number is None or not number.is_integer() or int(number) not in SCALE_RANGE:
        low, high = SCALE_RANGE[0], SCALE_RANGE[-1]
        raise ValueError(
            N_(
                "%(text)r is not a whole number from %(low)s to %(high)s",
                text=text,
                low=low,
                high=high,
            )
        )
    return int(number)


def _several(text: str, options: OptionIndex) -> list[str]:
    """Options in a multiple-choice cell, split by ';' (or ',' or, as KoBoToolbox and ODK
    write option codes, spaces, when that is what fits)."""
    whole = options.find(text)
    if whole is not None:
        return [whole]
    for separators in (r";", r"[;,]", r"[;,\s]+"):
        parts = [p.strip() for p in re.split(separators, text) if p.strip()]
        found = [options.find(p) for p in parts]
        if all(found):
            return list(dict.fromkeys(v for v in found if v))
    unknown = [p for p in parts if options.find(p) is None]
    raise ValueError(
        N_(
            "%(unknown)s not among the options (%(choices)s)",
            unknown=", ".join(map(repr, unknown)),
            choices=options.choices(),
        )
    )


def parse_date(cell: Cell) -> dt.date | None:
    """The date in `cell` (time of day dropped), None when blank.

    Accepts Excel dates, ISO dates and date-times (2026-03-05, 2026-03-05 14:22,
    2026-03-05T14:22:00+01:00) and day-first dates (5/3/2026, 05.03.2026).

    Raises:
        ValueError: anything else.
    """
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = cell_text(cell)
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace(" ", "T", 1)).date()
    except ValueError:
        pass
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise ValueError(N_("%(text)r is not a date (use 2026-03-05 or 5/3/2026, day first)", text=text))


def parse_group(cell: Cell) -> RespondentGroup | None:
    """Resident or staff from words like "resident", "invånare", "personal"; None if blank.

    Raises:
        ValueError: any other word.
    """
    text = cell_text(cell)
    if not text:
        return None
    for group, words in _GROUPS.items():
        if fold(text) in words:
            return group
    raise ValueError(N_("%(text)r is not a respondent group (resident or staff)", text=text))


def parse_language_cell(survey: Survey, cell: Cell) -> str | None:
    """The survey language named in `cell` ("sv", "Svenska", "English (en)"); None if blank.

    Raises:
        ValueError: a language the survey is not offered in.
    """
    text = cell_text(cell)
    if not text:
        return None
    code = parse_language(text)
    if code is None or not survey.offers(code):
        offered = ", ".join(survey.languages or [])
        raise ValueError(
            N_(
                "%(text)r is not one of the survey's languages (%(offered)s)",
                text=text,
                offered=offered,
            )
        )
    return code
