"""Maps drawn by the product itself: projection, SVG paths, a choropleth and optional tiles.

Coordinates are WGS 84 (longitude, latitude) as in GeoJSON. A municipality is small
enough for an equirectangular projection with longitudes scaled by cos(mid latitude).
Pure and deterministic: shapes and figures in, SVG text out. A configured tile server
only adds <image> references for the browser; nothing here fetches anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple
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
TILE_PX = 256  # the side of a slippy-map tile as servers deliver it
MAX_TILES = 40  # a map never asks the tile server for more than this
MAX_TILE_ZOOM = 19  # the deepest zoom common tile servers offer
MERCATOR_MAX_LAT = 85.0511287798  # Web Mercator's square world ends here
AREA_OPACITY_OVER_TILES = "0.6"  # fills stay readable while the streets below show through


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
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
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

    def inverse(self, x: float, y: float) -> Point:
        """(lon, lat) of the canvas point (x, y): the inverse of calling the projection."""
        mid_lat = math.radians((self.bbox[1] + self.bbox[3]) / 2)
        lon = self.bbox[0] + (x - self.padding) / (math.cos(mid_lat) * self.scale)
        lat = self.bbox[3] - (y - self.padding) / self.scale
        return lon, lat


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


@dataclass(frozen=True)
class Tile:
    """One slippy-map tile (the z/x/y scheme of OpenStreetMap-like servers)."""

    zoom: int
    x: int
    y: int


@dataclass(frozen=True)
class TileLayer:
    """A tile server to draw under the areas: a URL template with {z}, {x}, {y} (and maybe {s})."""

    url: str
    attribution: str = ""


def tile_xy(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """Fractional tile coordinates of (lon, lat) at `zoom` (Web Mercator; latitude clamped to its square)."""
    n = 2**zoom
    lat = max(-MERCATOR_MAX_LAT, min(MERCATOR_MAX_LAT, lat))
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return x, y


def tile_corner(x: int, y: int, zoom: int) -> Point:
    """(lon, lat) of the north-west corner of tile (x, y); (x + 1, y + 1) gives its south-east corner."""
    n = 2**zoom
    lon = x / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    return lon, lat


def tiles_covering(bbox: BBox, zoom: int) -> list[Tile]:
    """The tiles at `zoom` that together cover `bbox`, row by row from the north-west."""
    n = 2**zoom
    x0, y0 = tile_xy(bbox[0], bbox[3], zoom)
    x1, y1 = tile_xy(bbox[2], bbox[1], zoom)

    def clamp(value: float) -> int:
        return max(0, min(n - 1, math.floor(value)))

    # An edge lying exactly on a tile border needs no tile beyond it.
    last_x = clamp(x1 - 1e-9) if x1 > x0 else clamp(x0)
    last_y = clamp(y1 - 1e-9) if y1 > y0 else clamp(y0)
    return [Tile(zoom, x, y) for y in range(clamp(y0), last_y + 1) for x in range(clamp(x0), last_x + 1)]


def tile_zoom(projection: Projection, bbox: BBox, max_tiles: int = MAX_TILES) -> int:
    """The zoom whose tiles come out about TILE_PX wide on the canvas, at most `max_tiles` covering `bbox`.

    At zoom z a tile spans 360 / 2**z degrees of longitude, which the projection draws
    360 / 2**z × cos(mid latitude) × scale pixels wide; solve that for TILE_PX.
    """
    cos_mid = math.cos(math.radians((projection.bbox[1] + projection.bbox[3]) / 2))
    pixels_per_degree = max(cos_mid * projection.scale, 1e-12)
    ideal = math.log2(360.0 * pixels_per_degree / TILE_PX)
    zoom = max(0, min(MAX_TILE_ZOOM, round(ideal)))
    while zoom > 0 and len(tiles_covering(bbox, zoom)) > max_tiles:
        zoom -= 1
    return zoom


def tile_url(template: str, tile: Tile) -> str:
    """The URL of `tile` from a template with {z}, {x}, {y}; {s} picks one of the sub-domains a, b, c."""
    subdomain = "abc"[(tile.x + tile.y) % 3]
    return (
        template.replace("{z}", str(tile.zoom))
        .replace("{x}", str(tile.x))
        .replace("{y}", str(tile.y))
        .replace("{s}", subdomain)
        .replace("{r}", "")
    )


def tile_images(layer: TileLayer, projection: Projection, width: float, height: float) -> str:
    """SVG <image> elements drawing the tiles under a `width` × `height` canvas drawn by `projection`.

    Tiles are Web Mercator and the canvas is equirectangular, so the two disagree over a
    whole municipality: Mercator's north-south scale grows with 1/cos(latitude). Each
    tile, however, is placed by projecting its own two corners, so what remains is the
    disagreement *inside* one tile. Both put longitude linearly, so east-west is exact;
    north-south, stretching a tile linearly between its corners misplaces a point by at
    most about tan(latitude) × (the tile's span in radians) / 8 of the tile's height. Even
    a tile spanning a whole degree at 68° N (all of Kiruna on one map) is off by ~0.5 %,
    about one pixel of 256: negligible against the streets it shows. Neighbouring tiles
    share corners, so the mosaic has no gaps.
    """
    box = _canvas_bbox(projection, width, height)
    zoom = tile_zoom(projection, box)
    images = []
    for tile in tiles_covering(box, zoom):
        x0, y0 = projection(*tile_corner(tile.x, tile.y, zoom))
        x1, y1 = projection(*tile_corner(tile.x + 1, tile.y + 1, zoom))
        images.append(
            f'<image href={quoteattr(tile_url(layer.url, tile))} x="{x0:.1f}" y="{y0:.1f}" '
            f'width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" preserveAspectRatio="none"/>'
        )
    # A nested <svg> clips the mosaic to the map (not over the legend) without needing an id,
    # so several maps can share one page. The tiles are background: hidden from assistive tech.
    return (
        f'<svg x="0" y="0" width="{width:g}" height="{height:.1f}" overflow="hidden" aria-hidden="true" '
        f'class="map-tiles">' + "".join(images) + "</svg>"
    )


def _canvas_bbox(projection: Projection, width: float, height: float) -> BBox:
    west, north = projection.inverse(0, 0)
    east, south = projection.inverse(width, height)
    return max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0)


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


def label_anchor(polygons: Sequence[Polygon], steps: int = 24) -> Point:
    """Where to write an area's name, always inside it: its centroid (`label_point`), or, when
    that falls outside (a ring-shaped area round a town, say), the point of a grid over it
    farthest from its edges."""
    centre = label_point(polygons)
    if point_in_polygons(centre, polygons):
        return centre
    min_lon, min_lat, max_lon, max_lat = bbox_of(polygons)
    cos = math.cos(math.radians((min_lat + max_lat) / 2))
    edges = [
        ((x1 * cos, y1), (x2 * cos, y2))
        for polygon in polygons
        for ring in polygon
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    ]
    best, room = centre, -1.0
    for i in range(1, steps):
        for j in range(1, steps):
            point = (min_lon + (max_lon - min_lon) * i / steps, min_lat + (max_lat - min_lat) * j / steps)
            if not point_in_polygons(point, polygons):
                continue
            distance = min(_to_segment((point[0] * cos, point[1]), a, b) for a, b in edges)
            if distance > room:
                best, room = point, distance
    return best


def _to_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if not length else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


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
    palette = PALETTE[-len(breaks) :] if len(breaks) <= len(PALETTE) else PALETTE
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
    label_at: Point | None = None  # where its name goes; None: `label_anchor` of its outline


@dataclass(frozen=True)
class MapCircle:
    """A circle on the map, e.g. a hot spot; `radius_m` on the ground."""

    lon: float
    lat: float
    radius_m: float
    title: str


class LegendEntry(NamedTuple):
    """A colour swatch and what it means; `hatched` swatches stand for hidden figures."""

    colour: str
    label: str
    hatched: bool = False


def render_svg(
    areas: Sequence[MapArea],
    *,
    title: str,
    circles: Sequence[MapCircle] = (),
    legend: Sequence[LegendEntry] = (),
    width: float = 640,
    labels: bool = True,
    tiles: TileLayer | None = None,
) -> str:
    """A standalone SVG map of `areas`, with optional circles and a legend below.

    Args:
        areas: the shapes with fills, titles and links; drawn in the given order.
        title: the map's accessible name.
        circles: hot spots or other places, drawn above the areas.
        legend: swatches listed under the map.
        width: canvas width in pixels.
        labels: whether to write each area's name on it.
        tiles: a tile server to draw under the areas (then filled semi-transparently),
            with its attribution written on the map; None draws no background.

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
    ]
    if tiles is not None:
        out.append(tile_images(tiles, projection, width, projection.height))
    opacity = f' fill-opacity="{AREA_OPACITY_OVER_TILES}"' if tiles is not None else ""
    out.append(f'<g stroke="#333333" stroke-width="1" stroke-linejoin="round" fill-rule="evenodd"{opacity}>')
    out += [_area(area, projection) for area in areas]
    out.append("</g>")
    out += [_circle(c, projection) for c in circles]
    if labels:
        out.append(_labels(areas, projection))
    if tiles is not None and tiles.attribution:
        out.append(_attribution(tiles.attribution, width, projection.height))
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
        x, y = projection(*(area.label_at or label_anchor(area.polygons)))
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


def _attribution(text: str, width: float, bottom: float) -> str:
    """The tile server's credit in the map's lower right corner, legible on any tile."""
    return (
        f'<text x="{width - 4:g}" y="{bottom - 4:.1f}" text-anchor="end" font-size="10" fill="#111111" '
        f'stroke="#ffffff" stroke-width="3" paint-order="stroke" class="map-attribution">'
        f"{escape(text)}</text>"
    )


def _legend_entry(entry: LegendEntry, top: float) -> str:
    return (
        f'<rect x="12" y="{top:.1f}" width="16" height="16" fill="{entry.colour}" stroke="#333333"/>'
        f'<text x="36" y="{top + 12:.1f}" fill="#111111">{escape(entry.label)}</text>'
    )
