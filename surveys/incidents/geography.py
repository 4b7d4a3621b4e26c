"""Where incidents happened, for maps: counts per area and hot spots, under the privacy floor.

Incidents are not respondents, but a handful in one neighbourhood can point at a
person, so map figures follow the same floor as answers (see `surveys.privacy`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from analysis.hotspots import HotSpot
from surveys.disclosure.floor import Count, guard_parts
from surveys.incidents.models import Incident
from surveys.places.hotspots import hotspots_of


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


def incident_hotspots(incidents: Sequence[Incident], min_group: int) -> list[HotSpot]:
    """Hot spots of marked incidents; each stands for at least the privacy floor of incidents."""
    return hotspots_of(incident_points(incidents), min_group)
