"""The words around a survey's questions, in every language the survey offers.

A resident who answers in Finnish, Meänkieli or North Sami must not meet Swedish or English
navigation, progress, errors, privacy box, thank-you page, paper form or poster. These texts are part of
the survey's translatable texts: each comes from the shipped catalogue of its language
(`translations/<lang>/LC_MESSAGES/messages.po`: Swedish and Finnish ship complete, English is
the source language) unless the survey gives its own wording, and a language without a
shipped or own text blocks opening the survey, as a missing question text does.

Each text has a stable key, so a survey's own wording survives a change of the English
source; the English source is the gettext message, so the catalogues translate it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import UnknownLocaleError
from babel.support import NullTranslations, Translations

from analysis.catalog import written_date
from surveys.errors import SurveyError
from surveys.transfer.messages import N_

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"
SOURCE_LANGUAGE = "en"
FALLBACK_LANGUAGE = "sv"

# key -> English source. Grouped as a resident meets them; the editor lists them in this order.
RESIDENT_TEXTS: dict[str, str] = {
    # Every page
    "skip_link": N_("Skip to content"),
    "language": N_("Language"),
    "privacy_notice": N_("Privacy notice"),
    "accessibility": N_("Accessibility statement"),
    # The survey's pages
    "survey_language": N_("Survey language"),
    "answer_in": N_("Answer in:"),
    "page_of": N_("Page %(page)d of %(total)d"),
    "required_explained": N_("Questions marked (required) must be answered."),
    "required": N_("required"),
    "optional": N_("optional"),
    "privacy_reminder": N_(
        "Your answers are anonymous. Do not write names, phone numbers or other personal details: "
        "answers to a municipality can become public records."
    ),
    "privacy_link": N_("How we handle your answers"),
    "next": N_("Next"),
    "back": N_("Back"),
    "send": N_("Send answers"),
    "choose": N_("Choose…"),
    # Map questions
    "map_hint": N_(
        "Click or tap the map to mark the place. You can also choose an area and describe the place below."
    ),
    "map_keyboard": N_("Mark the place with the keyboard"),
    "map_keyboard_hint": N_(
        "Press the button to put a mark in the chosen area, then move it with the arrow keys. "
        "Hold Shift for small steps."
    ),
    "map_marked": N_("A place is marked."),
    "map_marked_in": N_("A place is marked in %(area)s."),
    "map_clear": N_("Remove the mark"),
    "map_area": N_("Area"),
    "map_describe": N_("Describe the place (optional)"),
    "map_of_areas": N_("Map of the areas"),
    # Errors
    "error_title": N_("Error"),
    "problem": N_("There is a problem"),
    "error_prefix": N_("Error:"),
    "please_answer": N_("Please answer this question."),
    "keep_under": N_("Please keep your answer under %(max)d characters."),
    "too_long": N_("Your answer is too long."),
    "choose_option": N_("Please choose one of the options."),
    "check_answer": N_("Please check this answer."),
    "point_unreadable": N_("The marked place could not be read. Mark it again or choose an area."),
    "choose_area": N_("Choose an area from the list."),
    "missing_answer": N_("An answer on this page is missing. Please fill it in and continue."),
    "session_expired": N_("Your session had expired. Your answers are still here: please send them again."),
    # After answering
    "thanks_title": N_("Thank you"),
    "thanks_heading": N_("Thank you for your answers!"),
    "thanks_received": N_("Your answers have been received."),
    "thanks_again": N_("Your answers were already received: you do not need to send them again."),
    "thanks_what_next": N_(
        "The police and the municipality go through all answers together. What residents and staff "
        "raise most often becomes the basis for the situation picture and the citizen pledges, which "
        "are published on this site."
    ),
    "back_to_start": N_("Back to the start page"),
    # Closed, not yet open, by invitation
    "not_open_title": N_("Survey not open"),
    "closed": N_("This survey has closed. Thank you for your interest!"),
    "results_used": N_(
        "The results are used in the situation picture and the citizen pledges that the police and "
        "the municipality publish."
    ),
    "opens_on": N_("This survey opens on %(date)s. Welcome back then!"),
    "not_yet_open": N_("This survey is not open for answers yet."),
    "see_open": N_("See open surveys"),
    "invitation_title": N_("This survey is answered by invitation"),
    "invitation_text": N_(
        "This dialogue is for staff and is answered only through a personal link, which can be used "
        "once. If you should take part, ask the person who sent out the survey for a link."
    ),
    "invitation_used_title": N_("This link has been used"),
    "invitation_used_text": N_(
        "Each invitation link can be used to answer once, and this one has already been used or is "
        "not valid. If you have not answered yet, ask the person who sent you the link for a new one."
    ),
    # The paper questionnaire
    "paper_tick_one": N_("Tick one box."),
    "paper_tick_any": N_("Tick as many boxes as apply."),
    "paper_return": N_(
        "When you have answered, hand in the form where you got it. Thank you for your answers!"
    ),
    "paper_page": N_("Page %(page)s of %(pages)s"),
    # The poster
    "poster_heading": N_("Have your say!"),
    "poster_scan": N_("Scan the code with your phone camera or go to:"),
    "poster_answer_by": N_("Answer by %(date)s"),
}

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


class ResidentTextError(SurveyError):
    """A survey's own wording of an interface text cannot be used; the message says why."""


def placeholders(text: str) -> set[str]:
    """The named placeholders of a text ("%(page)d" -> "page")."""
    return set(_PLACEHOLDER.findall(text))


@lru_cache(maxsize=32)
def _catalogue(language: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS_DIR), [language])


def shipped_text(key: str, language: str) -> str | None:
    """The text the product ships for `key` in `language`, or None when it ships none."""
    source = RESIDENT_TEXTS[key]
    if language == SOURCE_LANGUAGE:
        return source
    catalogue = _catalogue(language)
    if not isinstance(catalogue, Translations):
        return None  # no catalogue for this language (North Sami and Meänkieli today)
    translated = catalogue.gettext(source)
    return translated if translated != source else None


def date_in(day: dt.date, language: str) -> str:
    """'1 december 2026' as `language` writes a date; Swedish for a language Babel has no calendar for."""
    try:
        return written_date(day, language)
    except (UnknownLocaleError, ValueError):
        return written_date(day, FALLBACK_LANGUAGE)


def own_texts(survey: Any, language: str) -> Mapping[str, str]:
    """The survey's own wording in `language` (key -> text)."""
    return (getattr(survey, "resident_texts", None) or {}).get(language, {})


def text_in(survey: Any, key: str, language: str) -> str | None:
    """The survey's text for `key` in `language`: its own wording, else the shipped one."""
    return own_texts(survey, language).get(key) or shipped_text(key, language)


def missing_keys(survey: Any, language: str) -> list[str]:
    """Keys with neither an own nor a shipped text in `language`, in editor order."""
    return [key for key in RESIDENT_TEXTS if not text_in(survey, key, language)]


@dataclass(frozen=True)
class ResidentTexts:
    """The interface texts of one survey in one language, callable like gettext with keys.

    `texts("page_of", page=2, total=3)` gives "Sivu 2 / 3" on a Finnish survey. A text the
    language lacks (only possible before the survey opens, e.g. in the preview) falls back to
    Swedish, and `language_of(key)` says so, so the page can mark that part `lang="sv"`.
    """

    survey: Any
    language: str

    def __call__(self, key: str, **values: Any) -> str:
        text = self.raw(key)
        return text % values if values else text

    def raw(self, key: str) -> str:
        """The text for `key` without its placeholders filled in."""
        found = text_in(self.survey, key, self.language)
        if found:
            return found
        return text_in(self.survey, key, FALLBACK_LANGUAGE) or RESIDENT_TEXTS[key]

    def language_of(self, key: str) -> str:
        """The language the text for `key` is actually in."""
        if text_in(self.survey, key, self.language):
            return self.language
        return FALLBACK_LANGUAGE if text_in(self.survey, key, FALLBACK_LANGUAGE) else SOURCE_LANGUAGE


def resident_texts(survey: Any, language: str) -> ResidentTexts:
    """The interface texts residents read in `survey` in `language`."""
    return ResidentTexts(survey, language)


def clean_own_texts(survey: Any, submitted: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """The survey's own wording to store from what an editor submitted (language -> key -> text).

    A text equal to the shipped one, or empty, is not stored: the survey then follows the
    shipped catalogue, including its later corrections. A text must keep the placeholders of
    the English source ("%(page)d"), or the page could not be written.
    """
    cleaned: dict[str, dict[str, str]] = {}
    for language in survey.languages:
        for key, raw in (submitted.get(language) or {}).items():
            if key not in RESIDENT_TEXTS:
                continue
            text = " ".join((raw or "").split())
            if not text or text == shipped_text(key, language):
                continue
            wanted = placeholders(RESIDENT_TEXTS[key])
            if placeholders(text) != wanted or "%" in _PLACEHOLDER.sub("", text):
                raise ResidentTextError(_placeholder_problem(text, wanted))
            cleaned.setdefault(language, {})[key] = text
    return cleaned


def _placeholder_problem(text: str, wanted: set[str]) -> str:
    if not wanted:
        return N_("“%(text)s” must not contain a %% sign", text=text[:60])
    return N_(
        "“%(text)s” must keep %(placeholders)s exactly as written, and no other %% sign",
        text=text[:60],
        placeholders=", ".join(f"%({name})" for name in sorted(wanted)),
    )
