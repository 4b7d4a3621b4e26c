"""Deleting raw free text once a survey's retention period has passed.

The redacted copy (personal data masked) stays, so analysis, review and reports
keep working; the raw text, which may name people, is gone for good. Every purge
is audited with counts only, never text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from analysis.redact import redact
from surveys.accounts.models import User
from surveys.answering.models import Answer, Response
from surveys.audit.log import record
from surveys.authoring.models import Survey
from surveys.errors import SurveyError
from surveys.localtime import today as local_today

MAX_RETENTION_DAYS = 3650


class RetentionError(SurveyError):
    """The retention period is not a whole number of days between 0 and MAX_RETENTION_DAYS."""


@dataclass(frozen=True)
class Purged:
    """What one survey's purge removed."""

    survey_slug: str
    answers: int


def purge_due_on(survey: Survey) -> dt.date | None:
    """The first day on which the survey's raw text is purged, or None if it is kept."""
    if survey.raw_text_retention_days is None or survey.closes_on is None:
        return None
    return survey.closes_on + dt.timedelta(days=survey.raw_text_retention_days + 1)


def set_retention(session: Session, survey: Survey, days: int | None, user: User | None = None) -> Survey:
    """Set (or clear, with None) how many days after closing raw free text is kept; audited.

    Raises:
        RetentionError: days outside 0…MAX_RETENTION_DAYS.
    """
    if days is not None and not 0 <= days <= MAX_RETENTION_DAYS:
        raise RetentionError(f"the retention period must be 0–{MAX_RETENTION_DAYS} days")
    old = survey.raw_text_retention_days
    survey.raw_text_retention_days = days
    record(
        session,
        "retention_set",
        user=user,
        organisation_id=survey.organisation_id,
        target=survey.slug,
        old_days=old,
        new_days=days,
        commit=False,
    )
    session.commit()
    return survey


def due_surveys(session: Session, today: dt.date) -> list[Survey]:
    """Surveys whose retention period has ended by `today`."""
    candidates = session.scalars(
        select(Survey).where(Survey.raw_text_retention_days.is_not(None), Survey.closes_on.is_not(None))
    )
    return [s for s in candidates if (due := purge_due_on(s)) is not None and due <= today]


def _raw_answers(survey: Survey) -> tuple[ColumnElement[bool], ...]:
    responses = select(Response.id).where(Response.survey_id == survey.id)
    return Answer.response_id.in_(responses), Answer.text.is_not(None)


def purge_survey(session: Session, survey: Survey, today: dt.date) -> Purged:
    """Null the raw text of every answer of `survey`, keeping the redacted copy; audit and commit."""
    conditions = _raw_answers(survey)
    # Every answer keeps a redacted copy, even one stored before redaction existed.
    for answer in session.scalars(select(Answer).where(*conditions, Answer.text_redacted.is_(None))):
        answer.text_redacted = redact(answer.text or "").text
    session.flush()
    count = session.scalar(select(func.count(Answer.id)).where(*conditions)) or 0
    session.execute(
        update(Answer).where(*conditions).values(text=None), execution_options={"synchronize_session": False}
    )
    record(
        session,
        "raw_text_purged",
        organisation_id=survey.organisation_id,
        target=survey.slug,
        answers=count,
        retention_days=survey.raw_text_retention_days,
        closes_on=survey.closes_on.isoformat() if survey.closes_on else None,
        run_on=today.isoformat(),
        commit=False,
    )
    session.commit()
    session.expire_all()
    return Purged(survey.slug, count)


def purge_raw_text(session: Session, today: dt.date | None = None) -> list[Purged]:
    """Purge raw free text of every survey past `closes_on` + its retention period.

    Surveys with nothing left to purge are skipped without an audit entry, so the
    job can run daily.
    """
    today = today or local_today()
    done = []
    for survey in due_surveys(session, today):
        conditions = _raw_answers(survey)
        if session.scalar(select(func.count(Answer.id)).where(*conditions)):
            done.append(purge_survey(session, survey, today))
    return done
