"""Starting an analysis, and reviewing its problem areas and clusters."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.admin.common import REVIEWERS, area_choices, area_name, load_visible_survey
from app.admin.review import bp
from app.admin.review.forms import AnalyseForm
from app.auth import roles_required
from app.config import privacy_floor
from app.extensions import db
from app.import_messages import translated
from app.jobs import enqueue
from surveys.authoring.models import Survey
from surveys.disclosure.floor import hidden_last
from surveys.disclosure.quotes import answer_list_shown, describable, self_identifying
from surveys.organisations.problem_areas import AreaError, add_area, custom_areas
from surveys.places.service import area_shapes
from surveys.review import actions
from surveys.review.figures import analysis_figures
from surveys.review.models import ReviewAction
from surveys.review.runs import latest_run, start_run
from surveys.review.side_sections import side_sections
from surveys.review.state import ReviewState, load_state
from surveys.transfer.messages import exception_text

ANALYSIS_JOB = "app.jobs_analysis:run_analysis_job"


@bp.post("/surveys/<slug>/analyse")
@roles_required(*REVIEWERS)
def analyse_survey(slug: str) -> Any:
    """Queue an analysis run of the survey's free-text answers."""
    survey = load_visible_survey(slug)
    form = AnalyseForm()
    if not form.validate_on_submit():
        flash(_("Check the analysis settings."), "error")
        return redirect(url_for("admin.surveys.survey_detail", slug=slug))
    run = start_run(db.session, survey, k=form.k.data, seed=form.seed.data or 0)
    enqueue(ANALYSIS_JOB, run.id)
    flash(_("The analysis has started."), "success")
    return redirect(url_for("admin.review.survey_analysis", slug=slug))


def _state(survey: Survey) -> ReviewState | None:
    done = latest_run(db.session, survey, finished_only=True)
    return load_state(db.session, survey, done) if done else None


@bp.get("/surveys/<slug>/analysis")
@login_required
def survey_analysis(slug: str) -> str:
    """Problem areas and clusters of the latest run with review decisions applied."""
    survey = load_visible_survey(slug)
    floor = privacy_floor()
    state = _state(survey)
    areas = []
    figures = analysis_figures(state, floor) if state is not None else None
    if state is not None and figures is not None:
        counted = len(state.counted_answers()) or 1
        counts = state.theme_counts()

        guarded = [(code, figures.areas[code]) for code in counts]
        # Hidden areas last, by name: ordered by their counts they would tell which is larger.
        by_size = sorted(guarded, key=lambda c: (-(c[1].value or 0), area_name(c[0])))
        for code, _count in hidden_last(by_size, area_name):
            count = counts[code]
            areas.append(
                {
                    "code": code,
                    "name": area_name(code),
                    "count": figures.areas[code],
                    "share": count / counted,
                }
            )
    log = db.session.scalars(
        select(ReviewAction)
        .where(ReviewAction.survey_id == survey.id)
        .order_by(ReviewAction.id.desc())
        .limit(15)
    ).all()
    clusters = list(state.clusters) if state else []
    sides = side_sections(state, _place_names(survey), floor) if state is not None else []
    # Many clusters make a long page: the reviewer can show those of one problem area.
    per_area = Counter(c.theme for c in clusters)
    shown_area = request.args.get("area", "")
    shown = [c for c in clusters if c.theme == shown_area] if shown_area in per_area else clusters
    return render_template(
        "admin/analysis.html",
        cluster_areas=sorted(per_area.items(), key=lambda kv: (-kv[1], area_name(kv[0]))),
        shown_area=shown_area if shown_area in per_area else "",
        all_clusters=clusters,
        survey=survey,
        run=latest_run(db.session, survey),
        done=state.run if state else None,
        state=state,
        areas=areas,
        clusters=shown,
        cluster_sizes=figures.clusters if figures is not None else {},
        side_sections=sides,
        question_texts={q.id: q.text for q in survey.questions},
        area_name=area_name,
        log=log,
        custom_areas=custom_areas(db.session, survey.organisation_id),
        can_review=current_user.role in REVIEWERS,
    )


def _place_names(survey: Survey) -> list[str]:
    """The names a "where?" answer is matched to: the organisation's areas and outlined areas."""
    shapes = [shape.name for shape in area_shapes(db.session, survey.organisation_id)]
    return list(dict.fromkeys([*survey.organisation.areas, *shapes]))


# A large cluster has thousands of answers, each with its review forms: one page shows this many.
ANSWERS_PER_PAGE = 50


@bp.get("/surveys/<slug>/analysis/clusters/<key>")
@login_required
def cluster_answers(slug: str, key: str) -> str:
    """All answers of one cluster, with search and filters, and per-answer review tools."""
    survey = load_visible_survey(slug)
    state = _state(survey)
    view = state.cluster(key) if state else None
    if state is None or view is None:
        abort(404)
    filters = {name: request.args.get(name, "") for name in ("q", "group", "area", "language", "channel")}
    members = [m for m in view.members if _matches(m, filters)]
    can_review = current_user.role in REVIEWERS
    floor = privacy_floor()
    respondents = len({m.response_id for m in members})
    in_cluster = len({m.response_id for m in view.members})
    shown_list = answer_list_shown(respondents, in_cluster, any(filters.values()), floor)
    hidden = not can_review and not shown_list
    if hidden:
        # Reviewers must read every answer; others see no quote list for a small group.
        members = []
    everyone = list(state.answers)
    # Reviewers see every answer's context; others only where group · area · language is a
    # combination of at least the floor.
    pages = max(1, -(-len(members) // ANSWERS_PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    first = (page - 1) * ANSWERS_PER_PAGE
    shown = members[first : first + ANSWERS_PER_PAGE]
    described = {m.response_id for m in shown} if can_review else describable(shown, everyone, floor)
    identifying = {m.answer_id for m in shown if self_identifying(m.text_redacted)}
    return render_template(
        "admin/cluster.html",
        survey=survey,
        # Which question each answer replies to: the same words mean different things in each.
        question_texts={q.id: q.text for q in survey.questions},  # marked when it falls back to Swedish
        state=state,
        view=view,
        members=shown,
        matching=len(members),
        identifying=identifying,
        first=first + 1,
        page=page,
        pages=pages,
        filters=filters,
        area_name=area_name,
        area_choices=area_choices(survey.organisation_id),
        min_group=floor,
        hidden=hidden,
        too_few=floor.too_small(respondents),
        described=described,
        can_review=can_review,
    )


def _matches(answer: Any, filters: dict[str, str]) -> bool:
    if filters["q"] and filters["q"].lower() not in answer.text_redacted.lower():
        return False
    for name, attribute in (
        ("group", "group"),
        ("area", "area"),
        ("language", "language"),
        ("channel", "channel"),
    ):
        if filters[name] and (getattr(answer, attribute) or "") != filters[name]:
            return False
    return True


@bp.post("/surveys/<slug>/analysis/review")
@roles_required(*REVIEWERS)
def review_action(slug: str) -> Any:
    """Carry out one review action posted from the analysis or cluster page."""
    survey = load_visible_survey(slug)
    state = _state(survey)
    if state is None:
        abort(404)
    form = request.form
    kind = form.get("action", "")
    back = form.get("back") or url_for("admin.review.survey_analysis", slug=slug)
    if not back.startswith("/admin/"):
        back = url_for("admin.review.survey_analysis", slug=slug)
    try:
        _dispatch(survey, state, kind, form)
    except actions.ReviewError as exc:
        flash(translated(exception_text(exc)), "error")
    except ValueError:
        flash(_("The request was not understood."), "error")
    else:
        if kind == "undo":
            flash(_("The last change has been undone."), "success")
        else:
            flash(_("Saved. You can undo the change."), "success")
    return redirect(back)


def _dispatch(survey: Survey, state: ReviewState, kind: str, form: Any) -> None:
    run, user = state.run, current_user._get_current_object()
    if kind == "rename":
        actions.rename_cluster(db.session, survey, run, form["key"], form.get("name", ""), user)
    elif kind == "merge":
        actions.merge_clusters(db.session, survey, run, form.getlist("keys"), form["target"], user)
    elif kind == "split":
        actions.split_cluster(db.session, survey, run, form["key"], int(form.get("parts", 2)), user)
    elif kind == "move":
        ids = [int(i) for i in form.getlist("answer_ids")]
        actions.move_answers(db.session, survey, run, ids, form["target"], user)
    elif kind == "themes":
        themes = [form.get("primary", ""), form.get("secondary", "")]
        actions.set_themes(db.session, survey, int(form["answer_id"]), themes, user)
    elif kind == "flag":
        actions.flag_answer(db.session, survey, int(form["answer_id"]), form.get("flag") or None, user)
    elif kind == "quote":
        answer_id, approve = int(form["answer_id"]), form.get("approve") == "1"
        actions.approve_quote(db.session, survey, answer_id, approve, user)
    elif kind == "undo":
        if actions.undo_last(db.session, survey, user) is None:
            raise actions.ReviewError(_("There is nothing to undo."))
    else:
        raise ValueError(kind)


@bp.post("/surveys/<slug>/areas")
@roles_required(*REVIEWERS)
def area_add(slug: str) -> Any:
    """Add a problem area for the organisation; the next analysis run uses it."""
    survey = load_visible_survey(slug)
    try:
        area = add_area(
            db.session,
            survey.organisation,
            request.form.get("name_sv", ""),
            request.form.get("name_en", ""),
            request.form.get("keywords", "").split(","),
        )
    except AreaError as exc:
        flash(str(exc), "error")
    else:
        flash(
            _("The area %(name)s has been added. Run the analysis again to use it.", name=area.name_sv),
            "success",
        )
    return redirect(url_for("admin.review.survey_analysis", slug=slug, _anchor="areas"))
