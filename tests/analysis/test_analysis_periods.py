"""Period arithmetic of the continuous situation picture."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.periods import change, parse_period, period_containing, shift_months, shift_years


def test_iso_weeks_start_on_monday_and_cross_years():
    week = period_containing("week", dt.date(2026, 1, 1))
    assert (week.start, week.end, week.label) == (dt.date(2025, 12, 29), dt.date(2026, 1, 5), "2026-W01")
    assert week.previous().label == "2025-W52"
    assert week.next().label == "2026-W02"
    assert week.days == 7 and week.contains(dt.datetime(2026, 1, 4, 23, 59))


def test_months_and_quarters_and_their_previous_periods():
    march = period_containing("month", dt.date(2024, 3, 31))
    assert (march.start, march.last_day) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert march.label == "2024-03"
    assert march.previous().label == "2024-02" and march.previous().days == 29
    january = period_containing("month", dt.date(2026, 1, 15))
    assert january.previous().label == "2025-12"
    q1 = period_containing("quarter", dt.date(2026, 2, 10))
    assert (q1.start, q1.end, q1.label) == (dt.date(2026, 1, 1), dt.date(2026, 4, 1), "2026-Q1")
    assert q1.previous().start == dt.date(2025, 10, 1)
    assert period_containing("quarter", dt.date(2026, 12, 31)).end == dt.date(2027, 1, 1)


@pytest.mark.parametrize("kind,label", [("week", "2026-W05"), ("month", "2026-11"), ("quarter", "2025-Q4")])
def test_labels_round_trip(kind, label):
    assert parse_period(kind, label).label == label


@pytest.mark.parametrize(
    "kind,label",
    [("week", "2026-W54"), ("month", "2026-13"), ("quarter", "2026-Q5"), ("year", "2026"), ("month", "mars")],
)
def test_bad_labels_are_refused(kind, label):
    with pytest.raises(ValueError):
        parse_period(kind, label)


def test_change_hides_what_cannot_be_shown():
    assert change(6, 4) == (2, 0.5)
    assert change(3, 0) == (3, None)
    assert change(None, 4) == (None, None)


def test_shifting_by_calendar_years_keeps_the_day_and_turns_a_leap_day_into_28_february():
    assert shift_years(dt.date(2026, 6, 15), -1) == dt.date(2025, 6, 15)
    assert shift_years(dt.date(2024, 3, 1), -1) == dt.date(2023, 3, 1)  # not 365 days: 2 March
    assert shift_years(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)
    assert shift_years(dt.date(2024, 2, 29), -1) == dt.date(2023, 2, 28)
    assert shift_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert shift_years(dt.date(2025, 12, 31), 1) == dt.date(2026, 12, 31)
    assert shift_years(dt.date(2026, 1, 1), -1) == dt.date(2025, 1, 1)
    assert shift_years(dt.date(2026, 5, 4), 0) == dt.date(2026, 5, 4)
    moved = shift_years(dt.datetime(2024, 2, 29, 13, 30), -2)
    assert moved == dt.datetime(2022, 2, 28, 13, 30)


def test_shifting_by_calendar_months_crosses_year_ends_and_keeps_to_the_month():
    assert shift_months(dt.date(2025, 12, 15), 1) == dt.date(2026, 1, 15)
    assert shift_months(dt.date(2026, 1, 15), -1) == dt.date(2025, 12, 15)
    assert shift_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert shift_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)
    assert shift_months(dt.date(2026, 3, 31), 1) == dt.date(2026, 4, 30)
    assert shift_months(dt.date(2026, 3, 1), -27) == dt.date(2023, 12, 1)
    assert shift_months(dt.date(2026, 11, 1), 3) == dt.date(2027, 2, 1)
    with pytest.raises(ValueError):
        shift_months(dt.date(9999, 12, 1), 1)
    with pytest.raises(ValueError):
        shift_years(dt.date(1, 1, 1), -1)
