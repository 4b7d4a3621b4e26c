"""Template globals: language helpers and the current interface locale."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, current_app, request
from flask_babel import format_decimal, get_locale, gettext
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from analysis.catalog import written_date
from analysis.language import detect_language, text_runs
from app.i18n import language_label, language_name, text_direction
from app.labels import k_reason_text, missing_text_label, review_action_label, run_label
from surveys.authoring.resident_texts import RESIDENT_TEXTS, date_in, resident_texts
from surveys.database.base import localized, localized_with_language
from surveys.localtime import local_date, to_local


def init_app(app: Flask) -> None:
    """Register template globals and filters."""
    app.jinja_env.globals.update(
        language_name=language_name,
        language_label=language_label,
        text_direction=text_direction,
        localized=localized,
        field_attrs=field_attrs,
        run_label=run_label,
        review_action_label=review_action_label,
        missing_text_label=missing_text_label,
        k_reason_text=k_reason_text,
        resident_texts=resident_texts,
        interface_texts=interface_texts,
        lang_attr=lang_attr,
        localized_marked=localized_marked,
        localized_pair=localized_with_language,
        quote_attr=quote_attr,
        # For macros imported without context: the interface's language (the `ui_locale` of pages).
        interface_language=lambda: _ui_locale(app),
    )
    app.jinja_env.filters["in_language"] = in_language
    app.jinja_env.filters["prose"] = prose
    # Dates in prose: "1 december 2026". Tables and form values keep ISO 8601.
    # `language` for a part written in another language than the interface (a survey's page).
    app.jinja_env.filters["long_date"] = lambda day, language=None: (
        date_in(day, language) if language else written_date(day, _ui_locale(app))
    )
    app.jinja_env.filters["date_span"] = lambda start, last: (
        f"{written_date(start, _ui_locale(app))} – {written_date(last, _ui_locale(app))}"
    )
    # Stored instants (UTC) as the local wall-clock time people read: "2026-04-01 01:30".
    app.jinja_env.filters["local_time"] = local_time
    # The local calendar day of a stored instant, for `long_date`: "1 april 2026", not 31 March.
    app.jinja_env.filters["local_date"] = lambda instant: None if instant is None else local_date(instant)
    # Figures with decimals in the interface's notation: "0,9" on a Swedish page, "0.9" in English.
    app.jinja_env.filters["decimal"] = lambda value, places=1: format_decimal(
        value, format="#,##0." + "0" * places if places else "#,##0"
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_locale() -> dict[str, Any]:
        return {
            "ui_locale": _ui_locale(app),
            "supported_locales": app.config["SUPPORTED_LOCALES"],
            "current_path": request.full_path.rstrip("?") if request else "/",
        }


# Codes the language detector gives to text it cannot place: marked lang="" (language unknown),
# so that the page's language is not claimed for it either.
UNKNOWN_LANGUAGES = frozenset({"", "und", "other"})


def _surrounding_language(context: Context, within: str | None) -> str:
    """The language of the text around a part: `within`, else the page's (html@lang in base.html)."""
    if within:
        return within
    page = context.get("page_language")
    return str(page) if page else _ui_locale(current_app)


def _written_in(code: str | None) -> str:
    """The code to mark text with; staff-written content (no code) is in the default locale."""
    if code is None:
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    return "" if code in UNKNOWN_LANGUAGES else code


@pass_context
def in_language(context: Context, text: Any, code: str | None = None, within: str | None = None) -> Markup:
    """`text`, escaped, in a `<span lang>` when it is written in another language than around it.

    `code` is the text's language: a resident's detected language ("und"/"other" mark it as
    unknown), a survey text's language, or None for what staff type (plans, working groups,
    incident notes, the privacy text), which is in the installation's default language.
    `within` is the language of the element around it when that is not the page's.
    """
    if text is None or text == "":
        return Markup("")
    written = _written_in(code)
    if written == _surrounding_language(context, within):
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(written, text)


@pass_context
def lang_attr(context: Context, code: str | None = None, within: str | None = None) -> Markup:
    """` lang="sv"` for an element whose text is in another language than around it, else nothing."""
    written = _written_in(code)
    if written == _surrounding_language(context, within):
        return Markup("")
    return Markup(' lang="{}"').format(written)


@pass_context
def localized_marked(context: Context, texts: Any, language: str, within: str | None = None) -> Markup:
    """`localized(texts, language)`, marked with its language when it fell back to another one."""
    text, code = localized_with_language(texts, language)
    return in_language(context, text, code, within)


@pass_context
def prose(context: Context, text: Any, within: str | None = None) -> Markup:
    """Generated text with the words it quotes from the answers (`analysis.language.quoted_run`)
    marked with their detected language where that is not the language around them."""
    around = _surrounding_language(context, within)
    parts = [
        in_language(context, run, detect_language(run, default=around), within) if quoted else escape(run)
        for run, quoted in text_runs(str(text or ""))
    ]
    return Markup("").join(parts)


@pass_context
def quote_attr(context: Context, text: Any, within: str | None = None) -> Markup:
    """` lang` for a resident's quoted answer whose stored language is not known: the detected one."""
    around = _surrounding_language(context, within)
    return lang_attr(context, detect_language(str(text or ""), default=around), within)


def local_time(instant: dt.datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """An instant (aware, or naive UTC as most columns store it) in the installation's local time."""
    return "" if instant is None else to_local(instant).strftime(pattern)


def interface_texts(key: str, **values: Any) -> str:
    """A resident text (surveys/authoring/resident_texts.py) in the interface language.

    For pages about no particular survey (an unknown invitation link) and for staff typing in
    paper answers, where the interface language is the reader's.
    """
    return gettext(RESIDENT_TEXTS[key], **values)


def _ui_locale(app: Flask) -> str:
    return str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])


def field_attrs(field: Any, required: bool = False) -> dict[str, str]:
    """HTML attributes tying a form field to its hint and error text for assistive technology."""
    described = []
    if field.description:
        described.append(f"{field.id}-hint")
    if field.errors:
        described.append(f"{field.id}-error")
    attrs = {"class": "input"}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if required:
        attrs["aria-required"] = "true"
    return attrs
