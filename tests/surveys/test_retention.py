"""Raw free text is deleted after the survey's retention period; the redacted copy and an audit entry stay."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from surveys.answering.models import Answer
from surveys.answering.retention import RetentionError, purge_due_on, purge_raw_text, set_retention
from surveys.answering.submission import submit_response
from surveys.audit.models import AuditEvent
from surveys.authoring.rounds import start_new_round
from surveys.database.job_status import JobStatus
from surveys.review.runs import execute_run, start_run
from tests.factories import make_single_page_survey, make_user

TODAY = dt.date(2026, 6, 1)
TEXTS = ["Ring Anna på 070-123 45 67 om klottret", "Det säljs knark vid skolan", "Mörkt i parken"]


def _answered(session, closes_on, days, texts=TEXTS):
    survey = make_single_page_survey(session, closes_on=closes_on, raw_text_retention_days=days)
    concern = survey.questions[0]
    for n, text in enumerate(texts):
        submit_response(
            session,
            survey,
            {concern.id: text},
            submission_token=f"{survey.slug}-{n}",
            language="sv",
            enforce_open=False,
        )
    return survey


def _texts(session, survey):
    return session.execute(
        select(Answer.text, Answer.text_redacted).where(Answer.question_id == survey.questions[0].id)
    ).all()


def test_raw_text_is_deleted_after_the_period_and_the_redacted_copy_stays(session):
    survey = _answered(session, TODAY - dt.timedelta(days=31), 30)
    purged = purge_raw_text(session, TODAY)
    assert [(p.survey_slug, p.answers) for p in purged] == [(survey.slug, 3)]
    rows = _texts(session, survey)
    assert [raw for raw, _ in rows] == [None, None, None]
    assert all(redacted for _, redacted in rows)
    assert not any("070" in redacted for _, redacted in rows)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "raw_text_purged"))
    assert event.target == survey.slug and event.organisation_id == survey.organisation_id
    assert event.details["answers"] == 3 and event.details["retention_days"] == 30
    assert not any(word in str(event.details) for word in ("Anna", "knark", "parken"))


def test_nothing_is_deleted_before_the_period_ends(session):
    survey = _answered(session, TODAY - dt.timedelta(days=30), 30)
    assert purge_due_on(survey) == TODAY + dt.timedelta(days=1)
    assert purge_raw_text(session, TODAY) == []
    assert all(raw for raw, _ in _texts(session, survey))
    assert [p.answers for p in purge_raw_text(session, TODAY + dt.timedelta(days=1))] == [3]


@pytest.mark.parametrize(("closes_on", "days"), [(None, 30), (TODAY - dt.timedelta(days=400), None)])
def test_surveys_without_a_closing_date_or_a_period_keep_their_text(session, closes_on, days):
    survey = _answered(session, closes_on, days)
    assert purge_due_on(survey) is None
    assert purge_raw_text(session, TODAY) == []
    assert all(raw for raw, _ in _texts(session, survey))


def test_a_second_run_finds_nothing_and_audits_nothing(session):
    _answered(session, TODAY - dt.timedelta(days=100), 0)
    assert len(purge_raw_text(session, TODAY)) == 1
    assert purge_raw_text(session, TODAY) == []
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "raw_text_purged")).all()
    assert len(events) == 1


def test_an_answer_without_a_redacted_copy_gets_one_before_the_raw_text_goes(session):
    survey = _answered(session, TODAY - dt.timedelta(days=10), 1, texts=["Mejla mig på anna@example.org"])
    answer = session.scalar(select(Answer).where(Answer.text.is_not(None)))
    answer.text_redacted = None
    session.commit()
    purge_raw_text(session, TODAY)
    ((raw, redacted),) = _texts(session, survey)
    assert raw is None and redacted and "anna@example.org" not in redacted


def test_analysis_still_runs_on_the_redacted_text_after_a_purge(session):
    survey = _answered(session, TODAY - dt.timedelta(days=10), 1, texts=TEXTS * 4)
    purge_raw_text(session, TODAY)
    run = execute_run(session, start_run(session, survey).id)
    assert run.status == JobStatus.DONE.value and run.answer_count == 12


def test_setting_the_period_is_checked_and_audited_and_new_rounds_keep_it(session):
    survey = make_single_page_survey(session)
    admin = make_user(session, survey.organisation)
    with pytest.raises(RetentionError):
        set_retention(session, survey, -1, admin)
    set_retention(session, survey, 90, admin)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "retention_set"))
    assert event.details == {"old_days": None, "new_days": 90} and event.user_id == admin.id
    copy = start_new_round(session, survey, slug=f"{survey.slug}-next", round_label="2027")
    assert copy.raw_text_retention_days == 90
    set_retention(session, survey, None, admin)
    assert survey.raw_text_retention_days is None
