"""Drafting a pledge from a round's priorities: figures from the database, suggestions, sections."""

from __future__ import annotations

import pytest

from surveys.insights.priorities import compute_priorities, save_priorities
from surveys.insights.report_data import build_report_data
from surveys.plans.document import PlanDoc, plan_doc
from surveys.plans.drafting import DraftRequest, build_draft
from surveys.plans.models import Plan, PlanVersion
from surveys.plans.templates import load_commitment_templates, templates_for
from tests.plan_helpers import PERIOD, analysed_round, draft, gettexts


@pytest.fixture
def world(session):
    return analysed_round(session)


def test_draft_has_the_sections_of_a_real_pledge_with_figures_from_the_data(session, world):
    plan = draft(session, world, areas=3)
    keys = [s.key for s in plan.sections]
    assert keys[0] == "problem_picture" and keys[-5:] == [
        "implementation",
        "communication",
        "follow_up",
        "timetable",
        "contact",
    ]
    report = build_report_data(session, world["citizen"], 5)
    assert [s.theme for s in plan.sections if s.theme] == [s.theme for s in report.sections[:3]]
    drugs = plan.section("area:narkotika")
    expected = report.sections[0]
    assert expected.theme == "narkotika"
    body = drugs.body["en"]
    assert (
        f"{round(expected.share * 100)}% of those who answered ({expected.respondents.value} people)" in body
    )
    assert drugs.figures["respondents"] == 18 and drugs.figures["share"] == pytest.approx(0.5)
    assert "risen from 25% to 50%" in body  # 5 of 20 in 2025, 18 of 36 now
    assert "Narkotikabrott: 40 in 2024 and 50 in 2025 (+25%)" in body
    assert all(f"> {q}" in body for q in expected.quotes) and expected.quotes
    opening = plan.section("problem_picture").body["sv"]
    assert (
        "36 people answered in the 2026 round" in opening and "24 residents and 12 staff members" in opening
    )
    assert plan.title == {"sv": "Citizen pledges 2026–2027", "en": "Citizen pledges 2026–2027"}
    assert plan.slug == "testkommun-2026-2027" and {p.slug for p in plan.parties} == {
        "testkommun",
        "lpo-test",
    }


def test_each_area_gets_suggested_measurable_commitments_over_the_period(session, world):
    plan = draft(session, world, areas=2)
    for section in plan.sections:
        if section.theme:
            assert len(section.commitments) == 2
            for c in section.commitments:
                assert c.theme == section.theme and c.target_count >= 1 and c.unit["sv"] and c.unit["en"]
                assert (c.period_start, c.period_end) == PERIOD
                assert section.theme in load_commitment_templates()[c.template_code].themes


def test_saved_priorities_decide_the_areas(session, world):
    ranked, evidence, _ = compute_priorities(
        session, world["citizen"], None, {"belysning": (1, "Dark winters")}
    )
    save_priorities(session, world["citizen"], ranked, evidence, None, None)
    doc = build_draft(
        session, world["citizen"], DraftRequest(*PERIOD, parties=("Testkommun",), areas=1), gettexts(), 5
    )
    assert [s.theme for s in doc.areas] == ["belysning"]
    chosen = build_draft(
        session,
        world["citizen"],
        DraftRequest(*PERIOD, parties=("X",), themes=("vald", "narkotika")),
        gettexts(),
        5,
    )
    assert [s.theme for s in chosen.areas] == ["narkotika", "vald"]


def test_privacy_floor_hides_small_areas(session, world):
    doc = build_draft(
        session, world["citizen"], DraftRequest(*PERIOD, parties=("X",), themes=("vald",)), gettexts(), 10
    )
    body = doc.areas[0].body_in("sv")
    assert "Fewer than 10 people raised this area" in body and "Hot mot" not in body
    assert doc.areas[0].figures["respondents"] is None


def test_draft_is_stored_as_version_one_and_round_trips(session, world):
    plan = draft(session, world)
    versions = session.query(PlanVersion).filter_by(plan_id=plan.id).all()
    assert [v.number for v in versions] == [1] and versions[0].note == "created"
    again = PlanDoc.from_dict(versions[0].snapshot)
    assert again == plan_doc(session.get(Plan, plan.id))


def test_templates_cover_every_problem_area_in_both_languages():
    from analysis.taxonomy import load_taxonomy

    for code in load_taxonomy().codes:
        if code == "ovrigt":
            continue
        specific = [t for t in templates_for(code) if code in t.themes]
        assert len(specific) >= 2, code
    for t in load_commitment_templates().values():
        assert t.activity["sv"] and t.activity["en"] and t.unit["sv"] and t.unit["en"]
        assert t.responsible in {"police", "municipality", "both"} and t.target_count >= 1
