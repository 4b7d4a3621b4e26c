"""Editing a plan: title, section texts, commitments (from templates or written), comments."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.admin.common import PLAN_EDITORS, commitment_of, load_visible_plan, plan_labels
from app.admin.plans import bp
from app.admin.plans.forms import CommentForm, CommitmentForm, SectionForm, TitleForm
from app.auth import roles_required
from app.extensions import db
from surveys.accounts.models import Role
from surveys.plans.commitment_models import Commitment
from surveys.plans.editing import (
    CommitmentInput,
    add_comment,
    add_commitment,
    remove_commitment,
    update_commitment,
    update_section,
    update_title,
)
from surveys.plans.errors import PlanError, PlanInvalid, PlanNotAllowed
from surveys.plans.models import Plan, PlanSection
from surveys.plans.templates import load_commitment_templates, partner_codes, partner_name, templates_for
from surveys.plans.working_groups import group_choices


def _section(plan: Plan, section_id: int) -> PlanSection:
    section = next((s for s in plan.sections if s.id == section_id), None)
    if section is None:
        abort(404)
    return section


def _back(plan: Plan, anchor: int | None = None) -> Any:
    return redirect(
        url_for("admin.plans.plan_detail", slug=plan.slug, _anchor=f"s{anchor}" if anchor else None)
    )


def _refused(plan: Plan, error: PlanError) -> Any:
    if isinstance(error, PlanNotAllowed):
        abort(403)
    flash(_("The plan can no longer be changed in its current status."), "error")
    return _back(plan)


@bp.route("/plans/<slug>/title", methods=["GET", "POST"])
@roles_required(*PLAN_EDITORS)
def plan_title_edit(slug: str) -> Any:
    """Rename the plan."""
    plan = load_visible_plan(slug)
    form = TitleForm(data={"title_sv": plan.title.get("sv", ""), "title_en": plan.title.get("en", "")})
    if not form.validate_on_submit():
        return render_template(
            "admin/plans/title_edit.html", plan=plan, form=form
        ), 422 if form.errors else 200
    try:
        update_title(db.session, plan, {"sv": form.title_sv.data, "en": form.title_en.data}, current_user)
    except PlanError as error:
        return _refused(plan, error)
    flash(_("Saved as version %(n)d.", n=plan.version), "success")
    return _back(plan)


@bp.route("/plans/<slug>/sections/<int:section_id>", methods=["GET", "POST"])
@roles_required(*PLAN_EDITORS)
def plan_section_edit(slug: str, section_id: int) -> Any:
    """Edit a section's heading and text in Swedish and English."""
    plan = load_visible_plan(slug)
    section = _section(plan, section_id)
    data = {
        f"{part}_{lang}": getattr(section, part).get(lang, "")
        for part in ("title", "body")
        for lang in ("sv", "en")
    }
    form = SectionForm(data=data)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("admin/plans/section_edit.html", plan=plan, section=section, form=form), status
    title = {"sv": form.title_sv.data, "en": form.title_en.data}
    body = {"sv": form.body_sv.data, "en": form.body_en.data}
    try:
        update_section(db.session, plan, section, title, body, current_user)
    except PlanError as error:
        return _refused(plan, error)
    flash(_("Saved as version %(n)d.", n=plan.version), "success")
    return _back(plan, section.id)


@bp.post("/plans/<slug>/sections/<int:section_id>/comments")
@roles_required(*PLAN_EDITORS, Role.STEERING_GROUP)
def plan_comment(slug: str, section_id: int) -> Any:
    """Add a review comment to a section."""
    plan = load_visible_plan(slug)
    section = _section(plan, section_id)
    form = CommentForm()
    if not form.validate_on_submit():
        flash(_("Write a comment first."), "error")
        return _back(plan, section.id)
    try:
        add_comment(db.session, plan, section, form.body.data, current_user)
    except PlanError as error:
        return _refused(plan, error)
    flash(_("Your comment has been added."), "success")
    return _back(plan, section.id)


def _partner_choices() -> list[SelectChoice]:
    lang = "en" if str(get_locale()) == "en" else "sv"
    return [SelectChoice(code, partner_name(code, lang)) for code in partner_codes()]


def _group_choices(form: CommitmentForm, plan: Plan) -> None:
    form.working_group.choices = [SelectChoice("", _("No working group"))] + [
        SelectChoice(str(g.id), g.name) for g in group_choices(db.session, plan)
    ]


def _input(form: CommitmentForm, theme: str | None, template: str | None) -> CommitmentInput:
    others = [p.strip() for p in (form.other_partners.data or "").split(",") if p.strip()]
    return CommitmentInput(
        text={"sv": form.text_sv.data or "", "en": form.text_en.data or ""},
        target_count=form.target_count.data,
        frequency=form.frequency.data,
        unit={"sv": form.unit_sv.data or "", "en": form.unit_en.data or ""},
        unit_one={"sv": form.unit_one_sv.data or "", "en": form.unit_one_en.data or ""},
        responsible=form.responsible.data,
        partners=tuple(list(form.partners.data or []) + others),
        period_start=form.period_start.data,
        period_end=form.period_end.data,
        theme=theme,
        template_code=template,
        working_group_id=int(form.working_group.data) if form.working_group.data else None,
        place=form.place.data or "",
    )


def _prefill(form: CommitmentForm, source: Any, plan: Plan) -> None:
    """Fill the form from a commitment or a template (GET only)."""
    text = getattr(source, "text", None) or getattr(source, "activity", {})
    form.text_sv.data, form.text_en.data = text.get("sv", ""), text.get("en", "")
    form.target_count.data = source.target_count
    form.frequency.data = source.frequency
    form.unit_sv.data, form.unit_en.data = source.unit.get("sv", ""), source.unit.get("en", "")
    one = getattr(source, "unit_one", None) or {}
    form.unit_one_sv.data, form.unit_one_en.data = one.get("sv", ""), one.get("en", "")
    form.responsible.data = source.responsible
    known = set(partner_codes())
    form.partners.data = [p for p in source.partners if p in known]
    form.other_partners.data = ", ".join(p for p in source.partners if p not in known)
    form.period_start.data = getattr(source, "period_start", None) or plan.period_start
    form.period_end.data = getattr(source, "period_end", None) or plan.period_end
    group_id = getattr(source, "working_group_id", None)
    form.working_group.data = str(group_id) if group_id else ""
    form.place.data = getattr(source, "place", None) or ""


@bp.route("/plans/<slug>/sections/<int:section_id>/commitments/new", methods=["GET", "POST"])
@roles_required(*PLAN_EDITORS)
def commitment_new(slug: str, section_id: int) -> Any:
    """Pick a suggested commitment for the area and edit it, or write one's own."""
    plan = load_visible_plan(slug)
    section = _section(plan, section_id)
    form = CommitmentForm()
    form.partners.choices = _partner_choices()
    _group_choices(form, plan)
    template = load_commitment_templates().get(request.values.get("template", ""))
    if request.method == "GET":
        form.period_start.data, form.period_end.data = plan.period_start, plan.period_end
        if template is not None:
            _prefill(form, template, plan)
    if not form.validate_on_submit():
        return render_template(
            "admin/plans/commitment_form.html",
            plan=plan,
            section=section,
            form=form,
            commitment=None,
            suggestions=templates_for(section.theme),
            template=template,
            **plan_labels(),
        ), 422 if form.errors else 200
    try:
        added = add_commitment(
            db.session,
            plan,
            section,
            _input(form, section.theme, template.code if template else None),
            current_user,
        )
    except PlanInvalid:
        flash(_("The commitment's period must lie within the plan's period."), "error")
        return redirect(request.url)
    except PlanError as error:
        return _refused(plan, error)
    _flag(added)
    return _back(plan, section.id)


@bp.route("/plans/<slug>/commitments/<int:commitment_id>", methods=["GET", "POST"])
@roles_required(*PLAN_EDITORS)
def commitment_edit(slug: str, commitment_id: int) -> Any:
    """Change a commitment's wording, target, responsibility, partners or period."""
    plan = load_visible_plan(slug)
    commitment = commitment_of(plan, commitment_id)
    form = CommitmentForm()
    form.partners.choices = _partner_choices()
    _group_choices(form, plan)
    if request.method == "GET":
        _prefill(form, commitment, plan)
    if not form.validate_on_submit():
        return render_template(
            "admin/plans/commitment_form.html",
            plan=plan,
            section=commitment.section,
            form=form,
            commitment=commitment,
            suggestions=[],
            template=None,
            **plan_labels(),
        ), 422 if form.errors else 200
    try:
        update_commitment(db.session, plan, commitment, _input(form, commitment.theme, None), current_user)
    except PlanInvalid:
        flash(_("The commitment's period must lie within the plan's period."), "error")
        return redirect(request.url)
    except PlanError as error:
        return _refused(plan, error)
    _flag(commitment)
    return _back(plan, commitment.section_id)


def _flag(commitment: Commitment) -> None:
    if commitment.target_count and (commitment.unit or {}).get("sv"):
        flash(_("The commitment has been saved."), "success")
    else:
        flash(
            _("Saved, but the commitment has no measurable target: add a number and what is counted."),
            "error",
        )


@bp.post("/plans/<slug>/commitments/<int:commitment_id>/delete")
@roles_required(*PLAN_EDITORS)
def commitment_delete(slug: str, commitment_id: int) -> Any:
    """Remove a commitment from the plan."""
    plan = load_visible_plan(slug)
    commitment = commitment_of(plan, commitment_id)
    section_id = commitment.section_id
    try:
        remove_commitment(db.session, plan, commitment, current_user)
    except PlanError as error:
        return _refused(plan, error)
    flash(_("The commitment has been removed."), "success")
    return _back(plan, section_id)
