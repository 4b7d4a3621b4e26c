"""Creating surveys and their questions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from surveys.authoring.models import Option, Question, QuestionPurpose, Survey, SurveyStatus
from surveys.authoring.templates import get_template
from surveys.organisations.models import Organisation


def create_from_template(
    session: Session,
    organisation: Organisation,
    template_code: str,
    *,
    slug: str,
    round_label: str = "",
    series: str | None = None,
    languages: Sequence[str] = ("sv", "en"),
    status: SurveyStatus = SurveyStatus.DRAFT,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    title: dict[str, str] | None = None,
    commit: bool = True,
) -> Survey:
    """Create a survey for `organisation` from a shipped template.

    Area questions get the organisation's neighbourhoods as options.
    """
    template = get_template(template_code)
    survey = Survey(
        organisation=organisation,
        slug=slug,
        kind=template.kind,
        status=status,
        series=series or slug,
        round_label=round_label,
        languages=list(languages),
        opens_on=opens_on,
        closes_on=closes_on,
        title=dict(title or template.title),
        intro=dict(template.intro),
    )
    session.add(survey)
    for position, spec in enumerate(template.questions):
        survey.questions.append(_question_from_spec(spec, position, organisation))
    if commit:
        session.commit()
    return survey


def _question_from_spec(spec: dict[str, Any], position: int, org: Organisation) -> Question:
    question = Question(
        key=spec["key"],
        type=spec["type"],
        position=position,
        page=int(spec.get("page", 1)),
        required=bool(spec.get("required", False)),
        text=dict(spec["text"]),
        help=dict(spec.get("help", {})),
        scale_min_label=dict(spec.get("scale_min_label", {})),
        scale_max_label=dict(spec.get("scale_max_label", {})),
        # The template knows what each free-text question asks about; anything else analyses as problems.
        purpose=QuestionPurpose(spec.get("purpose", QuestionPurpose.PROBLEMS)),
    )
    options = spec.get("options")
    if spec["type"] == "area" and not options:
        options = [{"value": _area_value(a), "label": {"sv": a}} for a in org.areas]
    for index, option in enumerate(options or []):
        question.options.append(Option(value=option["value"], position=index, label=dict(option["label"])))
    return question


def _area_value(name: str) -> str:
    """Area option values are the area names themselves, so exports stay readable."""
    return name[:64]


def create_blank_survey(
    session: Session,
    organisation: Organisation,
    *,
    slug: str,
    kind: str = "citizen_dialogue",
    languages: Sequence[str] = ("sv",),
    round_label: str = "",
    title: dict[str, str] | None = None,
) -> Survey:
    """Create an empty draft survey and commit."""
    survey = Survey(
        organisation=organisation,
        slug=slug,
        kind=kind,
        status=SurveyStatus.DRAFT,
        series=slug,
        round_label=round_label,
        languages=list(languages),
        title=dict(title or {}),
        intro={},
    )
    session.add(survey)
    session.commit()
    return survey
