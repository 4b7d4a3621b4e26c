"""Which outlined area a point lies in: the one lookup behind every map, form and import.

Built on `analysis.geo.point_in_polygons` (even-odd rule, holes respected). A point on an
edge two areas share falls in exactly one of them, the same one everywhere; a point inside
no outline lies in no area (None): the outlines need not cover the whole municipality, and
nothing guesses the nearest one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analysis.geo import BBox, Polygon, bbox_of, point_in_polygons


@dataclass(frozen=True)
class AreaLookup:
    """An organisation's area outlines, ready for "which area is this point in?"."""

    shapes: tuple[tuple[str, BBox, tuple[Polygon, ...]], ...] = ()

    @classmethod
    def of(cls, polygons: Mapping[str, Sequence[Polygon]]) -> AreaLookup:
        """A lookup over area name → polygons; overlapping outlines go to the first in that order."""
        return cls(tuple((name, bbox_of(polys), tuple(polys)) for name, polys in polygons.items()))

    def __bool__(self) -> bool:
        return bool(self.shapes)

    def area_at(self, latitude: float, longitude: float) -> str | None:
        """The name of the area whose outline contains the point, or None."""
        for name, (west, south, east, north), polygons in self.shapes:
            # The box test first: an import of thousands of rows must not walk every ring.
            if west <= longitude <= east and south <= latitude <= north:
                if point_in_polygons((longitude, latitude), polygons):
                    return name
        return None
