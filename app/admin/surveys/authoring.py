"""Building surveys: create, settings, questions, status, preview and new rounds."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.common import SURVEY_EDITORS, load_visible_survey
from app.admin.surveys import bp
from app.admin.surveys.forms import QUESTION_TYPE_LABELS, NewQuestionForm, NewSurveyForm, settings_form
from app.auth import roles_required
from app.extensions import db
from app.i18n import language_label
from app.import_messages import exception_message
from app.labels import missing_text_label
from surveys.accounts.models import Role
from surveys.authoring import editing
from surveys.authoring.creation import create_blank_survey, create_from_template
from surveys.authoring.models import QuestionType, SurveyStatus
from surveys.authoring.rounds import start_new_round


@bp.route("/surveys/new", methods=["GET", "POST"])
@roles_required(*SURVEY_EDITORS)
def survey_new() -> Any:
    """Start a survey from a shipped template or from scratch."""
    form = NewSurveyForm()
    if form.validate_on_submit():
        try:
            slug = editing.check_slug(form.slug.data.strip())
            languages = editing.check_languages(form.languages.data.split(","))
            if editing.slug_taken(db.session, slug):
                raise editing.EditError(_("That web address is already used by another survey."))
        except editing.EditError as exc:
            _show_at_field(form, exc, {"slug": "slug", "languages": "languages"})
        else:
            org = current_user.organisation
            typed = (form.title.data or "").strip()
            title = {languages[0]: typed} if typed else None
            if form.template.data == "blank":
                survey = create_blank_survey(
                    db.session,
                    org,
                    slug=slug,
                    languages=languages,
                    round_label=form.round_label.data or "",
                    title=title,
                )
            else:
                survey = create_from_template(
                    db.session,
                    org,
                    form.template.data,
                    slug=slug,
                    languages=languages,
                    round_label=form.round_label.data or "",
                    title=title,
                )
            flash(_("The survey has been created as a draft."), "success")
            return redirect(url_for("admin.surveys.survey_edit", slug=survey.slug))
    return render_template("admin/survey_new.html", form=form), 422 if form.errors else 200


def _show_at_field(form: Any, exc: editing.EditError, fields: dict[str, str]) -> None:
    """Show a domain error, in the user's language, at the form field it is about.

    The form's error summary then lists and links it, and the field is marked invalid.
    An error about no particular field becomes a banner.
    """
    message = exception_message(exc)
    name = fields.get(exc.field or "")
    if name is None:
        flash(message, "error")
        return
    field = form[name]
    field.errors = [*field.errors, message]


def _settings_data(survey: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "languages_field": ", ".join(survey.languages),
        "round_label": survey.round_label,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "open_to_everyone": survey.open_to_everyone,
    }
    for code in survey.languages:
        data[f"title_{code}"] = survey.title.get(code, "")
        data[f"intro_{code}"] = survey.intro.get(code, "")
    return data


@bp.route("/surveys/<slug>/edit", methods=["GET", "POST"])
@roles_required(*SURVEY_EDITORS)
def survey_edit(slug: str) -> Any:
    """Settings, translations side by side, and the question list."""
    survey = load_visible_survey(slug)
    form = settings_form(
        survey.languages,
        formdata=request.form if request.method == "POST" else None,
        data=_settings_data(survey),
    )
    if request.method == "POST" and form.validate():
        texts = {
            code: (form[f"title_{code}"].data or "", form[f"intro_{code}"].data or "")
            for code in survey.languages
        }
        try:
            editing.update_settings(
                db.session,
                survey,
                title={c: t for c, (t, _i) in texts.items()},
                intro={c: i for c, (_t, i) in texts.items()},
                languages=form.languages_field.data.split(","),
                round_label=form.round_label.data or "",
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                open_to_everyone=bool(form.open_to_everyone.data),
            )
        except editing.EditError as exc:
            _show_at_field(form, exc, {"languages": "languages_field", "closes_on": "closes_on"})
        else:
            flash(_("The survey has been saved."), "success")
            return redirect(url_for("admin.surveys.survey_edit", slug=survey.slug))
    return render_template(
        "admin/survey_edit.html",
        survey=survey,
        form=form,
        question_form=NewQuestionForm(),
        missing=editing.missing_translations(survey),
        answered=editing.has_responses(db.session, survey),
        type_labels=QUESTION_TYPE_LABELS,
    ), 422 if form.errors else 200


@bp.post("/surveys/<slug>/status")
@roles_required(*SURVEY_EDITORS)
def survey_status(slug: str) -> Any:
    """Open, close or reopen a survey."""
    survey = load_visible_survey(slug)
    try:
        status = SurveyStatus(request.form.get("status", ""))
        editing.set_status(db.session, survey, status)
    except ValueError:
        flash(_("Unknown status."), "error")
    except editing.MissingTexts as exc:
        listed = "; ".join(f"{language_label(m.language)}: {missing_text_label(m)}" for m in exc.missing[:10])
        more = len(exc.missing) - 10
        reason = _("texts are missing (%(list)s)", list=listed + (" …" if more > 0 else ""))
        flash(_("The survey cannot open yet: %(reason)s", reason=reason), "error")
    except editing.EditError as exc:
        flash(_("The survey cannot open yet: %(reason)s", reason=exception_message(exc)), "error")
    else:
        flash(_("The status has been changed."), "success")
    return redirect(url_for("admin.surveys.survey_edit", slug=slug))


@bp.post("/surveys/<slug>/questions")
@roles_required(*SURVEY_EDITORS)
def question_add(slug: str) -> Any:
    """Append a question."""
    survey = load_visible_survey(slug)
    form = NewQuestionForm()
    if form.validate_on_submit():
        try:
            question = editing.add_question(
                db.session,
                survey,
                key=form.key.data.strip(),
                qtype=QuestionType(form.qtype.data),
                text={"sv": form.text.data},
                required=form.required.data,
                page=form.page.data or 1,
            )
        except editing.EditError as exc:
            flash(exception_message(exc), "error")
        else:
            flash(_("The question has been added."), "success")
            return redirect(url_for("admin.surveys.question_edit", slug=slug, question_id=question.id))
    else:
        flash(_("Check the new question: key, type and text are needed."), "error")
    return redirect(url_for("admin.surveys.survey_edit", slug=slug))


@bp.route("/surveys/<slug>/new-round", methods=["GET", "POST"])
@roles_required(*SURVEY_EDITORS)
def survey_new_round(slug: str) -> Any:
    """Copy the survey as a draft for the next period, keeping question identities."""
    survey = load_visible_survey(slug)
    if request.method == "POST":
        try:
            copy = start_new_round(
                db.session,
                survey,
                slug=request.form.get("slug", "").strip(),
                round_label=request.form.get("round_label", ""),
            )
        except editing.EditError as exc:
            flash(exception_message(exc), "error")
        else:
            flash(_("The new round has been created as a draft."), "success")
            return redirect(url_for("admin.surveys.survey_edit", slug=copy.slug))
    return render_template("admin/survey_new_round.html", survey=survey)


@bp.get("/surveys/<slug>/preview")
@roles_required(*SURVEY_EDITORS, Role.POLICE, Role.STEERING_GROUP, Role.VIEWER)
def survey_preview(slug: str) -> Any:
    """Exactly what a resident sees, page by page and per language, without saving anything."""
    from app.public.forms import build_page_form, field_name
    from app.public.maps import question_maps
    from surveys.authoring.resident_texts import resident_texts

    survey = load_visible_survey(slug)
    asked = request.args.get("lang", "")
    language = asked if survey.offers(asked) else survey.languages[0]
    page = min(max(request.args.get("page", 1, type=int), 1), survey.page_count)
    form = build_page_form(survey.questions_on(page), language, texts=resident_texts(survey, language))
    return render_template(
        "public/survey.html",
        survey=survey,
        page=page,
        questions=survey.questions_on(page),
        form=form,
        field_name=field_name,
        language=language,
        notice=None,
        preview=True,
        maps=question_maps(survey, survey.questions_on(page), language, inline=True),
    )
