"""Running the text analysis over a survey's free-text answers and storing the result."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from analysis.errors import InputError
from analysis.types import AnalysisConfig, ReviewedExample
from analysis.types import Answer as TextAnswer
from surveys.answering.models import Answer, Response
from surveys.authoring.models import Question, QuestionType, Survey
from surveys.database.base import utcnow
from surveys.database.job_status import JobStatus
from surveys.organisations.problem_areas import taxonomy_for
from surveys.review.actions import reviewed_examples
from surveys.review.models import ReviewAction
from surveys.review.question_groups import analyse_groups, question_groups
from surveys.review.run_models import AnalysisRun, AnswerAnalysis, ClusterRecord

log = logging.getLogger(__name__)

# Progress is written at most this often so the job does not hammer the database.
PROGRESS_STEP = 0.05
ANALYSIS_SHARE = 0.9  # of the progress bar; storing the results takes the rest
STORE_CHUNK = 5_000
# A run whose process died (in-process jobs lost at a restart, a killed worker) would show as
# queued or running for ever. The table has no heartbeat column, so the creation time is the
# clock: no real run takes this long, and an RQ job that times out (one hour) fails its run itself.
STALL_AFTER = dt.timedelta(minutes=90)
STALLED_ERROR = "stalled: no result in time; the process running it probably stopped"


def start_run(session: Session, survey: Survey, k: int | None = None, seed: int = 0) -> AnalysisRun:
    """Create a queued run for `survey` and commit it; a job executes it."""
    run = AnalysisRun(survey_id=survey.id, requested_k=k, seed=seed, status=JobStatus.QUEUED)
    session.add(run)
    session.commit()
    return run


def latest_run(session: Session, survey: Survey, finished_only: bool = False) -> AnalysisRun | None:
    """The newest run of `survey` (optionally only finished successfully); a stalled one is failed first."""
    query = select(AnalysisRun).where(AnalysisRun.survey_id == survey.id)
    if finished_only:
        query = query.where(AnalysisRun.status == JobStatus.DONE)
    run = session.scalar(query.order_by(AnalysisRun.id.desc()).limit(1))
    if run is not None and is_stalled(run):
        fail_stalled(session, [run])
    return run


def is_stalled(run: AnalysisRun, now: dt.datetime | None = None, after: dt.timedelta = STALL_AFTER) -> bool:
    """Whether `run` is still queued or running longer after its creation than any real run takes."""
    return not run.finished and (now or utcnow()) - run.created_at > after


def fail_stalled(session: Session, runs: Sequence[AnalysisRun] | None = None) -> int:
    """Mark stalled runs (all unfinished ones, or `runs`) as failed and commit; returns how many."""
    if runs is None:
        unfinished = [JobStatus.QUEUED, JobStatus.RUNNING]
        runs = session.scalars(select(AnalysisRun).where(AnalysisRun.status.in_(unfinished))).all()
    stalled = [run for run in runs if is_stalled(run)]
    for run in stalled:
        run.status, run.error, run.finished_at = JobStatus.FAILED, STALLED_ERROR, utcnow()
        log.warning("analysis run %s stalled; marked failed", run.id)
    if stalled:
        session.commit()
    return len(stalled)


def free_text_answers(session: Session, survey: Survey) -> Sequence[tuple[Answer, Response]]:
    """Every non-empty free-text answer of `survey` with its response."""
    return session.execute(
        select(Answer, Response)
        .join(Response, Answer.response_id == Response.id)
        .join(Question, Answer.question_id == Question.id)
        .where(
            Response.survey_id == survey.id,
            Question.type == QuestionType.FREE_TEXT,
            # Raw text may have been purged after its retention period; the redacted copy stays.
            or_(Answer.text.is_not(None), Answer.text_redacted.is_not(None)),
        )
        .order_by(Answer.id)
    ).all()


def execute_run(session: Session, run_id: int) -> AnalysisRun:
    """Run the analysis for a queued run and store clusters and per-answer results.

    A failure marks the run failed with the error message; it is never left running.
    """
    run = session.get(AnalysisRun, run_id)
    if run is None:
        raise LookupError(f"analysis run {run_id} does not exist")
    survey = session.get(Survey, run.survey_id)
    assert survey is not None
    run.status, run.progress, run.step = JobStatus.RUNNING, 0.0, "loading"
    session.commit()
    try:
        _execute(session, run, survey)
    except Exception as exc:  # noqa: BLE001 - recorded on the run, then re-raised for the worker
        session.rollback()
        run.status, run.error = JobStatus.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = utcnow()
        session.commit()
        log.exception("analysis run %s failed", run_id)
        raise
    return run


def _execute(session: Session, run: AnalysisRun, survey: Survey) -> None:
    rows = free_text_answers(session, survey)
    inputs = [
        TextAnswer(
            id=str(answer.id),
            text=answer.text or answer.text_redacted or "",
            group=response.respondent_group,
            area=response.area,
            question=str(answer.question_id),
        )
        for answer, response in rows
    ]
    reviewed = tuple(ReviewedExample(text, area) for text, area in reviewed_examples(session, survey))
    config = AnalysisConfig(
        k=run.requested_k,
        seed=run.seed,
        reviewed=reviewed,
        taxonomy=taxonomy_for(session, survey.organisation_id),
    )
    # scikit-learn loads here, in the job, not when the web app or the CLI starts.
    from analysis.pipeline import analyse

    write_progress = _progress_writer(session, run)
    purposes = {str(q.id): q.question_purpose for q in survey.questions}
    groups = question_groups(inputs, purposes)
    if not groups:
        raise InputError("There are no answers to analyse.")
    # The analysis takes the first 90 %; storing its results (a row per answer) the rest, so a
    # large run does not read "finished" while it is still writing.
    result = analyse_groups(
        groups,
        config,
        lambda answers, own, report: analyse(answers, own, progress=report),
        lambda fraction, step: write_progress(fraction * ANALYSIS_SHARE, step),
    )
    for cluster in result.clusters:
        session.add(
            ClusterRecord(
                run_id=run.id,
                number=cluster.id,
                label=cluster.label[:200],
                top_terms=list(cluster.top_terms),
                size=cluster.size,
                share=cluster.share,
                representatives=list(cluster.representatives),
                suggested_theme=cluster.suggested_theme,
                is_new_topic=cluster.is_new_topic,
            )
        )
    session.flush()
    records = [
        {
            "run_id": run.id,
            "answer_id": int(item.answer_id),
            "language": item.language,
            "non_answer": item.non_answer,
            "cluster": item.cluster,
            "theme": item.theme,
            "themes": list(item.themes),
        }
        for item in result.answers
    ]
    # Plain multi-row INSERTs in chunks (no ORM objects): 100,000 rows in seconds, not minutes.
    for start in range(0, len(records), STORE_CHUNK):
        session.execute(insert(AnswerAnalysis), records[start : start + STORE_CHUNK])
        done = min(start + STORE_CHUNK, len(records)) / len(records)
        write_progress(ANALYSIS_SHARE + (1 - ANALYSIS_SHARE) * done, "store")
    run.k, run.k_reason, run.model_used = result.k, result.k_reason, result.model_used
    run.learned_cv_macro_f1 = result.learned_cv_macro_f1
    run.theme_counts = dict(result.theme_counts)
    run.answer_count = len(inputs)
    run.status, run.progress, run.step, run.finished_at = JobStatus.DONE, 1.0, "done", utcnow()
    session.commit()


def answers_per_question(session: Session, run: AnalysisRun) -> list[tuple[Question, int]]:
    """The questions whose answers `run` analysed, with how many, in the survey's order."""
    counts = dict(
        session.execute(
            select(Answer.question_id, func.count(AnswerAnalysis.id))
            .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
            .where(AnswerAnalysis.run_id == run.id)
            .group_by(Answer.question_id)
        ).all()
    )
    questions = session.scalars(
        select(Question).where(Question.id.in_(counts)).order_by(Question.position, Question.id)
    )
    return [(question, counts[question.id]) for question in questions]


def _progress_writer(session: Session, run: AnalysisRun) -> Callable[[float, str], None]:
    last = {"value": -1.0}

    def write(fraction: float, step: str) -> None:
        if fraction - last["value"] < PROGRESS_STEP and fraction < 1.0:
            return
        last["value"] = fraction
        run.progress, run.step = round(min(max(fraction, 0.0), 0.99), 3), step[:60]
        session.commit()

    return write


@dataclass(frozen=True)
class ReviewTask:
    """A survey that awaits an analyst: answers never analysed, or an analysis nobody has reviewed."""

    survey: Survey
    analysed: bool  # False: answers but no finished analysis; True: analysed, not yet reviewed


def review_tasks(session: Session, surveys: Sequence[Survey]) -> list[ReviewTask]:
    """What awaits review among `surveys`, in their order.

    A survey with answers and no finished analysis needs one; a finished analysis with no
    review action (rename, merge, approve a quote …) since it finished needs reviewing.
    """
    ids = [s.id for s in surveys]
    if not ids:
        return []
    answered = set(session.scalars(select(Response.survey_id).where(Response.survey_id.in_(ids)).distinct()))
    latest = dict(
        session.execute(
            select(AnalysisRun.survey_id, func.max(AnalysisRun.finished_at))
            .where(AnalysisRun.survey_id.in_(ids), AnalysisRun.status == JobStatus.DONE)
            .group_by(AnalysisRun.survey_id)
        ).all()
    )
    reviewed = dict(
        session.execute(
            select(ReviewAction.survey_id, func.max(ReviewAction.created_at))
            .where(ReviewAction.survey_id.in_(ids))
            .group_by(ReviewAction.survey_id)
        ).all()
    )
    tasks = []
    for survey in surveys:
        finished = latest.get(survey.id)
        if finished is None:
            if survey.id in answered:
                tasks.append(ReviewTask(survey, analysed=False))
        elif (last := reviewed.get(survey.id)) is None or last < finished:
            tasks.append(ReviewTask(survey, analysed=True))
    return tasks
