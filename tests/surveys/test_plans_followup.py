"""Follow-up: activities logged against commitments, progress, what is behind, the newer round."""

from __future__ import annotations

import datetime as dt

import pytest

from surveys.plans.errors import PlanInvalid, PlanNotAllowed, PlanStateError
from surveys.plans.followup import (
    ActivityInput,
    behind_commitments,
    follow_up_report,
    log_activity,
    plan_follow_up,
    remove_activity,
)
from surveys.plans.workflow import transition
from tests.plan_helpers import analysed_round, draft, published


@pytest.fixture
def world(session):
    return analysed_round(session, with_newer=True)


def test_activities_count_towards_the_target_and_set_the_status(session, world):
    plan, users = published(session, world)
    drugs = plan.section("area:narkotika").commitments[0]  # at least 2 targeted operations a year
    assert drugs.frequency == "year" and drugs.target_count == 2
    log_activity(
        session,
        plan,
        drugs,
        ActivityInput(
            dt.date(2026, 3, 14), "Insats vid skolan", 1, "Centrum", "Med socialtjänsten", "Polisen"
        ),
        users["police"],
    )
    item = next(i for i in plan_follow_up(plan, dt.date(2027, 2, 1)) if i.id == drugs.id)
    assert (
        item.target == 4 and item.progress.done == 1 and item.status == "behind"
    )  # 4 over two years: 2.2 due
    log_activity(
        session, plan, drugs, ActivityInput(dt.date(2026, 6, 1), "Insats i Norr", 1), users["analyst"]
    )
    item = next(i for i in plan_follow_up(plan, dt.date(2027, 2, 1)) if i.id == drugs.id)
    assert item.status == "on_track" and item.activities[0].place == "Centrum"
    statuses = {i.id: i.status for i in plan_follow_up(plan, dt.date(2027, 2, 1))}
    behind = behind_commitments([plan], dt.date(2027, 2, 1))
    assert {i.id for _, i in behind} == {cid for cid, s in statuses.items() if s == "behind"}
    assert drugs.id not in {i.id for _, i in behind}


def test_logging_needs_an_editor_and_an_approved_plan(session, world):
    plan, users = published(session, world)
    commitment = plan.commitments[0]
    with pytest.raises(PlanNotAllowed):
        log_activity(session, plan, commitment, ActivityInput(dt.date(2026, 2, 1), "x"), users["viewer"])
    with pytest.raises(PlanNotAllowed):
        log_activity(
            session, plan, commitment, ActivityInput(dt.date(2026, 2, 1), "x"), users["steering_group"]
        )
    activity = log_activity(
        session, plan, commitment, ActivityInput(dt.date(2026, 2, 1), "x"), users["admin"]
    )
    remove_activity(session, plan, activity, users["admin"])
    assert commitment.done_count == 0
    fresh = draft(session, world)
    with pytest.raises(PlanStateError):
        log_activity(
            session, fresh, fresh.commitments[0], ActivityInput(dt.date(2026, 2, 1), "x"), users["admin"]
        )
    transition(session, plan, "close", users["analyst"])
    log_activity(
        session,
        plan,
        commitment,
        ActivityInput(dt.date(2027, 12, 1), "Sent inlagd"),
        users["admin"],
        today=dt.date(2028, 1, 10),
    )


def test_activities_before_the_period_or_in_the_future_are_refused(session, world):
    plan, users = published(session, world)
    commitment = plan.commitments[0]
    today = dt.date(2026, 12, 1)
    before = plan.period_start - dt.timedelta(days=1)
    tomorrow = today + dt.timedelta(days=1)
    for day, reason in ((before, "activity_before_period"), (tomorrow, "activity_in_future")):
        with pytest.raises(PlanInvalid) as refused:
            log_activity(
                session, plan, commitment, ActivityInput(day, "Fel datum"), users["admin"], today=today
            )
        assert refused.value.args == (reason,)
    session.rollback()
    assert commitment.done_count == 0
    late = plan.period_end + dt.timedelta(days=1)
    with pytest.raises(PlanInvalid):
        log_activity(session, plan, commitment, ActivityInput(late, "Efter"), users["admin"], today=late)


def test_follow_up_report_compares_the_newer_round_with_the_plan_figures(session, world):
    plan, users = published(session, world)
    report = follow_up_report(session, plan, dt.date(2027, 6, 1), 5)
    assert len(report.commitments) == len(plan.commitments) == 6
    comparison = report.comparison
    assert (comparison.base_round, comparison.newer_round) == ("2026", "2027")
    assert comparison.before_respondents == 36 and comparison.after_respondents == 20
    rows = {r.theme: r for r in comparison.rows}
    assert rows["narkotika"].before == pytest.approx(0.5) and rows["narkotika"].after == pytest.approx(0.25)
    assert sum(report.by_status.values()) == 6


def test_no_comparison_without_a_newer_round(session):
    world = analysed_round(session)
    plan, _ = published(session, world)
    assert follow_up_report(session, plan, dt.date(2026, 6, 1), 5).comparison is None
