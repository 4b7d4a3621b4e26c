"""Static maps of the organisation's areas as PNG images for the PDF and DOCX reports.

Drawn with matplotlib's Agg canvas from the uploaded outlines alone: no tiles, nothing
downloaded. North is up and longitudes are scaled by the cosine of the middle latitude,
as in `analysis.geo`, so the areas keep their shape. Areas are coloured by a guarded
count; a hidden count is grey and hatched, and hot spots standing for fewer than the
privacy floor are never drawn, whatever the caller passes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from analysis import mapplan
from analysis.geo import EARTH_RADIUS_M, HOTSPOT, Polygon, bbox_of, union_bbox
from analysis.hotspots import HotSpot
from analysis.mapplan import MapPlan, PlannedArea
from surveys.disclosure.floor import Count, Floor
from surveys.insights.report_data import SituationReportData
from surveys.places.lookup import AreaLookup
from surveys.reports.fonts import font_dir
from surveys.reports.wording import Gettext, count, hidden_legend

REPORT_MAPS = ("respondents", "incidents", "marked")
WIDTH_IN, DPI = 7.0, 150
MAX_HEIGHT_IN = 6.5  # tall municipalities get a narrower map rather than a page of their own
LEGEND_COLUMNS = 3
INK, EDGE = "#1B1F23", "#333333"
Outlines = Mapping[str, Sequence[Polygon]]


def plan_map(
    outlines: Outlines,
    counts: Mapping[str, Count] | None,
    _: Gettext,
    *,
    min_group: int,
    legend_title: str = "",
    spots: Sequence[HotSpot] = (),
    spot_label: str = "",
) -> MapPlan:
    """The plan (`analysis.mapplan`) of a map of `outlines`, for the report's PNG and the web's SVG.

    Args:
        outlines: area name → polygons (lon, lat).
        counts: guarded counts by area name; None draws every area plain. An outlined
            area without a count has none (0).
        _: gettext-like callable for the legend.
        min_group: the configured privacy floor.
        legend_title: what the colours count.
        spots: hot spots; any standing for fewer than the floor are dropped.
        spot_label: the legend's text for the hot spot circles.
    """
    floor = Floor(min_group)
    drawn = [counts[n] for n in outlines if counts is not None and n in counts]
    return mapplan.plan_map(
        outlines,
        None if counts is None else {n: c.value for n, c in counts.items()},
        hidden_label=hidden_legend(drawn, floor, _),
        spots=[s for s in spots if not floor.too_small(s.count)],
        spot_label=spot_label,
        legend_title=legend_title,
    )


def size(outlines: Outlines, legend_entries: int) -> tuple[int, int]:
    """Width and height in pixels of a map of `outlines` with that many legend entries."""
    # Rounded as matplotlib rounds the canvas, so the size given matches the image.
    return round(WIDTH_IN * DPI), round(_heights(outlines, legend_entries)[0] * DPI)


@dataclass(frozen=True)
class _Extent:
    """The drawing's box in projected units (x = lon × cos(mid latitude), y = lat)."""

    cos: float
    x0: float
    x1: float
    y0: float  # bottom of the strip under the map for the scale bar and north arrow
    y1: float
    strip_top: float


def _extent(outlines: Outlines) -> _Extent:
    min_lon, min_lat, max_lon, max_lat = union_bbox([bbox_of(list(p)) for p in outlines.values()])
    cos = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x, span_y = max((max_lon - min_lon) * cos, 1e-6), max(max_lat - min_lat, 1e-6)
    pad = 0.03 * max(span_x, span_y)
    strip = 0.08 * max(span_x, span_y)
    bottom = min_lat - pad
    return _Extent(cos, min_lon * cos - pad, max_lon * cos + pad, bottom - strip, max_lat + pad, bottom)


def _heights(outlines: Outlines, legend_entries: int) -> tuple[float, float, float]:
    """Figure, map and legend heights in inches."""
    box = _extent(outlines)
    ratio = (box.y1 - box.y0) / (box.x1 - box.x0)
    map_in = min(max(WIDTH_IN * 0.98 * ratio, 2.5), MAX_HEIGHT_IN)
    rows = math.ceil(legend_entries / LEGEND_COLUMNS) if legend_entries else 0
    legend_in = 0.45 + 0.24 * rows if rows else 0.1
    return map_in + legend_in + 0.1, map_in, legend_in


def draw(plan: MapPlan, outlines: Outlines) -> bytes:
    """The planned map as PNG bytes (deterministic: no dates in the file)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=str(font_dir() / "DejaVuSans.ttf"), size=8)
    bold = FontProperties(fname=str(font_dir() / "DejaVuSans-Bold.ttf"), size=8.5)
    height, map_in, legend_in = _heights(outlines, len(plan.legend))
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, (legend_in + 0.05) / height, 0.98, map_in / height))
    box = _extent(outlines)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return lon * box.cos, lat

    _draw_areas(ax, plan.areas, xy)
    _draw_spots(ax, plan.spots, xy, box.x1 - box.x0, font)
    _draw_labels(ax, plan.areas, xy, font)
    ax.set_xlim(box.x0, box.x1)
    ax.set_ylim(box.y0, box.y1)
    ax.set_aspect("equal", adjustable="box", anchor="C")
    ax.set_axis_off()
    _north_and_scale(ax, box, font)
    _legend(fig, plan, legend_in / height, font, bold)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


def _draw_areas(ax, areas: Sequence[PlannedArea], xy) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    for area in areas:
        vertices: list[tuple[float, float]] = []
        codes: list[int] = []
        for polygon in area.polygons:
            for ring in polygon:  # outer ring and holes in one path: holes stay open
                points = [xy(lon, lat) for lon, lat in ring]
                vertices += [*points, points[0]]
                codes += [int(Path.MOVETO)] + [int(Path.LINETO)] * (len(points) - 1) + [int(Path.CLOSEPOLY)]
        ax.add_patch(
            PathPatch(
                Path(vertices, codes),
                facecolor=area.fill,
                edgecolor=EDGE,
                linewidth=0.8,
                hatch="///" if area.hidden else None,
            )
        )


def _draw_spots(ax, spots: Sequence[HotSpot], xy, width: float, font) -> None:  # type: ignore[no-untyped-def]
    from matplotlib import patheffects
    from matplotlib.patches import Circle

    smallest = width * 0.015  # a spot is never a dot too small to see in print
    for number, spot in enumerate(spots, start=1):
        radius = max(math.degrees(spot.radius_m / EARTH_RADIUS_M), smallest)
        x, y = xy(spot.longitude, spot.latitude)
        ax.add_patch(Circle((x, y), radius, facecolor=HOTSPOT, alpha=0.35, edgecolor="none", zorder=3))
        # A white halo under the red ring keeps it visible on the darkest fill.
        ax.add_patch(Circle((x, y), radius, facecolor="none", edgecolor="white", linewidth=3.4, zorder=3))
        ax.add_patch(Circle((x, y), radius, facecolor="none", edgecolor=HOTSPOT, linewidth=1.6, zorder=3))
        # The number (as in the table of hot spots) sits beside the circle, clear of the area's name.
        offset = radius * 0.75
        text = ax.text(
            x + offset,
            y + offset,
            str(number),
            ha="left",
            va="bottom",
            color=INK,
            fontproperties=font,
            zorder=6,
        )
        text.set_path_effects([patheffects.withStroke(linewidth=2.5, foreground="white")])


def _draw_labels(ax, areas: Sequence[PlannedArea], xy, font) -> None:  # type: ignore[no-untyped-def]
    from matplotlib import patheffects

    for area in areas:
        x, y = xy(*area.anchor)
        text = ax.text(x, y, area.name, ha="center", va="center", color=INK, fontproperties=font, zorder=5)
        # A white halo keeps the name readable on the darkest fill and on the hatching.
        text.set_path_effects([patheffects.withStroke(linewidth=3, foreground="white")])


def _north_and_scale(ax, box: _Extent, font) -> None:  # type: ignore[no-untyped-def]
    """A scale bar and a north arrow in the strip under the map, clear of the areas."""
    width = box.x1 - box.x0
    strip = box.strip_top - box.y0
    middle = box.y0 + strip * 0.5
    width_m = math.radians(width) * EARTH_RADIUS_M  # x is already scaled by cos(latitude)
    metres = _nice_length(width_m / 5)
    length = math.degrees(metres / EARTH_RADIUS_M)
    start = box.x0 + width * 0.02
    ax.plot(
        [start, start + length], [middle - strip * 0.15] * 2, color=INK, linewidth=2, solid_capstyle="butt"
    )
    for end in (start, start + length):
        ax.plot([end, end], [middle - strip * 0.3, middle], color=INK, linewidth=1)
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    ax.text(
        start + length + width * 0.01,
        middle - strip * 0.15,
        label,
        color=INK,
        fontproperties=font,
        va="center",
    )
    arrow_x = box.x1 - width * 0.03
    ax.annotate(
        "",
        xy=(arrow_x, box.strip_top - strip * 0.05),
        xytext=(arrow_x, box.y0 + strip * 0.1),
        arrowprops={"arrowstyle": "-|>", "color": INK, "linewidth": 1.2},
    )
    ax.text(arrow_x - width * 0.012, middle, "N", ha="right", va="center", color=INK, fontproperties=font)


def _nice_length(metres: float) -> float:
    """1, 2 or 5 times a power of ten, at most `metres`."""
    power = 10 ** math.floor(math.log10(max(metres, 1.0)))
    return next(step * power for step in (5, 2, 1) if step * power <= max(metres, 1.0))


def _legend(fig, plan: MapPlan, bottom: float, font, bold) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.patches import Patch

    if not plan.legend:
        return
    handles = [
        Patch(
            facecolor=colour,
            edgecolor=EDGE if colour != HOTSPOT else HOTSPOT,
            hatch="///" if hatched else None,
            alpha=0.6 if colour == HOTSPOT else 1.0,
            label=label,
        )
        for colour, label, hatched in plan.legend
    ]
    legend = fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.02, bottom),
        ncols=LEGEND_COLUMNS,
        frameon=False,
        prop=font,
        title=plan.legend_title or None,
        alignment="left",
    )
    if plan.legend_title:
        legend.get_title().set_fontproperties(bold)


def map_png(outlines: Outlines, counts: Mapping[str, Count] | None, _: Gettext, **options: Any) -> bytes:
    """A map of `outlines` as PNG bytes; see `plan_map` for the arguments."""
    return draw(plan_map(outlines, counts, _, **options), outlines)


# The maps of the long-term situation picture, chosen and described like charts.CHARTS.


def available(data: SituationReportData) -> list[str]:
    """Names of the report maps there is something to draw for (never without outlines)."""
    places = data.places
    if places is None or not places.outlines:
        return []
    found = []
    if any(not c.hidden and c.value for c in data.by_area.values()):
        found.append("respondents")
    if data.incidents is not None and not data.incidents.none_now:
        found.append("incidents")
    if places.marked_hotspots:
        found.append("marked")
    return found


def _arguments(name: str, data: SituationReportData, _: Gettext) -> dict:  # type: ignore[type-arg]
    places = data.places
    assert places is not None
    floor = data.respondents.min_group
    if name == "respondents":
        return {"counts": data.by_area, "legend_title": _("Respondents per area")}
    if name == "incidents":
        assert data.incidents is not None
        return {
            "counts": dict(data.incidents.by_area),
            "legend_title": _("Incidents per area"),
            "spots": data.incidents.hotspots,
            "spot_label": _("Hot spot: at least %(n)d incidents") % {"n": floor},
        }
    if name == "marked":
        return {
            "counts": None,
            "spots": places.marked_hotspots,
            "spot_label": _("Hot spot: at least %(n)d marked places") % {"n": floor},
        }
    raise ValueError(f"unknown map {name!r}")


def report_size(name: str, data: SituationReportData, _: Gettext) -> tuple[int, int]:
    """Width and height in pixels of the report map `name`."""
    assert data.places is not None
    plan = _plan(name, data, _)
    return size(data.places.outlines, len(plan.legend))


def _plan(name: str, data: SituationReportData, _: Gettext) -> MapPlan:
    assert data.places is not None
    return plan_map(
        data.places.outlines, _=_, min_group=data.respondents.min_group, **_arguments(name, data, _)
    )


def report_png(name: str, data: SituationReportData, _: Gettext) -> bytes:
    """The report map `name` (one of REPORT_MAPS) as PNG bytes."""
    assert data.places is not None
    return draw(_plan(name, data, _), data.places.outlines)


def caption(name: str, data: SituationReportData, _: Gettext) -> str:
    """The caption under the map, pointing to the table with the same figures."""
    values = {"n": data.respondents.min_group}
    if name == "respondents":
        return (
            _(
                "Map: respondents per area. Areas with fewer than %(n)d respondents are grey and hatched. "
                "The table above gives the same figures."
            )
            % values
        )
    if name == "incidents":
        return (
            _(
                "Map: incidents per area, with hot spots where at least %(n)d incidents marked on a map lie "
                "close together. Areas with fewer than %(n)d incidents are grey and hatched. The tables "
                "give the same figures."
            )
            % values
        )
    return (
        _(
            "Map: hot spots where at least %(n)d places marked by respondents lie close together. "
            "The table gives the same figures."
        )
        % values
    )


def alt_text(name: str, data: SituationReportData, _: Gettext) -> str:
    """A text alternative giving the map's figures."""
    places = data.places
    assert places is not None
    areas = sorted(places.outlines)
    floor = data.respondents.min_group
    if name == "respondents":
        values = "; ".join(f"{a} {count(data.by_area.get(a, Count(0, floor)), _)}" for a in areas)
        return _("Map of the areas coloured by the number of respondents: %(values)s.") % {"values": values}
    spots = _spots_text(_arguments(name, data, _)["spots"], places.outlines, _)
    if name == "incidents":
        assert data.incidents is not None
        by_area = dict(data.incidents.by_area)
        values = "; ".join(f"{a} {count(by_area.get(a, Count(0, floor)), _)}" for a in areas)
        return _("Map of the areas coloured by the number of incidents: %(values)s.") % {"values": values} + (
            f" {spots}" if spots else ""
        )
    return _("Map of the areas with the hot spots of places marked by respondents.") + f" {spots}"


def _spots_text(spots: Sequence[HotSpot], outlines: Outlines, _: Gettext) -> str:
    if not spots:
        return ""
    items = "; ".join(
        _("%(number)d: %(count)d in %(area)s")
        % {"number": i, "count": s.count, "area": spot_area(s, outlines, _)}
        for i, s in enumerate(spots, start=1)
    )
    return _("Hot spots: %(items)s.") % {"items": items}


def hotspot_rows(spots: Sequence[HotSpot], outlines: Outlines, _: Gettext) -> tuple[tuple[str, ...], ...]:
    """Table rows with the same figures as the numbered circles: number, area, count, radius."""
    return tuple(
        (str(i), spot_area(s, outlines, _), str(s.count), str(round(s.radius_m)))
        for i, s in enumerate(spots, start=1)
    )


def spot_area(spot: HotSpot, outlines: Outlines, _: Gettext) -> str:
    """Where the hot spot lies, in words: the area holding its centre (where its circle is
    drawn), or that it lies outside them."""
    if not outlines:
        return "–"
    return AreaLookup.of(outlines).area_at(spot.latitude, spot.longitude) or _("Outside the outlined areas")
