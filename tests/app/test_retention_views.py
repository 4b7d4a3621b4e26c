"""The retention period on the survey edit page, and `trygg retention run`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.models import Answer
from surveys.answering.submission import submit_response
from surveys.audit.models import AuditEvent
from surveys.authoring.models import Survey
from tests.app.helpers import csrf_from, sign_in
from tests.factories import make_single_page_survey, make_user


def test_an_administrator_sets_the_period_on_the_edit_page(client):
    survey = make_single_page_survey(db.session)
    sign_in(client, make_user(db.session, survey.organisation, Role.ADMIN))
    edit = f"/admin/surveys/{survey.slug}/edit"
    assert 'name="days"' in client.get(edit).get_data(as_text=True)
    url = f"/admin/surveys/{survey.slug}/retention"
    assert client.post(url, data={"csrf_token": csrf_from(client, edit), "days": "180"}).status_code == 302
    assert db.session.get(Survey, survey.id).raw_text_retention_days == 180
    assert 'value="180"' in client.get(edit).get_data(as_text=True)
    client.post(url, data={"csrf_token": csrf_from(client, edit), "days": "-5"})
    assert db.session.get(Survey, survey.id).raw_text_retention_days == 180
    client.post(url, data={"csrf_token": csrf_from(client, edit), "days": ""})
    assert db.session.get(Survey, survey.id).raw_text_retention_days is None
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention_set")).all()
    assert [e.details["new_days"] for e in events] == [180, None]


def test_analysts_see_the_period_but_cannot_change_it(client):
    survey = make_single_page_survey(db.session, raw_text_retention_days=30)
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    edit = f"/admin/surveys/{survey.slug}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert 'name="days"' not in page and "30" in page
    url = f"/admin/surveys/{survey.slug}/retention"
    response = client.post(url, data={"csrf_token": csrf_from(client, edit), "days": "1"})
    assert response.status_code == 403
    assert db.session.get(Survey, survey.id).raw_text_retention_days == 30


def test_cli_retention_run_deletes_due_raw_text(runner):
    survey = make_single_page_survey(
        db.session, closes_on=dt.date(2026, 1, 31), raw_text_retention_days=60, status="closed"
    )
    concern = survey.questions[0]
    submit_response(
        db.session,
        survey,
        {concern.id: "Klotter på skolan"},
        submission_token="r1",
        language="sv",
        enforce_open=False,
    )
    early = runner.invoke(args=["retention", "run", "--today", "2026-04-01"])
    assert early.exit_code == 0 and "Nothing to delete" in early.output
    due = runner.invoke(args=["retention", "run", "--today", "2026-04-02"])
    assert due.exit_code == 0 and f"{survey.slug}: raw text of 1 answers deleted" in due.output
    db.session.expire_all()
    answer = db.session.scalar(select(Answer).where(Answer.question_id == concern.id))
    assert answer.text is None and answer.text_redacted == "Klotter på skolan"
