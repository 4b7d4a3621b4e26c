"""The translation sheet: every text of a survey in every language it offers, on one page.

The survey's own texts (title, introduction, questions, help, scale end words, options) come
first, then the words around the questions that residents read (navigation, errors, privacy
box, thank-you page, poster), each with the product's shipped wording as the starting point.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin.common import SURVEY_EDITORS, load_visible_survey
from app.admin.surveys import bp
from app.admin.surveys.forms import SCALE_HIGH, SCALE_LOW
from app.auth import roles_required
from app.extensions import db
from app.i18n import language_label
from app.import_messages import exception_message
from app.labels import missing_text_label
from surveys.authoring import editing
from surveys.authoring.models import Survey
from surveys.authoring.resident_texts import RESIDENT_TEXTS, ResidentTextError, own_texts, shipped_text
from surveys.authoring.translation_sheet import TextSlot, text_slots

# Survey texts are posted as t__<slot ref>__<language>; resident texts as <language>__<key>.
SLOT_FIELD = "t__{ref}__{language}"


# Decorators apply bottom up and url_for builds the first registered address: the page's
# own address is therefore the lower one; the one above keeps its earlier address working.
@bp.route("/surveys/<slug>/resident-texts", methods=["GET", "POST"])
@bp.route("/surveys/<slug>/translations", methods=["GET", "POST"])
@roles_required(*SURVEY_EDITORS)
def survey_translations(slug: str) -> Any:
    """Every translatable text of the survey side by side per language; saved together."""
    survey = load_visible_survey(slug)
    submitted_texts: dict[str, dict[str, str]] | None = None
    submitted_interface: dict[str, dict[str, str]] | None = None
    error = None
    if request.method == "POST":
        submitted_texts = _posted_slots(survey)
        submitted_interface = _posted_interface(survey)
        try:
            editing.set_translations(db.session, survey, submitted_texts, submitted_interface)
        except ResidentTextError as exc:
            error = exception_message(exc)
        except editing.MissingTexts as exc:
            listed = "; ".join(
                f"{language_label(m.language)}: {missing_text_label(m)}" for m in exc.missing[:10]
            )
            error = _(
                "The survey is open, so every language must keep all its texts. Missing: %(list)s.",
                list=listed,
            )
        else:
            flash(_("The translations have been saved."), "success")
            return redirect(url_for("admin.surveys.survey_translations", slug=slug))
    missing = editing.missing_translations(survey) if error is None else []
    return render_template(
        "admin/translations.html",
        survey=survey,
        groups=_slot_groups(survey, submitted_texts),
        rows=_interface_rows(survey, submitted_interface),
        missing=missing,
        error=error,
    ), 422 if error else 200


def _posted_slots(survey: Survey) -> dict[str, dict[str, str]]:
    """The survey texts in the form, by slot and language; slots not in the form are left out."""
    found: dict[str, dict[str, str]] = {}
    for slot in text_slots(survey):
        for language in survey.languages:
            name = SLOT_FIELD.format(ref=slot.ref, language=language)
            if name in request.form:
                found.setdefault(slot.ref, {})[language] = request.form[name]
    return found


def _posted_interface(survey: Survey) -> dict[str, dict[str, str]] | None:
    """The resident texts in the form, or None when the form has none of them."""
    names = [f"{code}__{key}" for code in survey.languages for key in RESIDENT_TEXTS]
    if not any(name in request.form for name in names):
        return None
    return {
        code: {key: request.form.get(f"{code}__{key}", "") for key in RESIDENT_TEXTS}
        for code in survey.languages
    }


def _slot_label(slot: TextSlot) -> str:
    if slot.kind == "title":
        return _("Title")
    if slot.kind == "intro":
        return _("Introduction")
    if slot.kind == "question":
        return _("Question text")
    if slot.kind == "help":
        return _("Help text")
    if slot.kind == "scale_min":
        return str(SCALE_LOW)
    if slot.kind == "scale_max":
        return str(SCALE_HIGH)
    assert slot.question is not None
    value = slot.detail.partition("/")[2]
    number = next(i for i, o in enumerate(slot.question.options, 1) if o.value == value)
    return _("Option %(n)d", n=number)


def _slot_groups(survey: Survey, submitted: dict[str, dict[str, str]] | None) -> list[dict[str, Any]]:
    """The slots grouped as the page shows them: the survey's own, then one group per question."""
    groups: list[dict[str, Any]] = []
    for slot in text_slots(survey):
        question = slot.question
        key = question.id if question is not None else None
        if not groups or groups[-1]["question_id"] != key:
            groups.append({"question_id": key, "question": question, "rows": []})
        cells = []
        for language in survey.languages:
            value = (submitted or {}).get(slot.ref, {}).get(language)
            if value is None:
                value = slot.texts.get(language, "")
            cells.append(
                {
                    "language": language,
                    "name": SLOT_FIELD.format(ref=slot.ref, language=language),
                    "value": value,
                    "missing": slot.required and not value.strip(),
                }
            )
        long_text = slot.kind in ("intro", "question", "help")
        groups[-1]["rows"].append(
            {"slot": slot, "label": _slot_label(slot), "cells": cells, "long": long_text}
        )
    return groups


def _interface_rows(survey: Survey, submitted: dict[str, dict[str, str]] | None) -> list[dict[str, Any]]:
    return [
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
