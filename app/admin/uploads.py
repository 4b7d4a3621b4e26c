"""Running a table import (CSV/XLSX) from an upload form, with the errors told to the user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash
from flask_babel import gettext as _

from app.import_messages import exception_message, row_error
from surveys.transfer.errors import ImportFailed, InvalidResponseFile

SHOWN_ROW_ERRORS = 10


def import_upload(upload: Any, importer: Callable[[bytes, str], int]) -> int | None:
    """Pass the uploaded file's bytes and name to `importer`; return its count, or None on failure.

    An unreadable file or failing rows are flashed as errors and nothing is kept: imports are
    all-or-nothing, and a failing importer has already rolled its transaction back.
    """
    try:
        return importer(upload.read(), upload.filename or "file")
    except InvalidResponseFile as exc:
        flash(_("The file could not be read: %(reason)s", reason=exception_message(exc)), "error")
    except ImportFailed as exc:
        lines = "; ".join(row_error(e) for e in exc.errors[:SHOWN_ROW_ERRORS])
        flash(_("Nothing was imported. Fix these rows and try again: %(rows)s", rows=lines), "error")
    return None
