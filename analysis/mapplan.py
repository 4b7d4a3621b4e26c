"""What a map of areas shows, decided once before anything is drawn: one plan for SVG and PNG.

The web's SVG map (`analysis.geo.render_svg`) and the reports' PNG map draw the same plan,
so an area has the same colour, the legend the same entries and a name the same place on
both. Figures come in as they may be shown: a count, or None where the privacy floor hid
it (the caller applies the floor; nothing here sees a hidden value).

The classes:
- a hidden figure is neutral grey (and hatched where the medium can hatch);
- zero reveals nobody and is shown: it gets the lightest colour, a class of its own;
- the other shown counts (never between 0 and the floor) are split into equal-interval
  classes over the rest of the palette, so a map whose counts are all alike is one colour.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .geo import (
    HOTSPOT,
    NEUTRAL,
    PALETTE,
    PLAIN,
    LegendEntry,
    Point,
    Polygon,
    class_breaks,
    fill_for,
    label_anchor,
)
from .hotspots import HotSpot


@dataclass(frozen=True)
class PlannedArea:
    """One outline with its fill and the point, inside it, where its name is written."""

    name: str
    polygons: tuple[Polygon, ...]
    fill: str
    hidden: bool
    anchor: Point


@dataclass(frozen=True)
class MapPlan:
    """Everything a map shows: areas in name order, hot spots and legend entries."""

    areas: tuple[PlannedArea, ...]
    spots: tuple[HotSpot, ...]
    legend: tuple[LegendEntry, ...]
    legend_title: str = ""


def plan_map(
    outlines: Mapping[str, Sequence[Polygon]],
    figures: Mapping[str, int | None] | None,
    *,
    hidden_label: str | None = None,
    spots: Sequence[HotSpot] = (),
    spot_label: str = "",
    legend_title: str = "",
) -> MapPlan:
    """The plan of a map of `outlines`.

    Args:
        outlines: area name → polygons (lon, lat).
        figures: each area's figure as shown, None where hidden; an outlined area missing
            here has none (0). `figures` None draws every area plain, without classes.
        hidden_label: the legend's text for the grey of hidden figures (entered only
            when some outlined area's figure is hidden).
        spots: hot spots to draw, as they may be shown.
        spot_label: the legend's text for the hot spot circles.
        legend_title: what the colours count.
    """
    names = sorted(outlines)
    legend: list[LegendEntry] = []
    if figures is None:
        values: dict[str, int | None] = {}
        fill = {n: PLAIN for n in names}
    else:
        values = {n: figures.get(n, 0) for n in names}
        colours, legend = _classes([v for v in values.values() if v is not None])
        fill = {n: NEUTRAL if v is None else colours(v) for n, v in values.items()}
        if hidden_label and any(v is None for v in values.values()):
            legend.append(LegendEntry(NEUTRAL, hidden_label, True))
    if spots:
        legend.append(LegendEntry(HOTSPOT, spot_label))
    areas = tuple(
        PlannedArea(
            n,
            tuple(outlines[n]),
            fill[n],
            figures is not None and values[n] is None,
            label_anchor(outlines[n]),
        )
        for n in names
    )
    return MapPlan(areas, tuple(spots), tuple(legend), legend_title)


def _classes(shown: Sequence[int]) -> tuple[Callable[[int], str], list[LegendEntry]]:
    """Colour per shown count and the legend entries of the classes, lightest first."""
    positive = [v for v in shown if v > 0]
    zero = len(positive) < len(shown)
    breaks = class_breaks(positive, len(PALETTE) - 1 if zero else len(PALETTE)) if positive else ()
    entries = [LegendEntry(PALETTE[0], "0")] if zero else []
    low = min(positive, default=0)
    for bound in breaks:
        entries.append(LegendEntry(fill_for(bound, breaks), str(bound) if low >= bound else f"{low}–{bound}"))
        low = bound + 1

    def colour(value: int) -> str:
        return PALETTE[0] if value == 0 or not breaks else fill_for(value, breaks)

    return colour, entries
