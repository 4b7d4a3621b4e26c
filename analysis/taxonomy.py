"""The problem-area taxonomy: codes, names, keywords and example phrases, loaded from data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from analysis.resources import read_json

FALLBACK_CODE = "ovrigt"


@dataclass(frozen=True)
class ContextKeyword:
    """An ambiguous keyword that counts only when context words are near it.

    ``near`` empty means any context is enough unless a ``not_near`` pattern is present.
    """

    pattern: str
    near: tuple[str, ...] = ()
    not_near: tuple[str, ...] = ()
    window: int = 3
    strong: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ContextKeyword:
        """Build a rule from ``{"pattern", "near", "not_near", "window", "weak"}``."""
        return cls(
            pattern=str(data["pattern"]).lower(),
            near=tuple(str(k).lower() for k in data.get("near", ())),
            not_near=tuple(str(k).lower() for k in data.get("not_near", ())),
            window=int(data.get("window", 3)),
            strong=not data.get("weak", False),
        )


@dataclass(frozen=True)
class ThemeArea:
    """One problem area.

    Keywords use a small pattern syntax: ``word`` matches a whole token, ``word*`` a token
    prefix (inflections, compounds with the word first), ``*word`` the tail of a compound,
    ``*word*`` the word anywhere on a compound boundary, and several space-separated
    patterns match consecutive tokens. ``weak_keywords`` count less. A tail or inner match
    needs a plausible compound head before it (at least three letters with a vowel; four
    for stems of three letters or fewer), so ``*rån`` matches "personrån" but not "från".

    ``context_keywords`` are ambiguous words that count only in context: a
    :class:`ContextKeyword` fires when one of its ``near`` patterns occurs within
    ``window`` tokens and none of its ``not_near`` patterns does ("fulla" is about alcohol
    near "folk", not in "väggarna fulla av klotter"). ``exclude`` lists token patterns that
    never count for this area (e.g. "fyller" for the prefix "fyll*").
    """

    code: str
    name_sv: str
    name_en: str = ""
    keywords: tuple[str, ...] = ()
    weak_keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    context_keywords: tuple[ContextKeyword, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ThemeArea:
        """Build an area from a JSON-like mapping.

        Args:
            data: mapping with ``code``, ``name_sv`` and optionally ``name_en``,
                ``keywords``, ``weak_keywords`` and ``examples`` (a list, or a mapping of
                language code to list).

        Returns:
            The area.
        """
        examples = data.get("examples", ())
        if isinstance(examples, Mapping):
            examples = [phrase for phrases in examples.values() for phrase in phrases]
        return cls(
            code=str(data["code"]),
            name_sv=str(data.get("name_sv") or data["code"]),
            name_en=str(data.get("name_en", "")),
            keywords=tuple(str(k).lower() for k in data.get("keywords", ())),
            weak_keywords=tuple(str(k).lower() for k in data.get("weak_keywords", ())),
            examples=tuple(str(e) for e in examples),
            context_keywords=tuple(ContextKeyword.from_dict(c) for c in data.get("context_keywords", ())),
            exclude=tuple(str(k).lower() for k in data.get("exclude", ())),
        )


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of problem areas with a fallback code for answers matching none."""

    areas: tuple[ThemeArea, ...]
    fallback: str = FALLBACK_CODE
    _index: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        codes = [area.code for area in self.areas]
        if len(set(codes)) != len(codes):
            raise ValueError("taxonomy area codes must be unique")
        if self.fallback not in codes:
            raise ValueError(f"fallback area {self.fallback!r} is missing from the taxonomy")
        object.__setattr__(self, "_index", {code: i for i, code in enumerate(codes)})

    @property
    def codes(self) -> tuple[str, ...]:
        """Area codes in taxonomy order."""
        return tuple(area.code for area in self.areas)

    def area(self, code: str) -> ThemeArea:
        """Return the area with ``code``; raises KeyError if absent."""
        return self.areas[self._index[code]]

    def with_area(self, area: ThemeArea | Mapping[str, Any]) -> Taxonomy:
        """Return a new taxonomy with ``area`` added, or replacing an area with the same code.

        Args:
            area: a ThemeArea or a mapping accepted by ``ThemeArea.from_dict``.

        Returns:
            A new Taxonomy; this one is unchanged.

        An area's keywords are its own: the fallback area gives up those that overlap them
        (an organisation that adds "Snöröjning" with ``snöröj*`` takes snow clearing out of
        "Övrigt"), so the fallback never ties with an area an official asked for.
        """
        new = area if isinstance(area, ThemeArea) else ThemeArea.from_dict(area)
        fallback = self.area(self.fallback)
        if new.code != self.fallback:
            kept = tuple(k for k in fallback.keywords if not any(_overlap(k, n) for n in new.keywords))
            fallback = replace(fallback, keywords=kept)
        if new.code in self._index:
            areas = tuple(
                new if a.code == new.code else fallback if a.code == self.fallback else a for a in self.areas
            )
        else:
            # Keep the fallback last so reports list it after real areas.
            others = tuple(a for a in self.areas if a.code != self.fallback)
            areas = (*others, new, fallback)
        return replace(self, areas=areas)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Taxonomy:
        """Build a taxonomy from the JSON structure used in ``data/taxonomy.json``."""
        areas = tuple(ThemeArea.from_dict(a) for a in data["areas"])
        return cls(areas=areas, fallback=str(data.get("fallback", FALLBACK_CODE)))


def _overlap(one: str, other: str) -> bool:
    """Whether two keyword patterns can match the same word (one's stem begins the other's)."""
    a, b = one.strip("*"), other.strip("*")
    if not a or not b or " " in a or " " in b:
        return a == b
    if one.endswith("*") and other.endswith("*"):
        return a.startswith(b) or b.startswith(a)
    if other.endswith("*"):
        return a.startswith(b)
    return b.startswith(a) if one.endswith("*") else a == b


def load_taxonomy(extra_areas: Sequence[ThemeArea | Mapping[str, Any]] = ()) -> Taxonomy:
    """Load the shipped taxonomy, optionally with custom areas added.

    Args:
        extra_areas: areas defined by officials, added or replacing by code.

    Returns:
        The taxonomy.
    """
    taxonomy = Taxonomy.from_dict(read_json("taxonomy.json"))
    for area in extra_areas:
        taxonomy = taxonomy.with_area(area)
    return taxonomy
