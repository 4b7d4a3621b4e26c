"""Drafting a plan from a round's ranked priorities (saved list, else computed).

The figures come from the situation-report data (privacy floor applied); the prose
from `analysis.drafting` in every language of the plan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis import drafting as prose
from analysis.drafting import AreaFigures, IndicatorTrend, PlanFacts, RoundFigures
from surveys.accounts.models import User
from surveys.authoring.models import Survey
from surveys.insights.report_data import AreaSection, IndicatorRow, SituationReportData, build_report_data
from surveys.organisations.models import Organisation
from surveys.plans.commitment_models import Commitment
from surveys.plans.document import AREA_PREFIX, FIXED_SECTIONS, CommitmentDoc, PlanDoc, SectionDoc
from surveys.plans.labels import theme_name
from surveys.plans.models import Plan, PlanKind, PlanSection, PlanStatus
from surveys.plans.templates import templates_for
from surveys.plans.versions import save_version

Gettext = Callable[[str], str]
REPORT_DUE_DAYS = 60


@dataclass(frozen=True)
class DraftRequest:
    """What officials choose before drafting: kind, period, parties and how many areas."""

    period_start: dt.date
    period_end: dt.date
    parties: tuple[str, ...]
    kind: str = PlanKind.PLEDGE
    areas: int = 4
    themes: tuple[str, ...] = ()  # explicit choice of areas; overrides `areas`
    languages: tuple[str, ...] = ("sv", "en")
    suggestions: int = 2  # suggested commitments per area


def _identity(message: str) -> str:
    return message


def build_draft(
    session: Session,
    survey: Survey,
    request: DraftRequest,
    gettexts: Mapping[str, Gettext],
    min_group: int,
) -> PlanDoc:
    """A complete draft of a plan for `survey`'s round; nothing is written to the database."""
    if request.period_end < request.period_start:
        raise ValueError("the period ends before it starts")
    report = build_report_data(session, survey, min_group)
    chosen = choose_areas(report, request)
    facts = PlanFacts(request.kind, request.parties, request.period_start, request.period_end)
    round_figures = _round_figures(report, min_group)
    languages = tuple(request.languages) or ("sv",)
    figures = {lang: [_area_figures(s, report, lang, min_group) for s in chosen] for lang in languages}
    texts = {lang: gettexts.get(lang, _identity) for lang in languages}
    sections = [
        SectionDoc(
            key="problem_picture",
            title={lang: prose.section_title("problem_picture", texts[lang]) for lang in languages},
            body={
                lang: prose.problem_picture(round_figures, figures[lang], texts[lang]) for lang in languages
            },
            figures=asdict(round_figures),
        )
    ]
    for i, section in enumerate(chosen):
        sections.append(
            SectionDoc(
                key=f"{AREA_PREFIX}{section.theme}",
                theme=section.theme,
                title={lang: figures[lang][i].name for lang in languages},
                body={lang: prose.area_description(figures[lang][i], texts[lang]) for lang in languages},
                figures=asdict(figures[languages[0]][i]),
                commitments=suggested_commitments(section.theme, request),
            )
        )
    for key in FIXED_SECTIONS:
        sections.append(
            SectionDoc(
                key=key,
                title={lang: prose.section_title(key, texts[lang]) for lang in languages},
                body={lang: _fixed_text(key, facts, texts[lang]) for lang in languages},
            )
        )
    return PlanDoc(
        kind=request.kind,
        title={lang: prose.plan_title(facts, texts[lang]) for lang in languages},
        status=PlanStatus.DRAFT,
        period_start=request.period_start,
        period_end=request.period_end,
        organisation=report.organisation,
        parties=request.parties,
        round_label=report.round_label,
        languages=languages,
        sections=tuple(sections),
    )


def choose_areas(report: SituationReportData, request: DraftRequest) -> list[AreaSection]:
    """The ranked areas to include: the officials' explicit choice, else the top N."""
    if request.themes:
        return [s for s in report.sections if s.theme in request.themes]
    return list(report.sections[: max(1, request.areas)])


def suggested_commitments(theme: str, request: DraftRequest) -> tuple[CommitmentDoc, ...]:
    """The first few templates for `theme`, as commitments over the plan's period."""
    picked = [t for t in templates_for(theme) if theme in t.themes][: request.suggestions]
    return tuple(
        CommitmentDoc(
            text=dict(t.activity),
            target_count=t.target_count,
            frequency=t.frequency,
            unit=dict(t.unit),
            unit_one=dict(t.unit_one),
            responsible=t.responsible,
            partners=t.partners,
            period_start=request.period_start,
            period_end=request.period_end,
            theme=theme,
            template_code=t.code,
        )
        for t in picked
    )


def _fixed_text(key: str, facts: PlanFacts, gettext: Gettext) -> str:
    if key == "implementation":
        return prose.implementation_text(facts, gettext)
    if key == "communication":
        return prose.communication_text(facts, gettext)
    if key == "follow_up":
        due = facts.period_end + dt.timedelta(days=REPORT_DUE_DAYS)
        return prose.follow_up_text(facts, gettext, due)
    if key == "timetable":
        return prose.timetable_text(facts, gettext)
    return prose.contact_text(facts, gettext)


def _round_figures(report: SituationReportData, min_group: int) -> RoundFigures:
    return RoundFigures(
        organisation=report.organisation,
        round_label=report.round_label,
        respondents=report.respondents.value,
        residents=_count(report.by_group.get("resident")),
        staff=_count(report.by_group.get("staff")),
        kinds=tuple(dict.fromkeys(kind for _, kind, _ in report.surveys)),
        min_group=report.respondents.min_group or min_group,
        answered=report.answered.value if report.answered is not None else None,
    )


def _count(count) -> int | None:  # type: ignore[no-untyped-def]
    return None if count is None else count.value


def _area_figures(
    section: AreaSection, report: SituationReportData, language: str, min_group: int
) -> AreaFigures:
    return AreaFigures(
        theme=section.theme,
        name=theme_name(section.theme, language),
        rank=section.rank,
        respondents=section.respondents.value,
        min_group=section.respondents.min_group or min_group,
        share=section.share,
        share_residents=section.share_residents,
        share_staff=section.share_staff,
        previous_share=section.previous_share,
        previous_round=report.previous_round,
        places=tuple((area, c.value) for area, c in section.areas if c.value and area != "–"),
        concerns=tuple(label for label, _ in section.concerns),
        indicators=indicator_trends(report.indicators, section.theme),
        quotes=section.quotes,
        override_reason=section.override_reason,
    )


def indicator_trends(rows: Sequence[IndicatorRow], theme: str) -> tuple[IndicatorTrend, ...]:
    """Per indicator of `theme`: totals of its two latest periods."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        if row.theme == theme:
            totals[row.indicator][row.period] += row.value
    trends = []
    for name, by_period in sorted(totals.items()):
        periods = sorted(by_period)
        if len(periods) >= 2:
            a, b = periods[-2], periods[-1]
            trends.append(IndicatorTrend(name, a, by_period[a], b, by_period[b]))
    return tuple(trends)


def create_plan(
    session: Session,
    survey: Survey | None,
    doc: PlanDoc,
    parties: Sequence[Organisation],
    owner: Organisation,
    user: User | None,
) -> Plan:
    """Store a draft as a new plan with its first version, and commit."""
    plan = Plan(
        kind=doc.kind,
        slug=unique_slug(session, doc, parties, owner),
        status=PlanStatus.DRAFT,
        title=dict(doc.title),
        languages=list(doc.languages),
        organisation=owner,
        survey_id=survey.id if survey else None,
        round_label=doc.round_label,
        period_start=doc.period_start,
        period_end=doc.period_end,
        created_by=user.id if user else None,
        parties=list(parties),
    )
    session.add(plan)
    for position, sdoc in enumerate(doc.sections):
        section = PlanSection(
            key=sdoc.key,
            position=position,
            theme=sdoc.theme,
            title=dict(sdoc.title),
            body=dict(sdoc.body),
            figures=dict(sdoc.figures),
        )
        plan.sections.append(section)
        for number, cdoc in enumerate(sdoc.commitments):
            plan.commitments.append(_commitment(cdoc, section, number))
    session.flush()
    save_version(session, plan, user, "created")
    session.commit()
    return plan


def _commitment(doc: CommitmentDoc, section: PlanSection, position: int) -> Commitment:
    return Commitment(
        section=section,
        position=position,
        theme=doc.theme,
        template_code=doc.template_code,
        text=dict(doc.text),
        target_count=doc.target_count,
        frequency=doc.frequency,
        unit=dict(doc.unit),
        unit_one=dict(doc.unit_one),
        responsible=doc.responsible,
        partners=list(doc.partners),
        period_start=doc.period_start,
        period_end=doc.period_end,
        place=doc.place or None,
    )


def unique_slug(session: Session, doc: PlanDoc, parties: Sequence[Organisation], owner: Organisation) -> str:
    """'overkalix-2026-2027' (or '…-atgardsplan-…'), numbered when taken."""
    municipality = next((p for p in parties if p.kind == "municipality"), owner)
    years = f"{doc.period_start.year}-{doc.period_end.year}"
    if doc.period_start.year == doc.period_end.year:
        years = str(doc.period_start.year)
    middle = "-atgardsplan" if doc.kind == PlanKind.ACTION_PLAN else ""
    base = re.sub(r"[^a-z0-9-]+", "-", f"{municipality.slug}{middle}-{years}".lower()).strip("-")[:90]
    taken = set(session.scalars(select(Plan.slug).where(Plan.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
