"""What is due under the cooperation cycle: situation picture, action plan, pledge follow-up,
periodic assessments.

The agreement asks for a long-term situation picture and an action plan at least every
two years, the pledges' follow-up at the agreed date and an assessment of every weekly,
monthly and quarterly picture. `due_reminders` is a pure function of plain data and a
day; `load_cycle_data` gathers that data from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.periods import KINDS, period_containing, shift_years
from surveys.authoring.models import Survey
from surveys.database.base import Translations
from surveys.incidents.models import PeriodAssessment
from surveys.insights.models import PriorityList
from surveys.organisations.models import Organisation
from surveys.plans.models import Plan

CYCLE_YEARS = 2
WARN_DAYS = 60
# Days after a periodic picture's period ends by which its assessment is due.
ASSESSMENT_GRACE_DAYS = {"week": 7, "month": 14, "quarter": 30}
DECIDED = frozenset({"approved", "published", "closed"})


@dataclass(frozen=True)
class PledgeDate:
    """A published pledge and the date its follow-up is due."""

    slug: str
    title: Translations
    follow_up_on: dt.date


@dataclass(frozen=True)
class CycleData:
    """One organisation's dates, as plain data."""

    organisation_id: int
    organisation_name: str
    situation_picture_on: dt.date | None
    action_plan_on: dt.date | None
    pledges: tuple[PledgeDate, ...] = ()
    assessed: frozenset[tuple[str, dt.date]] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Reminder:
    """Something due (or overdue) for one organisation.

    kind: situation_picture, action_plan, pledge_follow_up or periodic_week/month/quarter.
    subject: the pledge's slug or the period's label; empty otherwise.
    """

    organisation_id: int
    organisation_name: str
    kind: str
    due_on: dt.date | None
    overdue: bool
    subject: str = ""
    title: Translations = field(default_factory=dict)


def _cycle(data: CycleData, kind: str, last: dt.date | None, today: dt.date) -> Reminder | None:
    if last is None:
        return Reminder(data.organisation_id, data.organisation_name, kind, None, True)
    due = shift_years(last, CYCLE_YEARS)
    if (due - today).days > WARN_DAYS:
        return None
    return Reminder(data.organisation_id, data.organisation_name, kind, due, due < today)


def last_completed_period(kind: str, today: dt.date) -> tuple[dt.date, str]:
    """Start and label of the last whole week, month or quarter before `today`."""
    previous = period_containing(kind, today).previous()
    return previous.start, previous.label


def due_reminders(data: CycleData, today: dt.date) -> list[Reminder]:
    """What is due or overdue for the organisation on `today`, overdue first."""
    found = [
        r
        for r in (
            _cycle(data, "situation_picture", data.situation_picture_on, today),
            _cycle(data, "action_plan", data.action_plan_on, today),
        )
        if r is not None
    ]
    for pledge in data.pledges:
        if (pledge.follow_up_on - today).days <= WARN_DAYS:
            found.append(
                Reminder(
                    data.organisation_id,
                    data.organisation_name,
                    "pledge_follow_up",
                    pledge.follow_up_on,
                    pledge.follow_up_on < today,
                    pledge.slug,
                    dict(pledge.title),
                )
            )
    for kind in KINDS:
        start, label = last_completed_period(kind, today)
        if (kind, start) not in data.assessed:
            due = period_containing(kind, start).end + dt.timedelta(days=ASSESSMENT_GRACE_DAYS[kind])
            found.append(
                Reminder(
                    data.organisation_id, data.organisation_name, f"periodic_{kind}", due, due < today, label
                )
            )
    return sorted(found, key=lambda r: (not r.overdue, r.due_on or dt.date.min, r.kind, r.subject))


def _involves(plan: Plan, organisation_id: int) -> bool:
    return plan.organisation_id == organisation_id or any(p.id == organisation_id for p in plan.parties)


def _decided_on(plan: Plan) -> dt.date:
    moment = plan.approved_at or plan.published_at or plan.created_at
    return moment.date()


def load_cycle_data(session: Session, organisation: Organisation, today: dt.date) -> CycleData:
    """Gather the organisation's dates for `due_reminders`."""
    saved = session.scalar(
        select(PriorityList.created_at)
        .join(Survey, Survey.id == PriorityList.survey_id)
        .where(Survey.organisation_id == organisation.id)
        .order_by(PriorityList.created_at.desc())
        .limit(1)
    )
    plans = [p for p in session.scalars(select(Plan)) if _involves(p, organisation.id)]
    decided = [_decided_on(p) for p in plans if p.kind == "action_plan" and p.status in DECIDED]
    pledges = tuple(
        PledgeDate(p.slug, dict(p.title), p.period_end)
        for p in sorted(plans, key=lambda p: (p.period_end, p.id))
        if p.kind == "pledge" and p.status == "published"
    )
    oldest = min(period_containing(k, today).start for k in KINDS) - dt.timedelta(days=200)
    assessed = frozenset(
        (a.period_kind, a.period_start)
        for a in session.scalars(
            select(PeriodAssessment).where(
                PeriodAssessment.organisation_id == organisation.id,
                PeriodAssessment.period_start >= oldest,
                PeriodAssessment.text != "",
            )
        )
    )
    return CycleData(
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        situation_picture_on=saved.date() if saved else None,
        action_plan_on=max(decided, default=None),
        pledges=pledges,
        assessed=assessed,
    )
