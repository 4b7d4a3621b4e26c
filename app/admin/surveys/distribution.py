"""Getting a survey out: links, QR codes, posters, staff invitations and paper entry."""

from __future__ import annotations

import csv
import io
import secrets
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.validators import InputRequired, Optional

from app.admin.common import SURVEY_EDITORS, load_visible_survey
from app.admin.surveys import bp
from app.auth import roles_required
from app.extensions import db
from app.public.forms import build_page_form, field_name, values_from_form
from surveys.accounts.models import Role
from surveys.answering.models import Channel, RespondentGroup
from surveys.answering.submission import submit_response
from surveys.authoring.resident_texts import date_in, resident_texts
from surveys.distribution.invitations import create_invitations
from surveys.distribution.paper_form import paper_form_pdf
from surveys.distribution.posters import PosterText, poster_pdf, qr_png, qr_svg
from surveys.errors import InvalidAnswers, SurveyError

STAFF = (Role.ADMIN, Role.ANALYST, Role.POLICE)


def _language(survey: Any) -> str:
    requested = request.args.get("lang", "")
    return requested if survey.offers(requested) else survey.languages[0]


def public_url(survey: Any, language: str) -> str:
    """The address residents use for `survey` in `language`."""
    return url_for("public.survey", slug=survey.slug, lang=language, _external=True)


def _attachment(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.get("/surveys/<slug>/qr.<fmt>")
@roles_required(*STAFF)
def survey_qr(slug: str, fmt: str) -> Response:
    """QR code of the survey's public link in SVG or PNG."""
    survey = load_visible_survey(slug)
    language = _language(survey)
    url = public_url(survey, language)
    if fmt == "svg":
        return _attachment(qr_svg(url), "image/svg+xml", f"{slug}-{language}.svg")
    if fmt == "png":
        return _attachment(qr_png(url), "image/png", f"{slug}-{language}.png")
    abort(404)


@bp.get("/surveys/<slug>/poster.pdf")
@roles_required(*STAFF)
def survey_poster(slug: str) -> Response:
    """A printable A4 poster with QR code, title and closing date."""
    survey = load_visible_survey(slug)
    language = _language(survey)
    texts = resident_texts(survey, language)  # the poster speaks the survey's language, as its page does
    text = PosterText(
        heading=texts("poster_heading"),
        title=survey.title_in(language),
        intro=survey.intro_in(language),
        scan_hint=texts("poster_scan"),
        closing=texts("poster_answer_by", date=date_in(survey.closes_on, language))
        if survey.closes_on
        else "",
        organisation=survey.organisation.name,
        language=language,
    )
    pdf = poster_pdf(public_url(survey, language), text, survey.closes_on)
    return _attachment(pdf, "application/pdf", f"{slug}-{language}-affisch.pdf")


@bp.get("/surveys/<slug>/paper-form.pdf")
@roles_required(*STAFF)
def survey_paper_form(slug: str) -> Response:
    """The printable paper questionnaire in one of the survey's languages."""
    survey = load_visible_survey(slug)
    language = _language(survey)
    return _attachment(
        paper_form_pdf(survey, language), "application/pdf", f"{slug}-{language}-pappersenkat.pdf"
    )


@bp.post("/surveys/<slug>/invitations")
@roles_required(*SURVEY_EDITORS)
def survey_invitations(slug: str) -> Any:
    """Create N single-use staff links and download them as CSV for a mail merge."""
    survey = load_visible_survey(slug)
    count = request.form.get("count", type=int) or 0
    try:
        tokens = create_invitations(db.session, survey, count)
    except SurveyError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.surveys.survey_edit", slug=slug))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["number", "link"])
    for number, token in enumerate(tokens, start=1):
        writer.writerow([number, url_for("public.invitation", token=token, _external=True)])
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return _attachment(data, "text/csv; charset=utf-8", f"{slug}-inbjudningar.csv")


def _allow_blanks(form: Any, questions: list[Any]) -> None:
    """A resident may skip any question on paper: no field of the entry form is required."""
    for question in questions:
        field = form[field_name(question)]
        field.validators = [Optional(), *(v for v in field.validators if not isinstance(v, InputRequired))]
        field.flags.required = False
        if hasattr(field, "required"):  # the point field checks required-ness itself
            field.required = False


@bp.route("/surveys/<slug>/paper", methods=["GET", "POST"])
@roles_required(*SURVEY_EDITORS)
def survey_paper(slug: str) -> Any:
    """Type in paper questionnaires: every question on one keyboard-friendly page."""
    survey = load_visible_survey(slug)
    language = survey.languages[0]
    questions = list(survey.questions)
    form = build_page_form(questions, language, formdata=request.form if request.method == "POST" else None)
    _allow_blanks(form, questions)
    if request.method == "POST" and form.validate():
        group = RespondentGroup.STAFF if request.form.get("group") == "staff" else RespondentGroup.RESIDENT
        try:
            submit_response(
                db.session,
                survey,
                values_from_form(form, questions),
                submission_token=form.submission_token.data or secrets.token_urlsafe(16),
                language=language,
                channel=Channel.PAPER,
                respondent_group=group,
                enforce_open=False,
                require_answers=False,
            )
        except InvalidAnswers:
            flash(_("Check the highlighted answers."), "error")
        else:
            flash(_("The paper questionnaire has been saved. Enter the next one."), "success")
            return redirect(url_for("admin.surveys.survey_paper", slug=slug, group=group.value))
    if not form.submission_token.data:
        form.submission_token.data = secrets.token_urlsafe(16)
    return render_template(
        "admin/paper.html",
        survey=survey,
        form=form,
        questions=questions,
        field_name=field_name,
        language=language,
        group=request.args.get("group", request.form.get("group", "resident")),
    ), 422 if form.errors else 200
