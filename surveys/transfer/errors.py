"""Errors raised while importing survey definitions and responses from files."""

from __future__ import annotations

from dataclasses import dataclass

from surveys.errors import SurveyError


@dataclass(frozen=True)
class SheetProblem:
    """One problem in an XLSForm file; `row` is the spreadsheet row number (header = 1).

    `sheet` is None for problems with the file as a whole.
    """

    sheet: str | None
    row: int | None
    message: str

    def __str__(self) -> str:
        if self.sheet is None:
            return self.message
        where = f"{self.sheet} sheet" + (f", row {self.row}" if self.row else "")
        return f"{where}: {self.message}"


class InvalidSurveyFile(SurveyError):
    """An XLSForm file cannot become a survey; `problems` says where and why."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class InvalidResponseFile(SurveyError):
    """A response file cannot be read at all (size, format, encoding, damage)."""


@dataclass(frozen=True)
class RowError:
    """One problem in a response file: spreadsheet row (header = 1) and column name."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}"


class ImportFailed(SurveyError):
    """Nothing was imported because some rows (or the mapping) are wrong."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:20]))
        self.errors = errors
