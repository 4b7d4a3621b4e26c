"""Incident figures for maps: per-area counts and hot spots keep the privacy floor."""

from __future__ import annotations

import datetime as dt

from surveys.disclosure.floor import guard_parts
from surveys.incidents.geography import incident_hotspots, incident_points, incidents_by_area
from surveys.incidents.models import Incident
from tests.factories import local_instant


def _incident(area: str, lat: float | None = None, lon: float | None = None) -> Incident:
    return Incident(
        occurred_at=local_instant(dt.datetime(2026, 3, 1)),
        area=area,
        latitude=lat,
        longitude=lon,
        category="skadegorelse",
        incident_type="vandalism",
        severity=1,
    )


def test_guard_parts_hides_small_parts_and_one_more_when_a_single_part_is_hidden():
    guarded = guard_parts({"A": 12, "B": 7, "C": 2, "D": 0}, 5)
    assert guarded["A"].value == 12 and guarded["D"].value == 0
    assert guarded["C"].hidden and guarded["B"].hidden  # B hidden so 21 - 12 cannot reveal C


def test_guard_parts_hides_more_when_the_hidden_parts_add_up_to_less_than_the_floor():
    # 13 - 9 = 4 would reveal that B and C together are a group of four.
    guarded = guard_parts({"A": 9, "B": 1, "C": 3}, 5)
    assert guarded["A"].hidden and guarded["B"].hidden and guarded["C"].hidden


def test_guard_parts_needs_no_more_hides_when_the_hidden_parts_reach_the_floor():
    guarded = guard_parts({"A": 9, "B": 2, "C": 3}, 5)
    assert guarded["A"].value == 9 and guarded["B"].hidden and guarded["C"].hidden


def test_incidents_by_area_counts_only_incidents_with_an_area():
    incidents = [_incident("Centrum") for _ in range(6)] + [_incident("Norr")] + [_incident("")]
    counts = incidents_by_area(incidents, 5)
    assert set(counts) == {"Centrum", "Norr"}
    assert counts["Norr"].hidden and counts["Centrum"].hidden  # the only shown part would reveal Norr


def test_incident_hotspots_never_show_fewer_than_the_floor():
    near = [_incident("Centrum", 65.5841 + k * 0.0001, 22.1547) for k in range(5)]
    few = [_incident("Norr", 65.60 + k * 0.0001, 22.20) for k in range(4)]
    unmarked = [_incident("Centrum")]
    assert len(incident_points(near + few + unmarked)) == 9
    spots = incident_hotspots(near + few + unmarked, 5, {}, None)
    assert [s.count for s in spots] == [5]
    assert abs(spots[0].latitude - 65.5843) < 0.001


def test_guard_table_leaves_no_row_or_column_with_a_single_hidden_cell():
    from surveys.disclosure.floor import guard_table

    cells = {("A", "x"): 9, ("A", "y"): 2, ("A", "z"): 8, ("B", "x"): 7, ("B", "y"): 6, ("B", "z"): 0}
    guarded = guard_table(cells, 5)
    hidden = {k for k, c in guarded.items() if c.hidden}
    assert ("A", "y") in hidden
    for index in (0, 1):
        for line in {k[index] for k in cells}:
            in_line = [k for k in cells if k[index] == line]
            shown_non_zero = [k for k in in_line if k not in hidden and cells[k]]
            assert sum(k in hidden for k in in_line) != 1 or not shown_non_zero
    assert guarded[("B", "z")].value == 0
