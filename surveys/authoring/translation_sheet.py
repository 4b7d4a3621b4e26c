"""Every text of a survey that is written once per language, as one sheet to translate.

The sheet lists the survey's own texts (title, introduction and, per question, its text, help
text, scale end words and option labels) with the rule for each: which ones every offered
language must have before the survey opens. The completeness check and the translation page
both read this list, so they cannot disagree about what is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from surveys.authoring.models import Question, QuestionType, Survey
from surveys.database.base import Translations


@dataclass(frozen=True)
class TextSlot:
    """One translatable text: where it lives (`ref`), what it is and whether it is required.

    `ref` names the text in a form ("title", "intro", "q12.text", "q12.help", "q12.scale_min",
    "q12.scale_max", "o40" for option 40). `kind` is the MissingText kind ("title", "intro",
    "question", "help", "scale_min", "scale_max", "option"); `detail` the question key or
    "question/option". `required` says whether every language must have it: the title and
    question texts always; help texts and scale end words once any language has one, so that
    no resident gets less help than another; option labels always (place names excepted,
    which read the same in every language and are not on the sheet).
    """

    ref: str
    kind: str
    detail: str
    texts: Translations
    required: bool
    question: Question | None = None


def _given(texts: Translations | None) -> bool:
    return any((text or "").strip() for text in (texts or {}).values())


def text_slots(survey: Survey) -> list[TextSlot]:
    """The survey's translatable texts in questionnaire order."""
    slots = [
        TextSlot("title", "title", "", dict(survey.title or {}), True),
        TextSlot("intro", "intro", "", dict(survey.intro or {}), False),
    ]
    for question in survey.questions:
        slots.extend(_question_slots(question))
    return slots


def _question_slots(question: Question) -> Iterator[TextSlot]:
    key = question.key
    yield TextSlot(f"q{question.id}.text", "question", key, dict(question.text or {}), True, question)
    parts: list[tuple[str, Translations | None]] = [("help", question.help)]
    if question.question_type is QuestionType.SCALE:
        parts += [("scale_min", question.scale_min_label), ("scale_max", question.scale_max_label)]
    for kind, texts in parts:
        yield TextSlot(f"q{question.id}.{kind}", kind, key, dict(texts or {}), _given(texts), question)
    if question.question_type is QuestionType.AREA:
        return  # place names read the same in every language
    for option in question.options:
        detail = f"{key}/{option.value}"
        yield TextSlot(f"o{option.id}", "option", detail, dict(option.label or {}), True, question)
