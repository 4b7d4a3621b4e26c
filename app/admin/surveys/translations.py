"""The words around a survey's questions: navigation, errors, privacy box, thank-you page, poster."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin.common import SURVEY_EDITORS, load_visible_survey
from app.admin.surveys import bp
from app.auth import roles_required
from app.extensions import db
from app.import_messages import exception_message
from surveys.authoring import editing
from surveys.authoring.resident_texts import RESIDENT_TEXTS, ResidentTextError, own_texts, shipped_text


@bp.route("/surveys/<slug>/resident-texts", methods=["GET", "POST"])
@roles_required(*SURVEY_EDITORS)
def survey_resident_texts(slug: str) -> Any:
    """Every interface text residents read, side by side per language, shipped or the survey's own."""
    survey = load_visible_survey(slug)
    submitted: dict[str, dict[str, str]] | None = None
    error = None
    if request.method == "POST":
        submitted = {
            code: {key: request.form.get(f"{code}__{key}", "") for key in RESIDENT_TEXTS}
            for code in survey.languages
        }
        try:
            editing.set_resident_texts(db.session, survey, submitted)
        except ResidentTextError as exc:
            error = exception_message(exc)
        else:
            flash(_("The texts residents read have been saved."), "success")
            return redirect(url_for("admin.surveys.survey_resident_texts", slug=slug))
    rows = [
        {
            "key": key,
            "label": _(source),  # in the interface language; placeholders left as written
            "cells": [
                {
                    "language": code,
                    "name": f"{code}__{key}",
                    "value": (submitted or {}).get(code, {}).get(key)
                    if submitted is not None
                    else (own_texts(survey, code).get(key) or shipped_text(key, code) or ""),
                    "shipped": shipped_text(key, code),
                }
                for code in survey.languages
            ],
        }
        for key, source in RESIDENT_TEXTS.items()
    ]
    return render_template(
        "admin/resident_texts.html", survey=survey, rows=rows, error=error
    ), 422 if error else 200
