"""The demo's action plan (åtgärdsplan), so `make run` shows it carried out end to end.

Drafted from the demo round, its measures get working groups, places and their own
periods while it is a draft (each edit a version), the steering group approves it, the
last tasks are handed out afterwards (audited, no new version) and the groups log
activities against their targets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from analysis.drafting import Gettext
from surveys.accounts.models import User
from surveys.authoring.models import Survey
from surveys.demo.contacts import fill_demo_contacts
from surveys.localtime import today as local_today
from surveys.organisations.models import Organisation
from surveys.plans.assignments import reassign_tasks
from surveys.plans.commitment_models import Commitment
from surveys.plans.drafting import DraftRequest, build_draft, create_plan
from surveys.plans.editing import CommitmentInput, update_commitment
from surveys.plans.followup import ActivityInput, log_activity
from surveys.plans.models import Plan, PlanKind
from surveys.plans.workflow import transition
from surveys.plans.working_group_models import WorkingGroup
from surveys.plans.working_groups import GroupInput, create_group

# Name, purpose, partners without an account, the problem areas it takes on and where it works;
# the coordinators are members with accounts.
DEMO_GROUPS = (
    (
        "Trygg stadskärna",
        "Närvaro, belysning och trygghetsvandringar i centrum och vid resecentrum.",
        ("Citysamverkan Norrforsa", "Fastighetsägarna i centrum"),
        ("polisnarvaro", "ordning", "belysning", "skadegorelse", "nedskrapning", "vald"),
        ("Stortorget, Centrum", "Resecentrum, Strandvik"),
    ),
    (
        "Unga och skolan",
        "Förebyggande arbete tillsammans med skolor, socialtjänstens fältgrupp och fritidsgårdar.",
        ("Socialtjänstens fältgrupp", "Rektorsgruppen"),
        ("narkotika", "alkohol"),
        ("Kvarnbackens fritidsgård", "Krogarna kring Stortorget"),
    ),
    (
        "Trafik och skolvägar",
        "Trafiksäkerhet vid skolorna och på genomfartslederna.",
        ("Gatukontoret",),
        ("trafik",),
        ("Storgatan vid Hedåsskolan", "Byavägen, Byarna"),
    ),
)
# Measures left without a group in the draft and handed out once the plan is approved.
ASSIGNED_AFTER_APPROVAL = 2
# Days before today the groups' activities were done, what was done and how many units it counted.
DEMO_ACTIVITIES = (
    (60, "Genomförd insats enligt åtgärdsplanen", 1),
    (35, "Gemensam insats med samverkanspartner", 2),
    (9, "Uppföljande insats efter synpunkter från boende", 1),
)


def _groups(session: Session, municipality: Organisation, coordinators: list[User]) -> list[WorkingGroup]:
    police = coordinators[-1]  # a police-area officer sees the municipality's and the area's staff
    return [
        create_group(
            session,
            municipality.id,
            GroupInput(name, purpose, tuple(u.id for u in coordinators), others),
            police,
        )
        for name, purpose, others, _themes, _places in DEMO_GROUPS
    ]


def _group_for(commitment: Commitment, n: int) -> int:
    """The index of the demo group that takes on the measure's problem area (else in turn)."""
    return next((i for i, g in enumerate(DEMO_GROUPS) if commitment.theme in g[3]), n % len(DEMO_GROUPS))


def _terms(commitment: Commitment, plan: Plan, n: int, group: WorkingGroup | None) -> CommitmentInput:
    """The drafted measure with a place, a group and, for every third, a season of its own."""
    places = DEMO_GROUPS[_group_for(commitment, n)][4]
    start, end = commitment.period_start, commitment.period_end
    if n % 3 == 2:
        start, end = dt.date(plan.period_start.year, 4, 1), dt.date(plan.period_start.year, 9, 30)
    return replace(
        CommitmentInput.of(commitment),
        period_start=start,
        period_end=end,
        place=places[n % len(places)],
        working_group_id=group.id if group else None,
    )


def build_demo_action_plan(
    session: Session,
    survey: Survey,
    parties: list[Organisation],
    municipality: Organisation,
    users: dict[str, User],
    min_group: int,
    gettexts: dict[str, Gettext],
) -> Plan:
    """Draft, staff and approve the demo action plan and log the groups' first activities.

    `users` holds the demo "analyst", "police" and "steering" accounts.
    """
    analyst, police, steering = users["analyst"], users["police"], users["steering"]
    year = local_today().year
    request = DraftRequest(
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        parties=tuple(p.name for p in parties),
        kind=PlanKind.ACTION_PLAN,
        areas=3,
    )
    doc = build_draft(session, survey, request, gettexts, min_group)
    plan = create_plan(session, survey, doc, parties, municipality, analyst)
    groups = _groups(session, municipality, [analyst, police])
    measures = [c for section in plan.sections for c in section.commitments]
    decided_later = measures[-ASSIGNED_AFTER_APPROVAL:]
    for n, commitment in enumerate(measures):
        group = None if commitment in decided_later else groups[_group_for(commitment, n)]
        update_commitment(session, plan, commitment, _terms(commitment, plan, n, group), analyst)
    fill_demo_contacts(session, plan, analyst)
    transition(session, plan, "submit", analyst)
    transition(session, plan, "approve", steering)
    first = len(measures) - len(decided_later)
    wanted = {c.id: groups[_group_for(c, first + n)].id for n, c in enumerate(decided_later)}
    reassign_tasks(session, plan, wanted, police)
    today = local_today()
    for commitment in measures:
        group = commitment.working_group
        assert group is not None
        for days, description, count in DEMO_ACTIVITIES[: 1 + commitment.id % len(DEMO_ACTIVITIES)]:
            done_on = min(
                max(commitment.period_start, today - dt.timedelta(days=days)), commitment.period_end
            )
            if done_on > today:
                continue  # the measure's season has not begun
            activity = ActivityInput(
                done_on=done_on,
                description=description,
                count=count,
                place=commitment.place or "",
                performed_by=(group.other_members or [group.name])[0],
            )
            log_activity(session, plan, commitment, activity, analyst)
    return plan
