"""Hot spots on the product's maps: one radius and one floor for marked places and incidents alike.

The situation page, the incident maps and the printed reports all cluster with this, so
a hot spot drawn on one is the same hot spot drawn on the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.hotspots import HotSpot, LatLon
from surveys.disclosure.floor import Count, guard_hotspots, guard_hotspots_in_areas

HOTSPOT_EPS_M = 150.0  # how close marked places must lie to count as one spot


def hotspots_of(points: Sequence[LatLon], min_group: int) -> list[HotSpot]:
    """Hot spots of (lat, lon) points; each stands for at least the privacy floor of points."""
    return guard_hotspots(points, min_group, eps_m=HOTSPOT_EPS_M)


def hotspots_in_areas(
    points_by_area: Mapping[str | None, Sequence[LatLon]],
    area_figures: Mapping[str, Count],
    min_group: int,
    total: Count | None = None,
) -> list[HotSpot]:
    """Hot spots of each area's points, none of which can be subtracted from the area figures shown."""
    return guard_hotspots_in_areas(points_by_area, area_figures, min_group, eps_m=HOTSPOT_EPS_M, total=total)
