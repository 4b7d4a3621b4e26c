"""Factories for test data: small functions with sensible defaults, override what matters."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from surveys.accounts.models import Role, User
from surveys.accounts.passwords import create_user
from surveys.authoring.creation import create_from_template
from surveys.authoring.models import Option, Question, Survey, SurveyStatus
from surveys.localtime import from_local
from surveys.localtime import today as local_today
from surveys.organisations.models import Organisation

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery"


def make_org(session: Session, slug: str | None = None, **fields: Any) -> Organisation:
    """An organisation with a few neighbourhoods."""
    n = next(_counter)
    org = Organisation(
        slug=slug or f"kommun-{n}",
        name=fields.pop("name", f"Testkommun {n}"),
        areas=fields.pop("areas", ["Centrum", "Norr", "Söder"]),
        **fields,
    )
    session.add(org)
    session.commit()
    return org


def make_survey(
    session: Session,
    org: Organisation | None = None,
    template: str = "citizen_dialogue",
    status: SurveyStatus = SurveyStatus.OPEN,
    **fields: Any,
) -> Survey:
    """A survey from a shipped template, open by default."""
    org = org or make_org(session)
    n = next(_counter)
    return create_from_template(
        session,
        org,
        template,
        slug=fields.pop("slug", f"enkat-{n}"),
        status=SurveyStatus(status),
        languages=fields.pop("languages", ("sv", "en")),
        **fields,
    )


def make_single_page_survey(session: Session, org: Organisation | None = None, **fields: Any) -> Survey:
    """An open one-page survey: required free text, optional scale and area."""
    org = org or make_org(session)
    n = next(_counter)
    survey = Survey(
        organisation=org,
        slug=fields.pop("slug", f"kort-{n}"),
        status=fields.pop("status", "open"),
        series=f"serie-{n}",
        languages=["sv", "en"],
        title={"sv": "Kort enkät", "en": "Short survey"},
        intro={"sv": "Intro", "en": "Intro"},
        **fields,
    )
    session.add(survey)
    areas = list(org.areas)
    survey.questions = [
        Question(
            key="concern",
            type="free_text",
            position=0,
            page=1,
            required=True,
            text={"sv": "Vad oroar dig?", "en": "What worries you?"},
        ),
        Question(
            key="safety",
            type="scale",
            position=1,
            page=1,
            text={"sv": "Hur trygg känner du dig?", "en": "How safe do you feel?"},
        ),
        Question(
            key="area",
            type="area",
            position=2,
            page=1,
            text={"sv": "Område", "en": "Area"},
            options=[Option(value=a, position=i, label={"sv": a}) for i, a in enumerate(areas)],
        ),
    ]
    session.commit()
    return survey


def make_user(
    session: Session, org: Organisation | None = None, role: Role = Role.ADMIN, email: str | None = None
) -> User:
    """A staff account with the shared test PASSWORD."""
    org = org or make_org(session)
    return create_user(session, email or f"user{next(_counter)}@example.org", PASSWORD, role, org)


def local_instant(wall: dt.datetime) -> dt.datetime:
    """The instant (aware, UTC) of a local wall-clock time, as an incident's `occurred_at` takes it."""
    return from_local(wall)


def days_ago(n: int) -> dt.date:
    """The date `n` days before today, the local calendar day the app uses."""
    return local_today() - dt.timedelta(days=n)
