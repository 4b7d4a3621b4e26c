"""Hot spots: DBSCAN on the sphere, never smaller than the privacy floor, deterministic."""

from __future__ import annotations

import random

import pytest

from analysis.hotspots import find_hotspots, haversine_m

STATION = (59.3300, 18.0600)
PARK = (59.3400, 18.0800)


def around(centre, n, spread_m=40, seed=0):
    rng = random.Random(seed)
    degrees = spread_m / 111_000
    return [
        (centre[0] + rng.uniform(-degrees, degrees), centre[1] + rng.uniform(-degrees, degrees))
        for _ in range(n)
    ]


def test_haversine_is_about_111_km_per_degree_of_latitude():
    assert haversine_m((59.0, 18.0), (60.0, 18.0)) == pytest.approx(111_195, rel=1e-3)


def test_two_groups_and_scattered_points():
    points = around(STATION, 8, seed=1) + around(PARK, 5, seed=2) + [(59.40, 18.20), (59.20, 17.90)]
    spots = find_hotspots(points, min_samples=5, eps_m=150)
    assert [s.count for s in spots] == [8, 5]
    assert haversine_m((spots[0].latitude, spots[0].longitude), STATION) < 50
    assert haversine_m((spots[1].latitude, spots[1].longitude), PARK) < 50
    assert all(s.radius_m >= 150 for s in spots)


def test_groups_smaller_than_the_floor_are_never_hot_spots():
    assert find_hotspots(around(STATION, 4), min_samples=5) == []
    assert find_hotspots([], min_samples=3) == []


def test_result_does_not_depend_on_the_order_of_points():
    points = around(STATION, 9, seed=3) + around(PARK, 6, seed=4)
    shuffled = list(points)
    random.Random(5).shuffle(shuffled)
    assert find_hotspots(points, min_samples=5) == find_hotspots(shuffled, min_samples=5)


def test_eps_is_in_metres():
    # Two groups 300 m apart merge with eps 400 m, not with eps 100 m.
    east = (STATION[0], STATION[1] + 300 / (111_000 * 0.51))
    points = around(STATION, 5, spread_m=10, seed=6) + around(east, 5, spread_m=10, seed=7)
    assert [s.count for s in find_hotspots(points, min_samples=5, eps_m=100)] == [5, 5]
    assert [s.count for s in find_hotspots(points, min_samples=5, eps_m=400)] == [10]


def test_bad_parameters():
    with pytest.raises(ValueError):
        find_hotspots([STATION], min_samples=0)
    with pytest.raises(ValueError):
        find_hotspots([STATION], min_samples=3, eps_m=0)
