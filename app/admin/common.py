"""Lookups and role sets that every area of the staff pages shares; no area imports another's views."""

from __future__ import annotations

from typing import Any

from flask import abort, g, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from analysis.taxonomy import load_taxonomy
from app.auth import require_survey_access
from app.extensions import db
from surveys.accounts.roles import (
    INCIDENT_REPORTERS,
    PLAN_EDITORS,
    RAW_TEXT_ROLES,
    REVIEWERS,
    STAFF_READERS,
    SURVEY_EDITORS,
)
from surveys.authoring import queries
from surveys.authoring.models import Survey
from surveys.errors import SurveyNotFound
from surveys.organisations.problem_area_models import CustomArea
from surveys.organisations.problem_areas import taxonomy_for
from surveys.plans.access import can_see_plan, plan_by_slug
from surveys.plans.commitment_models import Commitment
from surveys.plans.labels import responsible_label, status_label
from surveys.plans.models import Plan
from surveys.plans.templates import partner_name

__all__ = [
    "INCIDENT_REPORTERS",
    "PLAN_EDITORS",
    "RAW_TEXT_ROLES",
    "REVIEWERS",
    "STAFF_READERS",
    "SURVEY_EDITORS",
    "area_choices",
    "area_name",
    "commitment_of",
    "load_visible_plan",
    "load_visible_survey",
    "plan_labels",
    "plan_language",
]


def load_visible_survey(slug: str) -> Survey:
    """The survey with `slug` if the signed-in user may see it, else 404."""
    try:
        survey = queries.survey_by_slug(db.session, slug)
    except SurveyNotFound:
        abort(404)
    require_survey_access(survey)
    return survey


def load_visible_plan(slug: str) -> Plan:
    """The plan with `slug` if the signed-in user may see it, else 404."""
    plan = plan_by_slug(db.session, slug)
    if plan is None or not can_see_plan(current_user, plan):
        abort(404)
    return plan


def commitment_of(plan: Plan, commitment_id: int) -> Commitment:
    """The plan's commitment with that id, else 404."""
    commitment = next((c for c in plan.commitments if c.id == commitment_id), None)
    if commitment is None:
        abort(404)
    return commitment


def _custom_names() -> dict[str, tuple[str, str]]:
    """code → (Swedish, English) names of the areas organisations added, cached per request."""
    if "custom_area_names" not in g:
        g.custom_area_names = {a.code: (a.name_sv, a.name_en) for a in db.session.scalars(select(CustomArea))}
    return g.custom_area_names  # type: ignore[no-any-return]


def area_name(code: str) -> str:
    """Problem-area name in the interface language (cached per request for added areas)."""
    english = str(get_locale()) == "en"
    try:
        area = load_taxonomy().area(code)
        names = (area.name_sv, area.name_en)
    except KeyError:
        names = _custom_names().get(code, (code, ""))
    return (names[1] if english and names[1] else names[0]) or code


def area_choices(organisation_id: int) -> list[tuple[str, str]]:
    """(code, name) of every problem area the organisation uses, in taxonomy order."""
    return [(code, area_name(code)) for code in taxonomy_for(db.session, organisation_id).codes]


def plan_language(plan: Plan) -> str:
    """The language to show a plan in: ?lang= if the plan has it, else the interface's, else its first."""
    for candidate in (request.args.get("lang"), str(get_locale())):
        if candidate and candidate in (plan.languages or ()):
            return candidate
    return (plan.languages or ["sv"])[0]


def plan_labels() -> dict[str, Any]:
    """Label functions the plan templates share."""
    return {
        "status_label": lambda s: status_label(s, _),
        "responsible_label": lambda r: responsible_label(r, _),
        "partner_name": partner_name,
        "area_name": area_name,
    }
