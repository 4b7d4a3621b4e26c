"""Commitment status from fixed dates: expected = target × elapsed share of the period."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.followup import CommitmentStatus, commitment_progress, elapsed_share, total_target

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("done", "target", "today", "status"),
    [
        (0, 3, dt.date(2025, 12, 1), CommitmentStatus.NOT_STARTED),  # before the period
        (0, 3, dt.date(2026, 3, 1), CommitmentStatus.NOT_STARTED),  # 0.49 due: nothing late yet
        (0, 3, dt.date(2026, 6, 1), CommitmentStatus.BEHIND),  # 1.25 due
        (1, 3, dt.date(2026, 6, 1), CommitmentStatus.ON_TRACK),
        (1, 3, dt.date(2026, 9, 30), CommitmentStatus.BEHIND),  # 2.25 due
        (2, 3, dt.date(2026, 9, 30), CommitmentStatus.ON_TRACK),
        (3, 3, dt.date(2026, 2, 1), CommitmentStatus.DONE),
        (4, 3, dt.date(2027, 2, 1), CommitmentStatus.DONE),
        (2, 3, dt.date(2027, 2, 1), CommitmentStatus.BEHIND),  # period over, target missed
        (5, None, dt.date(2026, 6, 1), CommitmentStatus.NO_TARGET),
    ],
)
def test_status_from_dates(done, target, today, status):
    assert commitment_progress(done, target, START, END, today).status == status


def test_expected_progress_is_target_times_elapsed_share():
    progress = commitment_progress(1, 12, START, END, dt.date(2026, 7, 1))
    assert elapsed_share(START, END, dt.date(2026, 7, 1)) == pytest.approx(182 / 365)
    assert progress.expected == pytest.approx(12 * 182 / 365, abs=0.01)
    assert progress.status == CommitmentStatus.BEHIND and progress.ratio == pytest.approx(1 / 12)
    assert elapsed_share(START, END, dt.date(2030, 1, 1)) == 1.0


def test_total_target_repeats_per_frequency():
    two_years = (dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    assert total_target(2, "year", *two_years) == 4
    assert total_target(1, "week", *two_years) == 104
    assert total_target(1, "month", *two_years) == 24
    assert total_target(1, "quarter", START, END) == 4
    assert total_target(3, "period", *two_years) == 3
    assert total_target(None, "year", *two_years) is None and total_target(0, "year", *two_years) is None
