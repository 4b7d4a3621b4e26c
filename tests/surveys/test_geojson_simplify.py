"""Large neighbourhood outlines are simplified on upload (a 40k-point outline made every page 460 KB)."""

from __future__ import annotations

import json
import math
import time

from surveys.places.geojson import MAX_RING_POINTS, parse_areas


def _circle(points: int) -> list[list[float]]:
    ring = [
        [22.15 + 0.02 * math.cos(2 * math.pi * i / points), 65.58 + 0.01 * math.sin(2 * math.pi * i / points)]
        for i in range(points)
    ]
    return [*ring, ring[0]]


def test_a_40k_point_outline_is_simplified_quickly_and_keeps_its_shape():
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": "Centrum"},
                    "geometry": {"type": "Polygon", "coordinates": [_circle(40_000)]},
                }
            ],
        }
    ).encode()
    started = time.monotonic()
    (area,) = parse_areas(data).areas
    assert time.monotonic() - started < 30  # was 46 s to save, with every page at 462 KB
    ring = area.geometry["coordinates"][0]
    assert 4 <= len(ring) <= MAX_RING_POINTS and ring[0] == ring[-1]
    lons = [p[0] for p in ring]
    assert abs(max(lons) - 22.17) < 0.0005 and abs(min(lons) - 22.13) < 0.0005


def test_a_small_outline_is_kept_as_it_is():
    ring = [[22.1, 65.5], [22.2, 65.5], [22.2, 65.6], [22.1, 65.6], [22.1, 65.5]]
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": "Norr"},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            ],
        }
    ).encode()
    assert parse_areas(data).areas[0].geometry["coordinates"] == [ring]
