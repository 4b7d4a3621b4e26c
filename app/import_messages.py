"""Import errors from the domain, told in the staff member's language.

The domain builds its messages with `surveys.importers.messages.N_`, which keeps the English
msgid and its parameters; here they are looked up in the current locale. Text without a msgid
(from a library, say) is shown as it is.
"""

from __future__ import annotations

import dataclasses

from flask_babel import format_decimal
from flask_babel import gettext as _

from surveys.transfer.errors import RowError, SheetProblem
from surveys.transfer.messages import Text, exception_text


def translated(text: str) -> str:
    """`text` in the current locale when it carries a msgid, otherwise unchanged."""
    if not isinstance(text, Text):
        return text
    params = {name: _param(text.msgid, name, value) for name, value in text.params.items()}
    return _(text.msgid, **params)


def _param(msgid: str, name: str, value: object) -> object:
    if isinstance(value, Text):
        return translated(value)
    if isinstance(value, int) and not isinstance(value, bool) and f"%({name})s" in msgid:
        return format_decimal(value)  # "10 000" in Swedish, "10,000" in English
    return value


def exception_message(exc: BaseException) -> str:
    """The message of an import exception (such as InvalidResponseFile) in the current locale."""
    return translated(exception_text(exc))


def row_error(error: RowError) -> str:
    """ "row 3, column 'age': …" in the current locale."""
    message = translated(error.message)
    if error.column:
        return _(
            "row %(row)d, column %(column)r: %(message)s", row=error.row, column=error.column, message=message
        )
    return _("row %(row)d: %(message)s", row=error.row, message=message)


def sheet_problem(problem: SheetProblem) -> str:
    """ "survey sheet, row 4: …" in the current locale."""
    message = translated(problem.message)
    if problem.sheet is None:
        return message
    if problem.row:
        return _(
            "%(sheet)s sheet, row %(row)d: %(message)s", sheet=problem.sheet, row=problem.row, message=message
        )
    return _("%(sheet)s sheet: %(message)s", sheet=problem.sheet, message=message)


def localised_rows(errors: list[RowError]) -> list[RowError]:
    """The same errors with their messages in the current locale (for tables of row and column)."""
    return [dataclasses.replace(e, message=translated(e.message)) for e in errors]


def localised_problems(problems: list[SheetProblem]) -> list[SheetProblem]:
    """The same problems with their messages in the current locale (for a table of sheet and row)."""
    return [dataclasses.replace(p, message=translated(p.message)) for p in problems]
