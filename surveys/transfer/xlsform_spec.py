"""XLSForm vocabulary shared by the importer and the exporter.

pyxform reads every XLSForm (see `surveys.transfer.xlsform_read`); Trygg Dialog writes
this subset of https://xlsform.org:

* survey sheet: ``type``, ``name``, ``label``, ``hint``, ``required``, ``parameters``;
  translations as ``label::Svenska (sv)``, ``label::sv`` or ``label::English``.
* choices sheet: ``list_name``, ``name``, ``label`` (+ translations).
* settings sheet: ``form_title``, ``form_id``, ``default_language``.

Extensions (extra columns other XLSForm tools ignore) keep our own exports lossless:
``scale_min_label::<lang>`` / ``scale_max_label::<lang>`` (end labels of a scale),
``trygg_type`` (``area`` / ``demographic`` / ``single_choice`` on a select_one),
``trygg_areas`` (on a ``geopoint``: the choice list of areas a resident may pick instead
of marking the place; without it the organisation's areas are offered),
and in settings ``trygg_title::<lang>`` (the title per language: pyxform, and so ODK and
KoBoToolbox, refuses ``form_title::<lang>``, which is still read) and ``trygg_kind``.
"""

from __future__ import annotations

import re

from surveys.transfer.spreadsheet import fold

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
TITLE_COLUMN = "trygg_title"

# "Mark where you feel unsafe": a place on the map, or an area and a comment.
POINT_TYPE = "geopoint"
POINT_AREAS_COLUMN = "trygg_areas"
# A select_one becomes an area or demographic question by list or question name.
# Compared after fold(): "Område" matches "omrade".
AREA_NAMES = frozenset({"area", "omrade"})
DEMOGRAPHIC_NAMES = frozenset({"age_band", "age_group", "alder", "aldersgrupp"})
SCALE_PARAMETERS = {"start": "1", "end": "5", "step": "1"}

# Endonyms for headers like "label::Svenska (sv)"; English and Swedish names are
# also recognised when a header names a language without its code.
LANGUAGE_NAMES = {
    "sv": "Svenska",
    "en": "English",
    "fi": "Suomi",
    "ar": "العربية",
    "so": "Soomaali",
    "fa": "فارسی",
    "ti": "ትግርኛ",
    "ku": "Kurdî",
    "bs": "Bosanski",
    "pl": "Polski",
    "es": "Español",
    "de": "Deutsch",
    "fr": "Français",
    "uk": "Українська",
    "ru": "Русский",
    "tr": "Türkçe",
    "nb": "Norsk bokmål",
    "da": "Dansk",
    "se": "Davvisámegiella",
}
_OTHER_NAMES = {
    "swedish": "sv",
    "engelska": "en",
    "finnish": "fi",
    "finska": "fi",
    "arabic": "ar",
    "arabiska": "ar",
    "somali": "so",
    "somaliska": "so",
    "persian": "fa",
    "farsi": "fa",
    "persiska": "fa",
    "tigrinya": "ti",
    "tigrinja": "ti",
    "kurdish": "ku",
    "kurdiska": "ku",
    "bosnian": "bs",
    "bosniska": "bs",
    "polish": "pl",
    "polska": "pl",
    "spanish": "es",
    "spanska": "es",
    "german": "de",
    "tyska": "de",
    "french": "fr",
    "franska": "fr",
    "ukrainian": "uk",
    "ukrainska": "uk",
    "russian": "ru",
    "ryska": "ru",
    "turkish": "tr",
    "turkiska": "tr",
    "norwegian": "nb",
    "norska": "nb",
    "danish": "da",
    "danska": "da",
    "northern sami": "se",
    "nordsamiska": "se",
}
_BY_NAME = {fold(name): code for code, name in LANGUAGE_NAMES.items()} | _OTHER_NAMES
_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,4})?$", re.IGNORECASE)
_CODE_IN_PARENS = re.compile(r"\(([^()]+)\)\s*$")


def parse_language(text: str) -> str | None:
    """Language code of an XLSForm language name: "Svenska (sv)", "sv" or "Swedish"."""
    text = text.strip()
    match = _CODE_IN_PARENS.search(text)
    candidate = match.group(1).strip() if match else text
    if _CODE.match(candidate) and len(candidate) <= 8:
        return candidate.lower()
    return _BY_NAME.get(fold(text))


def language_name(code: str) -> str:
    """XLSForm's name for language `code`: "Svenska (sv)", or the bare code if unknown."""
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else code


def language_column(base: str, code: str) -> str:
    """The header for `base` text in language `code`, e.g. "label::Svenska (sv)"."""
    return f"{base}::{language_name(code)}"
