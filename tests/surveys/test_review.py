"""Review actions change what officials see, can be undone, and survive a new analysis run."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from surveys.answering.submission import submit_response
from surveys.demo.generator import generate_answer
from surveys.review import actions
from surveys.review.models import ReviewAction
from surveys.review.run_models import AnalysisRun
from surveys.review.runs import execute_run, start_run
from surveys.review.state import load_state
from tests.factories import make_single_page_survey, make_user


def _analysed(session, count=60, seed=4):
    survey = make_single_page_survey(session)
    concern = survey.questions[0]
    rng = random.Random(seed)
    for n in range(count):
        submit_response(
            session, survey, {concern.id: generate_answer(rng).text}, submission_token=f"r{n}", language="sv"
        )
    run = start_run(session, survey, seed=1)
    execute_run(session, run.id)
    return survey, session.get(AnalysisRun, run.id)


def _rerun(session, survey):
    run = start_run(session, survey, seed=7)
    execute_run(session, run.id)
    return session.get(AnalysisRun, run.id)


def test_rename_changes_the_label_and_survives_a_rerun(session):
    survey, run = _analysed(session)
    user = make_user(session, survey.organisation)
    biggest = load_state(session, survey, run).clusters[0]
    actions.rename_cluster(session, survey, run, biggest.key, "Langning vid resecentrum", user)
    state = load_state(session, survey, run)
    renamed = next(c for c in state.clusters if c.label == "Langning vid resecentrum")
    assert {m.answer_id for m in renamed.members} == {m.answer_id for m in biggest.members}
    after = load_state(session, survey, _rerun(session, survey))
    kept = next(c for c in after.clusters if c.label == "Langning vid resecentrum")
    assert {m.answer_id for m in biggest.members} <= {m.answer_id for m in kept.members}
    logged = session.scalar(select(ReviewAction))
    assert logged.user_id == user.id and logged.kind == "rename" and logged.created_at is not None


def test_merge_moves_every_answer_and_counts_change(session):
    survey, run = _analysed(session)
    first, second = load_state(session, survey, run).clusters[:2]
    actions.merge_clusters(session, survey, run, [second.key], first.key, None)
    state = load_state(session, survey, run)
    merged = next(c for c in state.clusters if c.label == first.label)
    assert merged.size == first.size + second.size
    assert state.cluster(second.key) is None


def test_split_recluster_inside_one_cluster(session):
    survey, run = _analysed(session, count=80)
    target = load_state(session, survey, run).clusters[0]
    actions.split_cluster(session, survey, run, target.key, 2, None)
    state = load_state(session, survey, run)
    parts = [c for c in state.clusters if c.label.startswith(f"{target.label}: ")]
    assert len(parts) == 2 and sum(p.size for p in parts) == target.size
    # Each part is described by its own answers, not by the words of the cluster it came from.
    first, second = (set(p.top_terms) for p in parts)
    assert first and second and first != second
    for part in parts:
        words = " ".join(m.text_redacted.lower() for m in part.members)
        assert all(term in words for term in part.top_terms)
    with pytest.raises(actions.ReviewError):
        actions.split_cluster(session, survey, run, parts[0].key, 99, None)


def test_move_set_second_area_flag_and_undo(session):
    survey, run = _analysed(session)
    state = load_state(session, survey, run)
    source, target = state.clusters[0], state.clusters[1]
    answer = source.members[0]
    actions.move_answers(session, survey, run, [answer.answer_id], target.key, None)
    moved = load_state(session, survey, run)
    assert any(
        m.answer_id == answer.answer_id for c in moved.clusters if c.label == target.label for m in c.members
    )
    actions.set_themes(session, survey, answer.answer_id, ["narkotika", "polisnarvaro"], None)
    actions.flag_answer(session, survey, answer.answer_id, "abusive", None)
    flagged = load_state(session, survey, run)
    assert answer.answer_id not in {a.answer_id for a in flagged.counted_answers()}
    # Undo flag, then areas, then the move: back to the original state.
    for _ in range(3):
        assert actions.undo_last(session, survey, None) is not None
    restored = load_state(session, survey, run)
    back = next(a for a in restored.answers if a.answer_id == answer.answer_id)
    assert back.cluster_key == answer.cluster_key and back.themes == answer.themes and back.flag is None
    assert restored.theme_counts() == state.theme_counts()


def test_human_areas_survive_reruns_and_feed_learning(session):
    survey, run = _analysed(session)
    answer = load_state(session, survey, run).answers[0]
    actions.set_themes(session, survey, answer.answer_id, ["bedrageri"], None)
    assert actions.reviewed_examples(session, survey) == [(answer.text_redacted, "bedrageri")]
    after = load_state(session, survey, _rerun(session, survey))
    assert next(a for a in after.answers if a.answer_id == answer.answer_id).themes == ("bedrageri",)


def test_new_answers_follow_their_reviewed_neighbours(session):
    survey, run = _analysed(session)
    biggest = load_state(session, survey, run).clusters[0]
    actions.rename_cluster(session, survey, run, biggest.key, "Namngivet", None)
    concern = survey.questions[0]
    sample = biggest.members[0].text_redacted
    submit_response(session, survey, {concern.id: sample + " igen"}, submission_token="late", language="sv")
    state = load_state(session, survey, _rerun(session, survey))
    named = next(c for c in state.clusters if c.label == "Namngivet")
    newest = max(a.answer_id for a in state.answers)
    assert newest in {m.answer_id for m in named.members}


def test_bad_requests_are_clear_errors(session):
    survey, run = _analysed(session, count=20)
    with pytest.raises(actions.ReviewError):
        actions.rename_cluster(session, survey, run, "c999", "x", None)
    with pytest.raises(actions.ReviewError):
        actions.rename_cluster(
            session, survey, run, load_state(session, survey, run).clusters[0].key, "   ", None
        )
    with pytest.raises(actions.ReviewError):
        actions.flag_answer(session, survey, 1, "spam", None)
    other, _ = _analysed(session, count=5, seed=9)
    with pytest.raises(actions.ReviewError, match="does not belong"):
        actions.flag_answer(
            session, survey, load_state(session, other, _).answers[0].answer_id, "abusive", None
        )
    assert actions.undo_last(session, survey, None) is None


def test_an_added_area_is_used_by_the_next_run(session):
    from surveys.organisations.problem_areas import AreaError, add_area

    survey, run = _analysed(session, count=30)
    concern = survey.questions[0]
    for n in range(6):
        submit_response(
            session,
            survey,
            {concern.id: "Snöröjningen på gångvägarna är usel"},
            submission_token=f"s{n}",
            language="sv",
        )
    add_area(session, survey.organisation, "Snöröjning", "Snow clearing", ["snöröj*", "plogning"])
    with pytest.raises(AreaError):
        add_area(session, survey.organisation, "Snöröjning", "", ["snö*"])
    with pytest.raises(AreaError):
        add_area(session, survey.organisation, "Narkotika", "", ["knark"])
    state = load_state(session, survey, _rerun(session, survey))
    assert state.theme_counts().get("snorojning", 0) >= 6
