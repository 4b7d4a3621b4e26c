"""Hot spots: places many residents marked, found with DBSCAN on the sphere.

`min_samples` is the privacy floor, and clusters smaller than it are dropped, so a hot
spot always stands for at least that many marked places and single points are never shown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .geo import EARTH_RADIUS_M

LatLon = tuple[float, float]


@dataclass(frozen=True)
class HotSpot:
    """A cluster of marked places: its centre, size and the radius drawn around it."""

    latitude: float
    longitude: float
    count: int
    radius_m: float


def find_hotspots(points: Sequence[LatLon], *, min_samples: int, eps_m: float = 150.0) -> list[HotSpot]:
    """Cluster (lat, lon) points into hot spots of at least `min_samples` places.

    Args:
        points: marked places as (latitude, longitude) in degrees.
        min_samples: the privacy floor; also DBSCAN's core-point threshold.
        eps_m: neighbourhood radius in metres.

    Returns:
        Hot spots, largest first; deterministic whatever the order of `points`.
    """
    if min_samples < 1 or eps_m <= 0:
        raise ValueError("min_samples must be at least 1 and eps_m positive")
    ordered = sorted((float(lat), float(lon)) for lat, lon in points)
    if len(ordered) < min_samples:
        return []
    from sklearn.cluster import DBSCAN  # loaded on first use: the web app and CLI start without it

    coords = np.radians(np.array(ordered))
    labels = (
        DBSCAN(eps=eps_m / EARTH_RADIUS_M, min_samples=min_samples, metric="haversine", algorithm="ball_tree")
        .fit(coords)
        .labels_
    )
    spots = []
    for label in sorted(set(labels.tolist()) - {-1}):
        members = [ordered[i] for i in np.flatnonzero(labels == label)]
        if len(members) >= min_samples:  # a border point claimed by another cluster can shrink one
            spots.append(_spot(members, eps_m))
    return sorted(spots, key=lambda s: (-s.count, s.latitude, s.longitude))


def _spot(members: Sequence[LatLon], eps_m: float) -> HotSpot:
    lat = sum(m[0] for m in members) / len(members)
    lon = sum(m[1] for m in members) / len(members)
    spread = max(haversine_m((lat, lon), m) for m in members)
    # Never narrower than eps: the circle must not point at one doorstep.
    return HotSpot(round(lat, 5), round(lon, 5), len(members), round(max(spread, eps_m), 1))


def haversine_m(a: LatLon, b: LatLon) -> float:
    """Great-circle distance in metres between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))
