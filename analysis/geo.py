"""Maps drawn by the product itself: projection, SVG paths and a choropleth, no tile server.

Coordinates are WGS 84 (longitude, latitude) as in GeoJSON. A municipality is small
enough for an equirectangular projection with longitudes scaled by cos(mid latitude).
Pure and deterministic: shapes and figures in, SVG text out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

Point = tuple[float, float]  # (lon, lat)
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]  # outer ring first, then holes
BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat

PALETTE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NEUTRAL = "#d9d9d9"
PLAIN = "#cfe3d4"
HOTSPOT = "#c0392b"
EARTH_RADIUS_M = 6_371_008.8


class GeometryError(ValueError):
    """A geometry is not a usable Polygon or MultiPolygon."""


def polygons_of(geometry: Mapping[str, Any]) -> tuple[Polygon, ...]:
    """The polygons of a GeoJSON Polygon or MultiPolygon geometry.

    Args:
        geometry: a GeoJSON geometry object.

    Returns:
        Polygons as tuples of rings of (lon, lat) points.

    Raises:
        GeometryError: wrong type, nesting, too few points or coordinates out of range.
    """
    kind = geometry.get("type") if isinstance(geometry, Mapping) else None
    coordinates = geometry.get("coordinates") if isinstance(geometry, Mapping) else None
    if kind == "Polygon":
        raw = [coordinates]
    elif kind == "MultiPolygon" and isinstance(coordinates, list):
        raw = coordinates
    else:
        raise GeometryError("not a Polygon or MultiPolygon")
    polygons = tuple(_polygon(p) for p in raw)
    if not polygons:
        raise GeometryError("no polygons")
    return polygons


def _polygon(raw: Any) -> Polygon:
    if not isinstance(raw, list) or not raw:
        raise GeometryError("a polygon needs at least one ring")
    return tuple(_ring(r) for r in raw)


def _ring(raw: Any) -> Ring:
    if not isinstance(raw, list) or len(raw) < 4:
        raise GeometryError("a ring needs at least four positions")
    return tuple(_position(p) for p in raw)


def _position(raw: Any) -> Point:
    if not isinstance(raw, list) or len(raw) < 2:
        raise GeometryError("a position needs longitude and latitude")
    lon, lat = raw[0], raw[1]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat)):
        raise GeometryError("coordinates must be numbers")
    if not (math.isfinite(lon) and math.isfinite(lat)) or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GeometryError("coordinates out of range")
    return float(lon), float(lat)


def bbox_of(polygons: Sequence[Polygon]) -> BBox:
    """The bounding box of `polygons` (outer rings)."""
    points = [p for polygon in polygons for p in polygon[0]]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def union_bbox(boxes: Sequence[BBox]) -> BBox:
    """The box around all `boxes`."""
    return (
        min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)
    )


def point_in_polygons(point: Point, polygons: Sequence[Polygon]) -> bool:
    """Whether `point` lies inside one of `polygons` (even-odd rule, holes respected)."""
    return any(sum(_in_ring(point, ring) for ring in polygon) % 2 == 1 for polygon in polygons)


def _in_ring(point: Point, ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection of a box onto an SVG canvas `width` × `height` (y grows down)."""

    bbox: BBox
    width: float
    height: float
    scale: float
    padding: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        """Canvas coordinates of (lon, lat)."""
        mid_lat = math.radians((self.bbox[1] + self.bbox[3]) / 2)
        x = self.padding + (lon - self.bbox[0]) * math.cos(mid_lat) * self.scale
        y = self.padding + (self.bbox[3] - lat) * self.scale
        return x, y

    def metres_to_pixels(self, metres: float) -> float:
        """Length on the canvas of `metres` on the ground."""
        return math.degrees(metres / EARTH_RADIUS_M) * self.scale


def fit_projection(bbox: BBox, width: float = 640, padding: float = 12) -> Projection:
    """A projection fitting `bbox` into `width` pixels, the height following the shape's aspect.

    Args:
        bbox: (min_lon, min_lat, max_lon, max_lat).
        width: canvas width in pixels.
        padding: margin around the shapes in pixels.
    """
    mid_lat = math.radians((bbox[1] + bbox[3]) / 2)
    span_x = max((bbox[2] - bbox[0]) * math.cos(mid_lat), 1e-9)
    span_y = max(bbox[3] - bbox[1], 1e-9)
    inner = width - 2 * padding
    scale = inner / span_x
    height = span_y * scale
    if height > inner * 1.5:  # tall shapes: limit the height, narrow the drawing instead
        scale = inner * 1.5 / span_y
        height = inner * 1.5
        width = round(span_x * scale + 2 * padding, 1)
    return Projection(bbox, width, round(height + 2 * padding, 1), scale, padding)


def path_data(polygons: Sequence[Polygon], projection: Projection) -> str:
    """SVG path data for `polygons` (use fill-rule evenodd so holes stay open)."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            coords = [projection(lon, lat) for lon, lat in ring]
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f"M{points}Z")
    return "".join(parts)


def label_point(polygons: Sequence[Polygon]) -> Point:
    """Where to write a shape's name: the area-weighted centroid of its largest polygon's outer ring."""
    ring = max((p[0] for p in polygons), key=lambda r: abs(_signed_area(r)))
    area = _signed_area(ring)
    if abs(area) < 1e-15:
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)


def _signed_area(ring: Ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def class_breaks(values: Sequence[int], classes: int = len(PALETTE)) -> tuple[int, ...]:
    """Upper bounds of equal-interval classes over `values` (at most `classes`, at least one)."""
    if not values:
        return (0,)
    low, high = min(values), max(values)
    if high == low:
        return (high,)
    step = (high - low) / classes
    bounds = sorted({math.ceil(low + step * (i + 1)) for i in range(classes)})
    bounds[-1] = high
    return tuple(bounds)


def fill_for(value: int | None, breaks: Sequence[int]) -> str:
    """Colour of `value` in the classes `breaks`; None (under the privacy floor) is neutral grey."""
    if value is None:
        return NEUTRAL
    palette = PALETTE[-len(breaks):] if len(breaks) <= len(PALETTE) else PALETTE
    for bound, colour in zip(breaks, palette, strict=False):
        if value <= bound:
            return colour
    return palette[-1]


@dataclass(frozen=True)
class MapArea:
    """One area to draw: its outline, fill, hover/AT title and optional link."""

    name: str
    polygons: tuple[Polygon, ...]
    title: str
    fill: str = PLAIN
    href: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MapCircle:
    """A circle on the map, e.g. a hot spot; `radius_m` on the ground."""

    lon: float
    lat: float
    radius_m: float
    title: str


@dataclass(frozen=True)
class LegendEntry:
    """A colour swatch and what it means."""

    colour: str
    label: str


def render_svg(
    areas: Sequence[MapArea],
    *,
    title: str,
    circles: Sequence[MapCircle] = (),
    legend: Sequence[LegendEntry] = (),
    width: float = 640,
    labels: bool = True,
) -> str:
    """A standalone SVG map of `areas`, with optional circles and a legend below.

    Args:
        areas: the shapes with fills, titles and links; drawn in the given order.
        title: the map's accessible name.
        circles: hot spots or other places, drawn above the areas.
        legend: swatches listed under the map.
        width: canvas width in pixels.
        labels: whether to write each area's name on it.

    Returns:
        SVG markup; every text is escaped. Only presentation attributes, no style, no script.
    """
    if not areas:
        raise GeometryError("nothing to draw")
    projection = fit_projection(union_bbox([bbox_of(a.polygons) for a in areas]), width)
    width = max(projection.width, 240.0)  # room for the legend's texts
    legend_top = projection.height + 8
    # A picture for assistive technology, unless its areas are links to choose from.
    role = "group" if any(a.href is not None for a in areas) else "img"
    height = legend_top + (len(legend) * 22 + 8 if legend else 0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:.1f}" '
        f'width="{width:g}" height="{height:.1f}" role="{role}" aria-label={quoteattr(title)} '
        f'font-family="system-ui, sans-serif" font-size="12" '
        f'data-projection="{_projection_data(projection)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width:g}" height="{height:.1f}" fill="#ffffff"/>',
        '<g stroke="#333333" stroke-width="1" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    out += [_area(area, projection) for area in areas]
    out.append("</g>")
    out += [_circle(c, projection) for c in circles]
    if labels:
        out.append(_labels(areas, projection))
    out += [_legend_entry(entry, legend_top + i * 22) for i, entry in enumerate(legend)]
    out.append("</svg>")
    return "\n".join(out)


def message_svg(text: str, width: float = 640, height: float = 80) -> str:
    """A placeholder SVG carrying only `text`, for when there is nothing to draw."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" width="{width:g}" '
        f'height="{height:g}" role="img" font-family="system-ui, sans-serif" font-size="14">'
        f"<title>{escape(text)}</title>"
        f'<rect width="{width:g}" height="{height:g}" fill="#f4f4f4"/>'
        f'<text x="{width / 2:g}" y="{height / 2:g}" text-anchor="middle" dominant-baseline="middle" '
        f'fill="#333333">{escape(text)}</text></svg>'
    )


def _projection_data(projection: Projection) -> str:
    """What a script needs to turn a click back into (lon, lat): see Projection.__call__."""
    cos = math.cos(math.radians((projection.bbox[1] + projection.bbox[3]) / 2))
    box = projection.bbox
    return f"{box[0]:.6f} {box[3]:.6f} {projection.scale:.4f} {projection.padding:g} {cos:.6f}"


def _area(area: MapArea, projection: Projection) -> str:
    extra = "".join(f" {name}={quoteattr(value)}" for name, value in sorted(area.attributes.items()))
    path = (
        f'<path d="{path_data(area.polygons, projection)}" fill="{area.fill}">'
        f"<title>{escape(area.title)}</title></path>"
    )
    if area.href is None:
        return f"<g{extra}>{path}</g>"
    return f"<a href={quoteattr(area.href)} aria-label={quoteattr(area.title)}{extra}>{path}</a>"


def _labels(areas: Sequence[MapArea], projection: Projection) -> str:
    texts = []
    for area in areas:
        x, y = projection(*label_point(area.polygons))
        texts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" dominant-baseline="middle">'
            f"{escape(area.name)}</text>"
        )
    return (
        '<g aria-hidden="true" fill="#111111" stroke="#ffffff" stroke-width="3" '
        'paint-order="stroke" pointer-events="none">' + "".join(texts) + "</g>"
    )


def _circle(circle: MapCircle, projection: Projection) -> str:
    x, y = projection(circle.lon, circle.lat)
    radius = max(projection.metres_to_pixels(circle.radius_m), 6.0)
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{HOTSPOT}" fill-opacity="0.35" '
        f'stroke="{HOTSPOT}" stroke-width="2"><title>{escape(circle.title)}</title></circle>'
    )


def _legend_entry(entry: LegendEntry, top: float) -> str:
    return (
        f'<rect x="12" y="{top:.1f}" width="16" height="16" fill="{entry.colour}" stroke="#333333"/>'
        f'<text x="36" y="{top + 12:.1f}" fill="#111111">{escape(entry.label)}</text>'
    )
