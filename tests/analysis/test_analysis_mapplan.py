"""The map plan: one rule for classes, hidden figures, the legend and where names go."""

from __future__ import annotations

from analysis.geo import HOTSPOT, NEUTRAL, PALETTE, PLAIN, LegendEntry, label_point, point_in_polygons
from analysis.hotspots import HotSpot
from analysis.mapplan import plan_map


def square(lon: float, lat: float, side: float = 0.01) -> tuple:  # type: ignore[type-arg]
    ring = ((lon, lat), (lon + side, lat), (lon + side, lat + side), (lon, lat + side), (lon, lat))
    return (ring,)


OUTLINES = {name: (square(18.0 + 0.01 * i, 59.0),) for i, name in enumerate("ABCDE")}


def fills(plan) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {a.name: a.fill for a in plan.areas}


def test_zero_is_a_class_of_its_own_and_the_others_span_the_shown_counts():
    plan = plan_map(OUTLINES, {"A": 0, "B": 12, "C": 20, "D": 40, "E": 0})
    assert fills(plan)["A"] == fills(plan)["E"] == PALETTE[0]
    assert fills(plan)["D"] == PALETTE[-1]
    assert PALETTE[0] not in {fills(plan)[n] for n in "BCD"}  # 12 is not drawn like 0
    assert plan.legend[0] == LegendEntry(PALETTE[0], "0")
    assert plan.legend[1].label.startswith("12")  # no class "0–12": 1 to 11 is never shown
    assert [e.colour for e in plan.legend] == sorted({e.colour for e in plan.legend}, key=PALETTE.index)


def test_an_outlined_area_without_a_figure_counts_zero():
    assert plan_map(OUTLINES, {"B": 12}) == plan_map(OUTLINES, {n: 12 if n == "B" else 0 for n in "ABCDE"})


def test_hidden_figures_are_grey_marked_hidden_and_explained_once():
    plan = plan_map(OUTLINES, {"A": None, "B": 9, "C": None}, hidden_label="fewer than 5: not shown")
    hidden = {a.name for a in plan.areas if a.hidden}
    assert hidden == {"A", "C"} and fills(plan)["A"] == fills(plan)["C"] == NEUTRAL
    assert plan.legend.count(LegendEntry(NEUTRAL, "fewer than 5: not shown", True)) == 1
    # A hidden figure of an area without an outline is not on the map: no grey to explain.
    unseen = plan_map(OUTLINES, {"Z": None, "B": 9}, hidden_label="fewer than 5: not shown")
    assert not any(a.hidden for a in unseen.areas)
    assert all(not e.hatched for e in unseen.legend)


def test_all_equal_counts_are_one_class():
    same = plan_map(OUTLINES, dict.fromkeys("ABCDE", 7))
    assert set(fills(same).values()) == {PALETTE[-1]} and same.legend == (LegendEntry(PALETTE[-1], "7"),)
    zeros = plan_map(OUTLINES, dict.fromkeys("ABCDE", 0))
    assert set(fills(zeros).values()) == {PALETTE[0]} and zeros.legend == (LegendEntry(PALETTE[0], "0"),)
    none_shown = plan_map(OUTLINES, dict.fromkeys("ABCDE"), hidden_label="hidden")
    assert set(fills(none_shown).values()) == {NEUTRAL} and none_shown.legend == (
        LegendEntry(NEUTRAL, "hidden", True),
    )


def test_no_figures_draw_plain_areas_and_spots_come_last_in_the_legend():
    spot = HotSpot(59.005, 18.005, 6, 150.0)
    plain = plan_map(OUTLINES, None, spots=[spot], spot_label="Hot spot")
    assert set(fills(plain).values()) == {PLAIN} and not any(a.hidden for a in plain.areas)
    assert plain.legend == (LegendEntry(HOTSPOT, "Hot spot"),) and plain.spots == (spot,)
    counted = plan_map(
        OUTLINES, {"A": None, "B": 5}, hidden_label="hidden", spots=[spot], spot_label="Hot spot"
    )
    assert [e.label for e in counted.legend] == ["0", "5", "hidden", "Hot spot"]


def test_names_are_anchored_inside_their_area_even_round_a_hole():
    outer = ((23.0, 65.0), (24.0, 65.0), (24.0, 66.0), (23.0, 66.0), (23.0, 65.0))
    hole = ((23.2, 65.2), (23.8, 65.2), (23.8, 65.8), (23.2, 65.8), (23.2, 65.2))
    u_shape = ((18.0, 59.0), (18.3, 59.0), (18.3, 59.3), (18.2, 59.3), (18.2, 59.1), (18.1, 59.1))
    u_shape += ((18.1, 59.3), (18.0, 59.3), (18.0, 59.0))
    outlines = {"Byarna": ((outer, hole),), "Dalen": ((u_shape,),), "A": OUTLINES["A"]}
    plan = plan_map(outlines, {"Byarna": 3})
    for area in plan.areas:
        assert point_in_polygons(area.anchor, area.polygons), area.name
    anchors = {a.name: a.anchor for a in plan.areas}
    assert anchors["A"] == label_point(OUTLINES["A"])  # a plain shape keeps its centroid
    assert [a.name for a in plan.areas] == ["A", "Byarna", "Dalen"]
