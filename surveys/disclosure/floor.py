"""The privacy floor: no figure is shown for a group smaller than the minimum size."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from analysis.hotspots import HotSpot, LatLon

ABSOLUTE_MIN_GROUP = 3
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Count:
    """A count that may be suppressed; `value` is None when hidden.

    `small` says whether the hidden value is known to be under the floor, so that it
    may truthfully be called "fewer than N". A count hidden only so that another
    cannot be worked out (secondary suppression) may be large: it is merely "hidden".
    When a table needed secondary suppression, every hidden cell in it is marked not
    small, so the wording does not tell which of them is the small one.
    """

    value: int | None
    min_group: int
    small: bool = True

    @property
    def hidden(self) -> bool:
        """Whether the count is below the privacy floor."""
        return self.value is None


def effective_min_group(configured: int) -> int:
    """The configured floor, never below ABSOLUTE_MIN_GROUP."""
    return max(ABSOLUTE_MIN_GROUP, int(configured))


class Floor(int):
    """The privacy floor in force: the smallest group any figure may stand for.

    Made from the configured value with ABSOLUTE_MIN_GROUP applied, once, where the web
    layer or a command starts (`app.config.privacy_floor`); the domain receives it and hands
    it to the guards here. It is an int so that every `min_group` parameter takes it as it
    is; code outside this layer asks it questions (`hides`, `too_small`) or passes it on,
    and never compares counts with the floor itself.
    """

    def __new__(cls, configured: int) -> Floor:
        return super().__new__(cls, effective_min_group(configured))

    def guard(self, count: int) -> Count:
        """`count` guarded under this floor (see `guard`)."""
        return guard(count, self)

    def hides(self, count: int) -> bool:
        """Whether a count of `count` people must not be shown (0 < count < floor)."""
        return 0 < count < self

    def too_small(self, people: int) -> bool:
        """Whether a group of `people` is too small for anything to be shown about it, nobody included."""
        return people < self


def floor_of(config: Mapping[str, object]) -> Floor:
    """The floor of an application's configuration (its PRIVACY_MIN_GROUP)."""
    configured = config["PRIVACY_MIN_GROUP"]
    if not isinstance(configured, int):
        raise TypeError("PRIVACY_MIN_GROUP must be a whole number")
    return Floor(configured)


def guard(count: int, min_group: int) -> Count:
    """Wrap `count`, hiding it when 0 < count < min_group.

    Zero is shown: it reveals nobody.
    """
    floor = effective_min_group(min_group)
    return Count(value=count if count == 0 or count >= floor else None, min_group=floor)


def share(part: int, whole: int, min_group: int) -> float | None:
    """part/whole, or None when either side is under the privacy floor."""
    floor = effective_min_group(min_group)
    if whole < floor or (0 < part < floor):
        return None
    return part / whole if whole else 0.0


def _needs_more(values: list[int], hidden: set, keys: list, floor: int) -> bool:
    """Whether the hidden cells of one line (whose total is shown) can still be worked out.

    A single hidden non-zero cell equals the total minus the shown cells; several hidden
    cells whose sum is under the floor together reveal a group smaller than the floor.
    """
    hidden_values = [v for v, k in zip(values, keys, strict=True) if k in hidden]
    hidden_sum = sum(hidden_values)
    hidden_non_zero = sum(1 for v in hidden_values if v > 0)
    return hidden_sum > 0 and (hidden_non_zero == 1 or hidden_sum < floor)


def _complement(cells: Mapping, lines: list[list], floor: int) -> set:
    """Primary suppression under the floor, then secondary suppression along every line.

    While some line (a row, a column, a set of parts with a shown total) has hidden
    cells that could be worked out from its total, its smallest shown non-zero cell
    is hidden too.
    """
    hidden = {key for key, n in cells.items() if 0 < n < floor}
    changed = True
    while changed:
        changed = False
        for keys in lines:
            if not _needs_more([cells[k] for k in keys], hidden, keys, floor):
                continue
            shown = sorted((cells[k], str(k), k) for k in keys if k not in hidden and cells[k] > 0)
            if shown:
                hidden.add(shown[0][2])
                changed = True
    return hidden


def guard_parts(parts: Mapping[str, int], min_group: int) -> dict[str, Count]:
    """Guard the parts of a shown total (counts per area, say), by key.

    Parts under the floor are hidden. While the hidden parts could be worked out from
    the total (a single hidden part, or hidden parts adding up to less than the floor),
    the smallest shown part is hidden too.
    """
    floor = effective_min_group(min_group)
    hidden = _complement(parts, [list(parts)], floor)
    return _guarded(parts, hidden, floor, sorted(parts))


def hidden_last(items: Sequence[tuple[K, Count]], name: Callable[[K], str] = str) -> list[tuple[K, Count]]:
    """`items` (in order of size) with the hidden figures moved last, in order of `name`.

    Listed by size, hidden figures would tell which of them is larger, and that a hidden one
    is larger than a shown one when they are not all shown last.
    """
    shown = [item for item in items if not item[1].hidden]
    hidden = sorted((item for item in items if item[1].hidden), key=lambda item: name(item[0]))
    return shown + hidden


def derived_from_parts(
    parts: Mapping[str, int], guarded: Mapping[str, Count], upper: Collection[str]
) -> tuple[bool, bool]:
    """Whether a share of the `upper` parts and a mean of the parts may be shown beside them.

    `guarded` is what `guard_parts` made of `parts` (with their total shown). The share of
    the upper parts adds nothing to what is shown only when every hidden part lies on one
    side of the split, and each side is empty or at least the floor; a mean is a second
    equation over the hidden parts, so it is shown only when no part is hidden.

    Returns:
        (share may be shown, mean may be shown)
    """
    hidden = {key for key, count in guarded.items() if count.hidden}
    if not sum(parts.values()) or len(hidden) == len(guarded):
        return False, False
    floor = next(iter(guarded.values())).min_group
    inside = sum(n for key, n in parts.items() if key in upper)
    outside = sum(parts.values()) - inside
    sides_safe = all(n == 0 or n >= floor for n in (inside, outside))
    one_side = not hidden or hidden <= set(upper) or not hidden & set(upper)
    return sides_safe and one_side, not hidden


def guard_table(cells: Mapping[tuple[str, str], int], min_group: int) -> dict[tuple[str, str], Count]:
    """Guard a two-way table whose row and column totals are shown elsewhere.

    Cells under the floor are hidden; then, while the hidden cells of some row or
    column could be worked out from its total (see `guard_parts`), its smallest shown
    non-zero cell is hidden too.
    """
    floor = effective_min_group(min_group)
    lines: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for key in cells:
        lines.setdefault((0, key[0]), []).append(key)
        lines.setdefault((1, key[1]), []).append(key)
    hidden = _complement(cells, list(lines.values()), floor)
    return _guarded(cells, hidden, floor, list(cells))


def suppress_lines(
    cells: Mapping[K, int],
    lines: Sequence[tuple[Sequence[K], int]],
    min_group: int,
    hidden: Collection[K] = (),
) -> set[K]:
    """The cells to hide so that no line's shown total gives its hidden cells away.

    Each line is its cells and the total shown for it (a column's "n ="): the total may
    exceed the sum of the cells (people who raised nothing), and that rest, never shown,
    is counted with the hidden cells once one of them is hidden. Cells under the floor and
    `hidden` are hidden; then, while the hidden cells of some line (with its rest) are a
    single non-zero figure or add up to less than the floor, or the total minus the shown
    cells is 1..floor-1 (cells may overlap: one person in two of them), its smallest shown
    non-zero cell is hidden too.
    """
    floor = effective_min_group(min_group)
    chosen = set(hidden) | {key for key, n in cells.items() if 0 < n < floor}
    changed = True
    while changed:
        changed = False
        for keys, total in lines:
            hidden_values = [cells[k] for k in keys if k in chosen]
            if not any(hidden_values):
                continue
            rest = max(0, total - sum(cells[k] for k in keys))
            values = [v for v in (*hidden_values, rest) if v > 0]
            # What a reader works out: the total minus the cells shown. Where one person may
            # count in several cells (an answer raising two areas), that is not the hidden
            # cells' sum, and with one cell shown it is exactly the people not in it.
            worked_out = total - sum(cells[k] for k in keys if k not in chosen)
            if len(values) > 1 and sum(values) >= floor and not 0 < worked_out < floor:
                continue
            shown = sorted((cells[k], str(k), k) for k in keys if k not in chosen and cells[k] > 0)
            if shown:
                chosen.add(shown[0][2])
                changed = True
    return chosen


def _guarded(cells: Mapping, hidden: set, floor: int, order: list) -> dict:
    """Counts in `order`; hidden ones not called small when any was hidden as a complement."""
    small = all(0 < cells[k] < floor for k in hidden)
    return {key: Count(None, floor, small) if key in hidden else guard(cells[key], floor) for key in order}


def guard_relations(
    values: Mapping[Hashable, int],
    relations: Sequence[tuple[Hashable, Sequence[Hashable]]],
    min_group: int,
    never_shown: Collection[Hashable] = (),
    sacrifice_first: Collection[Hashable] = (),
) -> dict[Hashable, Count]:
    """Guard figures tied together by sums shown on the same page or document.

    `values` holds every figure that may be shown, totals included; each relation says
    that a total equals the sum of its parts (an area's incidents are the sum of its
    cells; the period's total is the sum of the areas). Figures under the floor are
    hidden; then, while some relation lets a hidden figure be worked out, or its hidden
    parts add up to less than the floor while its total shows, its smallest shown
    non-zero member is hidden too. A total that is itself hidden still ties its parts:
    hiding it alone is not enough when all parts show. A total in `sacrifice_first` is
    hidden before its parts when they are not in it themselves (a quarter's figure before
    one of its months).
    """
    floor = effective_min_group(min_group)
    # A figure never shown is unknown to the reader, but when it is at least the floor
    # it reveals nobody even if worked out: it counts as hidden only when it is small.
    unshown = set(never_shown)
    preferred = set(sacrifice_first)  # totals hidden before their parts (a quarter before a month)
    hidden = {key for key, n in values.items() if 0 < n < floor}
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            members = [total, *parts]
            hidden_members = [k for k in members if k in hidden and values[k] > 0]
            if not hidden_members:
                continue
            hidden_parts = sum(values[k] for k in parts if k in hidden)
            exposed = len(hidden_members) == 1 or (total not in hidden and 0 < hidden_parts < floor)
            if not exposed:
                continue
            candidates = [k for k in parts if k not in hidden and k not in unshown and values[k] > 0]
            shown = sorted((values[k], str(k), k) for k in candidates)
            total_can_go = total not in hidden and values[total] > 0
            goes_first = total in preferred and not any(k in preferred for k in parts)
            if total_can_go and (not shown or goes_first):
                shown = [(values[total], str(total), total)]
            if shown:
                hidden.add(shown[0][2])
                changed = True
    small = all(0 < values[k] < floor for k in hidden - unshown)
    return {
        key: Count(None, floor, small) if key in hidden or key in unshown else guard(n, floor)
        for key, n in values.items()
    }


def guard_hotspots(points: Sequence[LatLon], min_group: int, *, eps_m: float) -> list[HotSpot]:
    """Hot spots of (lat, lon) points, each standing for at least the floor of points.

    The floor is also the clustering's core-point threshold, so a group under it never
    becomes a spot, and a single point is never shown.
    """
    from analysis.hotspots import find_hotspots  # numpy only where hot spots are drawn

    return find_hotspots(points, min_samples=effective_min_group(min_group), eps_m=eps_m)


def guard_hotspots_in_areas(
    points_by_area: Mapping[str | None, Sequence[LatLon]],
    area_figures: Mapping[str, Count],
    min_group: int,
    *,
    eps_m: float,
    total: Count | None = None,
) -> list[HotSpot]:
    """Hot spots found within each area, shown only where the figures beside them give nothing away.

    A hot spot's points are part of its area's figure, so an area's shown figure minus its
    spots is the number of the area's points outside them (and a shown total minus every
    spot, the points outside all of them). While such a rest is 1..floor-1, the smallest
    spot concerned is left out. Points of no area (key None) form spots tied only to `total`.
    Largest first, as `guard_hotspots`.
    """
    floor = effective_min_group(min_group)
    spots: list[HotSpot] = []
    for area, points in points_by_area.items():
        found = guard_hotspots(points, floor, eps_m=eps_m)
        figure = area_figures.get(area) if area is not None else None
        _drop_while_exposed(found, figure, floor)
        spots += found
    spots.sort(key=lambda s: (-s.count, s.latitude, s.longitude))
    _drop_while_exposed(spots, total, floor)
    return spots


def _drop_while_exposed(spots: list[HotSpot], figure: Count | None, floor: int) -> None:
    """Leave out the smallest of `spots` (largest first) while `figure` minus them is 1..floor-1."""
    if figure is None or figure.value is None:
        return
    while spots and 0 < figure.value - sum(s.count for s in spots) < floor:
        spots.pop()
