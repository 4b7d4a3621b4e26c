"""Table imports (CSV/XLSX) from an upload form, with the errors told to the user: run in
the request (`import_upload`) or followed while a background job runs them (list imports)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, render_template
from flask_babel import gettext as _

from app.extensions import db
from app.import_messages import exception_message, row_error, translated
from surveys.transfer.errors import ImportFailed, InvalidResponseFile
from surveys.transfer.upload_models import ResponseUpload, UploadStatus
from surveys.transfer.uploads import discard_upload, error_of, imported_count, row_errors_of

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


def flash_list_outcome(upload: ResponseUpload, imported_message: Callable[[int], str]) -> bool:
    """Flash what a finished list import did, as `import_upload` did in the request; the
    upload is deleted. Returns whether it imported its rows.

    `imported_message(n)` is the success message for `n` rows.
    """
    succeeded = upload.status == UploadStatus.DONE
    if succeeded:
        flash(imported_message(imported_count(upload)), "success")
    else:
        errors, _count = row_errors_of(upload)
        if errors:
            lines = "; ".join(row_error(e) for e in errors[:SHOWN_ROW_ERRORS])
            flash(_("Nothing was imported. Fix these rows and try again: %(rows)s", rows=lines), "error")
        else:
            reason = translated(error_of(upload) or "")
            flash(_("The file could not be read: %(reason)s", reason=reason), "error")
    discard_upload(db.session, upload)
    return succeeded


def list_progress_page(upload: ResponseUpload, title: str, back: tuple[str, str], file_url: str) -> str:
    """The page that follows a list import's job until it has finished (it reloads itself).

    `back` is the (url, label) of the page the import started from.
    """
    return render_template(
        "admin/list_import_progress.html", upload=upload, title=title, back=back, file_url=file_url
    )
