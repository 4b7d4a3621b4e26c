"""Importing indicator statistics (period, area, indicator, value) from CSV or XLSX.

Each row says e.g. "2025, Centrum, Anmälda narkotikabrott, 41". An optional
problem-area column ties the indicator to an area; without it the area is
suggested from the indicator's name. Either every row imports or none does.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from analysis.keywords import suggest_area
from analysis.taxonomy import load_taxonomy
from surveys.database.transactions import transactional
from surveys.insights.models import IndicatorValue
from surveys.organisations.models import Organisation
from surveys.transfer.errors import ImportFailed, RowError
from surveys.transfer.messages import N_
from surveys.transfer.response_table import cell_at, find_columns, read_response_table
from surveys.transfer.spreadsheet import ReadBudget, cell_number, cell_text

COLUMN_NAMES = {
    "period": ("period", "ar", "year", "manad", "month", "kvartal", "quarter"),
    "area": ("area", "omrade", "stadsdel", "neighbourhood"),
    "indicator": ("indicator", "indikator", "nyckeltal", "matt", "measure"),
    "value": ("value", "varde", "antal", "count"),
    "theme": ("theme", "problemomrade", "problem area", "problem_area", "kod", "code"),
}
REQUIRED = ("period", "indicator", "value")


def _find_columns(columns: list[str]) -> dict[str, int]:
    return find_columns(columns, COLUMN_NAMES, REQUIRED)


@transactional
def import_indicators(
    session: Session, organisation: Organisation, data: bytes, filename: str, budget: ReadBudget | None = None
) -> int:
    """Store every row of an indicator file for `organisation`; returns how many.

    A row for the same period, area and indicator replaces the earlier value.

    Raises:
        InvalidResponseFile: unreadable file or missing columns.
        ImportFailed: row-numbered problems; nothing is stored.
    """
    table = read_response_table(data, filename, budget)
    where = _find_columns(table.columns)
    known = set(load_taxonomy().codes)
    values: dict[tuple[str, str, str], IndicatorValue] = {}
    errors: list[RowError] = []
    for row in table.rows:
        get = {key: cell_text(cell_at(row, index)).strip() for key, index in where.items()}
        value = cell_number(cell_at(row, where["value"]))
        if value is None:
            errors.append(
                RowError(
                    row[0],
                    table.columns[where["value"]],
                    N_(
                        "%(text)r is not a number",
                        text=get["value"],
                    ),
                )
            )
            continue
        if not get["period"] or not get["indicator"]:
            errors.append(RowError(row[0], None, N_("period and indicator are needed")))
            continue
        theme = get.get("theme") or suggest_area(get["indicator"])
        if theme and theme not in known:
            errors.append(
                RowError(
                    row[0],
                    table.columns[where["theme"]],
                    N_(
                        "unknown problem area %(text)r",
                        text=theme,
                    ),
                )
            )
            continue
        key = (get["period"][:20], get.get("area", "")[:64], get["indicator"][:200])
        values[key] = IndicatorValue(
            organisation_id=organisation.id,
            period=key[0],
            area=key[1],
            indicator=key[2],
            theme=theme,
            value=value,
        )
    if errors:
        raise ImportFailed(errors)
    for period, area, indicator in values:
        session.execute(
            delete(IndicatorValue).where(
                IndicatorValue.organisation_id == organisation.id,
                IndicatorValue.period == period,
                IndicatorValue.area == area,
                IndicatorValue.indicator == indicator,
            )
        )
    session.add_all(values.values())
    session.commit()
    return len(values)
