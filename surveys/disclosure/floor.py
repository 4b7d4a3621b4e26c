"""The privacy floor: no figure is shown for a group smaller than the minimum size."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ABSOLUTE_MIN_GROUP = 3


@dataclass(frozen=True)
class Count:
    """A count that may be suppressed; `value` is None when hidden."""

    value: int | None
    min_group: int

    @property
    def hidden(self) -> bool:
        """Whether the count is below the privacy floor."""
        return self.value is None


def effective_min_group(configured: int) -> int:
    """The configured floor, never below ABSOLUTE_MIN_GROUP."""
    return max(ABSOLUTE_MIN_GROUP, int(configured))


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


def guard_parts(parts: Mapping[str, int], min_group: int) -> dict[str, Count]:
    """Guard the parts of a shown total (counts per area, say), by key.

    Parts under the floor are hidden. When exactly one part is hidden, the smallest
    shown part is hidden too, so the total minus the shown parts cannot reveal it.
    """
    floor = effective_min_group(min_group)
    hidden = {key for key, n in parts.items() if 0 < n < floor}
    if len(hidden) == 1:
        shown = sorted((n, key) for key, n in parts.items() if key not in hidden and n > 0)
        if shown:
            hidden.add(shown[0][1])
    return {key: Count(None, floor) if key in hidden else guard(n, floor) for key, n in sorted(parts.items())}


def guard_table(cells: Mapping[tuple[str, str], int], min_group: int) -> dict[tuple[str, str], Count]:
    """Guard a two-way table whose row and column totals are shown elsewhere.

    Cells under the floor are hidden; then, while some row or column has exactly one
    hidden cell, its smallest shown non-zero cell is hidden too, so no total minus the
    shown cells reveals a hidden one.
    """
    floor = effective_min_group(min_group)
    hidden = {key for key, n in cells.items() if 0 < n < floor}
    lines: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for key in cells:
        lines.setdefault((0, key[0]), []).append(key)
        lines.setdefault((1, key[1]), []).append(key)
    changed = True
    while changed:
        changed = False
        for keys in lines.values():
            if sum(1 for k in keys if k in hidden) != 1:
                continue
            shown = sorted((cells[k], k) for k in keys if k not in hidden and cells[k] > 0)
            if shown:
                hidden.add(shown[0][1])
                changed = True
    return {key: Count(None, floor) if key in hidden else guard(n, floor) for key, n in cells.items()}
