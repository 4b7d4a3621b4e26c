"""Incidents beside a survey round: two years of partners' records up to the round's date.

The long-term situation picture sets what residents and staff said next to what
partners recorded. Totals, problem areas and incident types cover the whole
organisation and are shown as they are (as in the periodic picture); counts per
area follow the privacy floor, since a handful of incidents in one neighbourhood
can point at a person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from analysis.geo import Polygon
from analysis.hotspots import HotSpot
from analysis.periods import change
from surveys.authoring.models import Survey
from surveys.disclosure.floor import Count, effective_min_group
from surveys.incidents.geography import incident_hotspots, incidents_by_area
from surveys.incidents.models import Incident
from surveys.incidents.reporting import list_incidents
from surveys.places.service import area_shapes, shape_polygons

YEARS = 2
SERIOUS = 2  # severity "serious" and "very serious"


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
    count: int
    previous: int
    diff: int
    relative: float | None  # None when there were none before


@dataclass(frozen=True)
class IncidentSummary:
    """What the report says about incidents; `hotspots` only when maps were asked for."""

    span: IncidentSpan
    previous_span: IncidentSpan
    total: int
    previous_total: int
    diff: int
    relative: float | None
    by_category: tuple[CategoryRow, ...]
    by_type: tuple[tuple[str, int], ...]
    by_area: tuple[tuple[str, Count], ...]
    serious_share: float | None  # None when the total is under the floor
    min_group: int
    hotspots: tuple[HotSpot, ...] = ()

    @property
    def recorded(self) -> bool:
        """Whether anything was recorded in either span."""
        return bool(self.total or self.previous_total)


def report_day(surveys: Sequence[Survey], today: dt.date | None = None) -> dt.date:
    """The date the report speaks of: the round's latest closing date, never later than today."""
    today = today or dt.date.today()
    closes = [s.closes_on for s in surveys if s.closes_on is not None]
    return min(max(closes), today) if closes else today


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def spans(last_day: dt.date, years: int = YEARS) -> tuple[IncidentSpan, IncidentSpan]:
    """The `years` up to and including `last_day`, and the same length of time before that."""
    start = years_before(last_day, years) + dt.timedelta(days=1)
    before_last = start - dt.timedelta(days=1)
    before = IncidentSpan(years_before(before_last, years) + dt.timedelta(days=1), before_last)
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
    now = list_incidents(session, [organisation_id], span.start, span.end)
    before = list_incidents(session, [organisation_id], previous_span.start, previous_span.end)
    return summarise(now, before, span, previous_span, min_group, hotspots=hotspots)


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
    floor = effective_min_group(min_group)
    categories_now, categories_before = Counter(i.category for i in now), Counter(i.category for i in before)
    rows = []
    for category in set(categories_now) | set(categories_before):
        diff, relative = change(categories_now[category], categories_before[category])
        rows.append(
            CategoryRow(category, categories_now[category], categories_before[category], diff or 0, relative)
        )
    rows.sort(key=lambda r: (-r.count, -r.previous, r.category))
    types = sorted(Counter(i.incident_type for i in now).items(), key=lambda kv: (-kv[1], kv[0]))
    areas = incidents_by_area(now, floor)
    # Largest first; hidden counts last, by name, so their order gives nothing away.
    ordered = sorted(areas.items(), key=lambda kv: (kv[1].hidden, -(kv[1].value or 0), kv[0]))
    serious = sum(1 for i in now if i.severity >= SERIOUS)
    diff, relative = change(len(now), len(before))
    return IncidentSummary(
        span=span,
        previous_span=previous_span,
        total=len(now),
        previous_total=len(before),
        diff=diff or 0,
        relative=relative,
        by_category=tuple(rows),
        by_type=tuple(types),
        by_area=tuple(ordered),
        serious_share=serious / len(now) if len(now) >= floor else None,
        min_group=floor,
        hotspots=tuple(incident_hotspots(now, floor)) if hotspots else (),
    )


@dataclass(frozen=True)
class IncidentMapLayers:
    """What a printed incident map is drawn from: the outlines and the incidents' hot spots."""

    outlines: dict[str, tuple[Polygon, ...]]  # empty when the organisation has uploaded none
    hotspots: tuple[HotSpot, ...]


def incident_map_layers(
    session: Session, organisation_id: int, start: dt.date, end: dt.date, min_group: int
) -> IncidentMapLayers:
    """Outlines and incident hot spots of [start, end) for the periodic picture's PDF map.

    Args:
        session: the database session.
        organisation_id: whose outlines and incidents.
        start: the first day of the period.
        end: the first day after it.
        min_group: the configured privacy floor; every hot spot stands for at least that many.
    """
    outlines = shape_polygons(area_shapes(session, organisation_id))
    if not outlines:
        return IncidentMapLayers({}, ())
    incidents = list_incidents(session, [organisation_id], start, end)
    return IncidentMapLayers(outlines, tuple(incident_hotspots(incidents, min_group)))
