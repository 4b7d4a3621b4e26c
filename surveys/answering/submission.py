"""Validating and storing a resident's (or an official's) answers."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Mapping, Sequence
from typing import TypedDict, Unpack, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis.redact import Redactor
from surveys.answering.answer_values import answer_columns
from surveys.answering.models import Answer, Channel, RespondentGroup, Response
from surveys.authoring.models import Question, QuestionType, Survey, SurveyKind, SurveyStatus
from surveys.errors import InvalidAnswers, SurveyNotOpen
from surveys.localtime import today as local_today
from surveys.places.points import as_point_value, point_problem

MAX_FREE_TEXT = 5000
SCALE_RANGE = range(1, 6)

# The plain tables, for the two INSERTs of a submission (see `store_response`).
RESPONSE_TABLE = cast(Table, Response.__table__)
ANSWER_TABLE = cast(Table, Answer.__table__)

AnswerValue = str | int | Sequence[str] | Mapping[str, str] | None


def hash_token(token: str) -> str:
    """SHA-256 hex digest of a client-held token; only digests are stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def survey_state(survey: Survey, today: dt.date | None = None) -> str:
    """Return 'open', 'draft', 'closed' or 'not_yet_open' for `survey` on `today`."""
    today = today or local_today()
    if survey.status == SurveyStatus.DRAFT:
        return "draft"
    if survey.status == SurveyStatus.CLOSED:
        return "closed"
    if survey.opens_on and today < survey.opens_on:
        return "not_yet_open"
    if survey.closes_on and today > survey.closes_on:
        return "closed"
    return "open"


def validate_answers(
    questions: Sequence[Question], values: Mapping[int, AnswerValue], *, require_answers: bool = True
) -> dict[int, AnswerValue]:
    """Check `values` (question id → value) against `questions` and normalise them.

    With `require_answers` False a required question may be left blank (a paper
    questionnaire is typed in as the resident filled it in).

    Returns:
        The cleaned values for the given questions, blanks removed.

    Raises:
        InvalidAnswers: with a reason per failing question.
    """
    cleaned: dict[int, AnswerValue] = {}
    errors: dict[int, str] = {}
    for question in questions:
        value = _normalise(values.get(question.id))
        if value is None:
            if question.required and require_answers:
                errors[question.id] = "required"
            continue
        problem = _problem_with(question, value)
        if problem:
            errors[question.id] = problem
        else:
            cleaned[question.id] = value
    if errors:
        raise InvalidAnswers(errors)
    return cleaned


def _normalise(value: AnswerValue) -> AnswerValue:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, int):
        return value
    if isinstance(value, Mapping):  # point questions: {"point", "area", "comment"}
        return as_point_value(value) or None
    items = [str(v).strip() for v in value if str(v).strip()]
    return items or None


def _problem_with(question: Question, value: AnswerValue) -> str | None:
    qtype = question.question_type
    if qtype is QuestionType.POINT:
        return point_problem(question, value)
    if qtype is QuestionType.FREE_TEXT:
        if not isinstance(value, str):
            return "invalid"
        return "too_long" if len(value) > MAX_FREE_TEXT else None
    if qtype is QuestionType.SCALE:
        try:
            number = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return "invalid_choice"
        return None if number in SCALE_RANGE else "invalid_choice"
    chosen = [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]
    if qtype is not QuestionType.MULTIPLE_CHOICE and len(chosen) != 1:
        return "invalid_choice"
    known = {o.value for o in question.options}
    return None if all(v in known for v in chosen) else "invalid_choice"


def default_group(survey: Survey, channel: Channel) -> RespondentGroup:
    """Staff answer invitation links and staff dialogues; everyone else is a resident.

    A staff dialogue opened to everyone is answered on the web by anyone with the link, so
    those answers are not counted as staff (paper and imported answers still are: staff
    typed them in from their own colleagues' forms).
    """
    if channel is Channel.INVITATION:
        return RespondentGroup.STAFF
    if survey.kind == SurveyKind.STAFF_DIALOGUE:
        open_web = survey.open_to_everyone and channel is Channel.WEB
        return RespondentGroup.RESIDENT if open_web else RespondentGroup.STAFF
    return RespondentGroup.RESIDENT


class ResponseOptions(TypedDict, total=False):
    """How a response came in and how strictly it is checked (see `insert_response`)."""

    channel: Channel
    respondent_group: RespondentGroup | None
    enforce_open: bool
    require_answers: bool
    today: dt.date | None


def submit_response(
    session: Session,
    survey: Survey,
    values: Mapping[int, AnswerValue],
    *,
    submission_token: str,
    language: str,
    **options: Unpack[ResponseOptions],
) -> Response:
    """Validate and store one response (see `store_response`) and return it."""
    response_id = store_response(
        session, survey, values, submission_token=submission_token, language=language, **options
    )
    response = session.get(Response, response_id)
    assert response is not None  # just stored or found by its key
    return response


def store_response(
    session: Session,
    survey: Survey,
    values: Mapping[int, AnswerValue],
    *,
    submission_token: str,
    language: str,
    **options: Unpack[ResponseOptions],
) -> int:
    """Validate and store one response (see `insert_response`), commit, and return its id."""
    response_id = insert_response(
        session, survey, values, submission_token=submission_token, language=language, **options
    )
    session.commit()
    return response_id


def insert_response(
    session: Session,
    survey: Survey,
    values: Mapping[int, AnswerValue],
    *,
    submission_token: str,
    language: str,
    channel: Channel = Channel.WEB,
    respondent_group: RespondentGroup | None = None,
    enforce_open: bool = True,
    require_answers: bool = True,
    today: dt.date | None = None,
) -> int:
    """Validate and insert one response, idempotently, without committing; return its id.

    For services that store a response as part of a larger transaction (`store_response`
    commits it on its own). A concurrent duplicate rolls the whole transaction back.

    A repeated `submission_token` (double click, back-and-resubmit, retried
    request, concurrent duplicates) returns the response stored the first time.
    Rows are written with two plain INSERTs rather than through the ORM's unit of
    work: this is the submission hot path, and the flush cost more than the database.

    Raises:
        SurveyNotOpen: the survey does not accept answers (unless `enforce_open` is False,
            as for paper answers typed in after a meeting).
        InvalidAnswers: values do not fit the questions (blank required questions are
            accepted when `require_answers` is False, as on paper).
    """
    key = hash_token(submission_token)
    # The insert is tried first and the unique (survey, submission key) constraint catches a
    # repeat, which is rare; looking the key up before every insert cost a query per submission.
    # A repeat that would now be refused (survey closed since, answers no longer valid) is still
    # answered with the response stored the first time.
    if enforce_open and (state := survey_state(survey, today)) != "open":
        return _stored_or_raise(session, survey, key, SurveyNotOpen(state))
    try:
        cleaned = validate_answers(survey.questions, values, require_answers=require_answers)
    except InvalidAnswers as exc:
        return _stored_or_raise(session, survey, key, exc)
    survey_id, questions = survey.id, [q for q in survey.questions if q.id in cleaned]
    area = next((str(cleaned[q.id]) for q in questions if q.question_type is QuestionType.AREA), None)
    rows = [
        {**columns, "question_id": question.id}
        for question in questions
        for columns in answer_columns(question, cleaned[question.id], _redact)
    ]
    try:
        response_id = session.execute(
            insert(RESPONSE_TABLE)
            .values(
                survey_id=survey_id,
                submission_key=key,
                language=language if survey.offers(language) else survey.languages[0],
                channel=channel,
                respondent_group=respondent_group or default_group(survey, channel),
                submitted_on=today or local_today(),
                area=area,
            )
            .returning(RESPONSE_TABLE.c.id)
        ).scalar_one()
        if rows:
            session.execute(insert(ANSWER_TABLE), [{**row, "response_id": response_id} for row in rows])
    except IntegrityError:
        # A concurrent duplicate won the race on the unique submission key.
        session.rollback()
        winner = _find_by_key(session, survey_id, key)
        if winner is None:
            raise
        return winner
    return int(response_id)


def _stored_or_raise(session: Session, survey: Survey, key: str, error: Exception) -> int:
    existing = _find_by_key(session, survey.id, key)
    if existing is None:
        raise error
    return existing


def _find_by_key(session: Session, survey_id: int, key: str) -> int | None:
    return session.scalar(
        select(Response.id).where(Response.survey_id == survey_id, Response.submission_key == key)
    )


@functools.cache
def _redactor() -> Redactor:
    """One redactor per process: building one parses the shipped name lists (~0.3 ms each time)."""
    return Redactor()


def _redact(text: str) -> str:
    return _redactor().redact(text).text
