"""A plan as plain data: what a version stores, what documents lay out and what a diff compares.

The same shape serves a draft not yet saved (the CLI), a saved plan and any old version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from analysis.followup import Unit
from surveys.database.base import Translations, localized
from surveys.plans.commitment_models import Commitment
from surveys.plans.models import Plan, PlanSection

AREA_PREFIX = "area:"
FIXED_SECTIONS = ("implementation", "communication", "follow_up", "timetable", "contact")


def unit_forms(unit: Translations, unit_one: Translations, language: str) -> Unit:
    """What is counted in `language`, both forms from the same language (Swedish fallback).

    A singular from another language never goes with this language's plural: an English
    plural without an English singular reads as the plural throughout.
    """
    if (unit or {}).get(language, "").strip():
        return Unit(many=unit[language], one=(unit_one or {}).get(language, ""))
    return Unit(many=localized(unit or {}, language), one=localized(unit_one or {}, language))


@dataclass(frozen=True)
class CommitmentTerms:
    """What a measure says: the activity, its target, who answers for it, when and where.

    Shared by the stored form (`CommitmentDoc`) and what officials type (`editing.CommitmentInput`).
    """

    text: Translations
    target_count: int | None
    frequency: str
    unit: Translations
    responsible: str
    partners: tuple[str, ...]
    period_start: dt.date
    period_end: dt.date
    theme: str | None = None
    template_code: str | None = None
    # Action plans: where the measure is carried out ("" if not given).
    place: str = ""
    unit_one: Translations = field(default_factory=dict)  # the singular of `unit`

    def text_in(self, language: str) -> str:
        """The activity in `language` (Swedish fallback)."""
        return localized(self.text, language)

    def unit_in(self, language: str) -> Unit:
        """The unit counted in `language`, singular and plural (Swedish fallback)."""
        return unit_forms(self.unit, self.unit_one, language)

    @staticmethod
    def stored(commitment: Commitment) -> dict[str, Any]:
        """The terms of a stored commitment, as keyword arguments of a CommitmentTerms subclass."""
        return {
            "text": dict(commitment.text),
            "target_count": commitment.target_count,
            "frequency": commitment.frequency,
            "unit": dict(commitment.unit),
            "responsible": commitment.responsible,
            "partners": tuple(commitment.partners or ()),
            "period_start": commitment.period_start,
            "period_end": commitment.period_end,
            "theme": commitment.theme,
            "template_code": commitment.template_code,
            "place": commitment.place or "",
            "unit_one": dict(commitment.unit_one or {}),
        }


@dataclass(frozen=True)
class CommitmentDoc(CommitmentTerms):
    """One measurable commitment as a plan document holds it.

    The working group is kept by name: a version shows who was to carry the task out then.
    """

    id: int | None = None
    working_group: str = ""


@dataclass(frozen=True)
class SectionDoc:
    """A section of prose, with the commitments of an area section."""

    key: str
    title: Translations
    body: Translations
    theme: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    commitments: tuple[CommitmentDoc, ...] = ()

    @property
    def is_area(self) -> bool:
        """Whether this is a priority area with commitments."""
        return self.key.startswith(AREA_PREFIX)

    def title_in(self, language: str) -> str:
        """Heading in `language` (Swedish fallback)."""
        return localized(self.title, language)

    def body_in(self, language: str) -> str:
        """Text in `language` (Swedish fallback)."""
        return localized(self.body, language)


@dataclass(frozen=True)
class PlanDoc:
    """A whole plan."""

    kind: str
    title: Translations
    status: str
    period_start: dt.date
    period_end: dt.date
    organisation: str
    parties: tuple[str, ...]
    round_label: str
    languages: tuple[str, ...]
    sections: tuple[SectionDoc, ...]
    slug: str = ""

    def title_in(self, language: str) -> str:
        """Title in `language` (Swedish fallback)."""
        return localized(self.title, language)

    @property
    def areas(self) -> tuple[SectionDoc, ...]:
        """The priority-area sections in order."""
        return tuple(s for s in self.sections if s.is_area)

    @property
    def commitments(self) -> tuple[CommitmentDoc, ...]:
        """Every commitment in section order."""
        return tuple(c for s in self.sections for c in s.commitments)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO strings)."""
        return _jsonable(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanDoc:
        """Rebuild from `to_dict` output."""
        sections = tuple(
            SectionDoc(
                key=s["key"],
                title=s["title"],
                body=s["body"],
                theme=s.get("theme"),
                figures=s.get("figures") or {},
                commitments=tuple(_commitment_from_dict(c) for c in s.get("commitments", ())),
            )
            for s in data["sections"]
        )
        return cls(
            kind=data["kind"],
            title=data["title"],
            status=data["status"],
            period_start=dt.date.fromisoformat(data["period_start"]),
            period_end=dt.date.fromisoformat(data["period_end"]),
            organisation=data.get("organisation", ""),
            parties=tuple(data.get("parties", ())),
            round_label=data.get("round_label", ""),
            languages=tuple(data.get("languages", ("sv",))),
            sections=sections,
            slug=data.get("slug", ""),
        )


def _commitment_from_dict(data: dict[str, Any]) -> CommitmentDoc:
    return CommitmentDoc(
        text=data["text"],
        target_count=data.get("target_count"),
        frequency=data.get("frequency", "period"),
        unit=data.get("unit") or {},
        unit_one=data.get("unit_one") or {},
        responsible=data.get("responsible", "both"),
        partners=tuple(data.get("partners", ())),
        period_start=dt.date.fromisoformat(data["period_start"]),
        period_end=dt.date.fromisoformat(data["period_end"]),
        theme=data.get("theme"),
        template_code=data.get("template_code"),
        place=data.get("place") or "",
        id=data.get("id"),
        working_group=data.get("working_group") or "",
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def commitment_doc(commitment: Commitment) -> CommitmentDoc:
    """A stored commitment as data."""
    return CommitmentDoc(
        **CommitmentTerms.stored(commitment),
        id=commitment.id,
        working_group=commitment.working_group.name if commitment.working_group else "",
    )


def section_doc(section: PlanSection) -> SectionDoc:
    """A stored section with its commitments as data."""
    return SectionDoc(
        key=section.key,
        title=dict(section.title),
        body=dict(section.body),
        theme=section.theme,
        figures=dict(section.figures or {}),
        commitments=tuple(
            commitment_doc(c) for c in sorted(section.commitments, key=lambda c: (c.position, c.id or 0))
        ),
    )


def plan_doc(plan: Plan) -> PlanDoc:
    """A stored plan as data, as it stands now."""
    return PlanDoc(
        kind=plan.kind,
        title=dict(plan.title),
        status=plan.status,
        period_start=plan.period_start,
        period_end=plan.period_end,
        organisation=plan.organisation.name if plan.organisation else "",
        # Sorted here too: a plan just created still holds its parties in the order they were added.
        parties=tuple(sorted(p.name for p in plan.parties)),
        round_label=plan.round_label,
        languages=tuple(plan.languages or ("sv",)),
        sections=tuple(section_doc(s) for s in sorted(plan.sections, key=lambda s: s.position)),
        slug=plan.slug,
    )
