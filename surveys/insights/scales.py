"""Scale questions (feeling of safety 1–5) and problem ratings as distributions, and their severity."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.answering.models import Answer, Response
from surveys.authoring.models import Option, Question, QuestionType, Survey
from surveys.disclosure.floor import Count, effective_min_group, guard, guard_parts

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


@dataclass(frozen=True)
class Distribution:
    """Counts per scale value for one question and one group of respondents."""

    question_key: str
    question_text: str
    group: str
    total: Count
    counts: Mapping[str, Count]


def _scale_rows(session: Session, surveys: Sequence[Survey]) -> list[tuple[str, str, str, str, str]]:
    """(question key, question text, value, respondent group, area) for scale and rating answers."""
    ids = [s.id for s in surveys]
    rows = session.execute(
        select(
            Question.key,
            Question.text,
            Question.type,
            Answer.number,
            Option.value,
            Response.respondent_group,
            Response.area,
        )
        .join(Answer, Answer.question_id == Question.id)
        .join(Response, Answer.response_id == Response.id)
        .outerjoin(Option, Answer.option_id == Option.id)
        .where(Question.survey_id.in_(ids))
        .where((Question.type == QuestionType.SCALE) | (Question.key.in_(list(RATING_AREAS))))
    ).all()
    result = []
    for key, text, qtype, number, option_value, group, area in rows:
        value = str(number) if qtype == QuestionType.SCALE else (option_value or "")
        result.append((key, (text or {}).get("sv", key), value, str(group), area or "–"))
    return result


def distributions(session: Session, surveys: Sequence[Survey], by: str, min_group: int) -> list[Distribution]:
    """Scale and rating distributions per question and per respondent group or area (`by`)."""
    grouped: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for key, text, value, group, area in _scale_rows(session, surveys):
        column = group if by == "group" else area
        grouped[(key, text, column)][value] += 1
    floor = effective_min_group(min_group)
    found = []
    for (key, text, column), counter in sorted(grouped.items()):
        total = sum(counter.values())
        # n is shown beside the values, so the values are guarded as parts of it:
        # a single hidden value would otherwise be n minus the shown ones.
        counts = (
            {value: Count(None, floor) for value in sorted(counter)}
            if total < floor
            else guard_parts(dict(counter), min_group)
        )
        found.append(Distribution(key, text, column, guard(total, min_group), counts))
    return found


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
    for key, _text, value, _group, _area in _scale_rows(session, surveys):
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
    found: dict[int, list[int]] = defaultdict(list)
    rows = session.execute(
        select(Answer.response_id, Answer.number)
        .join(Question, Answer.question_id == Question.id)
        .where(Question.survey_id.in_(ids), Question.type == QuestionType.SCALE, Answer.number.is_not(None))
    ).all()
    for response_id, number in rows:
        if number is not None:
            found[response_id].append(int(number))
    return found
