"""Starting the next round of a survey series."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from surveys.authoring.editing import EditError, check_slug, slug_taken
from surveys.authoring.models import Option, Question, Survey, SurveyStatus
from surveys.transfer.messages import N_


def start_new_round(
    session: Session,
    survey: Survey,
    *,
    slug: str,
    round_label: str,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> Survey:
    """Copy `survey` as a draft for the next period of the same series and commit.

    Question keys and option values are kept, so later analysis can compare the
    rounds question by question.
    """
    check_slug(slug)
    if slug_taken(session, slug):
        raise EditError(N_("the address %(slug)r is already used by another survey", slug=slug))
    copy = Survey(
        organisation=survey.organisation,
        slug=slug,
        kind=survey.kind,
        status=SurveyStatus.DRAFT,
        series=survey.series,
        round_label=round_label.strip()[:40],
        opens_on=opens_on,
        closes_on=closes_on,
        languages=list(survey.languages),
        title=dict(survey.title),
        intro=dict(survey.intro),
        raw_text_retention_days=survey.raw_text_retention_days,
    )
    session.add(copy)
    for question in survey.questions:
        copy.questions.append(_copy_question(question))
    session.commit()
    return copy


def _copy_question(question: Question) -> Question:
    return Question(
        key=question.key,
        type=question.type,
        position=question.position,
        page=question.page,
        required=question.required,
        text=dict(question.text),
        help=dict(question.help),
        scale_min_label=dict(question.scale_min_label),
        scale_max_label=dict(question.scale_max_label),
        purpose=question.purpose,
        options=[Option(value=o.value, position=o.position, label=dict(o.label)) for o in question.options],
    )
