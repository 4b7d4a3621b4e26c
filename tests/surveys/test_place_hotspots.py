"""One hot-spot rule for every map: the same radius and the privacy floor, whoever asks."""

from __future__ import annotations

import datetime as dt

from analysis.hotspots import haversine_m
from surveys.incidents.geography import incident_hotspots
from surveys.incidents.models import Incident
from surveys.places.hotspots import HOTSPOT_EPS_M, hotspots_of
from tests.factories import local_instant

STATION = (59.3300, 18.0600)


def line(start: tuple[float, float], n: int, step_m: float) -> list[tuple[float, float]]:
    """n points going north from `start`, `step_m` metres apart."""
    degrees = step_m / 111_195
    return [(start[0] + k * degrees, start[1]) for k in range(n)]


def test_a_fifth_place_within_the_radius_makes_a_spot_one_beyond_it_does_not():
    assert HOTSPOT_EPS_M == 150.0
    four = line(STATION, 4, 1)
    within = four + [line(STATION, 2, HOTSPOT_EPS_M * 0.9)[1]]
    beyond = four + [line(STATION, 2, HOTSPOT_EPS_M * 1.1)[1]]
    spots = hotspots_of(within, 5)
    assert [s.count for s in spots] == [5]
    assert haversine_m((spots[0].latitude, spots[0].longitude), STATION) < HOTSPOT_EPS_M / 2
    assert hotspots_of(beyond, 5) == []


def test_the_floor_is_the_privacy_floor_never_below_its_absolute_minimum():
    four = line(STATION, 4, 10)
    assert hotspots_of(four, 5) == []
    assert [s.count for s in hotspots_of(four, 4)] == [4]
    assert hotspots_of(four[:2], 1) == []  # a configured floor of 1 still needs three
    assert [s.count for s in hotspots_of(line(STATION, 3, 10), 1)] == [3]


def test_incident_hot_spots_are_the_places_rule_applied_to_incidents():
    points = line(STATION, 6, 100) + line((59.40, 18.20), 3, 10)
    incidents = [
        Incident(
            occurred_at=local_instant(dt.datetime(2026, 3, 1)),
            area="Centrum",
            latitude=lat,
            longitude=lon,
            category="skadegorelse",
            incident_type="vandalism",
            severity=1,
        )
        for lat, lon in points
    ]
    assert incident_hotspots(incidents, 5, {}, None) == hotspots_of(points, 5)
