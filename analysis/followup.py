"""Progress of a plan's commitments: targets over a period and a status from the dates.

Pure date arithmetic, so a follow-up can be checked by hand: the expected progress on a
day is the target times the share of the period that has passed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from analysis.catalog import N_, label

Gettext = Callable[[str], str]
# How often a target repeats: once for the whole period, or per year, quarter, month or week.
FREQUENCIES = ("period", "year", "quarter", "month", "week")
_DAYS_PER = {"year": 365.25, "quarter": 365.25 / 4, "month": 365.25 / 12, "week": 7.0}
_PER_FREQUENCY = {
    "year": N_("per year"),
    "quarter": N_("per quarter"),
    "month": N_("per month"),
    "week": N_("per week"),
}


class CommitmentStatus(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NOT_STARTED = "not_started"
    NO_TARGET = "no_target"


@dataclass(frozen=True)
class Progress:
    """Where a commitment stands on a given day."""

    done: int
    target: int | None
    expected: float
    status: CommitmentStatus

    @property
    def ratio(self) -> float:
        """Done as a share of the target, 0–1 (0 without a target)."""
        if not self.target:
            return 0.0
        return min(1.0, self.done / self.target)


def period_days(start: dt.date, end: dt.date) -> int:
    """Days in the period, both ends included (at least 1)."""
    return max(1, (end - start).days + 1)


def total_target(target_count: int | None, frequency: str, start: dt.date, end: dt.date) -> int | None:
    """The number to reach over the whole period.

    Args:
        target_count: the count per `frequency` (None or below 1: no measurable target).
        frequency: one of FREQUENCIES; "period" means the count is for the whole period.
        start: first day of the period.
        end: last day of the period.

    Returns:
        The total, rounded to the nearest whole repetition (at least one), or None.
    """
    if target_count is None or target_count < 1:
        return None
    if frequency not in _DAYS_PER:
        return target_count
    repetitions = max(1, round(period_days(start, end) / _DAYS_PER[frequency]))
    return target_count * repetitions


def elapsed_share(start: dt.date, end: dt.date, today: dt.date) -> float:
    """Share of the period that has passed by the end of `today`, 0–1."""
    if today < start:
        return 0.0
    if today >= end:
        return 1.0
    return ((today - start).days + 1) / period_days(start, end)


def commitment_progress(
    done: int, target: int | None, start: dt.date, end: dt.date, today: dt.date
) -> Progress:
    """Status of a commitment on `today`.

    Args:
        done: the count achieved so far (sum of logged activities).
        target: total target over the period (see `total_target`), None when unmeasurable.
        start: first day of the commitment's period.
        end: last day of the commitment's period.
        today: the day to judge on.

    Returns:
        Progress with the expected count so far and the status: done when the target is
        reached; not started when nothing is done and no whole unit is due yet; behind when
        fewer than the whole units due are done; otherwise on track.
    """
    if target is None:
        status = CommitmentStatus.NO_TARGET
        return Progress(done, None, 0.0, status)
    expected = target * elapsed_share(start, end, today)
    # Only whole units can be due: one inspection a year is not late in June.
    due = math.floor(expected + 1e-9)
    if done >= target:
        status = CommitmentStatus.DONE
    elif done == 0 and due < 1:
        status = CommitmentStatus.NOT_STARTED
    elif done < due:
        status = CommitmentStatus.BEHIND
    else:
        status = CommitmentStatus.ON_TRACK
    return Progress(done, target, round(expected, 2), status)


def frequency_words(frequency: str, gettext: Gettext) -> str:
    """'during the period', 'per year', … for a commitment's target."""
    return label(_PER_FREQUENCY, frequency, gettext, default=N_("during the period"))


@dataclass(frozen=True)
class Unit:
    """What a commitment counts, in the singular and the plural ('gemensam tillsyn', 'gemensamma tillsyner').

    Swedish (and English) nouns and adjectives agree with the number, so a target of one
    needs the singular. Without a singular form the plural is used, as before.
    """

    many: str
    one: str = ""

    def for_count(self, n: int) -> str:
        """The form that goes with `n`."""
        return (self.one.strip() or self.many.strip()) if n == 1 else (self.many.strip() or self.one.strip())

    @property
    def given(self) -> bool:
        """Whether anything is counted at all."""
        return bool(self.many.strip() or self.one.strip())


def target_text(target_count: int | None, frequency: str, unit: Unit, gettext: Gettext) -> str:
    """'at least 3 traffic operations per year', or a note that the target is missing."""
    if target_count is None or not is_measurable(target_count, unit):
        return gettext("No measurable target yet")
    return gettext("at least %(n)d %(unit)s %(per)s") % {
        "n": target_count,
        "unit": unit.for_count(target_count),
        "per": frequency_words(frequency, gettext),
    }


def progress_text(done: int, target: int | None, unit: Unit, gettext: Gettext) -> str:
    """'2 of 3 traffic operations done'; past the target, '4 traffic operations done (target 3)'."""
    if target is None:
        return gettext("%(done)d %(unit)s done") % {"done": done, "unit": unit.for_count(done)}
    if done > target:
        return gettext("%(done)d %(unit)s done (target %(target)d)") % {
            "done": done,
            "unit": unit.for_count(done),
            "target": target,
        }
    return gettext("%(done)d of %(target)d %(unit)s done") % {
        "done": done,
        "target": target,
        "unit": unit.for_count(target),
    }


def is_measurable(target_count: int | None, unit: Unit) -> bool:
    """Whether a commitment has a countable target: a whole number of something."""
    return target_count is not None and target_count >= 1 and unit.given
