"""A round's incidence indexes and cross-tab counts equal a plain walk over its answers.

`RoundData` builds its indexes once and `load_round` shares a round within a session; the
reference here is the per-answer computation they replaced, and a review change must show
at the next read.
"""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from surveys.answering.submission import submit_response
from surveys.demo.generator import generate_answer
from surveys.insights.breakdown import (
    DIMENSIONS,
    NOT_STATED,
    RESPONDENT_DIMENSIONS,
    FilterTooNarrow,
    area_table,
    dimension_values,
    filter_choices,
    filtered_respondents,
    raisers,
)
from surveys.insights.rounds import RoundData, load_round, round_surveys
from surveys.review import actions
from surveys.review.runs import execute_run, start_run
from tests.factories import make_org, make_survey

AREAS = ["Centrum", "Norr", "Söder"]
FLOOR = 3


def _answer(session, survey, rng, count):
    free = [q for q in survey.questions if q.question_type.value == "free_text"]
    area = next((q for q in survey.questions if q.key == "area"), None)
    age = next((q for q in survey.questions if q.key == "age_band"), None)
    for n in range(count):
        values = {q.id: generate_answer(rng).text for q in free if q.required or rng.random() < 0.7}
        if area is not None and rng.random() < 0.9:
            values[area.id] = rng.choice(AREAS)
        if age is not None and age.options and rng.random() < 0.8:
            values[age.id] = rng.choice(age.options).value
        if not values:
            values = {free[0].id: generate_answer(rng).text}
        submit_response(
            session,
            survey,
            values,
            submission_token=f"{survey.slug}-{n}",
            language="en" if rng.random() < 0.2 else "sv",
            enforce_open=False,
        )
    execute_run(session, start_run(session, survey, seed=1).id)


@pytest.fixture
def round_surveys_(session):
    org = make_org(session, areas=AREAS)
    rng = random.Random(11)
    citizen = make_survey(session, org, series="dialog", round_label="2026")
    staff = make_survey(session, org, template="staff_dialogue", series="personal", round_label="2026")
    _answer(session, citizen, rng, 70)
    _answer(session, staff, rng, 30)
    return citizen, staff


def _reference(data: RoundData) -> tuple[dict, dict]:
    """The walk over every state's counted answers that the indexes replace."""
    raised: dict = defaultdict(lambda: defaultdict(set))
    answered: dict = defaultdict(set)
    for state in data.states:
        for answer in state.counted_answers():
            answered[answer.response_id].add(str(answer.question_id))
            for theme in set(answer.themes):
                raised[theme][answer.response_id].add(str(answer.question_id))
    return {t: dict(by) for t, by in raised.items()}, dict(answered)


def _column(data: RoundData, by: str | None, rid: int, questions: set[str]) -> set[str]:
    if by is None:
        return {"all"}
    if by == "question":
        return questions
    respondent = data.respondents.get(rid)
    return {(getattr(respondent, by) if respondent else "") or NOT_STATED}


def test_indexes_equal_a_walk_over_the_counted_answers(session, round_surveys_):
    citizen, _staff = round_surveys_
    data = load_round(session, round_surveys(session, citizen))
    raised, answered = _reference(data)
    assert len(data.states) == 2 and len(answered) > 50
    assert data.raised == raised
    assert list(data.raised) == list(raised)  # the row order of every table follows it
    assert data.answered == answered
    for theme, answers in data.counted_by_theme.items():
        expected = [a for s in data.states for a in s.counted_answers() if theme in a.themes]
        assert list(answers) == expected
    for rid, themes in data.raised_by_respondent.items():
        assert themes == {t: by[rid] for t, by in raised.items() if rid in by}


@pytest.mark.parametrize("by", [None, *DIMENSIONS])
def test_every_shown_cell_counts_the_column_s_respondents_raising_the_area(session, round_surveys_, by):
    citizen, _staff = round_surveys_
    data = load_round(session, round_surveys(session, citizen))
    raised, answered = _reference(data)
    table = area_table(data, by, {}, FLOOR)
    expected: dict = defaultdict(lambda: defaultdict(int))
    sizes: dict = defaultdict(int)
    for rid, questions in answered.items():
        for column in _column(data, by, rid, questions):
            sizes[column] += 1
            for theme, by_respondent in raised.items():
                if rid in by_respondent and (by != "question" or column in by_respondent[rid]):
                    expected[theme][column] += 1
    assert [theme for theme, _cells in table.rows] != []
    assert {theme for theme, _cells in table.rows} == set(raised)
    shown = 0
    for theme, cells in table.rows:
        for column, cell in cells.items():
            if cell.count.value is not None:
                assert cell.count.value == expected[theme][column], (theme, column)
                shown += 1
    assert shown > 0
    for column, total in table.totals.items():
        assert total.value in (None, sizes[column])


def test_a_filtered_table_counts_only_the_filtered_respondents(session, round_surveys_):
    citizen, _staff = round_surveys_
    data = load_round(session, round_surveys(session, citizen))
    raised, answered = _reference(data)
    try:
        table = area_table(data, "area", {"group": "resident"}, FLOOR)
    except FilterTooNarrow:  # pragma: no cover - the fixture has both groups
        pytest.fail("the fixture's groups are both large enough")
    residents = {rid for rid in answered if data.respondents[rid].group == "resident"}
    for theme, cells in table.rows:
        for column, cell in cells.items():
            if cell.count.value is not None:
                people = {
                    rid
                    for rid in raised[theme]
                    if rid in residents and (data.respondents[rid].area or NOT_STATED) == column
                }
                assert cell.count.value == len(people)


def test_a_round_is_read_once_per_session_until_it_writes(session, round_surveys_):
    citizen, _staff = round_surveys_
    surveys = round_surveys(session, citizen)
    first = load_round(session, surveys)
    assert load_round(session, surveys) is first
    session.commit()
    assert load_round(session, surveys) is not first


def test_an_answer_moved_to_another_area_moves_at_once(session, round_surveys_):
    citizen, _staff = round_surveys_
    surveys = round_surveys(session, citizen)
    before = load_round(session, surveys)
    answer = next(a for a in before.counted if "vald" not in a.themes)
    actions.set_themes(session, citizen, answer.answer_id, ["vald"], None)
    after = load_round(session, surveys)
    assert after is not before
    assert answer.response_id in raisers(after)["vald"]
    moved = next(a for a in after.counted if a.answer_id == answer.answer_id)
    assert moved.themes == ("vald",)
    assert after.raised == _reference(after)[0]
    for theme in answer.themes:
        others = [a for a in after.counted if a.response_id == answer.response_id and theme in a.themes]
        assert (answer.response_id in after.raised.get(theme, {})) == bool(others)


def test_a_flagged_answer_stops_counting_at_once(session, round_surveys_):
    citizen, _staff = round_surveys_
    surveys = round_surveys(session, citizen)
    before = load_round(session, surveys)
    answer = before.counted[0]
    actions.flag_answer(session, citizen, answer.answer_id, "irrelevant", None)
    after = load_round(session, surveys)
    assert answer.answer_id not in {a.answer_id for a in after.counted}
    assert after.raised == _reference(after)[0]
    assert after.answered == _reference(after)[1]


@pytest.mark.parametrize("floor", [3, 10, 25])
def test_filter_choices_offer_exactly_the_filters_that_would_be_applied(session, round_surveys_, floor):
    citizen, _staff = round_surveys_
    data = load_round(session, round_surveys(session, citizen))
    _raised, answered = _reference(data)
    offered = {d: {v.value for v in values} for d, values in filter_choices(data, "sv", floor).items()}
    expected: dict = {}
    for dimension in RESPONDENT_DIMENSIONS:
        for value in dimension_values(data, dimension, "sv"):
            if value.value == NOT_STATED:
                continue
            try:
                filtered_respondents(data, {dimension: value.value}, floor)
            except FilterTooNarrow:
                continue
            expected.setdefault(dimension, set()).add(value.value)
    for value in dimension_values(data, "question", "sv"):
        if sum(1 for qs in answered.values() if value.value in qs) >= floor:
            expected.setdefault("question", set()).add(value.value)
    assert offered == expected
    assert offered  # the fixture has filters to offer
