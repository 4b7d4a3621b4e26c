"""A round: the surveys of one organisation and period, with their reviewed analyses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.answering.models import Answer, Response
from surveys.authoring.models import Option, Question, QuestionType, Survey
from surveys.insights.session_shared import shared
from surveys.review.runs import latest_run
from surveys.review.state import EffectiveAnswer, ReviewState, load_state

AGE_KEYS = ("age_band", "alder", "age")


@dataclass(frozen=True)
class Respondent:
    """Who answered, as far as the privacy-safe attributes go."""

    response_id: int
    survey_id: int
    group: str
    area: str
    channel: str
    language: str
    age_band: str


@dataclass(frozen=True)
class RoundData:
    """Everything the situation picture of one round is computed from."""

    label: str
    surveys: tuple[Survey, ...]
    states: tuple[ReviewState, ...]
    respondents: dict[int, Respondent]

    @property
    def analysed(self) -> bool:
        """Whether at least one survey of the round has a finished analysis."""
        return bool(self.states)

    # Indexes over the answers, built once per round: the situation page, the priorities and
    # the report each compare many views of one round, and used to rebuild these per view.

    @cached_property
    def counted(self) -> tuple[EffectiveAnswer, ...]:
        """The counted answers of every survey of the round (see `ReviewState.counted_answers`)."""
        return tuple(a for state in self.states for a in state.counted_answers())

    @cached_property
    def raised(self) -> dict[str, dict[int, set[str]]]:
        """theme → response id → question ids in which the respondent raised it."""
        found: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for answer in self.counted:
            for theme in set(answer.themes):
                found[theme][answer.response_id].add(str(answer.question_id))
        return {theme: dict(by_respondent) for theme, by_respondent in found.items()}

    @cached_property
    def raised_by_respondent(self) -> dict[int, dict[str, set[str]]]:
        """response id → theme → question ids: `raised` turned round, in the same theme order."""
        found: dict[int, dict[str, set[str]]] = defaultdict(dict)
        for theme, by_respondent in self.raised.items():
            for rid, questions in by_respondent.items():
                found[rid][theme] = questions
        return dict(found)

    @cached_property
    def answered(self) -> dict[int, set[str]]:
        """response id → question ids of its counted free-text answers."""
        found: dict[int, set[str]] = defaultdict(set)
        for answer in self.counted:
            found[answer.response_id].add(str(answer.question_id))
        return dict(found)

    @cached_property
    def counted_by_theme(self) -> dict[str, tuple[EffectiveAnswer, ...]]:
        """theme → the counted answers that raise it, in answer order."""
        found: dict[str, list[EffectiveAnswer]] = defaultdict(list)
        for answer in self.counted:
            for theme in dict.fromkeys(answer.themes):
                found[theme].append(answer)
        return {theme: tuple(answers) for theme, answers in found.items()}


def round_surveys(session: Session, survey: Survey) -> list[Survey]:
    """Surveys of the same organisation and round as `survey` (residents' and staff dialogues together)."""
    if not survey.round_label:
        return [survey]
    return list(
        session.scalars(
            select(Survey)
            .where(Survey.organisation_id == survey.organisation_id, Survey.round_label == survey.round_label)
            .order_by(Survey.id)
        )
    )


def previous_round_surveys(session: Session, surveys: Sequence[Survey]) -> list[Survey]:
    """For each series in `surveys`, its most recent earlier round."""
    found = []
    for survey in surveys:
        earlier = session.scalar(
            select(Survey)
            .where(
                Survey.series == survey.series,
                Survey.id != survey.id,
                Survey.round_label < survey.round_label,
            )
            .order_by(Survey.round_label.desc(), Survey.id.desc())
            .limit(1)
        )
        if earlier is not None and earlier not in found:
            found.append(earlier)
    return found


def earlier_rounds(session: Session, surveys: Sequence[Survey]) -> list[tuple[str, list[Survey]]]:
    """Every earlier round of the series in `surveys`, oldest first, as (round label, surveys)."""
    label = surveys[0].round_label if surveys else ""
    series = {s.series for s in surveys if s.series}
    if not label or not series:
        return []
    earlier = session.scalars(
        select(Survey)
        .where(
            Survey.organisation_id == surveys[0].organisation_id,
            Survey.series.in_(series),
            Survey.round_label < label,
            Survey.round_label != "",
        )
        .order_by(Survey.round_label, Survey.id)
    )
    found: dict[str, list[Survey]] = {}
    for survey in earlier:
        found.setdefault(survey.round_label, []).append(survey)
    return list(found.items())


def load_round(session: Session, surveys: Sequence[Survey]) -> RoundData:
    """Reviewed states and respondent attributes of `surveys`.

    Read once per session and shared until the session writes anything: one page asks for
    the same round (and the previous one) from several parts, and each read is every answer
    of the round.
    """
    return shared(session, ("round", *(s.id for s in surveys)), lambda: _read_round(session, surveys))


def _read_round(session: Session, surveys: Sequence[Survey]) -> RoundData:
    states = []
    for survey in surveys:
        run = latest_run(session, survey, finished_only=True)
        if run is not None:
            states.append(load_state(session, survey, run))
    ids = [s.id for s in surveys]
    return RoundData(
        label=surveys[0].round_label if surveys else "",
        surveys=tuple(surveys),
        states=tuple(states),
        respondents=_respondents(session, ids),
    )


def _respondents(session: Session, survey_ids: Sequence[int]) -> dict[int, Respondent]:
    if not survey_ids:
        return {}
    ages = dict(
        session.execute(
            select(Answer.response_id, Answer.option_id)
            .join(Question, Answer.question_id == Question.id)
            .where(
                Question.survey_id.in_(survey_ids),
                Question.type == QuestionType.DEMOGRAPHIC,
                Question.key.in_(AGE_KEYS),
            )
        ).all()
    )
    option_values = dict(
        session.execute(select(Option.id, Option.value).where(Option.id.in_(set(ages.values())))).all()
    )
    respondents = {}
    rows = session.execute(
        select(
            Response.id,
            Response.survey_id,
            Response.respondent_group,
            Response.area,
            Response.channel,
            Response.language,
        ).where(Response.survey_id.in_(survey_ids))
    )
    for rid, survey_id, group, area, channel, language in rows:
        respondents[rid] = Respondent(
            response_id=rid,
            survey_id=survey_id,
            group=group,
            area=area or "",
            channel=channel,
            language=language,
            age_band=option_values.get(ages.get(rid) or 0, ""),
        )
    return respondents
