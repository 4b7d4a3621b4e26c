"""Cross-tabs of problem areas by group, area, language, age band, channel and question.

Every figure passes the privacy floor: counts of 1 to (floor - 1) respondents are
never shown, and a filtered view must leave out either nobody or at least a floor
of respondents, so that two allowed views cannot be subtracted to reveal a few.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from surveys.answering.models import Channel, RespondentGroup
from surveys.authoring.models import QuestionType
from surveys.disclosure.floor import Count, Floor, guard, suppress_lines
from surveys.insights.rounds import AGE_KEYS, Respondent, RoundData

DIMENSIONS = ("group", "area", "language", "age_band", "channel", "question")
RESPONDENT_DIMENSIONS = ("group", "area", "language", "age_band", "channel")
# The column of respondents who did not say (no area, no age band given).
NOT_STATED = "–"


@dataclass(frozen=True)
class DimensionValue:
    """One value a breakdown can be made by, in its natural place among the others.

    `own_label` is the survey's own wording of it (an age band's option text, a question's
    text, an area's name) in the language asked for; None for codes the interface names
    (respondent group, channel, language, "not stated").
    """

    value: str
    own_label: str | None


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
    """theme → response id → question ids in which the respondent raised it (do not change it)."""
    return data.raised


def answering(data: RoundData) -> dict[int, set[str]]:
    """response id → question ids of its counted free-text answers (do not change it)."""
    return data.answered


def filtered_respondents(
    data: RoundData, filters: Mapping[str, str], min_group: int, everyone: set[int] | None = None
) -> set[int]:
    """Respondents with free-text answers matching `filters`.

    `everyone` (the answering respondents) may be passed in when many filters are tried.

    Raises:
        FilterTooNarrow: the filter selects, or leaves out, fewer than the floor.
    """
    everyone = set(answering(data)) if everyone is None else everyone
    chosen = {rid for rid in everyone if _matches(data.respondents.get(rid), filters)}
    if any(filters.values()) and _too_narrow(len(chosen), len(everyone), Floor(min_group)):
        raise FilterTooNarrow(f"fewer than {Floor(min_group)} respondents")
    return chosen


def _too_narrow(chosen: int, everyone: int, floor: Floor) -> bool:
    """Whether a filter choosing `chosen` of `everyone` respondents says too much about either side."""
    return floor.too_small(chosen) or floor.hides(everyone - chosen)


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
    floor = Floor(min_group)
    sizes = {col: len(ids) for col, ids in columns.items()}
    hidden_columns = {col for col, n in sizes.items() if floor.too_small(n)}
    if filters:
        hidden_columns |= {
            col for col, n in sizes.items() if floor.hides(len(plain_columns.get(col, ())) - n)
        }
    if by in RESPONDENT_DIMENSIONS:
        # Each respondent is in one column, and the view without a breakdown shows their total.
        hidden_columns = suppress_lines(sizes, [(list(sizes), sum(sizes.values()))], floor, hidden_columns)
    hidden_cells: set[tuple[str, str]] = set()
    for theme, row in counts.items():
        hidden = set(hidden_columns)
        hidden |= {col for col, n in row.items() if _too_small(n, base.get(theme, {}).get(col, n), floor)}
        hidden |= {col for col, n in row.items() if _too_small(n, plain.get(theme, {}).get(col, n), floor)}
        if by in RESPONDENT_DIMENSIONS:
            hidden |= _secondary(row, hidden)
        hidden_cells |= {(theme, col) for col in hidden}
    hidden_cells = _complete(counts, sizes, hidden_columns, hidden_cells, by in RESPONDENT_DIMENSIONS, floor)
    rows = []
    for theme, row in counts.items():
        cells = {col: _cell(n, sizes[col], min_group, (theme, col) in hidden_cells) for col, n in row.items()}
        rows.append((theme, cells))
    rows.sort(key=lambda r: (-max((c.count.value or 0) for c in r[1].values()), r[0]))
    totals = {
        col: Count(None, floor) if col in hidden_columns else guard(n, min_group) for col, n in sizes.items()
    }
    return BreakdownTable(dimension=by, columns=tuple(columns), totals=totals, rows=tuple(rows))


def _complete(
    counts: Mapping[str, Mapping[str, int]],
    sizes: Mapping[str, int],
    hidden_columns: set[str],
    hidden: set[tuple[str, str]],
    rows_are_parts: bool,
    floor: Floor,
) -> set[tuple[str, str]]:
    """`hidden` grown until no shown column total ("n =") or row total gives hidden cells away.

    A column's hidden cells, with those of its respondents who raised nothing, must not be
    a single figure nor add up to less than the floor; the same along a row, whose total is
    the view without a breakdown, when every respondent falls in one column.
    """
    cells = {(theme, col): n for theme, row in counts.items() for col, n in row.items()}
    lines = [
        ([(theme, col) for theme in counts], size) for col, size in sizes.items() if col not in hidden_columns
    ]
    if rows_are_parts:
        lines += [([(theme, col) for col in row], sum(row.values())) for theme, row in counts.items()]
    return suppress_lines(cells, lines, floor, hidden)


def _answered(data: RoundData, chosen: set[int], question: str) -> dict[int, set[str]]:
    return {
        rid: qs for rid, qs in answering(data).items() if rid in chosen and (not question or question in qs)
    }


def _counts(
    data: RoundData, by: str | None, columns: Mapping[str, set[int]], question: str
) -> dict[str, dict[str, int]]:
    """theme → column → respondents of the column raising it (in `question`, if given).

    Every theme raised in the round has a row, in `raisers` order; each row has every column.
    """
    by_respondent = data.raised_by_respondent
    counts: dict[str, dict[str, int]] = {theme: {} for theme in data.raised}
    for col, ids in columns.items():
        tally: dict[str, int] = dict.fromkeys(counts, 0)
        for rid in ids:
            for theme, questions in by_respondent.get(rid, {}).items():
                if (not question or question in questions) and (by != "question" or col in questions):
                    tally[theme] += 1
        for theme, n in tally.items():
            counts[theme][col] = n
    return counts


def _too_small(count: int, unfiltered: int, floor: Floor) -> bool:
    return floor.hides(count) or floor.hides(unfiltered - count)


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
            columns[getattr(respondent, by) or NOT_STATED if respondent else NOT_STATED].add(rid)
    order = {v.value: i for i, v in enumerate(dimension_values(data, by, ""))}
    return dict(sorted(columns.items(), key=lambda c: (order.get(c[0], len(order)), c[0])))


def dimension_values(data: RoundData, dimension: str, language: str) -> tuple[DimensionValue, ...]:
    """The values of `dimension` in the round, in their natural order, with the survey's labels.

    Groups and channels come in the product's order, areas in the organisation's, languages
    in the surveys' order, age bands in the order of the question's options and questions
    in questionnaire order; values found only in the answers follow alphabetically, and
    "not stated" comes last.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    known = _known_values(data, dimension, language)
    found = set()
    if dimension != "question":
        found = {getattr(r, dimension) or NOT_STATED for r in data.respondents.values()}
    extra = sorted(v for v in found if v not in known and v != NOT_STATED)
    values = [*known.items(), *((v, None) for v in extra)]
    if NOT_STATED in found:
        values.append((NOT_STATED, None))
    return tuple(DimensionValue(value, label) for value, label in values)


def filter_choices(data: RoundData, language: str, min_group: int) -> dict[str, tuple[DimensionValue, ...]]:
    """dimension → the values a view may be narrowed to without breaking the privacy floor.

    Values that `filtered_respondents` would refuse are left out, so the official chooses
    only among filters that will be applied.
    """
    floor = Floor(min_group)
    answered = answering(data)
    # Respondents per value of each dimension (or per question), counted in one pass: the
    # same figures `filtered_respondents` would count for each single-value filter.
    sizes: dict[str, Counter[str]] = {dimension: Counter() for dimension in RESPONDENT_DIMENSIONS}
    sizes["question"] = Counter()
    for rid, questions in answered.items():
        sizes["question"].update(questions)
        respondent = data.respondents.get(rid)
        if respondent is not None:
            for dimension in RESPONDENT_DIMENSIONS:
                sizes[dimension][getattr(respondent, dimension)] += 1
    choices = {}
    for dimension in (*RESPONDENT_DIMENSIONS, "question"):
        allowed = []
        for value in dimension_values(data, dimension, language):
            if value.value == NOT_STATED:
                continue
            chosen = sizes[dimension][value.value]
            if dimension == "question":
                # Cells that differ from the unfiltered view by fewer than the floor are hidden
                # in the table itself; a question too few answered is not offered at all.
                if not floor.too_small(chosen):
                    allowed.append(value)
                continue
            if value.value and _too_narrow(chosen, len(answered), floor):
                continue
            allowed.append(value)
        if allowed:
            choices[dimension] = tuple(allowed)
    return choices


def _known_values(data: RoundData, dimension: str, language: str) -> dict[str, str | None]:
    if dimension == "group":
        return {g.value: None for g in RespondentGroup}
    if dimension == "channel":
        return {c.value: None for c in Channel}
    if dimension == "language":
        return {code: None for s in data.surveys for code in (s.languages or [])}
    if dimension == "area":
        return {name: name for s in data.surveys[:1] for name in (s.organisation.areas or [])}
    questions = [q for s in data.surveys for q in s.questions]
    if dimension == "age_band":
        ages = [q for q in questions if q.question_type == QuestionType.DEMOGRAPHIC and q.key in AGE_KEYS]
        return {o.value: o.label_in(language) or o.value for q in ages for o in q.options}
    free = [q for q in questions if q.question_type in (QuestionType.FREE_TEXT, QuestionType.POINT)]
    return {str(q.id): q.text_in(language) or q.key for q in free}


def _cell(count: int, total: int, min_group: int, hidden: bool = False) -> Cell:
    floor = Floor(min_group)
    if floor.too_small(total) or hidden:
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
