"""Analysed rounds and plans for the plan tests (service, web, browser)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from app.extensions import db
from surveys.accounts.models import Role, User
from surveys.answering.submission import submit_response
from surveys.authoring.models import Survey
from surveys.insights.models import IndicatorValue
from surveys.organisations.models import Organisation
from surveys.plans.document import SectionDoc
from surveys.plans.drafting import DraftRequest, build_draft, create_plan
from surveys.plans.models import Plan
from surveys.plans.workflow import PLACEHOLDER, transition, unfilled_placeholders
from surveys.review.actions import approve_quotable
from surveys.review.runs import execute_run, start_run
from tests.conftest import load_world
from tests.factories import make_org, make_survey, make_user

# Twelve residents raise drugs, six traffic and six lighting; staff raise drugs and threats.
RESIDENT_TEXTS = (
    ["Knark säljs vid skolan på kvällarna"] * 12
    + ["Bilar kör för fort på Storgatan varje dag"] * 6
    + ["Trasiga gatlampor längs gångvägen"] * 6
)
STAFF_TEXTS = ["Elever säger att det är lätt att köpa narkotika"] * 6 + ["Hot mot personalen i skolan"] * 6
OLD_TEXTS = ["Fortkörning vid skolan"] * 10 + ["Narkotika bland unga"] * 5 + ["Mörkt i parken"] * 5
NEW_TEXTS = ["Knark vid skolan"] * 5 + ["Bilar kör för fort vid torget"] * 10 + ["Trasiga gatlampor"] * 5
AREAS = ("Centrum", "Norr", "Söder")
PERIOD = (dt.date(2026, 1, 1), dt.date(2027, 12, 31))


def answer(session: Session, survey: Survey, key: str, texts: list[str]) -> None:
    """Submit one response per text (areas in turn) and analyse the survey."""
    question = next(q for q in survey.questions if q.key == key)
    area = next((q for q in survey.questions if q.key == "area"), None)
    for n, text in enumerate(texts):
        values: dict[int, object] = {question.id: text}
        if area is not None:
            values[area.id] = AREAS[n % len(AREAS)]
        submit_response(
            session, survey, values, submission_token=f"{survey.slug}-{n}", language="sv", enforce_open=False
        )
    execute_run(session, start_run(session, survey).id)
    approve_quotable(session, survey, 5)  # a reviewer went through them


def analysed_round(session: Session, with_newer: bool = False) -> dict:  # type: ignore[type-arg]
    """A municipality covered by a police area, with an earlier round, residents' and staff
    dialogues of 2026 and optionally a 2027 round of the citizen dialogue.

    The round is seeded once per session (three or four analysis runs) and each caller gets
    a copy of its own (`load_world` in tests/conftest.py): call it before the test writes.
    """
    ids = load_world(_seed_analysed_round_ids, with_newer)
    kinds = {"org": Organisation, "police": Organisation}
    return {key: session.get(kinds.get(key, Survey), id_) for key, id_ in ids.items()}


def _seed_analysed_round_ids(with_newer: bool) -> dict[str, int]:
    found = seed_analysed_round(db.session, with_newer)
    return {key: value.id for key, value in found.items()}


def seed_analysed_round(session: Session, with_newer: bool = False) -> dict:  # type: ignore[type-arg]
    """What `analysed_round` copies, seeded into `session` (the slow way, every call)."""
    org = make_org(session, slug="testkommun", name="Testkommun")
    police = make_org(session, slug="lpo-test", name="Lokalpolisområde Test", kind="police_area")
    police.municipalities.append(org)
    old = make_survey(session, org, series="dialog", round_label="2025", status="closed")
    citizen = make_survey(session, org, series="dialog", round_label="2026")
    staff = make_survey(session, org, template="staff_dialogue", series="personal", round_label="2026")
    answer(session, old, "priorities", OLD_TEXTS)
    answer(session, citizen, "priorities", RESIDENT_TEXTS)
    answer(session, staff, "seen_in_work", STAFF_TEXTS)
    for period, value in (("2024", 40), ("2025", 50)):
        session.add(
            IndicatorValue(
                organisation_id=org.id,
                period=period,
                area="",
                indicator="Narkotikabrott",
                theme="narkotika",
                value=value,
            )
        )
    session.commit()
    found = {"org": org, "police": police, "old": old, "citizen": citizen, "staff": staff}
    if with_newer:
        newer = make_survey(session, org, series="dialog", round_label="2027")
        answer(session, newer, "priorities", NEW_TEXTS)
        found["newer"] = newer
    return found


def gettexts() -> dict:  # type: ignore[type-arg]
    """Source-language (English) text for both languages: tests check figures, not wording."""
    return {"sv": lambda s: s, "en": lambda s: s}


CONTACT = "Anna Berg, samordnare, 0123-45 00 00"


def _filled(section: SectionDoc) -> SectionDoc:
    body = {lang: PLACEHOLDER.sub(CONTACT, text) for lang, text in section.body.items()}
    return replace(section, body=body)


def draft(  # type: ignore[type-arg]
    session: Session,
    world: dict,
    user: User | None = None,
    areas: int = 3,
    kind: str = "pledge",
    placeholders: bool = False,
) -> Plan:
    """A stored draft pledge (or action plan) for the 2026 round with the police area and the municipality.

    Its contact lines are filled in unless `placeholders`: a plan with template placeholders
    cannot be approved.
    """
    request = DraftRequest(
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        parties=("Lokalpolisområde Test", "Testkommun"),
        kind=kind,
        areas=areas,
    )
    doc = build_draft(session, world["citizen"], request, gettexts(), min_group=5)
    if not placeholders:  # the contacts filled in (already in version 1), as officials do before approval
        filled = tuple(
            replace(
                section, body={lang: PLACEHOLDER.sub(CONTACT, text) for lang, text in section.body.items()}
            )
            for section in doc.sections
        )
        doc = replace(doc, sections=filled)
    plan = create_plan(session, world["citizen"], doc, [world["police"], world["org"]], world["org"], user)
    assert placeholders or not unfilled_placeholders(plan), unfilled_placeholders(plan)
    return plan


def published(session: Session, world: dict) -> tuple[Plan, dict[str, User]]:  # type: ignore[type-arg]
    """A published pledge and one user per role of the municipality."""
    users = {role: make_user(session, world["org"], role) for role in Role}
    plan = draft(session, world, users[Role.ANALYST])
    transition(session, plan, "submit", users[Role.ANALYST])
    transition(session, plan, "approve", users[Role.STEERING_GROUP])
    transition(session, plan, "publish", users[Role.ANALYST])
    return plan, {r.value: u for r, u in users.items()}


def approved_action_plan(session: Session, world: dict) -> tuple[Plan, dict[str, User]]:  # type: ignore[type-arg]
    """An action plan approved by the steering group and one user per role of the municipality."""
    users = {role.value: make_user(session, world["org"], role) for role in Role}
    plan = draft(session, world, users["analyst"], kind="action_plan")
    transition(session, plan, "submit", users["analyst"])
    transition(session, plan, "approve", users["steering_group"])
    return plan, users


def organisation(session: Session, slug: str) -> Organisation:
    """Another municipality, for scoping tests."""
    return make_org(session, slug=slug, name=slug.title())
