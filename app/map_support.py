"""Building the product's own SVG maps from stored outlines: choropleths, area pickers, tile layers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from flask import Response, current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from analysis.geo import MapArea, MapCircle, TileLayer, render_svg
from analysis.hotspots import HotSpot
from app.config import privacy_floor, tiles_url_problem
from app.extensions import db
from surveys.disclosure.floor import Count, Floor, guard
from surveys.incidents.geography import incident_hotspots, incidents_by_area
from surveys.incidents.periodic import PeriodicPicture
from surveys.incidents.reporting import list_incidents
from surveys.organisations.models import Organisation
from surveys.places.models import AreaShape
from surveys.places.service import shape_polygons
from surveys.reports import wording
from surveys.reports.maps import plan_map

PICKER_WIDTH = 440  # fits a phone; tall municipalities are capped at 1.5 × the width


def tiles_url() -> str:
    """The configured tile server URL template, or "" (the default: no tiles are ever fetched).

    A template the CSP would not allow (not https, no {z}/{x}/{y}) counts as unset, so a map
    never shows broken images.
    """
    url = str(current_app.config.get("MAP_TILES_URL") or "")
    return "" if tiles_url_problem(url) else url


def tile_layer(*, public: bool = False) -> TileLayer | None:
    """The tile layer to draw under a map, or None.

    Staff maps draw tiles whenever a tile server is configured. Residents' maps (`public`)
    draw them only when MAP_TILES_PUBLIC is also set, because the tile server sees the IP
    address of everyone whose browser loads a tile.
    """
    url = tiles_url()
    if not url or (public and not current_app.config.get("MAP_TILES_PUBLIC")):
        return None
    return TileLayer(url, str(current_app.config.get("MAP_TILES_ATTRIBUTION") or ""))


@dataclass(frozen=True)
class IncidentMap:
    """Incidents of one organisation in [start, end): guarded counts for every area, and hot spots."""

    counts: dict[str, Count]
    spots: list[HotSpot]
    start: dt.date
    end: dt.date  # exclusive
    total: Count  # guarded: a year's 3 incidents are "fewer than 5"

    @property
    def last_day(self) -> dt.date:
        """The last day the map covers."""
        return self.end - dt.timedelta(days=1)


def incident_map(organisation: Organisation, start: dt.date, end: dt.date, min_group: int) -> IncidentMap:
    """What a map of the organisation's incidents in [start, end) shows, under the privacy floor.

    Areas without incidents are listed with 0 (zero reveals nobody), so the table beside the
    map names every area.
    """
    incidents = list_incidents(db.session, [organisation.id], start, end)
    counts = incidents_by_area(incidents, min_group)
    nobody = Floor(min_group).guard(0)
    everything = {area: counts.get(area, nobody) for area in organisation.areas or []}
    everything.update(counts)
    total = guard(len(incidents), min_group)
    return IncidentMap(
        everything, incident_hotspots(incidents, min_group, everything, total), start, end, total
    )


def periodic_incident_map(
    organisation: Organisation, picture: PeriodicPicture, min_group: int
) -> IncidentMap:
    """The map of a periodic picture: the picture's own area figures, and the period's hot spots.

    The picture guards its areas together with its categories, cells, serious incidents and
    the other months of the quarter; a map guarding the area counts on its own would show a
    figure the tables beside it hide (a quarter's area minus the months shown).
    """
    period = picture.period
    incidents = list_incidents(db.session, [organisation.id], period.start, period.end)
    counts = {row.key: row.current for row in picture.by_area if row.key}
    return IncidentMap(
        counts,
        incident_hotspots(incidents, min_group, counts, picture.total),
        period.start,
        period.end,
        picture.total,
    )


def svg_response(svg: str) -> Response:
    """An SVG map as a response of its own; figures are per user, so nothing may cache it."""
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def incident_choropleth(shapes: Sequence[AreaShape], figures: IncidentMap, title: str) -> str:
    """The organisation's areas coloured by incidents, with incident hot spots as circles."""
    what = _("incidents")
    return choropleth_svg(shapes, figures.counts, title=title, what=what, spots=figures.spots, incidents=True)


def place_spot_title(count: int) -> str:
    """Hover/AT text of a hot spot of places residents marked."""
    return ngettext("Hot spot: %(num)d marked place", "Hot spot: %(num)d marked places", count)


def incident_spot_title(count: int) -> str:
    """Hover/AT text of a hot spot of incidents marked on the map."""
    return ngettext("Hot spot: %(num)d marked incident", "Hot spot: %(num)d marked incidents", count)


def choropleth_svg(
    shapes: Sequence[AreaShape],
    counts: Mapping[str, Count],
    *,
    title: str,
    what: str,
    spots: Sequence[HotSpot] = (),
    incidents: bool = False,
) -> str:
    """A map colouring each area by its guarded count, planned as the report's map is (`plan_map`).

    Args:
        shapes: the organisation's outlines.
        counts: guarded figures by area name.
        title: the map's accessible name.
        what: what the figures count, for each area's title ("respondents", "incidents").
        spots: hot spots to draw as circles.
        incidents: whether the hot spots are of incidents (else of places residents marked).
    """
    floor = next(iter(counts.values())).min_group if counts else privacy_floor()
    if not spots:
        spot_legend = ""
    elif incidents:
        spot_legend = _("Hot spot: at least %(n)d marked incidents", n=floor)
    else:
        spot_legend = _("Hot spot: at least %(n)d marked places", n=floor)
    plan = plan_map(shape_polygons(shapes), counts, _, min_group=floor, spots=spots, spot_label=spot_legend)
    areas = [
        MapArea(
            name=area.name,
            polygons=area.polygons,
            title=f"{area.name}: {wording.count(counts.get(area.name, Count(0, floor)), _)} ({what})",
            fill=area.fill,
            label_at=area.anchor,
        )
        for area in plan.areas
    ]
    spot_title: Callable[[int], str] = incident_spot_title if incidents else place_spot_title
    circles = [MapCircle(s.longitude, s.latitude, s.radius_m, spot_title(s.count)) for s in plan.spots]
    return render_svg(areas, title=title, circles=circles, legend=plan.legend, tiles=tile_layer())


def picker_svg(shapes: Sequence[AreaShape], field_id: str, title: str, *, public: bool = False) -> str:
    """A map whose areas are links that choose the area in the form field `field_id` (see map-select.js).

    `public` marks a resident's map: it gets tiles only with the MAP_TILES_PUBLIC opt-in.
    """
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
    return render_svg(areas, title=title, width=PICKER_WIDTH, tiles=tile_layer(public=public))
