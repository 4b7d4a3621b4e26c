"""Secondary suppression: no hidden figure follows from the totals shown beside it (property-based)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.disclosure.floor import guard_parts, guard_relations, guard_table

FLOOR = 5
counts = st.integers(min_value=0, max_value=30)


def _line_is_safe(total: int | None, parts: list) -> bool:
    """A shown total minus shown parts never isolates one hidden part, nor 1-4 people."""
    hidden = [p for p in parts if p.hidden]
    if total is not None and 0 < total < FLOOR:
        total = None  # a total under the floor is itself hidden wherever it would be shown
    if total is None or not hidden:
        return True
    rest = total - sum(p.value for p in parts if not p.hidden)
    return rest == 0 or (len(hidden) >= 2 and rest >= FLOOR)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from("ABCDEFG"), counts, min_size=1, max_size=7))
def test_guard_parts(parts):
    guarded = guard_parts(parts, FLOOR)
    assert _line_is_safe(sum(parts.values()), list(guarded.values()))
    for key, count in guarded.items():
        assert count.hidden or count.value == parts[key]
        assert not count.hidden or not count.small or 0 < parts[key] < FLOOR


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(counts, min_size=1, max_size=4), min_size=1, max_size=4).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_guard_table_and_relations_with_shown_margins(rows):
    cells = {(f"r{i}", f"c{j}"): n for i, row in enumerate(rows) for j, n in enumerate(row)}
    table = guard_table(cells, FLOOR)
    row_keys = sorted({k[0] for k in cells})
    col_keys = sorted({k[1] for k in cells})
    # guard_table cannot hide a margin, so a line with a single non-zero cell is only safe
    # under guard_relations (below), which the pages use; guard_table is checked elsewhere.
    lines = [[(r, c) for c in col_keys] for r in row_keys] + [[(r, c) for r in row_keys] for c in col_keys]
    for line in lines:
        if sum(1 for k in line if cells[k]) >= 2 and all(
            sum(1 for k in other if cells[k]) >= 2 for other in lines if set(other) & set(line)
        ):
            assert _line_is_safe(sum(cells[k] for k in line), [table[k] for k in line])
    # The same table with its margins as figures that may themselves be hidden.
    values = dict(cells)
    values |= {("row", r): sum(cells[(r, c)] for c in col_keys) for r in row_keys}
    values |= {("col", c): sum(cells[(r, c)] for r in row_keys) for c in col_keys}
    values[("total",)] = sum(cells.values())
    relations = [(("row", r), [(r, c) for c in col_keys]) for r in row_keys]
    relations += [(("col", c), [(r, c) for r in row_keys]) for c in col_keys]
    relations += [(("total",), [("row", r) for r in row_keys]), (("total",), [("col", c) for c in col_keys])]
    guarded = guard_relations(values, relations, FLOOR)
    for total, parts in relations:
        shown_total = None if guarded[total].hidden else guarded[total].value
        assert _line_is_safe(shown_total, [guarded[p] for p in parts])
        if guarded[total].hidden and values[total] > 0:
            # A hidden total is not the sum of fully shown parts.
            assert any(guarded[p].hidden for p in parts if values[p] > 0) or not any(values[p] for p in parts)
