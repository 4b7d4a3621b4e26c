"""Calendar periods of the continuous situation picture: ISO weeks, months and quarters.

Pure arithmetic on dates: a period is half-open, [start, end). Labels are what
people write and what URLs carry: "2026-W05", "2026-03", "2026-Q1". Moving a day by
calendar months or years (`shift_months`, `shift_years`) is done here and nowhere else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal, TypeVar

D = TypeVar("D", bound=dt.date)  # a date, or a datetime that keeps its time
PeriodKind = Literal["week", "month", "quarter"]
KINDS: tuple[PeriodKind, ...] = ("week", "month", "quarter")
_LABELS = {
    "week": re.compile(r"^(\d{4})-W(\d{1,2})$"),
    "month": re.compile(r"^(\d{4})-(\d{1,2})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
}


@dataclass(frozen=True, order=True)
class Period:
    """One week, month or quarter; `end` is the first day after it."""

    start: dt.date
    end: dt.date
    kind: PeriodKind

    @property
    def label(self) -> str:
        """The period's short name, e.g. "2026-W05", "2026-03" or "2026-Q1"."""
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"

    @property
    def last_day(self) -> dt.date:
        """The last day inside the period."""
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.end - self.start).days

    def contains(self, day: dt.date) -> bool:
        """Whether `day` (a date, or a wall-clock datetime without a zone) falls inside the period.

        An instant (a datetime with a zone) is refused: which day it falls on depends on the zone,
        so convert it to local time first.
        """
        if isinstance(day, dt.datetime):
            if day.tzinfo is not None:
                raise ValueError("convert an instant to local time before asking for its period")
            day = day.date()
        return self.start <= day < self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return period_containing(self.kind, self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        """The period of the same kind just after this one."""
        return period_containing(self.kind, self.end)


def shift_months(day: D, months: int) -> D:
    """`day` moved `months` calendar months on (back when negative).

    A day the target month does not have becomes that month's last day: 31 March one
    month on is 30 April, 31 March one month back is 28 or 29 February. A datetime stays
    a datetime with its time of day.

    Raises:
        ValueError: when the result falls outside the years 1 to 9999.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValueError(f"{day.isoformat()} moved {months} months is outside the calendar")
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def shift_years(day: D, years: int) -> D:
    """`day` moved `years` calendar years on (back when negative); 29 February becomes 28 February.

    "A year back" is the same day of the calendar, not 365 days: from 1 March 2024 it is
    1 March 2023.
    """
    return shift_months(day, 12 * years)


def period_containing(kind: str, day: dt.date) -> Period:
    """The week (Monday to Sunday, ISO 8601), month or quarter that holds `day`.

    Args:
        kind: "week", "month" or "quarter".
        day: any date (a datetime counts by its date).

    Returns:
        The period.

    Raises:
        ValueError: for an unknown kind.
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    if kind == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Period(start, start + dt.timedelta(days=7), "week")
    if kind == "month":
        start = dt.date(day.year, day.month, 1)
        return Period(start, shift_months(start, 1), "month")
    if kind == "quarter":
        start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(start, shift_months(start, 3), "quarter")
    raise ValueError(f"unknown period kind {kind!r}; use one of {', '.join(KINDS)}")


def parse_period(kind: str, label: str) -> Period:
    """The period named by `label` ("2026-W05", "2026-03", "2026-Q1") of `kind`.

    Args:
        kind: "week", "month" or "quarter".
        label: the period's label, as `Period.label` writes it.

    Returns:
        The period.

    Raises:
        ValueError: for an unknown kind or a label that names no such period.
    """
    if kind not in _LABELS:
        raise ValueError(f"unknown period kind {kind!r}; use one of {', '.join(KINDS)}")
    match = _LABELS[kind].match(label.strip())
    if not match:
        raise ValueError(f"{label!r} is not a {kind} label")
    year, number = int(match.group(1)), int(match.group(2))
    if kind == "week":
        start = dt.date.fromisocalendar(year, number, 1)  # ValueError for week 54 etc.
    elif kind == "month":
        start = dt.date(year, number, 1)
    else:
        start = dt.date(year, (number - 1) * 3 + 1, 1)
    return period_containing(kind, start)


def change(current: int | None, previous: int | None) -> tuple[int | None, float | None]:
    """Difference and relative change from `previous` to `current`.

    Args:
        current: this period's count, or None when it is hidden.
        previous: the previous period's count, or None when it is hidden.

    Returns:
        (current - previous, relative change) — the difference is None when either
        count is hidden, the relative change also when previous is zero.
    """
    if current is None or previous is None:
        return None, None
    diff = current - previous
    return diff, (diff / previous if previous else None)
