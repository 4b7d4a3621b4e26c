"""Read-only queries over the survey domain."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from surveys.answering.models import Response
from surveys.authoring.models import Survey, SurveyKind, SurveyStatus
from surveys.errors import SurveyNotFound
from surveys.organisations.models import Organisation


def survey_by_slug(session: Session, slug: str) -> Survey:
    """The survey with `slug`.

    Raises:
        SurveyNotFound: if there is none.
    """
    survey = session.scalar(select(Survey).where(Survey.slug == slug))
    if survey is None:
        raise SurveyNotFound(slug)
    return survey


def invitation_only(survey: Survey) -> bool:
    """Whether the survey is answered only through single-use invitation links.

    Staff dialogues are, unless an official opened one to everyone: their answers count as
    staff in the residents-vs-staff comparison, so anyone able to open the link could pose
    as staff.
    """
    return survey.kind == SurveyKind.STAFF_DIALOGUE and not survey.open_to_everyone


def open_surveys(session: Session) -> Sequence[Survey]:
    """Surveys open to everyone, grouped by organisation then title (never invitation-only ones)."""
    return session.scalars(
        select(Survey)
        .join(Survey.organisation)
        .where(
            Survey.status == SurveyStatus.OPEN,
            or_(Survey.kind != SurveyKind.STAFF_DIALOGUE, Survey.open_to_everyone.is_(True)),
        )
        .order_by(Organisation.name, Survey.slug)
    ).all()


def all_surveys(session: Session) -> Sequence[Survey]:
    """Every survey, newest first."""
    return session.scalars(select(Survey).order_by(Survey.id.desc())).all()


def organisations(session: Session) -> Sequence[Organisation]:
    """All organisations by name."""
    return session.scalars(select(Organisation).order_by(Organisation.name)).all()


def response_count(session: Session, survey: Survey) -> int:
    """Number of stored responses for `survey`."""
    return int(session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.id)) or 0)


def is_empty(session: Session) -> bool:
    """Whether the database holds no organisation yet (used before seeding demo data)."""
    return session.scalar(select(func.count(Organisation.id))) == 0
