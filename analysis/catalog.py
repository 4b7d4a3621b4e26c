"""A document's language for pure text builders: its catalogue (with plurals) and its locale.

The text builders take a gettext-like callable. `Catalog` is such a callable that also
knows `ngettext` and the Babel locale, so that counts get the right plural form and numbers
and dates are written the way the reader's language writes them ("0,45", "1 december 2026").
The helpers accept any plain callable too (then English rules apply), so tests and callers
that only translate keep working.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from analysis.periods import Period

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


def _english_ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


@dataclass(frozen=True)
class Catalog:
    """A language's translations and locale, callable as its gettext."""

    gettext: Gettext
    ngettext: Ngettext = _english_ngettext
    locale: str = "en"

    def __call__(self, message: str) -> str:
        return self.gettext(message)


def plural(singular: str, plural_form: str, n: int, gettext: Gettext) -> str:
    """The form of a counted message for `n` in the language of `gettext` (not yet filled in).

    A plain callable without `ngettext` translates the English form for `n`. The catalogue
    comes last so that `pybabel extract -k plural:1,2` finds the two messages.
    """
    ngettext = getattr(gettext, "ngettext", None)
    if ngettext is None:
        return gettext(_english_ngettext(singular, plural_form, n))
    return str(ngettext(singular, plural_form, n))


def N_(message: str) -> str:
    """Marks an English message for `pybabel extract`; it is translated where it is used."""
    return message


def label(table: Mapping[str, str], code: str, gettext: Gettext, default: str | None = None) -> str:
    """`code`'s entry of `table` in the reader's language.

    `table` maps codes to English messages marked for extraction (`N_`); a code not in it is
    shown as it is, or as the message `default` when one is given.
    """
    message = table.get(code, default)
    return gettext(message) if message else code


def whole_percent(value: float) -> int:
    """A 0–1 share as a whole percentage, halves rounded up (0.125 → 13), as readers round."""
    return int(value * 100 + 0.5)


def percent(value: float | None, gettext: Gettext) -> str:
    """A 0–1 share in the language's style: '46 %' (sv) or '46%' (en); '–' when hidden."""
    if value is None:
        return "–"
    return gettext("%(pct)s%%") % {"pct": whole_percent(value)}


def join_words(items: Sequence[str], gettext: Gettext) -> str:
    """'a, b and c' in the language of `gettext`; empty items are left out."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@dataclass(frozen=True)
class GroupShares:
    """How a document words the shares of residents and staff: three English messages (marked
    with `N_`), `both` with %(residents)s and %(staff)s, the others with their own group's."""

    both: str
    residents: str
    staff: str


def group_shares_sentence(
    residents: float | None, staff: float | None, wording: GroupShares, gettext: Gettext
) -> str:
    """Both groups' shares when both are shown, else the one that is; '' when neither is."""
    if residents is not None and staff is not None:
        message = wording.both
    elif residents is not None:
        message = wording.residents
    elif staff is not None:
        message = wording.staff
    else:
        return ""
    return gettext(message) % {"residents": percent(residents, gettext), "staff": percent(staff, gettext)}


# Languages Babel has no data for, written like a close one: Meänkieli dates and numbers as Finnish.
_BABEL_STAND_INS = {"fit": "fi"}


def locale_of(gettext: Gettext) -> str:
    """The Babel locale of `gettext` ('en' for a plain callable)."""
    language = str(getattr(gettext, "locale", "en"))
    return _BABEL_STAND_INS.get(language, language)


def period_name(period: Period, gettext: Gettext) -> str:
    """A period as prose writes it: 'vecka 49, 2026', 'december 2026', '1:a kvartalet 2026'."""
    if period.kind == "week":
        year, week, _ = period.start.isocalendar()
        return gettext("week %(week)d, %(year)d") % {"week": week, "year": year}
    skeleton = "yMMMM" if period.kind == "month" else "yQQQQ"
    return str(format_skeleton(skeleton, period.start, locale=locale_of(gettext)))


def date_span(start: dt.date, last_day: dt.date, gettext: Gettext) -> str:
    """'1 mars 2026 – 31 mars 2026': both days in full, so no reader has to guess the order."""
    return f"{long_date(start, gettext)} – {long_date(last_day, gettext)}"


def long_date(day: dt.date, gettext: Gettext) -> str:
    """'1 december 2026' (sv) or 'December 1, 2026' (en)."""
    return written_date(day, locale_of(gettext))


def written_date(day: dt.date, language: str) -> str:
    """`day` as prose in `language` writes it ('1 december 2026')."""
    return str(format_date(day, format="long", locale=_BABEL_STAND_INS.get(language, language)))


def decimal(value: float, gettext: Gettext, decimals: int = 1) -> str:
    """A number with at most `decimals` decimals in the reader's notation ('0,5' in Swedish)."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=locale_of(gettext)))
