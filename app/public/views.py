"""The resident's answering flow: home, survey pages, thank-you."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Response, abort, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response as WerkzeugResponse

from app.extensions import anonymous_client_key, csrf, db, limiter
from app.i18n import select_locale
from app.public import bp
from app.public.forms import (
    SurveyPageForm,
    build_page_form,
    field_name,
    form_data_from_values,
    values_from_form,
)
from app.public.maps import MAP_TYPES, question_map, question_maps
from app.redirects import safe_next
from surveys.answering.drafts import load_draft
from surveys.answering.pages import finish_answering, first_page_with_error, save_page
from surveys.answering.submission import survey_state
from surveys.authoring import queries
from surveys.authoring.models import Question, Survey
from surveys.authoring.resident_texts import resident_texts
from surveys.distribution.invitations import InvitationInvalid, find_unused
from surveys.errors import InvalidAnswers, SurveyNotFound, SurveyNotOpen
from surveys.places.service import area_shapes

DRAFTS_KEY = "survey_drafts"
INVITATIONS_KEY = "survey_invitations"
# Surveys this browser session has just sent answers to: a "back, then send again" that finds the
# draft gone is told the answers arrived, instead of being sent to page 1 as if one were missing.
SUBMITTED_KEY = "surveys_submitted"
# Reasons the submission service refuses an answer -> the resident text that explains it.
ERROR_TEXTS = {
    "required": "please_answer",
    "too_long": "too_long",
    "invalid_choice": "choose_option",
    "invalid": "check_answer",
}


@bp.get("/")
def home() -> str:
    """Organisations with their open surveys."""
    surveys = queries.open_surveys(db.session)
    grouped: dict[Any, list[Survey]] = {}
    for survey in surveys:
        grouped.setdefault(survey.organisation, []).append(survey)
    return render_template("public/home.html", grouped=grouped, orgs=queries.organisations(db.session))


def _load_survey(slug: str) -> Survey:
    try:
        return queries.survey_by_slug(db.session, slug)
    except SurveyNotFound:
        abort(404)


def _load_survey_to_answer(slug: str) -> Survey:
    """The survey with its questions and their options in one query (the answering hot path).

    Loading them lazily took three round trips to the database per page view and submission.
    """
    survey = (
        db.session.scalars(
            select(Survey)
            .where(Survey.slug == slug)
            .options(joinedload(Survey.questions).joinedload(Question.options))
        )
        .unique()
        .first()
    )
    if survey is None:
        abort(404)
    return survey


def survey_language(survey: Survey) -> str:
    """The language the resident reads the survey in (falls back to the survey's first)."""
    # The link (?lang=, as on QR posters) and every form post carry the language explicitly, so it
    # holds on page 2, on an error, after a CSRF or database-down retry and on the thank-you page.
    explicit = request.args.get("lang") or (request.form.get("lang") if request.method == "POST" else None)
    for candidate in (explicit, session.get("lang"), select_locale()):
        if candidate and survey.offers(candidate):
            return candidate
    return survey.languages[0] if survey.languages else "sv"


def _draft_token(survey: Survey, create: bool = False) -> str | None:
    tokens: dict[str, str] = session.get(DRAFTS_KEY, {})
    token = tokens.get(str(survey.id))
    if token is None and create:
        token = secrets.token_urlsafe(24)
        session[DRAFTS_KEY] = {**tokens, str(survey.id): token}
        _forget_submitted(survey.id)
    return token


def _own_draft_token(survey: Survey) -> str:
    """The visitor's draft token for `survey`, created when there is none yet."""
    token = _draft_token(survey, create=True)
    assert token is not None
    return token


def _adopt_draft_token(survey: Survey, token: str) -> None:
    """Hold `token` as the visitor's draft token for `survey`, as `_own_draft_token` creates one."""
    if _draft_token(survey) != token:
        session[DRAFTS_KEY] = {**session.get(DRAFTS_KEY, {}), str(survey.id): token}
        _forget_submitted(survey.id)


def _remember_submitted(survey_id: int) -> None:
    submitted = set(session.get(SUBMITTED_KEY, []))
    session[SUBMITTED_KEY] = sorted(submitted | {str(survey_id)})


def _forget_submitted(survey_id: int) -> None:
    submitted = list(session.get(SUBMITTED_KEY, []))
    if str(survey_id) in submitted:
        session[SUBMITTED_KEY] = [s for s in submitted if s != str(survey_id)]


def _just_submitted(survey: Survey) -> bool:
    return str(survey.id) in session.get(SUBMITTED_KEY, []) and _draft_token(survey) is None


def _forget_draft_token(survey_id: int) -> None:
    tokens = dict(session.get(DRAFTS_KEY, {}))
    if tokens.pop(str(survey_id), None) is not None:
        session[DRAFTS_KEY] = tokens


def _page_number(raw: str | None, survey: Survey) -> int:
    try:
        page = int(raw or 1)
    except ValueError:
        page = 1
    return min(max(page, 1), survey.page_count)


def _render_page(
    survey: Survey,
    page: int,
    language: str,
    form: SurveyPageForm,
    status: int = 200,
    notice: str | None = None,
) -> tuple[str, int]:
    questions = survey.questions_on(page)
    form.page.data = str(page)
    if not form.submission_token.data:
        form.submission_token.data = secrets.token_urlsafe(24)
    html = render_template(
        "public/survey.html",
        survey=survey,
        page=page,
        questions=questions,
        form=form,
        field_name=field_name,
        language=language,
        notice=notice,
        maps=question_maps(survey, questions, language),
    )
    return html, status


# Anonymous submissions (each page of a survey is one POST) per client, keyed on a salted,
# shortened hash that identifies no one; generous enough for a school class behind one address.
SUBMISSION_LIMIT = "60 per minute"


@bp.route("/s/<slug>", methods=["GET", "POST"])
@csrf.exempt  # validated by the form itself so a failure re-renders with answers kept
@limiter.limit(SUBMISSION_LIMIT, methods=["POST"], key_func=anonymous_client_key)
def survey(slug: str) -> Any:
    """Show one page of a survey, or take the answers to it."""
    survey = _load_survey_to_answer(slug)
    language = survey_language(survey)
    state = survey_state(survey)
    if state != "open":
        return render_template("public/not_open.html", survey=survey, state=state, language=language)
    if queries.invitation_only(survey) and not session.get(INVITATIONS_KEY, {}).get(str(survey.id)):
        return render_template("public/invitation_needed.html", survey=survey, language=language), 403
    if request.method == "GET":
        page = _page_number(request.args.get("page"), survey)
        saved = load_draft(db.session, survey, _draft_token(survey))
        data = form_data_from_values(survey.questions_on(page), saved)
        return _render_page(
            survey,
            page,
            language,
            build_page_form(
                survey.questions_on(page), language, data=data, texts=resident_texts(survey, language)
            ),
        )
    return _take_page(survey, language)


# A versioned map (its URL names the hash of its geometry) never changes: keep it a year.
MAP_MAX_AGE = 365 * 24 * 3600


@bp.get("/s/<slug>/karta/<int:question_id>.svg")
def survey_map(slug: str, question_id: int) -> Any:
    """The picker map of an area or point question, as its own cacheable SVG.

    Served exactly when the survey page itself would show the map: the survey is open (drafts
    and closed surveys are not), an invitation-only survey only to an invited session, and only
    the areas the resident may choose in that question.
    """
    survey = _load_survey_to_answer(slug)
    if survey_state(survey) != "open":
        abort(404)
    invited_only = queries.invitation_only(survey)
    if invited_only and not session.get(INVITATIONS_KEY, {}).get(str(survey.id)):
        abort(403)
    question = next((q for q in survey.questions if q.id == question_id), None)
    if question is None or question.question_type not in MAP_TYPES:
        abort(404)
    found = question_map(
        survey, question, survey_language(survey), area_shapes(db.session, survey.organisation_id)
    )
    if found is None:
        abort(404)
    version = found.version
    # A browser that holds this version already is told so without drawing the map again.
    fresh = request.if_none_match.contains(version)
    response = Response(b"" if fresh else found.svg(), status=304 if fresh else 200, mimetype="image/svg+xml")
    response.set_etag(version)
    if request.args.get("v") != version:
        response.headers["Cache-Control"] = "no-cache"  # an old or missing version: ask again next time
    elif invited_only:
        response.headers["Cache-Control"] = f"private, max-age={MAP_MAX_AGE}, immutable"
    else:
        response.headers["Cache-Control"] = f"public, max-age={MAP_MAX_AGE}, immutable"
    return response


def _take_page(survey: Survey, language: str) -> Any:
    page = _page_number(request.form.get("page"), survey)
    questions = survey.questions_on(page)
    form = build_page_form(questions, language, formdata=request.form, texts=resident_texts(survey, language))
    going_back = request.form.get("action") == "back"
    if going_back:
        save_page(db.session, survey, _own_draft_token(survey), values_from_form(form, questions), language)
        return redirect(url_for(".survey", slug=survey.slug, page=max(page - 1, 1), lang=language))
    if not form.validate():
        csrf_failed = bool(form.csrf_token.errors) if hasattr(form, "csrf_token") else False
        notice = resident_texts(survey, language)("session_expired") if csrf_failed else None
        return _render_page(survey, page, language, form, status=400 if csrf_failed else 422, notice=notice)
    values = values_from_form(form, questions)
    if page < survey.page_count:
        save_page(db.session, survey, _own_draft_token(survey), values, language)
        return redirect(url_for(".survey", slug=survey.slug, page=page + 1, lang=language))
    return _submit(survey, language, form, values)


def _submit(survey: Survey, language: str, form: SurveyPageForm, values: dict[int, Any]) -> Any:
    token = _draft_token(survey)
    # Read what the redirect needs before the service commits: the commit expires `survey`,
    # and reloading it afterwards would cost a second connection checkout and query.
    survey_id, thanks_url = survey.id, url_for(".thanks", slug=survey.slug, lang=language)
    # Where this page is kept should an earlier page lack an answer; not after a "back, then send
    # again" from the thank-you page, whose earlier pages went with the first sending.
    keep = None if _just_submitted(survey) else (token or secrets.token_urlsafe(24))
    try:
        finish_answering(
            db.session,
            survey,
            values,
            draft_token=token,
            submission_token=form.submission_token.data or secrets.token_urlsafe(24),
            language=language,
            invitation=session.get(INVITATIONS_KEY, {}).get(str(survey_id)),
            keep_page_under=keep,
        )
    except InvitationInvalid:
        _forget_invitation(survey_id)
        return render_template("public/invitation_used.html", survey=survey, language=language), 410
    except SurveyNotOpen as exc:
        return render_template("public/not_open.html", survey=survey, state=exc.state, language=language)
    except InvalidAnswers as exc:
        return _report_invalid(survey, language, form, keep, exc)
    _forget_draft_token(survey_id)
    _forget_invitation(survey_id)
    _remember_submitted(survey_id)
    return redirect(thanks_url)


def _report_invalid(
    survey: Survey, language: str, form: SurveyPageForm, kept_under: str | None, exc: InvalidAnswers
) -> Any:
    first_page = first_page_with_error(survey, exc)
    if first_page < survey.page_count:
        if kept_under is None:
            # Back from the thank-you page and sent again: the earlier pages went with the first sending.
            return redirect(url_for(".thanks", slug=survey.slug, lang=language, again=1))
        # An earlier page lost an answer (e.g. its draft expired): the service kept this page
        # in the draft; go back to the page that needs an answer.
        _adopt_draft_token(survey, kept_under)
        return redirect(url_for(".survey", slug=survey.slug, page=first_page, lang=language, missing=1))
    by_id: dict[int, Question] = {q.id: q for q in survey.questions}
    texts = resident_texts(survey, language)
    for qid, reason in exc.errors.items():
        form[field_name(by_id[qid])].errors = [texts(ERROR_TEXTS.get(reason, "check_answer"))]
    return _render_page(survey, survey.page_count, language, form, status=422)


@bp.get("/s/<slug>/tack")
def thanks(slug: str) -> str:
    """Thank-you page after a submission."""
    survey = _load_survey(slug)
    if survey_state(survey) == "draft":
        abort(404)  # a draft's title is not public yet
    return render_template(
        "public/thanks.html",
        survey=survey,
        language=survey_language(survey),
        again=bool(request.args.get("again")),
    )


@bp.get("/sprak/<code>")
def choose_language(code: str) -> WerkzeugResponse:
    """Remember an explicit language choice in the session and go back."""
    session["lang"] = code[:8]
    target = safe_next(request.args.get("next")) or url_for(".home")
    # A ?lang= in the page left behind would outrank the choice just made.
    parts = urlsplit(target)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"])
    return redirect(urlunsplit(("", "", parts.path, query, parts.fragment)))


def _forget_invitation(survey_id: int) -> None:
    invitations = dict(session.get(INVITATIONS_KEY, {}))
    if invitations.pop(str(survey_id), None) is not None:
        session[INVITATIONS_KEY] = invitations


@bp.get("/i/<token>")
def invitation(token: str) -> Any:
    """A staff invitation link: remember it for this browser session and open the survey."""
    try:
        invite = find_unused(db.session, token)
    except InvitationInvalid:
        return render_template("public/invitation_used.html", survey=None, language=select_locale()), 410
    survey = db.session.get(Survey, invite.survey_id)
    if survey is None:
        abort(404)
    session[INVITATIONS_KEY] = {**session.get(INVITATIONS_KEY, {}), str(survey.id): token}
    return redirect(url_for(".survey", slug=survey.slug))
