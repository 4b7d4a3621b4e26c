"""Everything the situation-picture report (lägesbild) of a round shows, privacy floor applied.

Documents (web page, PDF, DOCX) only lay this out; no figure is computed there.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.geo import Polygon
from analysis.hotspots import HotSpot
from analysis.prioritise import AreaEvidence, Priority, normalise_weights
from surveys.authoring.models import Question, QuestionType, Survey
from surveys.disclosure.floor import Count, Floor, guard, guard_parts, hidden_last
from surveys.disclosure.quotes import quotable
from surveys.insights.breakdown import answering, raisers
from surveys.insights.incident_summary import IncidentSummary, build_incident_summary, report_day
from surveys.insights.models import IndicatorValue
from surveys.insights.priorities import compute_priorities, saved_priorities
from surveys.insights.rounds import RoundData, load_round, previous_round_surveys
from surveys.places.service import area_shapes, marked_hotspots, shape_polygons

QUOTES_PER_AREA = 3


@dataclass(frozen=True)
class AreaSection:
    """One ranked problem area with its figures, quotes and concerns.

    When the area's respondents are under the floor, its share, score, severity and
    quotes are None or empty. The residents' and staff shares are hidden together when
    either stands for too few people (the total minus one would give the other away),
    and `parts` is empty whenever a figure it is computed from is hidden.
    """

    theme: str
    rank: int
    score: float | None
    parts: dict[str, float]
    respondents: Count
    share: float | None
    share_residents: float | None
    share_staff: float | None
    previous_share: float | None
    severity: float | None
    indicator_change: float | None
    override_reason: str
    quotes: tuple[str, ...]
    concerns: tuple[tuple[str, Count], ...]
    areas: tuple[tuple[str, Count], ...]
    # Per concern, the language its label was taken from ("" for the reader's own), so a
    # document can mark an English phrase in a Swedish report.
    concern_languages: tuple[str, ...] = ()
    groups_hidden: bool = False  # residents' and staff shares hidden for privacy
    previous_hidden: bool = False  # the previous round's share hidden for privacy


@dataclass(frozen=True)
class IndicatorRow:
    """An imported figure shown beside the survey's areas."""

    period: str
    area: str
    indicator: str
    theme: str
    value: float


@dataclass(frozen=True)
class ThemeIncidents:
    """A problem area residents and staff raised that partners also recorded incidents in."""

    theme: str
    respondents: Count
    share: float | None
    incidents: Count  # guarded with the report's other incident figures


@dataclass(frozen=True)
class ReportPlaces:
    """What the report's map images are drawn from; only built when documents ask for maps."""

    outlines: dict[str, tuple[Polygon, ...]]  # empty when the organisation has uploaded none
    point_questions: bool  # whether the round asked residents to mark places
    marked_hotspots: tuple[HotSpot, ...]  # each stands for at least the privacy floor of places


@dataclass(frozen=True)
class SituationReportData:
    """The situation picture of one round."""

    organisation: str
    round_label: str
    surveys: tuple[tuple[str, str, str], ...]  # (title, kind, period)
    respondents: Count  # those whose free-text answers count; the figures below are theirs
    by_group: dict[str, Count]
    by_area: dict[str, Count]
    by_channel: dict[str, Count]
    sections: tuple[AreaSection, ...]
    indicators: tuple[IndicatorRow, ...]
    saved: bool
    weights: dict[str, float] = field(default_factory=dict)
    previous_round: str = ""  # label of the round compared with; "" when there is none
    incidents: IncidentSummary | None = None
    theme_incidents: tuple[ThemeIncidents, ...] = ()
    places: ReportPlaces | None = None
    # Everyone who answered a survey of the round, free text or not (None: not known).
    answered: Count | None = None


@dataclass(frozen=True)
class _Guards:
    """What the privacy guards of a section need to know about this round and the previous one."""

    data: RoundData
    groups: dict[int, str]
    members: dict[str, set[int]]  # respondent group → its counted respondents
    previous_counts: dict[str, int]
    previous_total: int
    min_group: int


def _guards(session: Session, data: RoundData, min_group: int) -> _Guards:
    counted = answering(data)
    previous = load_round(session, previous_round_surveys(session, list(data.surveys)))
    groups = {rid: data.respondents[rid].group for rid in counted if rid in data.respondents}
    members: dict[str, set[int]] = {}
    for rid, group in groups.items():
        members.setdefault(group, set()).add(rid)
    return _Guards(
        data=data,
        groups=groups,
        members=members,
        previous_counts={theme: len(ids) for theme, ids in raisers(previous).items()},
        previous_total=len(answering(previous)),
        min_group=min_group,
    )


def guarded_sections(
    session: Session,
    data: RoundData,
    ranked: Sequence[Priority],
    evidence: Mapping[str, AreaEvidence],
    min_group: int,
) -> dict[str, AreaSection]:
    """The figures of a ranking (as computed, with any weights) under the privacy floor, by area.

    The same guards as the situation picture: a group share is hidden when its group is
    under the floor, and score parts are hidden whenever a figure they come from is.
    """
    guards = _guards(session, data, min_group)
    return {p.theme: _section(p, evidence[p.theme], guards) for p in ranked if p.theme in evidence}


@dataclass(frozen=True)
class RoundChange:
    """One problem area now and in the previous round, as the comparison table shows it."""

    theme: str
    share: float
    previous_share: float | None  # None: no previous round, or hidden (see `previous_hidden`)
    previous_hidden: bool = False  # the previous round's share stands for fewer than the floor


def round_comparison(
    session: Session, data: RoundData, evidence: Sequence[AreaEvidence], min_group: int
) -> list[RoundChange]:
    """The areas at least the floor of respondents raised, by share, beside the previous round.

    The previous round's share is hidden, as in the situation picture, when it stands for
    fewer respondents than the floor (or that round had fewer than the floor in all).
    """
    floor, guards = Floor(min_group), _guards(session, data, min_group)
    rows = []
    for area in sorted(evidence, key=lambda e: -e.share):
        if floor.too_small(area.respondents):
            continue
        previous, hidden = _previous_share(area, guards)
        rows.append(RoundChange(area.theme, area.share, previous, hidden))
    return rows


def build_report_data(
    session: Session,
    survey: Survey,
    min_group: int,
    *,
    places: bool = False,
    today: dt.date | None = None,
) -> SituationReportData:
    """Assemble the situation picture of `survey`'s round (saved priorities, else computed).

    Args:
        session: the database session.
        survey: any survey of the round.
        min_group: the configured privacy floor.
        places: also load outlines and find hot spots, for the map images of PDF and DOCX.
        today: the date to use when no survey of the round has a closing date.
    """
    ranked, evidence, data = compute_priorities(session, survey)
    saved = saved_priorities(session, survey)
    weights = normalise_weights(None)  # what rank_areas used when nothing is saved
    if saved is not None:
        ranked = [
            Priority(i.theme, i.rank, i.score, i.parts, i.computed_rank, i.override_reason)
            for i in saved.items
        ]
        evidence = {i.theme: AreaEvidence(**i.evidence) for i in saved.items}
        weights = dict(saved.weights)
    counted = answering(data)
    previous = load_round(session, previous_round_surveys(session, list(data.surveys)))
    guards = _guards(session, data, min_group)
    incidents = build_incident_summary(
        session, survey.organisation_id, report_day(data.surveys, today), min_group, hotspots=places
    )
    sections = tuple(_section(p, evidence[p.theme], guards) for p in ranked if p.theme in evidence)
    return SituationReportData(
        organisation=survey.organisation.name,
        round_label=survey.round_label,
        surveys=tuple(_survey_line(s) for s in data.surveys),
        respondents=guard(len(counted), min_group),
        by_group=_tally(data, counted, "group", min_group),
        by_area=_tally(data, counted, "area", min_group),
        by_channel=_tally(data, counted, "channel", min_group),
        sections=sections,
        indicators=_indicators(session, survey.organisation_id),
        saved=saved is not None,
        weights=weights,
        previous_round=previous.label if previous.analysed else "",
        incidents=incidents,
        theme_incidents=_theme_incidents(sections, incidents),
        places=_places(session, survey, data, min_group) if places else None,
        answered=guard(len(data.respondents), min_group),
    )


def _theme_incidents(
    sections: tuple[AreaSection, ...], incidents: IncidentSummary
) -> tuple[ThemeIncidents, ...]:
    """The ranked areas that partners recorded incidents in, in ranking order."""
    recorded = {row.category: row.count for row in incidents.by_category if row.count.value != 0}
    return tuple(
        ThemeIncidents(s.theme, s.respondents, s.share, recorded[s.theme])
        for s in sections
        if s.theme in recorded
    )


def _places(session: Session, survey: Survey, data: RoundData, min_group: int) -> ReportPlaces:
    ids = [s.id for s in data.surveys] or [survey.id]
    asks = session.scalar(
        select(Question.id).where(Question.survey_id.in_(ids), Question.type == QuestionType.POINT).limit(1)
    )
    spots = marked_hotspots(session, ids, min_group) if asks is not None else []
    return ReportPlaces(
        outlines=shape_polygons(area_shapes(session, survey.organisation_id)),
        point_questions=asks is not None,
        marked_hotspots=tuple(spots),
    )


def _survey_line(survey: Survey) -> tuple[str, str, str]:
    period = " – ".join(d.isoformat() for d in (survey.opens_on, survey.closes_on) if d)
    return survey.title_in("sv"), survey.kind, period


def _tally(data: RoundData, counted: dict[int, set[str]], attribute: str, min_group: int) -> dict[str, Count]:
    counter = Counter(
        getattr(data.respondents[rid], attribute) or "–" for rid in counted if rid in data.respondents
    )
    return _suppressed(sorted(counter.items()), min_group)


def _suppressed(counts: list[tuple[str, int]], min_group: int) -> dict[str, Count]:
    """Guarded counts in the given order, hidden ones last by name, as parts of the shown total
    (see `guard_parts` and `hidden_last`)."""
    guarded = guard_parts(dict(counts), min_group)
    return dict(hidden_last([(key, guarded[key]) for key, _n in counts]))


def _section(priority: Priority, evidence: AreaEvidence, guards: _Guards) -> AreaSection:
    data, min_group = guards.data, guards.min_group
    count = guard(evidence.respondents, min_group)
    visible = not count.hidden
    members = list(data.counted_by_theme.get(priority.theme, ()))
    residents, staff, groups_hidden = _group_shares(evidence, {a.response_id for a in members}, guards)
    previous, previous_hidden = _previous_share(evidence, guards)
    concerns = _concerns(data, priority.theme, min_group)
    return AreaSection(
        theme=priority.theme,
        rank=priority.rank,
        score=priority.score if visible else None,
        # The weighted parts can be worked back to the figures they come from.
        parts=dict(priority.parts) if visible and not (groups_hidden or previous_hidden) else {},
        respondents=count,
        share=evidence.share if visible else None,
        share_residents=residents if visible else None,
        share_staff=staff if visible else None,
        previous_share=previous,
        severity=evidence.severity if visible else None,
        indicator_change=evidence.indicator_change,
        override_reason=priority.override_reason,
        quotes=_quotes(members, list(data.counted), min_group) if visible else (),
        concerns=tuple((label, n) for label, n, _ in concerns),
        concern_languages=tuple(language for _, _, language in concerns),
        areas=_areas(data, priority.theme, min_group),
        groups_hidden=groups_hidden or not visible,
        previous_hidden=previous_hidden or not visible,
    )


def _group_shares(
    evidence: AreaEvidence, raised_by: set[int], guards: _Guards
) -> tuple[float | None, float | None, bool]:
    """Residents' and staff shares, both hidden when either group's figure is under the floor."""
    floor = Floor(guards.min_group)
    for group, value in (("resident", evidence.share_residents), ("staff", evidence.share_staff)):
        members = guards.members.get(group, set())
        if value is not None and (floor.too_small(len(members)) or floor.hides(len(members & raised_by))):
            return None, None, True
    return evidence.share_residents, evidence.share_staff, False


def _previous_share(evidence: AreaEvidence, guards: _Guards) -> tuple[float | None, bool]:
    """The previous round's share, hidden when it stands for fewer respondents than the floor."""
    if evidence.previous_share is None:
        return None, False
    floor = Floor(guards.min_group)
    n = guards.previous_counts.get(evidence.theme, 0)
    if floor.too_small(guards.previous_total) or floor.hides(n):
        return None, True
    return evidence.previous_share, False


def _quotes(members: list, everyone: Sequence, min_group: int) -> tuple[str, ...]:  # type: ignore[type-arg]
    # Only answers a reviewer approved, from groups at or above the floor and never
    # self-identifying (see surveys.disclosure.quotes); mid-length answers read best as
    # quotes; sort for a stable choice.
    # The approval is asked first: it is a field, the identifying-text check a set of regexes.
    approved = [m for m in members if m.quote_approved]
    allowed = quotable(approved, everyone, min_group) if approved else []
    texts = sorted(
        {m.text_redacted for m in allowed if 20 <= len(m.text_redacted) <= 280},
        key=lambda t: (abs(len(t) - 90), t),
    )
    return tuple(texts[:QUOTES_PER_AREA])


def _concerns(data: RoundData, theme: str, min_group: int) -> list[tuple[str, Count, str]]:
    """The area's clusters as (label, respondents, the label's language), largest first.

    Clusters of the round's surveys (residents', staff) that carry the same label are one
    concern: the same words twice in a list would read as two different problems.
    """
    merged: dict[str, tuple[str, set[int], str]] = {}
    for state in data.states:
        for cluster in state.clusters:
            if cluster.theme == theme:
                key = cluster.label.casefold()
                label, members, language = merged.setdefault(
                    key, (cluster.label, set(), cluster.label_language or "")
                )
                members.update(m.response_id for m in cluster.members)
    found = [
        (label, guard(len(members), min_group), language) for label, members, language in merged.values()
    ]
    return sorted((c for c in found if not c[1].hidden), key=lambda c: (-(c[1].value or 0), c[0]))


def _areas(data: RoundData, theme: str, min_group: int) -> tuple[tuple[str, Count], ...]:
    by_area = Counter(
        data.respondents[rid].area or "–" for rid in raisers(data).get(theme, {}) if rid in data.respondents
    )
    # The area's total is shown, so a single hidden neighbourhood needs a second one hidden.
    ordered = sorted(by_area.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(_suppressed(ordered, min_group).items())


def _indicators(session: Session, organisation_id: int) -> tuple[IndicatorRow, ...]:
    rows = session.scalars(
        select(IndicatorValue)
        .where(IndicatorValue.organisation_id == organisation_id)
        .order_by(IndicatorValue.indicator, IndicatorValue.period, IndicatorValue.area)
    )
    return tuple(IndicatorRow(r.period, r.area, r.indicator, r.theme or "", r.value) for r in rows)
