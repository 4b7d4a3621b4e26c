"""Translations in XLSForm columns (``label::Svenska (sv)``) and special select types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from surveys.authoring.models import QuestionType
from surveys.database.base import FALLBACK_LANGUAGE
from surveys.transfer.errors import SheetProblem
from surveys.transfer.messages import N_
from surveys.transfer.spreadsheet import fold
from surveys.transfer.xlsform_sheets import Sheet
from surveys.transfer.xlsform_spec import (
    AREA_NAMES,
    DEMOGRAPHIC_NAMES,
    SETTINGS,
    TRANSLATABLE,
    parse_language,
    split_column,
)

Texts = dict[str, str]
_SPECIAL = {
    "area": QuestionType.AREA,
    "demographic": QuestionType.DEMOGRAPHIC,
    "single_choice": QuestionType.SINGLE_CHOICE,
}


@dataclass
class TextColumns:
    """Which column holds which text in which language, for every sheet."""

    default: str
    languages: list[str]
    columns: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        sheets: dict[str, Sheet],
        settings: tuple[int, dict[str, str]],
        problems: list[SheetProblem],
    ) -> TextColumns:
        """Resolve the language of every translatable column of `sheets`."""
        columns: dict[str, tuple[str, str | None]] = {}
        seen: list[str] = []
        plain = False
        for sheet in sheets.values():
            for header in filter(None, sheet.headers):
                base, language = split_column(header)
                if base not in TRANSLATABLE:
                    continue
                if language is None:
                    plain, columns[header] = True, (base, None)
                    continue
                code = parse_language(language)
                if code is None:
                    problems.append(SheetProblem(sheet.name, sheet.header_row, _unknown(header)))
                    continue
                columns[header] = (base, code)
                if code not in seen:
                    seen.append(code)
        default = _default_language(settings, seen, plain, problems)
        if default in seen or plain or not seen:
            languages = [default, *(c for c in seen if c != default)]
        else:
            languages = seen
        return cls(default, languages, columns)

    def texts(self, row: dict[str, str], base: str) -> Texts:
        """The non-empty `base` texts of `row` by language; tagged columns beat plain ones."""
        found: Texts = {}
        plain = ""
        for header, value in row.items():
            column = self.columns.get(header)
            if column is None or column[0] != base or not value.strip():
                continue
            if column[1] is None:
                plain = value.strip()
            else:
                found[column[1]] = value.strip()
        if plain and self.default not in found:
            found[self.default] = plain
        return found


def _unknown(header: str) -> str:
    return N_("column %(header)r: unknown language; write it like 'label::Svenska (sv)'", header=header)


def _default_language(
    settings: tuple[int, dict[str, str]],
    seen: list[str],
    plain: bool,
    problems: list[SheetProblem],
) -> str:
    row, values = settings
    setting = values.get("default_language", "")
    if setting.strip():
        code = parse_language(setting)
        if code is None:
            problems.append(
                SheetProblem(
                    SETTINGS,
                    row,
                    N_(
                        "default_language %(setting)r is not a language",
                        setting=setting,
                    ),
                )
            )
            return FALLBACK_LANGUAGE
        return code
    if plain or not seen:
        return FALLBACK_LANGUAGE
    return FALLBACK_LANGUAGE if FALLBACK_LANGUAGE in seen else seen[0]


def merge_texts(*parts: Texts) -> Texts:
    """Join texts per language with a blank line, in order, skipping empty ones."""
    merged: Texts = {}
    for part in parts:
        for language, text in part.items():
            if text:
                merged[language] = f"{merged[language]}\n\n{text}" if language in merged else text
    return merged


def special_select_type(
    row: dict[str, str], list_name: str, problem: Callable[[str], None]
) -> QuestionType | None:
    """AREA or DEMOGRAPHIC for a select_one that is one, else None.

    An explicit ``trygg_type`` column (area, demographic or single_choice) wins;
    otherwise the list or question name decides (``area``/``omrade`` → area,
    ``age_band``/``alder`` → demographic).
    """
    explicit = row.get("trygg_type", "").strip().lower()
    if explicit:
        if explicit not in _SPECIAL:
            problem(N_("trygg_type %(type)r must be area, demographic or single_choice", type=explicit))
            return None
        return _SPECIAL[explicit]
    names = {fold(list_name), fold(row.get("name", ""))}
    if names & AREA_NAMES:
        return QuestionType.AREA
    if names & DEMOGRAPHIC_NAMES:
        return QuestionType.DEMOGRAPHIC
    return None
