"""Priorities of a round: evidence from residents, staff, earlier rounds and indicators."""

from __future__ import annotations

import pytest

from surveys.answering.submission import submit_response
from surveys.insights.models import IndicatorValue
from surveys.insights.priorities import compute_priorities, save_priorities, saved_priorities
from surveys.insights.rounds import previous_round_surveys, round_surveys
from surveys.review.runs import execute_run, start_run
from tests.factories import make_org, make_survey

RESIDENT_TEXTS = (
    ["Knark säljs vid skolan"] * 12 + ["Bilar kör för fort på Storgatan"] * 6 + ["Trasiga gatlampor"] * 6
)
STAFF_TEXTS = ["Elever säger att det är lätt att köpa narkotika"] * 6 + ["Hot mot personalen"] * 6
OLD_TEXTS = ["Fortkörning vid skolan"] * 10 + ["Narkotika bland unga"] * 5 + ["Mörkt i parken"] * 5


def _answer(session, survey, key, texts, scale=None):
    question = next(q for q in survey.questions if q.key == key)
    safety = next((q for q in survey.questions if q.key == "safety_night"), None)
    for n, text in enumerate(texts):
        values = {question.id: text}
        if safety is not None and scale is not None:
            values[safety.id] = scale
        submit_response(
            session, survey, values, submission_token=f"{survey.slug}-{n}", language="sv", enforce_open=False
        )
    execute_run(session, start_run(session, survey).id)


@pytest.fixture
def round_2026(session):
    org = make_org(session)
    old = make_survey(session, org, series="dialog", round_label="2025", status="closed")
    citizen = make_survey(session, org, series="dialog", round_label="2026")
    staff = make_survey(session, org, template="staff_dialogue", series="personal", round_label="2026")
    _answer(session, old, "priorities", OLD_TEXTS)
    _answer(session, citizen, "priorities", RESIDENT_TEXTS, scale=2)
    _answer(session, staff, "seen_in_work", STAFF_TEXTS)
    return org, citizen, staff, old


def test_round_groups_resident_and_staff_surveys_and_finds_the_previous_round(session, round_2026):
    org, citizen, staff, old = round_2026
    assert {s.id for s in round_surveys(session, citizen)} == {citizen.id, staff.id}
    assert previous_round_surveys(session, [citizen, staff]) == [old]


def test_evidence_and_ranking(session, round_2026):
    org, citizen, staff, old = round_2026
    session.add_all(
        [
            IndicatorValue(
                organisation_id=org.id,
                period="2025",
                area="",
                indicator="Narkotikabrott",
                theme="narkotika",
                value=40,
            ),
            IndicatorValue(
                organisation_id=org.id,
                period="2026",
                area="",
                indicator="Narkotikabrott",
                theme="narkotika",
                value=50,
            ),
        ]
    )
    session.commit()
    ranked, evidence, data = compute_priorities(session, citizen)
    drugs = evidence["narkotika"]
    assert drugs.respondents == 18 and drugs.share == pytest.approx(18 / 36)
    assert drugs.share_residents == pytest.approx(12 / 24) and drugs.share_staff == pytest.approx(6 / 12)
    assert drugs.previous_share == pytest.approx(5 / 20)
    assert drugs.indicator_change == pytest.approx(0.25)
    assert drugs.severity == pytest.approx(0.75)  # feeling 2 of 5 at night → (5 - 2) / 4
    assert ranked[0].theme == "narkotika"
    assert evidence["vald"].share_residents == 0.0 and evidence["vald"].share_staff == pytest.approx(0.5)
    assert "ovrigt" not in evidence


def test_saved_list_keeps_parts_and_overrides(session, round_2026):
    org, citizen, staff, old = round_2026
    weights = {"share": 1, "severity": 0, "trend": 0, "agreement": 0, "indicator": 0}
    ranked, evidence, _ = compute_priorities(
        session, citizen, weights, {"belysning": (1, "Many dark paths in winter")}
    )
    saved = save_priorities(session, citizen, ranked, evidence, weights, None)
    again = saved_priorities(session, staff)  # the same round, seen from the staff survey
    assert again.id == saved.id
    assert [i.theme for i in again.items][0] == "belysning"
    assert again.items[0].override_reason == "Many dark paths in winter"
    assert again.items[1].parts["share"] == pytest.approx(1.0) and again.weights["share"] == 1.0
