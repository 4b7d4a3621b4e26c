"""When things break: the database fails mid-submission, and analysis runs whose process died."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.models import Answer, Response
from surveys.database.job_status import JobStatus
from surveys.review.run_models import AnalysisRun
from surveys.review.runs import STALL_AFTER, fail_stalled, is_stalled, latest_run, start_run
from tests.app.helpers import hidden_value, sign_in
from tests.factories import make_single_page_survey, make_user

TYPED = 'Det är mörkt & otryggt vid "busshållplatsen" <efter> kl. 22'
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def _fail_next_commits(monkeypatch, times: int = 1) -> list[int]:
    """Make the next `times` commits raise OperationalError, as when the database goes away."""
    original = Session.commit
    failures = [times]

    def flaky(self):  # type: ignore[no-untyped-def]
        if failures[0] > 0:
            failures[0] -= 1
            raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))
        return original(self)

    monkeypatch.setattr(Session, "commit", flaky)
    return failures


def _submission(client, survey):
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    ids = {q.key: q.id for q in survey.questions}
    return {
        "csrf_token": hidden_value(html, "csrf_token"),
        "submission_token": hidden_value(html, "submission_token"),
        "page": "1",
        f"q_{ids['concern']}": TYPED,
        f"q_{ids['safety']}": "2",
        f"q_{ids['area']}": "Norr",
    }


def test_database_failure_during_submission_keeps_the_answers_for_a_retry(client, monkeypatch):
    survey = make_single_page_survey(db.session)
    form = _submission(client, survey)
    failures = _fail_next_commits(monkeypatch)
    page = client.post(f"/s/{survey.slug}", data=form)
    assert failures == [0]
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert 'action="/s/' + survey.slug + '"' in html and 'name="action" value="retry"' in html
    kept = {name: unescape(value) for name, value in HIDDEN.findall(html)}
    assert kept == form, "every typed answer and the submission token come back as hidden fields"
    assert db.session.scalar(select(func.count(Response.id))) == 0

    retry = {**kept, "action": "retry"}
    assert client.post(f"/s/{survey.slug}", data=retry).status_code == 302
    assert client.post(f"/s/{survey.slug}", data=retry).status_code == 302  # a double click
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert db.session.scalar(select(Answer.text).where(Answer.text.is_not(None))) == TYPED


def _run(survey, status: JobStatus, age: dt.timedelta, progress: float = 0.0) -> AnalysisRun:
    run = start_run(db.session, survey)
    run.status, run.progress, run.step = status.value, progress, "clustering"
    run.created_at = dt.datetime.now(dt.UTC).replace(tzinfo=None) - age
    db.session.commit()
    return run


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING])
def test_a_run_left_behind_by_a_dead_process_is_shown_as_failed(app, status):
    survey = make_single_page_survey(db.session)
    run = _run(survey, status, STALL_AFTER + dt.timedelta(minutes=1), progress=0.4)
    assert is_stalled(run)
    assert latest_run(db.session, survey).status == JobStatus.FAILED.value
    stored = db.session.get(AnalysisRun, run.id)
    assert stored.status == "failed" and stored.error.startswith("stalled") and stored.finished_at


def test_a_recent_or_finished_run_is_left_alone(app):
    survey = make_single_page_survey(db.session)
    old_done = _run(survey, JobStatus.DONE, STALL_AFTER * 3)
    recent = _run(survey, JobStatus.RUNNING, dt.timedelta(minutes=5), progress=0.5)
    assert fail_stalled(db.session) == 0
    assert latest_run(db.session, survey).status == "running"
    assert db.session.get(AnalysisRun, old_done.id).status == "done"
    assert not is_stalled(recent)
    assert is_stalled(recent, now=recent.created_at + STALL_AFTER + dt.timedelta(seconds=1))


def test_analysis_page_stops_waiting_for_a_stalled_run(client):
    survey = make_single_page_survey(db.session)
    _run(survey, JobStatus.RUNNING, STALL_AFTER + dt.timedelta(hours=1))
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    html = client.get(f"/admin/surveys/{survey.slug}/analysis").get_data(as_text=True)
    assert "data-refresh-seconds" not in html and 'role="alert"' in html
