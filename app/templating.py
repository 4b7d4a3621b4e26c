"""Template globals: language helpers and the current interface locale."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, request
from flask_babel import format_decimal, get_locale, gettext

from analysis.catalog import written_date
from app.i18n import language_label, language_name, text_direction
from app.labels import k_reason_text, missing_text_label, review_action_label, run_label
from surveys.authoring.resident_texts import RESIDENT_TEXTS, date_in, resident_texts
from surveys.database.base import localized
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
    )
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
