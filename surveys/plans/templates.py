"""The library of measurable commitment templates shipped as data (Swedish and English)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from surveys.database.base import Translations, localized


@dataclass(frozen=True)
class CommitmentTemplate:
    """A ready-made measurable commitment officials can pick and edit."""

    code: str
    themes: tuple[str, ...]
    activity: Translations
    target_count: int
    frequency: str
    unit: Translations  # plural
    responsible: str
    partners: tuple[str, ...]
    unit_one: Translations  # singular


@cache
def _raw() -> dict:  # type: ignore[type-arg]
    text = resources.files("surveys").joinpath("data/commitment_templates.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def load_commitment_templates() -> dict[str, CommitmentTemplate]:
    """All shipped templates by code, in file order."""
    return {
        t["code"]: CommitmentTemplate(
            code=t["code"],
            themes=tuple(t["themes"]),
            activity=dict(t["activity"]),
            target_count=int(t["target_count"]),
            frequency=t["frequency"],
            unit=dict(t["unit"]),
            responsible=t["responsible"],
            partners=tuple(t["partners"]),
            unit_one=dict(t["unit_one"]),
        )
        for t in _raw()["templates"]
    }


def templates_for(theme: str | None) -> list[CommitmentTemplate]:
    """Templates for `theme` first, then the general ones (those without themes)."""
    templates = list(load_commitment_templates().values())
    specific = [t for t in templates if theme and theme in t.themes]
    general = [t for t in templates if not t.themes]
    return specific + general


def partner_codes() -> tuple[str, ...]:
    """Codes of the partner organisations the templates name."""
    return tuple(p["code"] for p in _raw()["partners"])


def partner_name(code: str, language: str) -> str:
    """A partner's name in `language`; unknown codes are free text written by officials."""
    for partner in _raw()["partners"]:
        if partner["code"] == code:
            return localized(partner["name"], language)
    return code
