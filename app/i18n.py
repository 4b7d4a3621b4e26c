"""Locale selection: an explicit choice (kept in the session cookie) wins, then Accept-Language."""

from __future__ import annotations

from flask import current_app, request, session
from flask_babel import gettext as _

# The explicit choice lives in the session cookie: no extra cookie for residents.
LOCALE_SESSION_KEY = "lang"
LANGUAGE_NAMES = {
    "sv": "Svenska",
    "en": "English",
    "fi": "Suomi",
    "fit": "Meänkieli",
    "se": "Davvisámegiella",
    "sma": "Åarjelsaemien",
    "smj": "Julevsámegiella",
    "ar": "العربية",
    "so": "Soomaali",
    "fa": "فارسی",
    "ti": "ትግርኛ",
    "uk": "Українська",
}
RTL_LANGUAGES = {"ar", "fa"}


def select_locale() -> str:
    """The interface language for this request."""
    supported = current_app.config["SUPPORTED_LOCALES"]
    if request.blueprint == "public":
        # A resident's link (?lang=) and the survey's own form posts name the language explicitly.
        explicit = request.args.get("lang") or (
            request.form.get("lang") if request.method == "POST" else None
        )
        if explicit in supported:
            return str(explicit)
    chosen = session.get(LOCALE_SESSION_KEY)
    if chosen in supported:
        return str(chosen)
    best = request.accept_languages.best_match(supported)
    return str(best or current_app.config["BABEL_DEFAULT_LOCALE"])


def language_name(code: str) -> str:
    """The language's own name for itself, for language switchers."""
    return LANGUAGE_NAMES.get(code, code)


def language_label(code: str) -> str:
    """A language named in the interface's own language ("finska" on a Swedish page), for staff pages.

    `language_name` gives each language's name for itself, for switchers a resident reads;
    a list an official reads names them all in one language. Codes the analysis uses for
    languages it does not tell apart ("other", "und") read "other language".
    """
    if code in ("other", "und", ""):
        return _("other language")
    from babel import Locale, UnknownLocaleError
    from flask_babel import get_locale

    try:
        name = Locale.parse(str(get_locale() or "sv")).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or LANGUAGE_NAMES.get(code, code)


def text_direction(code: str) -> str:
    """'rtl' for right-to-left scripts, else 'ltr'."""
    return "rtl" if code in RTL_LANGUAGES else "ltr"
