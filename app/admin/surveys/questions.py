"""Editing one question: texts per language, options, order, removal."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin.common import SURVEY_EDITORS, load_visible_survey
from app.admin.surveys import bp
from app.admin.surveys.forms import question_form
from app.auth import roles_required
from app.extensions import db
from app.import_messages import exception_message
from surveys.authoring import editing
from surveys.authoring.models import Question, QuestionPurpose, QuestionType, Survey

EMPTY_OPTION_ROWS = 3


def _question(survey: Survey, question_id: int) -> Question:
    question = next((q for q in survey.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    return question


def _question_data(question: Question, languages: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "required": question.required,
        "page": question.page,
        "purpose": question.question_purpose.value,
    }
    for code in languages:
        data[f"text_{code}"] = question.text.get(code, "")
        data[f"help_{code}"] = question.help.get(code, "")
        data[f"scale_min_{code}"] = (question.scale_min_label or {}).get(code, "")
        data[f"scale_max_{code}"] = (question.scale_max_label or {}).get(code, "")
    for row, option in enumerate(question.options):
        data[f"opt_{row}_value"] = option.value
        data[f"opt_{row}_order"] = row + 1
        for code in languages:
            data[f"opt_{row}_label_{code}"] = option.label.get(code, "")
    return data


def _options_from(form: Any, rows: int, languages: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Non-empty option rows, ordered by their "place in the list" (ties keep row order)."""
    options = []
    for row in range(rows):
        value = (form[f"opt_{row}_value"].data or "").strip()
        if value:
            order = form[f"opt_{row}_order"].data or row + 1
            labels = {c: form[f"opt_{row}_label_{c}"].data or "" for c in languages}
            options.append((order, row, value, labels))
    return [(value, labels) for _order, _row, value, labels in sorted(options)]


@bp.route("/surveys/<slug>/questions/<int:question_id>", methods=["GET", "POST"])
@roles_required(*SURVEY_EDITORS)
def question_edit(slug: str, question_id: int) -> Any:
    """Texts side by side per language, required flag, page and options."""
    survey = load_visible_survey(slug)
    question = _question(survey, question_id)
    rows = len(question.options) + (EMPTY_OPTION_ROWS if question.question_type.has_options else 0)
    scale = question.question_type is QuestionType.SCALE
    free_text = question.question_type is QuestionType.FREE_TEXT
    form = question_form(
        survey.languages,
        rows,
        formdata=request.form if request.method == "POST" else None,
        data=_question_data(question, survey.languages),
        scale=scale,
        free_text=free_text,
    )
    if request.method == "POST" and form.validate():
        try:
            editing.update_question(
                db.session,
                question,
                text={c: form[f"text_{c}"].data or "" for c in survey.languages},
                help_text={c: form[f"help_{c}"].data or "" for c in survey.languages},
                required=form.required.data,
                page=form.page.data or 1,
                options=_options_from(form, rows, survey.languages),
                scale_labels=(
                    (
                        {c: form[f"scale_min_{c}"].data or "" for c in survey.languages},
                        {c: form[f"scale_max_{c}"].data or "" for c in survey.languages},
                    )
                    if scale
                    else None
                ),
                purpose=QuestionPurpose(form.purpose.data) if free_text else None,
            )
        except editing.EditError as exc:
            flash(exception_message(exc), "error")
        else:
            flash(_("The question has been saved."), "success")
            return redirect(url_for("admin.surveys.survey_edit", slug=slug))
    return render_template(
        "admin/question_edit.html", survey=survey, question=question, form=form, rows=rows, scale=scale
    ), 422 if form.errors else 200


@bp.post("/surveys/<slug>/questions/<int:question_id>/move")
@roles_required(*SURVEY_EDITORS)
def question_move(slug: str, question_id: int) -> Any:
    """Move a question one step up or down."""
    survey = load_visible_survey(slug)
    offset = -1 if request.form.get("direction") == "up" else 1
    editing.move_question(db.session, _question(survey, question_id), offset)
    return redirect(url_for("admin.surveys.survey_edit", slug=slug, _anchor=f"question-{question_id}"))


@bp.post("/surveys/<slug>/questions/<int:question_id>/remove")
@roles_required(*SURVEY_EDITORS)
def question_remove(slug: str, question_id: int) -> Any:
    """Remove a question nobody has answered."""
    survey = load_visible_survey(slug)
    try:
        editing.remove_question(db.session, _question(survey, question_id))
    except editing.EditError as exc:
        flash(exception_message(exc), "error")
    else:
        flash(_("The question has been removed."), "success")
    return redirect(url_for("admin.surveys.survey_edit", slug=slug))
