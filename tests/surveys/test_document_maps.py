"""Static map images for the printed reports: colours, the privacy floor and shape."""

from __future__ import annotations

import io
import math
from collections import Counter

import pytest
from PIL import Image

from analysis.geo import HOTSPOT, NEUTRAL, PALETTE, PLAIN, label_anchor, point_in_polygons
from analysis.hotspots import HotSpot
from surveys.disclosure.floor import Count
from surveys.reports import maps


def english(text: str) -> str:
    return text


def square(lon: float, lat: float, width: float, height: float) -> tuple:  # type: ignore[type-arg]
    ring = ((lon, lat), (lon + width, lat), (lon + width, lat + height), (lon, lat + height), (lon, lat))
    return (ring,)


OUTLINES = {
    "Centrum": (square(23.65, 65.825, 0.04, 0.02),),
    "Norr": (square(23.65, 65.845, 0.04, 0.02),),
    "Söder": (square(23.65, 65.805, 0.04, 0.02),),
}
SPOT = HotSpot(65.835, 23.67, 5, 150.0)
SMALL_SPOT = HotSpot(65.855, 23.67, 4, 150.0)


def colours(png: bytes) -> Counter[str]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    found = image.getcolors(image.width * image.height) or []
    return Counter({"#{:02x}{:02x}{:02x}".format(*rgb): n for n, rgb in found})


def test_hidden_counts_are_grey_hatched_and_explained_in_the_legend():
    counts = {"Centrum": Count(40, 5), "Norr": Count(None, 5), "Söder": Count(0, 5)}
    plan = maps.plan_map(OUTLINES, counts, english, min_group=5, legend_title="Incidents per area")
    fills = {a.name: (a.fill, a.hidden) for a in plan.areas}
    assert fills["Norr"] == (NEUTRAL, True)
    assert fills["Centrum"] == (PALETTE[-1], False)
    assert fills["Söder"] == (PALETTE[0], False)  # zero reveals nobody: shown, lightest colour
    assert (NEUTRAL, "fewer than 5: not shown", True) in plan.legend
    assert plan.legend[0] == (PALETTE[0], "0", False) and (PALETTE[-1], "40", False) in plan.legend


def test_no_grey_legend_entry_when_nothing_is_hidden():
    counts = {"Centrum": Count(12, 5), "Norr": Count(30, 5), "Söder": Count(7, 5)}
    plan = maps.plan_map(OUTLINES, counts, english, min_group=5)
    assert all(not a.hidden for a in plan.areas)
    assert not any("not shown" in label for _c, label, _h in plan.legend)
    assert plan.legend[0][1] == "7–12"


def test_hidden_areas_are_drawn_grey_and_shown_ones_in_the_palette():
    single = {"Centrum": OUTLINES["Centrum"]}
    hidden = colours(maps.map_png(single, {"Centrum": Count(None, 5)}, english, min_group=5))
    shown = colours(maps.map_png(single, {"Centrum": Count(9, 5)}, english, min_group=5))
    assert hidden[NEUTRAL] > 20_000 and not any(hidden[c] for c in PALETTE)
    assert shown[PALETTE[-1]] > 20_000 and shown[NEUTRAL] == 0


def test_hot_spots_below_the_floor_are_never_drawn():
    counts = {"Centrum": Count(10, 5)}
    plan = maps.plan_map(
        OUTLINES, counts, english, min_group=5, spots=[SPOT, SMALL_SPOT], spot_label="Hot spot"
    )
    assert plan.spots == (SPOT,)
    # Even a caller passing a configured floor below the absolute minimum cannot show a pair.
    assert (
        maps.plan_map(OUTLINES, None, english, min_group=1, spots=[HotSpot(65.8, 23.6, 2, 150.0)]).spots == ()
    )
    without = maps.map_png(OUTLINES, counts, english, min_group=5)
    with_small = maps.map_png(
        OUTLINES, counts, english, min_group=5, spots=[SMALL_SPOT], spot_label="Hot spot"
    )
    assert with_small == without  # nothing of the small cluster reaches the image, not even its legend entry
    with_spot = maps.map_png(OUTLINES, counts, english, min_group=5, spots=[SPOT], spot_label="Hot spot")
    assert with_spot != without and colours(with_spot)[HOTSPOT] > 0


def test_plain_map_of_marked_places_has_no_count_classes():
    plan = maps.plan_map(OUTLINES, None, english, min_group=5, spots=[SPOT], spot_label="Hot spot")
    assert {a.fill for a in plan.areas} == {PLAIN}
    assert plan.legend == ((HOTSPOT, "Hot spot", False),)


def drawn_box(png: bytes, colour: str) -> tuple[int, int]:
    """Width and height in pixels of the pixels painted `colour`."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mask = Image.new("L", image.size)
    mask.putdata([255 if p == rgb else 0 for p in image.get_flattened_data()])
    left, top, right, bottom = mask.getbbox()  # type: ignore[misc]
    return right - left, bottom - top


def test_north_up_with_longitudes_scaled_by_the_middle_latitude():
    # 0.2° of longitude at 60° N is as long on the ground as 0.1° of latitude: a square.
    north = maps.map_png({"A": (square(18.0, 60.0, 0.2, 0.1),)}, None, english, min_group=5)
    width, height = drawn_box(north, PLAIN)
    assert math.isclose(width, height, rel_tol=0.03)
    equator = maps.map_png({"A": (square(18.0, 0.0, 0.2, 0.1),)}, None, english, min_group=5)
    width, height = drawn_box(equator, PLAIN)
    assert math.isclose(width, 2 * height, rel_tol=0.03)
    assert maps.size({"A": (square(18.0, 60.0, 0.2, 0.1),)}, 0) == Image.open(io.BytesIO(north)).size


def test_maps_are_deterministic_png():
    counts = {"Centrum": Count(12, 5), "Norr": Count(None, 5)}
    first = maps.map_png(OUTLINES, counts, english, min_group=5, spots=[SPOT], spot_label="Hot spot")
    assert first.startswith(b"\x89PNG")
    assert first == maps.map_png(OUTLINES, counts, english, min_group=5, spots=[SPOT], spot_label="Hot spot")


def test_names_of_ring_shaped_areas_are_written_inside_them():
    # The anchor is planned (analysis.mapplan) for the web's SVG and this PNG alike.
    outer = ((23.0, 65.0), (24.0, 65.0), (24.0, 66.0), (23.0, 66.0), (23.0, 65.0))
    hole = ((23.2, 65.2), (23.8, 65.2), (23.8, 65.8), (23.2, 65.8), (23.2, 65.2))
    villages = ((outer, hole),)
    point = label_anchor(villages)
    assert point_in_polygons(point, villages)
    assert label_anchor(OUTLINES["Centrum"]) == pytest.approx((23.67, 65.835))


def test_hot_spots_are_named_by_the_area_they_lie_in():
    outside = HotSpot(60.0, 18.0, 6, 150.0)
    rows = maps.hotspot_rows([SPOT, outside], OUTLINES, english)
    assert rows == (("1", "Centrum", "5", "150"), ("2", "Outside the outlined areas", "6", "150"))
    assert maps.hotspot_rows([SPOT], {}, english) == (("1", "–", "5", "150"),)
