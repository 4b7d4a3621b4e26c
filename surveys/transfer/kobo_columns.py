"""Submissions exports of KoBoToolbox and ODK Central, read like any response file.

Such exports name columns by the form's group path (``p1/concern``) and write a
select_multiple either as one cell of space-separated codes (``park station``) or,
in addition or instead, as one 0/1 column per option (``p2/places/park``). Metadata
columns start with an underscore (``_uuid``, ``_submission_time``, ``_index`` …).

`combine_option_columns` turns 0/1 option columns whose question has no column of its
own into that column (codes separated by spaces); `question_name` gives the name
that matches a question key (the last part of the group path). The rest of the
response import needs no Kobo-specific knowledge.
"""

from __future__ import annotations

import dataclasses

from surveys.transfer.response_table import ResponseTable
from surveys.transfer.spreadsheet import cell_text

_TICKED = {"1", "true", "yes", "1.0"}
_BLANK_OR_FLAG = _TICKED | {"", "0", "false", "no", "0.0"}


def question_name(column: str) -> str:
    """``concern`` for ``p1/concern`` (ODK/KoBo group paths); the column itself otherwise."""
    return column.rsplit("/", 1)[-1].strip() if "/" in column else column


def combine_option_columns(table: ResponseTable) -> ResponseTable:
    """`table` with one column per select_multiple whose answers are only in 0/1 columns.

    A group of columns ``X/a``, ``X/b`` … whose cells are all blank, 0/1 or
    true/false, and with no column ``X`` of its own, gains the column ``X`` holding the
    ticked option codes separated by spaces. Tables with unnamed columns are left as
    they are (their cells' positions must not move).
    """
    if table.named_width != len(table.columns):
        return table
    groups: dict[str, list[tuple[int, str]]] = {}
    for index, column in enumerate(table.columns):
        prefix, sep, option = column.rpartition("/")
        if sep and prefix and option and prefix not in table.columns:
            groups.setdefault(prefix, []).append((index, option))
    combined = {
        prefix: members
        for prefix, members in groups.items()
        if len(members) > 1 and all(_flags(table, index) for index, _ in members)
    }
    if not combined:
        return table
    width = len(table.columns)
    rows = []
    for number, cells in table.rows:
        padded = tuple(cells[:width]) + (None,) * (width - len(cells[:width]))
        extra = tuple(
            " ".join(option for index, option in members if _ticked(cells, index)) or None
            for members in combined.values()
        )
        rows.append((number, padded + extra + tuple(cells[width:])))
    return dataclasses.replace(
        table,
        columns=[*table.columns, *combined],
        rows=rows,
        named_width=width + len(combined),
    )


def _flags(table: ResponseTable, index: int) -> bool:
    return all(
        cell_text(cells[index]).lower() in _BLANK_OR_FLAG for _, cells in table.rows if index < len(cells)
    )


def _ticked(cells: tuple[object, ...], index: int) -> bool:
    return index < len(cells) and cell_text(cells[index]).lower() in _TICKED  # type: ignore[arg-type]
