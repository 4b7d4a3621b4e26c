"""Versions of an action plan carry each measure's working group, place and period; pledges read as before."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from surveys.accounts.models import Role
from surveys.plans.commitment_models import Commitment
from surveys.plans.document import PlanDoc, plan_doc
from surveys.plans.drafting import DraftRequest, build_draft, create_plan
from surveys.plans.editing import CommitmentInput, update_commitment, update_title
from surveys.plans.versions import compare_versions, doc_lines
from surveys.plans.working_groups import GroupInput, create_group
from tests.factories import make_user
from tests.plan_helpers import PERIOD, analysed_round, draft, gettexts


def english(message: str) -> str:
    return message


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    found = analysed_round(session)
    found["analyst"] = make_user(session, found["org"], Role.ANALYST)
    found["groups"] = [
        create_group(session, found["org"].id, GroupInput(name), found["analyst"])
        for name in ("Trygg stadskärna", "Trafikgruppen")
    ]
    return found


def _terms(c: Commitment, **changes) -> CommitmentInput:  # type: ignore[no-untyped-def]
    return dataclasses.replace(CommitmentInput.of(c), **changes)


def _changes(plan, first: int, second: int) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    diff = compare_versions(plan, first, second, "en", english)
    assert diff is not None
    return [d.text for d in diff if d.kind == "removed"], [d.text for d in diff if d.kind == "added"]


def test_comparing_versions_shows_a_changed_working_group_place_and_period(session, world):
    plan = draft(session, world, world["analyst"], kind="action_plan")
    stad, trafik = world["groups"]
    measure = plan.commitments[0]
    at_the_square = _terms(measure, working_group_id=stad.id, place="Stortorget")
    update_commitment(session, plan, measure, at_the_square, world["analyst"])
    removed, added = _changes(plan, 1, 2)
    assert removed == [] and added == ["  Working group: Trygg stadskärna", "  Place: Stortorget"]
    summer = {"period_start": dt.date(2026, 4, 1), "period_end": dt.date(2026, 9, 30)}
    update_commitment(
        session,
        plan,
        measure,
        _terms(measure, working_group_id=trafik.id, place="Storgatan", **summer),
        world["analyst"],
    )
    removed, added = _changes(plan, 2, 3)
    assert removed == [
        "  Working group: Trygg stadskärna",
        "  Place: Stortorget",
        "  Period: 2026-01-01 – 2027-12-31",
    ]
    assert added == [
        "  Working group: Trafikgruppen",
        "  Place: Storgatan",
        "  Period: 2026-04-01 – 2026-09-30",
    ]
    # The version keeps the group's name as it was decided, whatever the group is called later.
    trafik.name = "Trafik och skolvägar"
    session.commit()
    assert "  Working group: Trafikgruppen" in doc_lines(
        PlanDoc.from_dict(plan.versions[-1].snapshot), "en", english
    )


def test_a_pledge_reads_as_before(session, world):
    plan = draft(session, world, world["analyst"])
    lines = doc_lines(plan_doc(plan), "en", english)
    assert not [line for line in lines if line.startswith(("  Working group", "  Place", "  Period"))]
    measure = plan.commitments[0]
    own_period = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 12, 31)}
    update_commitment(session, plan, measure, _terms(measure, **own_period), world["analyst"])
    removed, added = _changes(plan, 1, 2)
    assert removed == [] and added == ["  Period: 2026-01-01 – 2026-12-31"], "a period of its own shows"


def test_versions_saved_before_groups_and_places_still_open(session, world):
    plan = draft(session, world, world["analyst"], kind="action_plan")
    snapshot = plan_doc(plan).to_dict()
    for section in snapshot["sections"]:
        for commitment in section["commitments"]:
            del commitment["working_group"], commitment["place"]
    old = PlanDoc.from_dict(snapshot)
    assert {(c.working_group, c.place) for c in old.commitments} == {("", "")}
    assert old.commitments[0].period_start == PERIOD[0]
    assert dataclasses.asdict(old) == dataclasses.asdict(plan_doc(plan))


def test_parties_read_the_same_in_the_first_version_and_later_ones(session, world):
    request = DraftRequest(*PERIOD, parties=("Testkommun", "Lokalpolisområde Test"), areas=1)
    doc = build_draft(session, world["citizen"], request, gettexts(), min_group=5)
    plan = create_plan(session, world["citizen"], doc, [world["org"], world["police"]], world["org"], None)
    update_title(session, plan, {"sv": "Ny titel"}, world["analyst"])
    session.expire_all()  # the parties come back from the database in name order
    update_title(session, plan, {"sv": "Ny titel igen"}, world["analyst"])
    removed, added = _changes(plan, 1, 3)
    assert not [line for line in removed + added if line.startswith("Parties")]
