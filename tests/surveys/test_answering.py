"""Submitting responses: validation, idempotency, anonymity, availability."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import create_engine, func, inspect, select
from sqlalchemy.orm import Session as OrmSession

from surveys.answering.models import Answer, Channel, Response
from surveys.answering.submission import MAX_FREE_TEXT, submit_response, survey_state
from surveys.authoring.models import Survey, SurveyStatus
from surveys.errors import InvalidAnswers, SurveyNotOpen
from tests.conftest import external_database_url
from tests.factories import make_single_page_survey, make_survey


def _values(survey, text="Det säljs knark vid skolan", scale=3, area="Centrum"):
    by_key = {q.key: q.id for q in survey.questions}
    return {by_key["concern"]: text, by_key["safety"]: scale, by_key["area"]: area}


def test_submit_stores_answers_and_area(session):
    survey = make_single_page_survey(session)
    response = submit_response(session, survey, _values(survey), submission_token="t1", language="sv")
    assert response.area == "Centrum"
    assert response.channel == "web"
    assert response.respondent_group == "resident"
    texts = session.scalars(select(Answer.text).where(Answer.text.is_not(None))).all()
    assert texts == ["Det säljs knark vid skolan"]


def test_same_token_never_creates_two_responses(session):
    survey = make_single_page_survey(session)
    first = submit_response(session, survey, _values(survey), submission_token="same", language="sv")
    second = submit_response(
        session, survey, _values(survey, text="changed"), submission_token="same", language="sv"
    )
    assert first.id == second.id
    assert session.scalar(select(func.count(Response.id))) == 1


def test_free_text_is_redacted_for_reviewers_but_kept(session):
    survey = make_single_page_survey(session)
    text = "Ring mig på 070-123 45 67 om langningen"
    submit_response(session, survey, _values(survey, text=text), submission_token="r", language="sv")
    answer = session.scalar(select(Answer).where(Answer.text.is_not(None)))
    assert answer.text == text
    assert "070" not in answer.text_redacted and "[telefon]" in answer.text_redacted


def test_required_missing_and_bad_values_are_reported_per_question(session):
    survey = make_single_page_survey(session)
    by_key = {q.key: q.id for q in survey.questions}
    with pytest.raises(InvalidAnswers) as caught:
        submit_response(
            session,
            survey,
            {by_key["concern"]: "  ", by_key["safety"]: 9, by_key["area"]: "Mars"},
            submission_token="x",
            language="sv",
        )
    assert caught.value.errors == {
        by_key["concern"]: "required",
        by_key["safety"]: "invalid_choice",
        by_key["area"]: "invalid_choice",
    }
    assert session.scalar(select(func.count(Response.id))) == 0


def test_too_long_text_is_rejected_not_truncated(session):
    survey = make_single_page_survey(session)
    with pytest.raises(InvalidAnswers) as caught:
        submit_response(
            session,
            survey,
            _values(survey, text="a" * (MAX_FREE_TEXT + 1)),
            submission_token="l",
            language="sv",
        )
    assert list(caught.value.errors.values()) == ["too_long"]


@pytest.mark.parametrize(
    ("status", "opens", "closes", "expected"),
    [
        (SurveyStatus.DRAFT, None, None, "draft"),
        (SurveyStatus.CLOSED, None, None, "closed"),
        (SurveyStatus.OPEN, dt.date(2099, 1, 1), None, "not_yet_open"),
        (SurveyStatus.OPEN, None, dt.date(2000, 1, 1), "closed"),
        (SurveyStatus.OPEN, None, None, "open"),
    ],
)
def test_survey_state(session, status, opens, closes, expected):
    survey = make_single_page_survey(session, status=status.value, opens_on=opens, closes_on=closes)
    assert survey_state(survey) == expected


def test_closed_survey_refuses_web_answers_but_takes_paper(session):
    survey = make_single_page_survey(session, status="closed")
    with pytest.raises(SurveyNotOpen):
        submit_response(session, survey, _values(survey), submission_token="c", language="sv")
    paper = submit_response(
        session,
        survey,
        _values(survey),
        submission_token="p",
        language="sv",
        channel=Channel.PAPER,
        enforce_open=False,
    )
    assert paper.channel == "paper"


def test_staff_survey_answers_count_as_staff(session):
    survey = make_survey(session, template="staff_dialogue")
    seen = next(q for q in survey.questions if q.key == "seen_in_work")
    response = submit_response(
        session, survey, {seen.id: "Hot mot personal"}, submission_token="s", language="sv"
    )
    assert response.respondent_group == "staff"


def test_response_table_has_no_column_that_could_identify_a_device(session):
    columns = {c["name"] for c in inspect(session.get_bind()).get_columns("response")}
    assert columns.isdisjoint({"ip", "ip_address", "user_agent", "referrer", "created_at", "session_id"})
    assert columns >= {"submitted_on", "language", "respondent_group", "channel", "area"}


def _concurrent_submissions() -> int:
    """50 racing submissions on PostgreSQL; SQLite serialises writers, so fewer make the point there."""
    url = external_database_url() or ""
    return 50 if url.startswith("postgresql") else 8


def test_concurrent_identical_submissions_leave_one_response(app):
    from app.extensions import db

    survey = make_single_page_survey(db.session)
    survey_id, values = survey.id, _values(survey)
    count = _concurrent_submissions()
    # An engine of its own with a connection per thread, so every submission really races.
    engine = create_engine(db.engine.url, pool_size=count, max_overflow=0, pool_timeout=60)
    barrier = threading.Barrier(count, timeout=60)
    errors: list[BaseException] = []
    stored: list[int] = []

    def submit() -> None:
        with OrmSession(engine) as session:
            try:
                local = session.get(Survey, survey_id)
                assert local is not None and local.questions
                barrier.wait()
                response = submit_response(session, local, values, submission_token="race", language="sv")
                stored.append(response.id)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()
    assert not errors
    assert len(stored) == count and len(set(stored)) == 1
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_the_survey_closes_and_answers_are_dated_by_the_local_day_not_the_servers(session, monkeypatch):
    # 23:30 UTC on 1 December is 00:30 on 2 December in Sweden: a survey that closed on
    # 1 December is closed, and a paper answer typed now is dated 2 December.
    monkeypatch.setattr("surveys.localtime.utc_now", lambda: dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC))
    survey = make_single_page_survey(session, status="open", closes_on=dt.date(2026, 12, 1))
    assert survey_state(survey) == "closed"
    with pytest.raises(SurveyNotOpen):
        submit_response(session, survey, _values(survey), submission_token="late", language="sv")
    paper = submit_response(
        session,
        survey,
        _values(survey),
        submission_token="p",
        language="sv",
        channel=Channel.PAPER,
        enforce_open=False,
    )
    assert paper.submitted_on == dt.date(2026, 12, 2)
