"""A plan's saved versions, a readable comparison of two, and the plan as PDF, DOCX or Markdown."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from app.admin.common import load_visible_plan, plan_labels, plan_language
from app.admin.plans import bp
from app.plan_support import document_language, gettext_in, plan_file, send_document
from surveys.plans.document import plan_doc
from surveys.plans.labels import version_note_label
from surveys.plans.versions import compare_versions, version_doc

FORMATS = ("pdf", "docx", "md")


def _int(name: str, default: int) -> int:
    try:
        return int(request.args.get(name, default))
    except ValueError:
        return default


@bp.get("/plans/<slug>/versions")
@login_required
def plan_versions(slug: str) -> str:
    """Every saved version, with a form to compare any two."""
    plan = load_visible_plan(slug)
    return render_template(
        "admin/plans/versions.html",
        plan=plan,
        versions=list(reversed(plan.versions)),
        note_label=lambda note: version_note_label(note, _),
        **plan_labels(),
    )


@bp.get("/plans/<slug>/versions/compare")
@login_required
def plan_compare(slug: str) -> str:
    """What changed between two versions, line by line."""
    plan = load_visible_plan(slug)
    latest = plan.version
    first, second = _int("a", max(1, latest - 1)), _int("b", latest)
    lang = document_language(request.args.get("lang"), plan_language(plan))
    diff = compare_versions(plan, first, second, lang, gettext_in(lang))
    if diff is None:
        abort(404)
    return render_template(
        "admin/plans/compare.html",
        plan=plan,
        first=min(first, second),
        second=max(first, second),
        diff=diff,
        lang=lang,
        versions=plan.versions,
        **plan_labels(),
    )


@bp.get("/plans/<slug>/export.<fmt>")
@login_required
def plan_export(slug: str, fmt: str) -> Any:
    """The plan (or one saved version with ?version=N) as a municipal document."""
    plan = load_visible_plan(slug)
    if fmt not in FORMATS:
        abort(404)
    lang = document_language(request.args.get("lang"), plan_language(plan))
    number = request.args.get("version", type=int)
    if number is None:
        doc = plan_doc(plan)
    else:
        version = next((v for v in plan.versions if v.number == number), None)
        if version is None:
            abort(404)
        doc = version_doc(version)
    name = f"{plan.slug}-v{number or plan.version}-{lang}"
    return send_document(plan_file(doc, fmt, lang), fmt, name)
