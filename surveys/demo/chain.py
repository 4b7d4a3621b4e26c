"""Carry the demo round through the whole chain, so a newcomer sees every step filled in.

Priorities are saved, citizen pledges are drafted from them, approved by the demo
steering group, published, and a few activities are logged against them. An action
plan is drafted too, staffed with working groups and approved (`demo_action_plan`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.drafting import Gettext
from surveys.accounts.models import Role, User
from surveys.authoring.models import Survey
from surveys.demo.action_plan import build_demo_action_plan
from surveys.demo.contacts import fill_demo_contacts
from surveys.insights.priorities import compute_priorities, save_priorities
from surveys.localtime import today as local_today
from surveys.organisations.models import Organisation
from surveys.plans.drafting import DraftRequest, build_draft, create_plan
from surveys.plans.followup import ActivityInput, log_activity
from surveys.plans.workflow import transition

DEMO_ACTIVITIES = (
    ("Trygghetsvandring i centrum med föreningar och fastighetsägare", 1, "Centrum"),
    ("Riktad insats vid resecentrum fredag kväll", 1, "Strandvik"),
)


def _user(session: Session, role: Role) -> User:
    user = session.scalar(select(User).where(User.role == role).order_by(User.id))
    assert user is not None, f"the demo has no {role.value}"
    return user


def run_demo_chain(
    session: Session,
    municipality: Organisation,
    survey_slug: str,
    min_group: int,
    gettexts: dict[str, Gettext],
) -> None:
    """Save priorities, draft, approve and publish pledges, log activities, and build the action plan."""
    survey = session.scalar(select(Survey).where(Survey.slug == survey_slug))
    assert survey is not None
    analyst, steering = _user(session, Role.ANALYST), _user(session, Role.STEERING_GROUP)
    ranked, evidence, _data = compute_priorities(session, survey)
    save_priorities(session, survey, ranked, evidence, None, analyst)
    year = local_today().year
    parties = [municipality, *session.scalars(select(Organisation).where(Organisation.kind == "police_area"))]
    request = DraftRequest(
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year + 1, 12, 31),
        parties=tuple(p.name for p in parties),
        areas=4,
    )
    doc = build_draft(session, survey, request, gettexts, min_group)
    plan = create_plan(session, survey, doc, parties, municipality, analyst)
    fill_demo_contacts(session, plan, analyst)
    for action, user in (("submit", analyst), ("approve", steering), ("publish", analyst)):
        transition(session, plan, action, user)
    commitments = [c for section in plan.sections for c in section.commitments]
    for (text, count, place), commitment in zip(DEMO_ACTIVITIES, commitments, strict=False):
        log_activity(
            session,
            plan,
            commitment,
            ActivityInput(
                done_on=local_today() - dt.timedelta(days=14), description=text, count=count, place=place
            ),
            analyst,
        )
    police = _user(session, Role.POLICE)
    users = {"analyst": analyst, "police": police, "steering": steering}
    build_demo_action_plan(session, survey, parties, municipality, users, min_group, gettexts)
