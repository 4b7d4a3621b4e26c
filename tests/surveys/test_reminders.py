"""The cycle's reminders as a pure function of dates."""

from __future__ import annotations

import datetime as dt

from surveys.plans.reminders import CycleData, PledgeDate, due_reminders, last_completed_period

TODAY = dt.date(2026, 11, 23)  # a Monday
ALL_ASSESSED = frozenset(
    {("week", dt.date(2026, 11, 16)), ("month", dt.date(2026, 10, 1)), ("quarter", dt.date(2026, 7, 1))}
)


def _data(**fields):  # type: ignore[no-untyped-def]
    base = {
        "organisation_id": 1,
        "organisation_name": "Luleå kommun",
        "situation_picture_on": dt.date(2026, 3, 1),
        "action_plan_on": dt.date(2026, 4, 1),
        "pledges": (),
        "assessed": ALL_ASSESSED,
    }
    return CycleData(**{**base, **fields})


def _kinds(data: CycleData, today: dt.date = TODAY) -> dict[str, tuple[dt.date | None, bool]]:
    return {r.kind: (r.due_on, r.overdue) for r in due_reminders(data, today)}


def test_nothing_is_due_when_everything_is_recent():
    assert due_reminders(_data(), TODAY) == []


def test_missing_situation_picture_and_action_plan_are_overdue():
    found = _kinds(_data(situation_picture_on=None, action_plan_on=None))
    assert found == {"situation_picture": (None, True), "action_plan": (None, True)}


def test_an_action_plan_older_than_two_years_is_overdue_and_one_near_two_years_is_due():
    assert _kinds(_data(action_plan_on=dt.date(2024, 11, 1))) == {"action_plan": (dt.date(2026, 11, 1), True)}
    assert _kinds(_data(action_plan_on=dt.date(2024, 12, 20))) == {
        "action_plan": (dt.date(2026, 12, 20), False)
    }
    assert _kinds(_data(action_plan_on=dt.date(2025, 3, 1))) == {}


def test_pledge_follow_up_due_within_sixty_days_or_past():
    pledges = (
        PledgeDate("past", {"sv": "Gamla löften"}, dt.date(2026, 10, 31)),
        PledgeDate("soon", {"sv": "Snart"}, dt.date(2027, 1, 15)),
        PledgeDate("later", {"sv": "Senare"}, dt.date(2027, 12, 31)),
    )
    found = [(r.subject, r.overdue) for r in due_reminders(_data(pledges=pledges), TODAY)]
    assert found == [("past", True), ("soon", False)]


def test_periodic_pictures_without_an_assessment_of_the_last_completed_period_are_due():
    found = _kinds(_data(assessed=frozenset({("week", dt.date(2026, 11, 16))})))
    assert found == {
        "periodic_month": (dt.date(2026, 11, 15), True),
        "periodic_quarter": (dt.date(2026, 10, 31), True),
    }
    week = _kinds(
        _data(assessed=frozenset({("month", dt.date(2026, 10, 1)), ("quarter", dt.date(2026, 7, 1))}))
    )
    assert week == {"periodic_week": (dt.date(2026, 11, 30), False)}
    labels = {r.kind: r.subject for r in due_reminders(_data(assessed=frozenset()), TODAY)}
    assert labels == {"periodic_week": "2026-W47", "periodic_month": "2026-10", "periodic_quarter": "2026-Q3"}


def test_overdue_items_come_first():
    data = _data(situation_picture_on=None, assessed=frozenset())
    assert due_reminders(data, TODAY)[0].kind == "situation_picture"


def test_helpers():
    # A situation picture from a leap day is due two calendar years on, on 28 February.
    leap = _kinds(_data(situation_picture_on=dt.date(2024, 2, 29)), dt.date(2026, 3, 1))
    assert leap["situation_picture"] == (dt.date(2026, 2, 28), True)
    assert last_completed_period("week", TODAY) == (dt.date(2026, 11, 16), "2026-W47")
    assert last_completed_period("quarter", dt.date(2026, 1, 5)) == (dt.date(2025, 10, 1), "2025-Q4")


def test_an_unassessed_quarter_is_overdue_two_months_after_it_ended():
    today = dt.date(2026, 12, 1)
    assessed = frozenset({("week", dt.date(2026, 11, 23)), ("month", dt.date(2026, 11, 1))})
    (reminder,) = due_reminders(_data(assessed=assessed), today)
    assert (reminder.kind, reminder.subject, reminder.overdue) == ("periodic_quarter", "2026-Q3", True)
    assert reminder.due_on == dt.date(2026, 10, 31)
    soon = due_reminders(_data(assessed=assessed), dt.date(2026, 10, 20))
    assert [(r.kind, r.overdue) for r in soon if r.kind == "periodic_quarter"] == [
        ("periodic_quarter", False)
    ]
