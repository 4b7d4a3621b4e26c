"""Who sees which plans: a plan's parties, and police areas covering a party municipality.

Municipalities never see each other's plans; the public sees published and closed ones.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.accounts.models import User
from surveys.organisations.models import Organisation
from surveys.plans.models import Plan
from surveys.plans.workflow import PUBLIC


def visible_organisation_ids(user: User) -> set[int]:
    """The user's organisation and, for a police area, the municipalities it covers."""
    return {user.organisation_id} | {m.id for m in user.organisation.municipalities}


def can_see_plan(user: User, plan: Plan) -> bool:
    """Whether `user` may see `plan` in the staff area."""
    involved = {plan.organisation_id} | {p.id for p in plan.parties}
    return bool(involved & visible_organisation_ids(user))


def visible_plans(session: Session, user: User) -> list[Plan]:
    """Plans `user` may see, newest first."""
    plans = session.scalars(select(Plan).order_by(Plan.period_start.desc(), Plan.id.desc()))
    return [p for p in plans if can_see_plan(user, p)]


def plan_by_slug(session: Session, slug: str) -> Plan | None:
    """The plan with `slug`, whatever its status."""
    return session.scalar(select(Plan).where(Plan.slug == slug))


def public_plan(session: Session, slug: str) -> Plan | None:
    """The plan with `slug` if it has been published (drafts are never public)."""
    plan = plan_by_slug(session, slug)
    return plan if plan is not None and plan.status in PUBLIC else None


def public_plans(session: Session) -> list[Plan]:
    """Published and closed plans, newest period first."""
    return list(
        session.scalars(
            select(Plan).where(Plan.status.in_(PUBLIC)).order_by(Plan.period_start.desc(), Plan.id.desc())
        )
    )


def party_choices(session: Session, user: User) -> list[Organisation]:
    """Organisations `user` can name as parties: their own, the municipalities it covers and
    the police areas covering it."""
    own = user.organisation
    chosen = {own.id: own}
    for municipality in own.municipalities:
        chosen[municipality.id] = municipality
    for area in session.scalars(select(Organisation).where(Organisation.kind == "police_area")):
        if any(m.id == own.id for m in area.municipalities):
            chosen[area.id] = area
    return sorted(chosen.values(), key=lambda o: (o.kind != "police_area", o.name))
