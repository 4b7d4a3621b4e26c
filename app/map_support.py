"""Building the product's own SVG maps from stored outlines: choropleths and area pickers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from analysis.geo import (
    HOTSPOT,
    NEUTRAL,
    LegendEntry,
    MapArea,
    MapCircle,
    class_breaks,
    fill_for,
    render_svg,
)
from analysis.hotspots import HotSpot, find_hotspots
from surveys.models import AreaShape
from surveys.places.service import marked_places, shape_polygons
from surveys.privacy import Count, effective_min_group

from .extensions import db

HOTSPOT_EPS_M = 150.0
PICKER_WIDTH = 440  # fits a phone; tall municipalities are capped at 1.5 × the width


def tiles_url() -> str:
    """The configured tile server URL template, or "" (the default: no tiles are ever fetched)."""
    return str(current_app.config.get("MAP_TILES_URL") or "")


def hotspots(survey_ids: Sequence[int], min_group: int) -> list[HotSpot]:
    """Hot spots of the places marked in the surveys; each stands for at least the privacy floor."""
    points = marked_places(db.session, survey_ids)
    return find_hotspots(points, min_samples=effective_min_group(min_group), eps_m=HOTSPOT_EPS_M)


def choropleth_svg(
    shapes: Sequence[AreaShape],
    counts: Mapping[str, Count],
    *,
    title: str,
    what: str,
    spots: Sequence[HotSpot] = (),
) -> str:
    """A map colouring each area by its guarded count; hidden and missing counts are drawn neutral."""
    polygons = shape_polygons(shapes)
    shown = [c.value for c in counts.values() if c.value is not None]
    breaks = class_breaks(shown)
    floor = next(iter(counts.values())).min_group if counts else effective_min_group(
        current_app.config["PRIVACY_MIN_GROUP"]
    )
    areas = []
    for shape in shapes:
        count = counts.get(shape.name, Count(0, floor))
        figure = _("fewer than %(n)d", n=count.min_group) if count.hidden else str(count.value)
        areas.append(
            MapArea(
                name=shape.name,
                polygons=polygons[shape.name],
                title=f"{shape.name}: {figure} ({what})",
                fill=fill_for(count.value, breaks),
            )
        )
    circles = [
        MapCircle(s.longitude, s.latitude, s.radius_m, ngettext("Hot spot: %(num)d marked place",
                                                                "Hot spot: %(num)d marked places", s.count))
        for s in spots
    ]
    legend = _legend(breaks, min(shown, default=0), floor, bool(spots))
    return render_svg(areas, title=title, circles=circles, legend=legend)


def _legend(breaks: Sequence[int], low: int, floor: int, with_spots: bool) -> list[LegendEntry]:
    entries = []
    for bound in breaks:
        colour = fill_for(bound, breaks)
        label = str(bound) if low >= bound else f"{low}–{bound}"
        entries.append(LegendEntry(colour, label))
        low = bound + 1
    entries.append(LegendEntry(NEUTRAL, _("fewer than %(n)d: not shown", n=floor)))
    if with_spots:
        entries.append(LegendEntry(HOTSPOT, _("Hot spot: at least %(n)d marked places", n=floor)))
    return entries


def picker_svg(shapes: Sequence[AreaShape], field_id: str, title: str) -> str:
    """A map whose areas are links that choose the area in the form field `field_id` (see map-select.js)."""
    polygons = shape_polygons(shapes)
    areas = [
        MapArea(
            name=shape.name,
            polygons=polygons[shape.name],
            title=_("Choose %(area)s", area=shape.name),
            href="#" + field_id,
            attributes={"data-value": shape.name, "class": "map-area"},
        )
        for shape in shapes
    ]
    return render_svg(areas, title=title, width=PICKER_WIDTH)
