"""Incident and indicator lists (CSV/XLSX) imported by a background job: the page that
follows the job, and what it did told to the user as the imports in the request used to."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, render_template
from flask_babel import gettext as _

from app.extensions import db
from app.import_messages import row_error, translated
from surveys.database.job_status import JobStatus
from surveys.transfer.upload_models import ResponseUpload
from surveys.transfer.uploads import discard_upload, error_of, imported_count, row_errors_of

SHOWN_ROW_ERRORS = 10


def flash_list_outcome(upload: ResponseUpload, imported_message: Callable[[int], str]) -> bool:
    """Flash what a finished list import did (the messages of the old import in the
    request); the upload is deleted. Returns whether it imported its rows.

    `imported_message(n)` is the success message for `n` rows.
    """
    succeeded = upload.status == JobStatus.DONE
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
