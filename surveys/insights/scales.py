"""Scale questions (feeling of safety 1–5) and problem ratings as distributions, and their severity."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.answering.models import Answer, RespondentGroup, Response
from surveys.authoring.models import Option, Question, QuestionType, Survey
from surveys.disclosure.floor import Count, Floor, derived_from_parts, guard, guard_parts
from surveys.insights.rounds import earlier_rounds
from surveys.insights.session_shared import shared

# Problem-list items of the safety questionnaire and the problem area each speaks to.
RATING_AREAS = {
    "problem_littering": "nedskrapning",
    "problem_vandalism": "skadegorelse",
    "problem_graffiti": "skadegorelse",
    "problem_drug_dealing": "narkotika",
    "problem_intoxicated": "alkohol",
    "problem_traffic": "trafik",
    "problem_rowdy_groups": "ordning",
    "problem_lighting": "belysning",
    "problem_burglary": "inbrott_stold",
    "problem_fraud": "bedrageri",
}
SERIOUS_RATINGS = {"fairly_large", "large"}
RATED = {"none", "small", "fairly_large", "large"}


# Scale questions run from 1 to 5; "4 or 5" is the upper end (5 = the words for the highest value).
SCALE_VALUES = ("1", "2", "3", "4", "5")
UPPER_END = frozenset({"4", "5"})


@dataclass(frozen=True)
class Distribution:
    """Counts per scale value for one question and one group of respondents.

    For scale questions every value 1–5 is present (zeros included), and `upper_share`
    (the share answering 4 or 5) and `mean` are given where the disclosure rules let them
    be shown beside the counts (`derived_from_parts`); None otherwise.
    """

    question_key: str
    question_text: str
    group: str
    total: Count
    counts: Mapping[str, Count]
    is_scale: bool = False
    upper_share: float | None = None
    mean: float | None = None
    # The question is named by its Swedish text (every survey has one), whatever the reader's language.
    question_language: str = "sv"


def _scale_rows(session: Session, surveys: Sequence[Survey]) -> list[tuple[str, str, str, str, str, bool]]:
    """(question key, question text, value, respondent group, area, is scale) for scale and rating answers.

    Read once per session (several parts of one page ask); question texts are read once per
    question, not decoded again for every answer.
    """
    ids = [s.id for s in surveys]
    return shared(session, ("scale rows", *ids), lambda: _read_scale_rows(session, ids))


def _read_scale_rows(session: Session, ids: Sequence[int]) -> list[tuple[str, str, str, str, str, bool]]:
    asked = (Question.type == QuestionType.SCALE) | (Question.key.in_(list(RATING_AREAS)))
    questions = {
        qid: (key, (text or {}).get("sv", key), qtype == QuestionType.SCALE)
        for qid, key, text, qtype in session.execute(
            select(Question.id, Question.key, Question.text, Question.type).where(
                Question.survey_id.in_(ids), asked
            )
        )
    }
    # By question id (the answer table's index), not through a join on the question table:
    # SQLite otherwise walks every answer of the database.
    rows = session.execute(
        select(Answer.question_id, Answer.number, Option.value, Response.respondent_group, Response.area)
        .join(Response, Answer.response_id == Response.id)
        .outerjoin(Option, Answer.option_id == Option.id)
        .where(Answer.question_id.in_(list(questions)))
    ).all()
    result = []
    for question_id, number, option_value, group, area in rows:
        key, text, is_scale = questions[question_id]
        value = str(number) if is_scale else (option_value or "")
        result.append((key, text, value, str(group), area or "–", is_scale))
    return result


def distributions(session: Session, surveys: Sequence[Survey], by: str, min_group: int) -> list[Distribution]:
    """Scale and rating distributions per question and per respondent group or area (`by`).

    By area, residents only: a group's figures must not be the difference between a
    breakdown that includes it (every respondent per area) and one that shows the other
    groups (residents) beside it, so staff appear only in the breakdown by group.
    """
    grouped: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    scale_keys = set()
    for key, text, value, group, area, is_scale in _scale_rows(session, surveys):
        if by != "group" and group != RespondentGroup.RESIDENT:
            continue
        column = group if by == "group" else area
        grouped[(key, text, column)][value] += 1
        if is_scale:
            scale_keys.add(key)
    floor = Floor(min_group)
    found = []
    for (key, text, column), counter in sorted(grouped.items()):
        is_scale = key in scale_keys
        parts = {value: counter.get(value, 0) for value in SCALE_VALUES} if is_scale else dict(counter)
        total = sum(parts.values())
        # n is shown beside the values, so the values are guarded as parts of it:
        # a single hidden value would otherwise be n minus the shown ones.
        counts = (
            {value: Count(None, floor) for value in sorted(parts)}
            if floor.too_small(total)
            else guard_parts(parts, min_group)
        )
        upper_share = mean = None
        if is_scale:
            share_shown, mean_shown = derived_from_parts(parts, counts, UPPER_END)
            if share_shown:
                upper_share = sum(parts[v] for v in UPPER_END) / total
            if mean_shown:
                mean = sum(int(v) * n for v, n in parts.items()) / total
        found.append(
            Distribution(key, text, column, guard(total, min_group), counts, is_scale, upper_share, mean)
        )
    return found


@dataclass(frozen=True)
class RoundFigures:
    """A scale question's headline figures for one group in one round."""

    round_label: str
    total: Count
    upper_share: float | None
    mean: float | None


def scale_trends(
    session: Session, surveys: Sequence[Survey], by: str, min_group: int
) -> dict[tuple[str, str], tuple[RoundFigures, ...]]:
    """The figures of earlier rounds per (scale question key, group or area), oldest first.

    Each round is guarded on its own, exactly as its own situation page guards it, so a
    trend shows no figure that round's page would not.
    """
    found: dict[tuple[str, str], list[RoundFigures]] = defaultdict(list)
    for label, earlier in earlier_rounds(session, surveys):
        for item in distributions(session, earlier, by, min_group):
            if item.is_scale:
                figures = RoundFigures(label, item.total, item.upper_share, item.mean)
                found[(item.question_key, item.group)].append(figures)
    return {key: tuple(rounds) for key, rounds in found.items()}


def severity_by_area(
    session: Session, surveys: Sequence[Survey], raised_by: Mapping[str, set[int]]
) -> dict[str, float]:
    """0–1 severity per problem area.

    From the questionnaire: the share rating the area's items a fairly large or large
    problem. From safety scales: how unsafe (5 = very safe) those raising the area feel.
    Both are averaged when both exist.
    """
    parts: dict[str, list[float]] = defaultdict(list)
    ratings: dict[str, Counter[str]] = defaultdict(Counter)
    for key, _text, value, _group, _area, _is_scale in _scale_rows(session, surveys):
        if key in RATING_AREAS and value in RATED:
            ratings[RATING_AREAS[key]]["serious" if value in SERIOUS_RATINGS else "mild"] += 1
    for theme, counter in ratings.items():
        parts[theme].append(counter["serious"] / sum(counter.values()))
    scale = _scale_by_response(session, surveys)
    for theme, responses in raised_by.items():
        values = [v for rid in responses for v in scale.get(rid, [])]
        if values:
            parts[theme].append((5 - sum(values) / len(values)) / 4)
    return {theme: sum(v) / len(v) for theme, v in parts.items() if v}


def _scale_by_response(session: Session, surveys: Sequence[Survey]) -> dict[int, list[int]]:
    ids = [s.id for s in surveys]
    return shared(session, ("scale by response", *ids), lambda: _read_scale_by_response(session, ids))


def _read_scale_by_response(session: Session, ids: Sequence[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    scales = select(Question.id).where(Question.survey_id.in_(ids), Question.type == QuestionType.SCALE)
    rows = session.execute(
        select(Answer.response_id, Answer.number).where(
            Answer.question_id.in_(list(session.scalars(scales))), Answer.number.is_not(None)
        )
    ).all()
    for response_id, number in rows:
        if number is not None:
            found[response_id].append(int(number))
    return found
