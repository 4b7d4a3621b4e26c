"""Wall-clock time and instants across Swedish daylight saving (2026: 29 March and 25 October)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from analysis.localtime import NonexistentTime, day_start, exists, from_local, is_ambiguous, to_local
from analysis.periods import parse_period

SWEDEN = ZoneInfo("Europe/Stockholm")
UTC = dt.UTC


def test_winter_and_summer_time_have_their_own_offsets():
    assert from_local(dt.datetime(2026, 1, 15, 12, 0), SWEDEN) == dt.datetime(2026, 1, 15, 11, 0, tzinfo=UTC)
    assert from_local(dt.datetime(2026, 7, 1, 1, 30), SWEDEN) == dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert to_local(dt.datetime(2026, 3, 31, 23, 30, tzinfo=UTC), SWEDEN) == dt.datetime(2026, 4, 1, 1, 30)


def test_a_skipped_time_is_refused_with_the_time_the_clock_then_showed():
    gap = dt.datetime(2026, 3, 29, 2, 30)
    assert not exists(gap, SWEDEN) and not is_ambiguous(gap, SWEDEN)
    with pytest.raises(NonexistentTime) as refused:
        from_local(gap, SWEDEN)
    assert refused.value.suggestion == dt.datetime(2026, 3, 29, 3, 30)
    # Either side of the gap is fine.
    assert from_local(dt.datetime(2026, 3, 29, 1, 59), SWEDEN) == dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert from_local(dt.datetime(2026, 3, 29, 3, 0), SWEDEN) == dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_a_time_shown_twice_is_its_first_occurrence():
    twice = dt.datetime(2026, 10, 25, 2, 30)
    assert exists(twice, SWEDEN) and is_ambiguous(twice, SWEDEN)
    assert from_local(twice, SWEDEN) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    # Both instants read 02:30 on the clock.
    assert to_local(dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC), SWEDEN) == twice
    assert not is_ambiguous(dt.datetime(2026, 10, 25, 3, 0), SWEDEN)


def test_zones_must_be_said_the_right_way_round():
    with pytest.raises(ValueError, match="without a zone"):
        from_local(dt.datetime(2026, 1, 1, tzinfo=UTC), SWEDEN)
    with pytest.raises(ValueError, match="with a zone"):
        to_local(dt.datetime(2026, 1, 1), SWEDEN)
    with pytest.raises(ValueError, match="local time"):
        parse_period("month", "2026-04").contains(dt.datetime(2026, 3, 31, 23, 30, tzinfo=UTC))


def test_a_local_day_starts_at_local_midnight():
    assert day_start(dt.date(2026, 4, 1), SWEDEN) == dt.datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    assert day_start(dt.date(2026, 1, 1), SWEDEN) == dt.datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    # The days the clocks change are 23 and 25 hours long.
    assert day_start(dt.date(2026, 3, 30), SWEDEN) - day_start(dt.date(2026, 3, 29), SWEDEN) == dt.timedelta(
        hours=23
    )
    assert day_start(dt.date(2026, 10, 26), SWEDEN) - day_start(
        dt.date(2026, 10, 25), SWEDEN
    ) == dt.timedelta(hours=25)
    # Where midnight itself is skipped (Havana, spring forward 2026-03-08), the day starts at 01:00.
    havana = ZoneInfo("America/Havana")
    assert day_start(dt.date(2026, 3, 8), havana) == dt.datetime(2026, 3, 8, 5, 0, tzinfo=UTC)
