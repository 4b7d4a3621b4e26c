"""Editing a survey: settings, questions, options, translations, opening and closing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveys.answering.models import Response
from surveys.authoring.models import (
    Option,
    Question,
    QuestionPurpose,
    QuestionType,
    Survey,
    SurveyKind,
    SurveyStatus,
)
from surveys.authoring.resident_texts import clean_own_texts, missing_keys
from surveys.authoring.translation_sheet import text_slots
from surveys.database.base import Translations
from surveys.database.transactions import transactional
from surveys.errors import SurveyError
from surveys.transfer.messages import N_

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")


class EditError(SurveyError):
    """A change to a survey is not allowed; the message says why.

    `field` names the setting the message is about ("slug", "languages", "closes_on"),
    so that a form can show it next to that field; None when it is about the whole survey.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class MissingTexts(EditError):
    """The survey cannot open: `missing` lists the texts its languages lack (the message, the first 20)."""

    def __init__(self, missing: Sequence[MissingText]) -> None:
        super().__init__("texts are missing: " + "; ".join(f"{m.language}: {m.item}" for m in missing[:20]))
        self.missing = list(missing)


@dataclass(frozen=True)
class MissingText:
    """A text that a language offered by the survey lacks.

    `kind` is what is missing: "title", "question", "option", "help", "scale_min", "scale_max"
    or "interface" (a resident text, surveys/authoring/resident_texts.py); `detail` says which
    (a question key, "question/option", or a resident text's key).
    """

    language: str
    kind: str
    detail: str = ""

    @property
    def item(self) -> str:
        """The missing text in English, e.g. "question priorities" (for the CLI and logs)."""
        return f"{self.kind} {self.detail}".strip()


def check_slug(slug: str) -> str:
    """Return `slug` if it is a valid survey address, else raise EditError."""
    if not SLUG_PATTERN.match(slug):
        raise EditError(N_("use 3–80 lower-case letters, digits and hyphens for the address"), field="slug")
    return slug


def check_languages(codes: Sequence[str]) -> list[str]:
    """Distinct, valid language codes with Swedish first when offered."""
    cleaned: list[str] = []
    for code in codes:
        code = code.strip().lower()
        if not code:
            continue
        if not LANGUAGE_PATTERN.match(code):
            raise EditError(
                N_("“%(code)s” is not a language code such as sv, en, fi, fit or se", code=code),
                field="languages",
            )
        if code not in cleaned:
            cleaned.append(code)
    if not cleaned:
        raise EditError(N_("offer the survey in at least one language"), field="languages")
    return sorted(cleaned, key=lambda c: (c != "sv", cleaned.index(c)))


def slug_taken(session: Session, slug: str) -> bool:
    """Whether a survey already uses `slug`."""
    return session.scalar(select(func.count(Survey.id)).where(Survey.slug == slug)) != 0


def has_responses(session: Session, survey: Survey) -> bool:
    """Whether anybody has answered `survey`."""
    return session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.id)) != 0


def missing_translations(survey: Survey) -> list[MissingText]:
    """Every text that one of the survey's languages lacks (the rules: `text_slots`)."""
    slots = [slot for slot in text_slots(survey) if slot.required]
    missing: list[MissingText] = []
    for language in survey.languages:
        missing.extend(
            MissingText(language, slot.kind, slot.detail) for slot in slots if not slot.texts.get(language)
        )
        missing.extend(MissingText(language, "interface", key) for key in missing_keys(survey, language))
    return missing


def set_resident_texts(
    session: Session, survey: Survey, submitted: Mapping[str, Mapping[str, str]]
) -> Survey:
    """Store the survey's own wording of the interface texts residents read, and commit.

    `submitted` is language -> key -> text for the survey's languages; a text left as shipped
    (or empty) follows the shipped catalogue. Raises ResidentTextError for a text that lost
    its placeholders, leaving the survey as it was.
    """
    survey.resident_texts = clean_own_texts(survey, submitted)
    session.commit()
    return survey


@transactional
def set_translations(
    session: Session,
    survey: Survey,
    texts: Mapping[str, Mapping[str, str]],
    interface: Mapping[str, Mapping[str, str]] | None = None,
) -> Survey:
    """Store the survey's texts per language from the translation sheet, and commit.

    `texts` is slot ref (see `text_slots`) -> language -> text; refs and languages not given
    are left as they are, and an emptied text is removed. `interface` is what
    `set_resident_texts` takes. A resident text that lost its placeholders raises
    ResidentTextError, and emptying a text an open survey needs raises MissingTexts; then
    nothing is changed.
    """
    languages = set(survey.languages)
    for slot in text_slots(survey):
        given = texts.get(slot.ref)
        if given is None:
            continue
        merged = dict(slot.texts)
        merged.update({language: text for language, text in given.items() if language in languages})
        _store_slot(survey, slot.ref, _clean_texts(merged))
    if interface is not None:
        survey.resident_texts = clean_own_texts(survey, interface)
    if survey.status == SurveyStatus.OPEN:
        missing = missing_translations(survey)
        if missing:
            raise MissingTexts(missing)  # residents are answering: no language may lose a text
    session.commit()
    return survey


def _store_slot(survey: Survey, ref: str, texts: Translations) -> None:
    if ref in ("title", "intro"):
        setattr(survey, ref, texts)
        return
    if ref.startswith("o"):
        option = next(o for q in survey.questions for o in q.options if f"o{o.id}" == ref)
        option.label = texts
        return
    question_ref, _sep, part = ref.partition(".")
    question = next(q for q in survey.questions if f"q{q.id}" == question_ref)
    column = {"text": "text", "help": "help", "scale_min": "scale_min_label", "scale_max": "scale_max_label"}
    setattr(question, column[part], texts)


def update_settings(
    session: Session,
    survey: Survey,
    *,
    title: Translations,
    intro: Translations,
    languages: Sequence[str],
    round_label: str,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    open_to_everyone: bool | None = None,
) -> Survey:
    """Change a survey's texts, languages, round and dates, and commit.

    `open_to_everyone` applies to staff dialogues only (None leaves it as it is).
    """
    if opens_on and closes_on and closes_on < opens_on:
        raise EditError(N_("the closing date is before the opening date"), field="closes_on")
    survey.languages = check_languages(languages)
    survey.title = _clean_texts(title)
    survey.intro = _clean_texts(intro)
    survey.round_label = round_label.strip()[:40]
    survey.opens_on, survey.closes_on = opens_on, closes_on
    if open_to_everyone is not None and survey.kind == SurveyKind.STAFF_DIALOGUE:
        survey.open_to_everyone = open_to_everyone
    session.commit()
    return survey


def set_status(session: Session, survey: Survey, status: SurveyStatus) -> Survey:
    """Open, close or reopen a survey; opening needs every offered language complete."""
    if status is SurveyStatus.OPEN:
        if not survey.questions:
            raise EditError(N_("add at least one question before opening the survey"))
        missing = missing_translations(survey)
        if missing:
            raise MissingTexts(missing)
    survey.status = status
    session.commit()
    return survey


def add_question(
    session: Session,
    survey: Survey,
    *,
    key: str,
    qtype: QuestionType,
    text: Translations,
    required: bool = False,
    page: int = 1,
) -> Question:
    """Append a question to `survey` and commit."""
    if not KEY_PATTERN.match(key):
        raise EditError(N_("the question key must start with a letter and use a–z, 0–9 and _"))
    if any(q.key == key for q in survey.questions):
        raise EditError(N_("the survey already has a question with key %(key)r", key=key))
    _refuse_if_answered(session, survey)
    question = Question(
        key=key,
        type=qtype,
        text=_clean_texts(text),
        required=required,
        page=max(1, page),
        position=len(survey.questions),
    )
    survey.questions.append(question)
    if qtype is QuestionType.AREA:
        for index, area in enumerate(survey.organisation.areas):
            question.options.append(Option(value=area[:64], position=index, label={"sv": area}))
    session.commit()
    return question


@transactional
def update_question(
    session: Session,
    question: Question,
    *,
    text: Translations,
    help_text: Translations,
    required: bool,
    page: int,
    options: Sequence[tuple[str, Translations]] | None = None,
    scale_labels: tuple[Translations, Translations] | None = None,
    purpose: QuestionPurpose | None = None,
) -> Question:
    """Change a question's texts, required flag, page, (for choice questions) options,
    (for scale questions, `scale_labels`) the words for the scale's two ends and (for
    free-text questions) what the answers are about, which the next analysis follows."""
    question.text = _clean_texts(text)
    question.help = _clean_texts(help_text)
    if scale_labels is not None and question.question_type is QuestionType.SCALE:
        question.scale_min_label, question.scale_max_label = (_clean_texts(t) for t in scale_labels)
    question.required = required
    question.page = max(1, page)
    if purpose is not None and question.question_type is QuestionType.FREE_TEXT:
        question.purpose = QuestionPurpose(purpose)
    if options is not None and question.question_type.has_options:
        _replace_options(session, question, options)
    session.commit()
    return question


def _replace_options(
    session: Session, question: Question, options: Sequence[tuple[str, Translations]]
) -> None:
    values = [value.strip() for value, _ in options]
    if len(set(values)) != len(values) or any(not v for v in values):
        raise EditError(N_("every option needs its own, non-empty value"))
    existing = {o.value: o for o in question.options}
    removed = set(existing) - set(values)
    if removed and has_responses(session, question.survey):
        raise EditError(N_("options that residents may have chosen cannot be removed once answers exist"))
    question.options = []
    for position, (value, label) in enumerate(options):
        option = existing.get(value.strip()) or Option(value=value.strip()[:64])
        option.position, option.label = position, _clean_texts(label)
        question.options.append(option)


def move_question(session: Session, question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1) in its survey and commit."""
    questions = list(question.survey.questions)
    index = questions.index(question)
    target = min(max(index + offset, 0), len(questions) - 1)
    questions.insert(target, questions.pop(index))
    for position, item in enumerate(questions):
        item.position = position
    session.commit()


def remove_question(session: Session, question: Question) -> None:
    """Delete a question that nobody has answered yet, and commit."""
    survey = question.survey
    _refuse_if_answered(session, survey)
    survey.questions.remove(question)
    for position, item in enumerate(survey.questions):
        item.position = position
    session.commit()


def _refuse_if_answered(session: Session, survey: Survey) -> None:
    # Changing the question set after answers arrive would lose or skew data;
    # start a new round instead.
    if has_responses(session, survey):
        raise EditError(N_("the survey already has answers: start a new round to change its questions"))


def _clean_texts(texts: Translations) -> Translations:
    return {lang: value.strip() for lang, value in texts.items() if value and value.strip()}
