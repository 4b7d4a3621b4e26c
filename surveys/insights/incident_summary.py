"""Incidents beside a survey round: two years of partners' records up to the round's date.

The long-term situation picture sets what residents and staff said next to what
partners recorded. A small count of one problem area, one type or one neighbourhood
can point at a person, so every figure the report prints (the totals, the problem
areas, the types, the areas and the serious ones) is guarded together with the sums
that tie them (`guard_relations`): none is under the floor and none can be worked out
from the others.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.geo import Polygon
from analysis.hotspots import HotSpot
from analysis.periods import change, shift_years
from surveys.authoring.models import Survey
from surveys.disclosure.floor import Count, Floor, guard_relations
from surveys.incidents.geography import incident_hotspots
from surveys.incidents.models import Incident
from surveys.incidents.reporting import list_incidents
from surveys.localtime import local_date
from surveys.localtime import today as local_today
from surveys.places.service import area_shapes, shape_polygons

YEARS = 2
SERIOUS = 2  # severity "serious" and "very serious"
# Recording counts as covering the earlier span when the first incident was recorded no later
# than this many days after that span began; else the two spans are not like with like.
COVERAGE_GRACE_DAYS = 31


@dataclass(frozen=True)
class IncidentSpan:
    """A stretch of whole days, `start` to `last_day` inclusive."""

    start: dt.date
    last_day: dt.date

    @property
    def end(self) -> dt.date:
        """The first day after the span (for half-open queries)."""
        return self.last_day + dt.timedelta(days=1)


@dataclass(frozen=True)
class CategoryRow:
    """Incidents of one problem area (taxonomy code) in the span and in the span before."""

    category: str
    count: Count
    previous: Count
    diff: int | None  # None when either count is hidden
    relative: float | None  # None when hidden or when there were none before


@dataclass(frozen=True)
class IncidentSummary:
    """What the report says about incidents; `hotspots` only when maps were asked for."""

    span: IncidentSpan
    previous_span: IncidentSpan
    total: Count
    previous_total: Count
    diff: int | None  # None when either total is hidden
    relative: float | None
    by_category: tuple[CategoryRow, ...]
    by_type: tuple[tuple[str, Count], ...]
    by_area: tuple[tuple[str, Count], ...]
    serious_share: float | None  # None when the serious count (or the rest) is hidden
    min_group: int
    hotspots: tuple[HotSpot, ...] = ()
    # Whether the earlier span was recorded throughout, so the two can be compared. When it
    # was not, the span starts at the first recorded incident and nothing earlier is shown.
    comparable: bool = True
    recorded_since: dt.date | None = None

    @property
    def recorded(self) -> bool:
        """Whether anything was recorded in either span."""
        return self.total.value != 0 or self.previous_total.value != 0

    @property
    def none_now(self) -> bool:
        """Whether nothing at all was recorded in the report's span (a zero gives nobody away)."""
        return self.total.value == 0


def report_day(surveys: Sequence[Survey], today: dt.date | None = None) -> dt.date:
    """The date the report speaks of: the round's latest closing date, never later than today."""
    today = today or local_today()
    closes = [s.closes_on for s in surveys if s.closes_on is not None]
    return min(max(closes), today) if closes else today


def spans(last_day: dt.date, years: int = YEARS) -> tuple[IncidentSpan, IncidentSpan]:
    """The `years` up to and including `last_day`, and the same length of time before that."""
    start = shift_years(last_day, -years) + dt.timedelta(days=1)
    before_last = start - dt.timedelta(days=1)
    before = IncidentSpan(shift_years(before_last, -years) + dt.timedelta(days=1), before_last)
    return IncidentSpan(start, last_day), before


def build_incident_summary(
    session: Session,
    organisation_id: int,
    last_day: dt.date,
    min_group: int,
    *,
    hotspots: bool = False,
) -> IncidentSummary:
    """Incidents of the organisation over the two years up to `last_day`, against the two before.

    Args:
        session: the database session.
        organisation_id: whose incidents.
        last_day: the report's date, included.
        min_group: the configured privacy floor.
        hotspots: also find hot spots of the incidents marked on a map (for map images).
    """
    span, previous_span = spans(last_day)
    first = session.scalar(
        select(func.min(Incident.occurred_at)).where(Incident.organisation_id == organisation_id)
    )
    since = local_date(first) if first is not None else None
    # Like with like: two years are compared with the two before only when incidents were
    # being recorded throughout the earlier two; a partner that began recording last year
    # would otherwise show a rise of several hundred per cent that is only the start of records.
    # With nothing recorded at all, "none now and none before" is simply true.
    comparable = since is None or since <= previous_span.start + dt.timedelta(days=COVERAGE_GRACE_DAYS)
    if since is not None and since > span.start:
        span = IncidentSpan(min(since, span.last_day), span.last_day)
    now = list_incidents(session, [organisation_id], span.start, span.end)
    before = (
        list_incidents(session, [organisation_id], previous_span.start, previous_span.end)
        if comparable
        else []
    )
    summary = summarise(now, before, span, previous_span, min_group, hotspots=hotspots)
    return replace(summary, comparable=comparable, recorded_since=since)


def summarise(
    now: Sequence[Incident],
    before: Sequence[Incident],
    span: IncidentSpan,
    previous_span: IncidentSpan,
    min_group: int,
    *,
    hotspots: bool = False,
) -> IncidentSummary:
    """The summary of already loaded incidents of two spans."""
    floor = Floor(min_group)
    categories = sorted({i.category for i in now} | {i.category for i in before})
    current, previous = _guarded(now, categories, floor), _guarded(before, categories, floor)
    rows = []
    for category in categories:
        shown, earlier = current[("category", category)], previous[("category", category)]
        diff, relative = change(shown.value, earlier.value)
        rows.append(CategoryRow(category, shown, earlier, diff, relative))
    # Largest first; hidden counts last, by name, so their order gives nothing away.
    rows.sort(key=lambda r: (r.count.hidden, -(r.count.value or 0), -(r.previous.value or 0), r.category))
    types = sorted(
        ((str(key[1]), c) for key, c in _keyed(current) if key[0] == "type"),
        key=lambda kv: (kv[1].hidden, -(kv[1].value or 0), kv[0]),
    )
    areas = [(str(key[1]), c) for key, c in _keyed(current) if key[0] == "area"]
    ordered = sorted(areas, key=lambda kv: (kv[1].hidden, -(kv[1].value or 0), kv[0]))
    total, earlier_total = current[("total",)], previous[("total",)]
    diff, relative = change(total.value, earlier_total.value)
    serious = current[("serious",)]
    share = serious.value / total.value if serious.value is not None and total.value else None
    return IncidentSummary(
        span=span,
        previous_span=previous_span,
        total=total,
        previous_total=earlier_total,
        diff=diff,
        relative=relative,
        by_category=tuple(rows),
        by_type=tuple(types),
        by_area=tuple(ordered),
        serious_share=share,
        min_group=floor,
        hotspots=tuple(incident_hotspots(now, floor, dict(ordered), total)) if hotspots else (),
    )


def _keyed(figures: dict[Hashable, Count]) -> list[tuple[tuple[str, ...], Count]]:
    return [(key, count) for key, count in figures.items() if isinstance(key, tuple)]


def _guarded(incidents: Sequence[Incident], categories: Sequence[str], floor: int) -> dict[Hashable, Count]:
    """The figures of one span, guarded together: total, problem areas, types, areas, serious.

    The total is the sum of each breakdown; incidents without an area and the ones not
    rated serious are never printed but follow from the total, so they take part as
    figures that are always hidden.
    """
    values: dict[Hashable, int] = {("total",): len(incidents), ("serious",): 0, ("mild",): 0, ("no area",): 0}
    values |= {("category", c): 0 for c in categories}
    types = Counter(i.incident_type for i in incidents)
    values |= {("type", t): n for t, n in types.items()}
    areas = Counter(i.area for i in incidents if i.area)
    values |= {("area", a): n for a, n in areas.items()}
    for item in incidents:
        values[("category", item.category)] += 1
        values[("serious",) if item.severity >= SERIOUS else ("mild",)] += 1
        if not item.area:
            values[("no area",)] += 1
    relations: list[tuple[Hashable, Sequence[Hashable]]] = [
        (("total",), [("category", c) for c in categories]),
        (("total",), [("type", t) for t in types]),
        (("total",), [*(("area", a) for a in areas), ("no area",)]),
        (("total",), [("serious",), ("mild",)]),
    ]
    return guard_relations(values, relations, floor, never_shown={("mild",), ("no area",)})


@dataclass(frozen=True)
class IncidentMapLayers:
    """What a printed incident map is drawn from: the outlines and the incidents' hot spots."""

    outlines: dict[str, tuple[Polygon, ...]]  # empty when the organisation has uploaded none
    hotspots: tuple[HotSpot, ...]


def incident_map_layers(
    session: Session,
    organisation_id: int,
    start: dt.date,
    end: dt.date,
    min_group: int,
    areas: Mapping[str, Count],
    total: Count | None,
) -> IncidentMapLayers:
    """Outlines and incident hot spots of [start, end) for the periodic picture's PDF map.

    Args:
        session: the database session.
        organisation_id: whose outlines and incidents.
        start: the first day of the period.
        end: the first day after it.
        min_group: the configured privacy floor; every hot spot stands for at least that many.
        areas: the area figures the map is printed beside; no spot can be subtracted from them.
        total: the period's total, printed with them.
    """
    outlines = shape_polygons(area_shapes(session, organisation_id))
    if not outlines:
        return IncidentMapLayers({}, ())
    incidents = list_incidents(session, [organisation_id], start, end)
    return IncidentMapLayers(outlines, tuple(incident_hotspots(incidents, min_group, areas, total)))
