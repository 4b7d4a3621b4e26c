"""Cross-tabs of problem areas by group, area, language, age band, channel and question.

Every figure passes the privacy floor: counts of 1 to (floor - 1) respondents are
never shown, and a filtered view must leave out either nobody or at least a floor
of respondents, so that two allowed views cannot be subtracted to reveal a few.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from surveys.disclosure.floor import Count, effective_min_group, guard
from surveys.insights.rounds import Respondent, RoundData

DIMENSIONS = ("group", "area", "language", "age_band", "channel", "question")
RESPONDENT_DIMENSIONS = ("group", "area", "language", "age_band", "channel")


class FilterTooNarrow(ValueError):
    """A filter would show figures about fewer respondents than the privacy floor allows."""


@dataclass(frozen=True)
class Cell:
    """A privacy-guarded count with its share of the column."""

    count: Count
    share: float | None


@dataclass(frozen=True)
class BreakdownTable:
    """Areas (rows) by the values of one dimension (columns)."""

    dimension: str | None
    columns: tuple[str, ...]
    totals: Mapping[str, Count]
    rows: tuple[tuple[str, Mapping[str, Cell]], ...]


def raisers(data: RoundData) -> dict[str, dict[int, set[str]]]:
    """theme → response id → question ids in which the respondent raised it."""
    found: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for state in data.states:
        for answer in state.counted_answers():
            for theme in set(answer.themes):
                found[theme][answer.response_id].add(str(answer.question_id))
    return found


def answering(data: RoundData) -> dict[int, set[str]]:
    """response id → question ids of its counted free-text answers."""
    found: dict[int, set[str]] = defaultdict(set)
    for state in data.states:
        for answer in state.counted_answers():
            found[answer.response_id].add(str(answer.question_id))
    return found


def filtered_respondents(data: RoundData, filters: Mapping[str, str], min_group: int) -> set[int]:
    """Respondents with free-text answers matching `filters`.

    Raises:
        FilterTooNarrow: the filter selects, or leaves out, fewer than the floor.
    """
    floor = effective_min_group(min_group)
    everyone = set(answering(data))
    chosen = {rid for rid in everyone if _matches(data.respondents.get(rid), filters)}
    left_out = len(everyone) - len(chosen)
    if any(filters.values()) and (len(chosen) < floor or 0 < left_out < floor):
        raise FilterTooNarrow(f"fewer than {floor} respondents")
    return chosen


def _matches(respondent: Respondent | None, filters: Mapping[str, str]) -> bool:
    if respondent is None:
        return False
    return all(
        not value or getattr(respondent, name) == value
        for name, value in filters.items()
        if name != "question"
    )


def area_table(data: RoundData, by: str | None, filters: Mapping[str, str], min_group: int) -> BreakdownTable:
    """Share of respondents raising each area, overall or per value of `by`.

    Besides hiding small counts, a cell is hidden when it differs from the same cell
    without the filter by fewer than the floor, and when it is the only hidden cell of
    its row, another is hidden with it, so row sums cannot reveal it.
    """
    chosen = filtered_respondents(data, filters, min_group)
    question = filters.get("question") or ""
    everyone = set(answering(data))
    columns = _columns(data, by, _answered(data, chosen, question))
    base = _counts(data, by, _columns(data, by, _answered(data, everyone, question)), question)
    # The view without any filter (nor question) is shown too: a filtered column total or
    # cell that differs from it by fewer than the floor would isolate those left out.
    plain_columns = _columns(data, by, _answered(data, everyone, ""))
    plain = _counts(data, by, plain_columns, "")
    counts = _counts(data, by, columns, question)
    floor = effective_min_group(min_group)
    sizes = {col: len(ids) for col, ids in columns.items()}
    hidden_columns = {col for col, n in sizes.items() if n < floor}
    if filters:
        hidden_columns |= {col for col, n in sizes.items() if 0 < len(plain_columns.get(col, ())) - n < floor}
    if by in RESPONDENT_DIMENSIONS:
        hidden_columns |= _secondary(sizes, hidden_columns)
    rows = []
    for theme, row in counts.items():
        hidden = set(hidden_columns)
        hidden |= {col for col, n in row.items() if _too_small(n, base.get(theme, {}).get(col, n), floor)}
        hidden |= {col for col, n in row.items() if _too_small(n, plain.get(theme, {}).get(col, n), floor)}
        if by in RESPONDENT_DIMENSIONS:
            hidden |= _secondary(row, hidden)
        cells = {col: _cell(n, sizes[col], min_group, col in hidden) for col, n in row.items()}
        rows.append((theme, cells))
    rows.sort(key=lambda r: (-max((c.count.value or 0) for c in r[1].values()), r[0]))
    totals = {
        col: Count(None, floor) if col in hidden_columns else guard(n, min_group) for col, n in sizes.items()
    }
    return BreakdownTable(dimension=by, columns=tuple(columns), totals=totals, rows=tuple(rows))


def _answered(data: RoundData, chosen: set[int], question: str) -> dict[int, set[str]]:
    return {
        rid: qs for rid, qs in answering(data).items() if rid in chosen and (not question or question in qs)
    }


def _counts(
    data: RoundData, by: str | None, columns: Mapping[str, set[int]], question: str
) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for theme, by_respondent in raisers(data).items():
        counts[theme] = {
            col: sum(
                1
                for rid in ids
                if rid in by_respondent
                and (not question or question in by_respondent[rid])
                and (by != "question" or col in by_respondent[rid])
            )
            for col, ids in columns.items()
        }
    return counts


def _too_small(count: int, unfiltered: int, floor: int) -> bool:
    return 0 < count < floor or 0 < unfiltered - count < floor


def _secondary(row: Mapping[str, int], hidden: set[str]) -> set[str]:
    """One more cell to hide when exactly one cell of a row is hidden.

    Otherwise the row's total, shown in the view without a breakdown, minus the
    visible cells would give the hidden one away.
    """
    if len(hidden & set(row)) != 1:
        return set()
    visible = sorted((n, c) for c, n in row.items() if c not in hidden)
    return {visible[0][1]} if visible else set()


def _columns(data: RoundData, by: str | None, answered: Mapping[int, set[str]]) -> dict[str, set[int]]:
    if by is None:
        return {"all": set(answered)}
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}")
    columns: dict[str, set[int]] = defaultdict(set)
    for rid, questions in answered.items():
        if by == "question":
            for q in questions:
                columns[q].add(rid)
        else:
            respondent = data.respondents.get(rid)
            columns[getattr(respondent, by) or "–" if respondent else "–"].add(rid)
    return dict(sorted(columns.items()))


def _cell(count: int, total: int, min_group: int, hidden: bool = False) -> Cell:
    floor = effective_min_group(min_group)
    if total < floor or hidden:
        return Cell(Count(None, floor), None)
    guarded = guard(count, min_group)
    return Cell(guarded, None if guarded.hidden else count / total)


def theme_shares(data: RoundData) -> dict[str, float]:
    """Share of answering respondents raising each area (no floor: for scoring, not display)."""
    total = len(answering(data)) or 1
    return {theme: len(ids) / total for theme, ids in raisers(data).items()}


def group_shares(data: RoundData, group: str) -> tuple[dict[str, float], int]:
    """Share raising each area among one respondent group, and the group's size."""
    members = {rid for rid in answering(data) if (r := data.respondents.get(rid)) and r.group == group}
    if not members:
        return {}, 0
    return (
        {theme: len(set(ids) & members) / len(members) for theme, ids in raisers(data).items()},
        len(members),
    )
