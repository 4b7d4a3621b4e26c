"""Public pages of published citizen pledges and action plans, with progress per commitment.

Drafts, plans in review and approved but unpublished plans are never shown (404).
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from app.extensions import db
from app.plan_support import plan_file, send_document, today
from app.public import bp
from surveys.plans.access import public_plan, public_plans
from surveys.plans.document import plan_doc
from surveys.plans.followup import plan_follow_up
from surveys.plans.labels import responsible_label
from surveys.plans.models import Plan
from surveys.plans.templates import partner_name


def _published(slug: str) -> Plan:
    plan = public_plan(db.session, slug)
    if plan is None:
        abort(404)
    return plan


@bp.get("/loften")
def pledges() -> str:
    """Published pledges and action plans."""
    return render_template("public/pledges.html", plans=public_plans(db.session), today=today())


@bp.get("/loften/<slug>")
def pledge(slug: str) -> str:
    """One published plan: the problem picture, the commitments and how far each has come."""
    plan = _published(slug)
    progress = {item.id: item for item in plan_follow_up(plan, today())}
    locale = str(get_locale() or "sv")
    return render_template(
        "public/pledge.html",
        plan=plan,
        lang=locale if locale in plan.languages else (plan.languages or ["sv"])[0],
        progress=progress,
        today=today(),
        responsible_label=lambda code: responsible_label(code, _),
        partner_name=partner_name,
    )


@bp.get("/loften/<slug>.<lang>.pdf")
def pledge_pdf(slug: str, lang: str) -> Any:
    """The published plan as PDF in Swedish or English."""
    plan = _published(slug)
    if lang not in ("sv", "en"):
        abort(404)
    return send_document(plan_file(plan_doc(plan), "pdf", lang), "pdf", f"{plan.slug}-{lang}")
