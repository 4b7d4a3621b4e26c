"""Survey templates shipped with the product (Swedish and English texts)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from surveys.database.base import Translations


@dataclass(frozen=True)
class SurveyTemplate:
    """A ready-made survey an official can start from."""

    code: str
    kind: str
    name: Translations
    title: Translations
    intro: Translations
    questions: tuple[dict[str, Any], ...]


@cache
def load_templates() -> dict[str, SurveyTemplate]:
    """All shipped templates by code."""
    raw = json.loads(resources.files("surveys").joinpath("data/survey_templates.json").read_text("utf-8"))
    return {
        t["code"]: SurveyTemplate(
            code=t["code"],
            kind=t["kind"],
            name=t["name"],
            title=t["title"],
            intro=t["intro"],
            questions=tuple(t["questions"]),
        )
        for t in raw["templates"]
    }


def get_template(code: str) -> SurveyTemplate:
    """The template named `code`.

    Raises:
        KeyError: for an unknown code (message lists the known ones).
    """
    templates = load_templates()
    if code not in templates:
        raise KeyError(f"unknown template {code!r}; known: {', '.join(sorted(templates))}")
    return templates[code]
