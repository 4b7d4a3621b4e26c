"""One point-to-area lookup: the incident form, the import and the report's hot-spot table agree."""

from __future__ import annotations

from analysis.hotspots import HotSpot
from surveys.places.lookup import AreaLookup
from surveys.reports.maps import spot_area


def square(lon: float, lat: float, side: float = 0.01) -> tuple:  # type: ignore[type-arg]
    ring = ((lon, lat), (lon + side, lat), (lon + side, lat + side), (lon, lat + side), (lon, lat))
    return (ring,)


OUTER = ((18.0, 59.02), (18.03, 59.02), (18.03, 59.05), (18.0, 59.05), (18.0, 59.02))
HOLE = ((18.01, 59.03), (18.02, 59.03), (18.02, 59.04), (18.01, 59.04), (18.01, 59.03))
POLYGONS = {
    "Centrum": (square(18.0, 59.0),),
    "Hamnen": (square(18.01, 59.0),),  # shares Centrum's eastern edge
    "Byarna": ((OUTER, HOLE),),  # a ring round a town
    "Staden": (square(18.01, 59.03),),  # the town inside the hole
}
LOOKUP = AreaLookup.of(POLYGONS)


def english(text: str) -> str:
    return text


def test_points_inside_an_outline_get_its_name_and_outside_every_outline_none():
    assert LOOKUP.area_at(59.005, 18.005) == "Centrum"
    assert LOOKUP.area_at(59.005, 18.015) == "Hamnen"
    assert LOOKUP.area_at(59.5, 18.5) is None  # never the nearest area: outlines need not cover all
    assert not AreaLookup() and AreaLookup().area_at(59.005, 18.005) is None


def test_holes_are_respected():
    assert LOOKUP.area_at(59.025, 18.005) == "Byarna"
    assert LOOKUP.area_at(59.035, 18.015) == "Staden"  # in the hole of Byarna, in the town


def test_a_point_on_a_shared_edge_falls_in_exactly_one_area():
    on_edge = LOOKUP.area_at(59.005, 18.01)
    assert on_edge in {"Centrum", "Hamnen"}
    assert AreaLookup.of(dict(reversed(POLYGONS.items()))).area_at(59.005, 18.01) == on_edge


def test_overlapping_outlines_go_to_the_first():
    both = {"A": (square(18.0, 59.0),), "B": (square(18.0, 59.0),)}
    assert AreaLookup.of(both).area_at(59.005, 18.005) == "A"


def test_the_report_names_a_hot_spot_by_the_area_of_its_centre():
    spot = HotSpot(59.005, 18.011, 6, 150.0)  # 57 m east of Centrum: its circle reaches into it
    assert spot_area(spot, POLYGONS, english) == LOOKUP.area_at(spot.latitude, spot.longitude) == "Hamnen"
    assert spot_area(HotSpot(60.0, 18.0, 6, 150.0), POLYGONS, english) == "Outside the outlined areas"
