"""Where incidents happened, for maps: counts per area and hot spots, under the privacy floor.

Incidents are not respondents, but a handful in one neighbourhood can point at a
person, so map figures follow the same floor as answers (see `surveys.privacy`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from analysis.hotspots import HotSpot
from surveys.disclosure.floor import Count, guard_parts
from surveys.incidents.models import Incident
from surveys.places.hotspots import hotspots_in_areas


def incidents_by_area(incidents: Iterable[Incident], min_group: int) -> dict[str, Count]:
    """Incidents per area name, guarded; incidents without an area are left out."""
    return guard_parts(Counter(i.area for i in incidents if i.area), min_group)


def incident_points(incidents: Iterable[Incident]) -> list[tuple[float, float]]:
    """(lat, lon) of the incidents that were marked on a map."""
    return [
        (float(i.latitude), float(i.longitude))
        for i in incidents
        if i.latitude is not None and i.longitude is not None
    ]


def incident_hotspots(
    incidents: Sequence[Incident], min_group: int, areas: Mapping[str, Count], total: Count | None
) -> list[HotSpot]:
    """Hot spots of marked incidents, found within each area and guarded with the area figures
    (`areas`, and the period's `total`) shown beside them: a spot is a part of its area's
    figure, and the rest must not be a group under the floor. Each spot stands for at least
    the privacy floor of incidents."""
    points: dict[str | None, list[tuple[float, float]]] = {}
    for incident in incidents:
        if incident.latitude is not None and incident.longitude is not None:
            points.setdefault(incident.area or None, []).append(
                (float(incident.latitude), float(incident.longitude))
            )
    return hotspots_in_areas(points, areas, min_group, total)
