"""Response files read and imported in background jobs, within a budget, with their state kept.

An upload goes through two steps, each run by a job (`read_upload`, then `import_upload`)
so that no web request ever parses a large file:

1. *preview*: the file is read within the `ReadBudget` (rows, cells, unpacked size and
   seconds, checked while reading); its columns and first rows are stored for the
   column-mapping page, or the reason it cannot be read.
2. *import*: with the mapping the official chose, every row becomes a response or none
   does (`import_responses`); row errors are stored for the mapping page.

Incident and indicator lists (`start_list_import`, `import_list_upload`) have one step,
the import, run by a job the same way and within the same budget; they belong to an
organisation rather than a survey.

The file's bytes wait in the database, so any worker (a thread, an RQ worker on another
server) can read them; they are deleted once imported, discarded or expired
(`MAX_AGE`). A step whose job died (a restart) shows as failed after `STALL_AFTER`.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, undefer

from surveys.authoring.models import Survey
from surveys.database.base import utcnow
from surveys.database.job_status import JobStatus
from surveys.transfer.errors import ImportFailed, InvalidResponseFile, RowError
from surveys.transfer.messages import N_, exception_text, from_data, to_data
from surveys.transfer.responses_import import (
    FilePreview,
    ImportReport,
    import_responses,
    preview_response_file,
)
from surveys.transfer.spreadsheet import ReadBudget
from surveys.transfer.upload_models import ResponseUpload, UploadKind, UploadStep

log = logging.getLogger(__name__)

MAX_AGE = dt.timedelta(hours=1)
# A running step writes its progress at least every few thousand rows; one silent this long
# lost its process. Queued steps may wait behind other jobs and only expire.
STALL_AFTER = dt.timedelta(minutes=10)
# Row errors kept for the mapping page (it shows this many; more means a wrong mapping).
KEPT_ROW_ERRORS = 100
_STALLED = N_(
    "reading the file stopped without finishing (the server was probably restarted); upload it again"
)


def start_upload(
    session: Session,
    survey: Survey,
    user_id: int | None,
    data: bytes,
    filename: str,
    replacing: str | None = None,
) -> ResponseUpload:
    """Keep an uploaded file for `survey`, queued to be read; commit.

    `replacing` is the token of the same person's earlier upload, deleted now; uploads
    nobody came back to within `MAX_AGE` are deleted too.
    """
    return store_upload(
        session, replacing, survey_id=survey.id, user_id=user_id, filename=filename, data=data
    )


def store_upload(session: Session, replacing: str | None, *, filename: str, **fields: Any) -> ResponseUpload:
    """Keep an uploaded file of any kind, queued for its first step; commit.

    `replacing` is the token of the same person's earlier upload, deleted now; uploads
    nobody came back to within `MAX_AGE` are deleted too.
    """
    if replacing:
        session.execute(delete(ResponseUpload).where(ResponseUpload.token == replacing))
    session.execute(delete(ResponseUpload).where(ResponseUpload.updated_at < utcnow() - MAX_AGE))
    fields.setdefault("step", UploadStep.PREVIEW)
    upload = ResponseUpload(
        token=secrets.token_urlsafe(32), filename=filename[:200], status=JobStatus.QUEUED, **fields
    )
    session.add(upload)
    session.commit()
    return upload


def find_upload(session: Session, token: str, survey: Survey) -> ResponseUpload | None:
    """The upload with `token` for `survey`, or None when there is none or it expired.

    An expired one is deleted; a step that stalled is marked failed first (and committed).
    """
    upload = session.scalar(
        select(ResponseUpload).where(
            ResponseUpload.token == token,
            ResponseUpload.survey_id == survey.id,
            ResponseUpload.kind == UploadKind.RESPONSES,
        )
    )
    return _current(session, upload)


def _current(session: Session, upload: ResponseUpload | None) -> ResponseUpload | None:
    """`upload` unless it expired (then deleted); a stalled step is marked failed first."""
    if upload is None:
        return None
    now = utcnow()
    if now - upload.updated_at > MAX_AGE:
        discard_upload(session, upload)
        return None
    if upload.status == JobStatus.RUNNING and now - upload.updated_at > STALL_AFTER:
        upload.status, upload.outcome = JobStatus.FAILED, {"error": to_data(_STALLED)}
        session.commit()
        log.warning("upload %s stalled; marked failed", upload.id)
    return upload


def start_list_import(
    session: Session,
    kind: UploadKind,
    organisation_id: int,
    user_id: int | None,
    data: bytes,
    filename: str,
    survey_id: int | None = None,
    replacing: str | None = None,
) -> ResponseUpload:
    """Keep an uploaded incident or indicator list for `organisation_id`, queued to be
    imported (every row or none); commit.

    `survey_id` is the survey whose page the list was uploaded from, if any; `replacing`
    is the token of the same person's earlier upload, deleted now.
    """
    if kind == UploadKind.RESPONSES:
        raise ValueError("response files are read with start_upload")
    return store_upload(
        session,
        replacing,
        kind=kind,
        organisation_id=organisation_id,
        survey_id=survey_id,
        user_id=user_id,
        filename=filename,
        data=data,
        step=UploadStep.IMPORT,
    )


def find_list_upload(
    session: Session, token: str, kind: UploadKind, organisation_id: int
) -> ResponseUpload | None:
    """The `kind` list upload with `token` for the organisation, or None (none, or expired)."""
    upload = session.scalar(
        select(ResponseUpload).where(
            ResponseUpload.token == token,
            ResponseUpload.kind == kind,
            ResponseUpload.organisation_id == organisation_id,
        )
    )
    return _current(session, upload)


# An importer of a list: (session, upload, file bytes) → how many rows it stored. It reads
# the file within the job's budget and raises InvalidResponseFile or ImportFailed.
ListImporter = Callable[[Session, ResponseUpload, bytes], int]


def import_list_upload(session: Session, upload_id: int, importer: ListImporter) -> None:
    """The import job of an incident or indicator list: every row with `importer`, or none.

    On success the file is deleted and the count kept; an unreadable file or failing rows
    (the first `KEPT_ROW_ERRORS`) are the step's outcome, as for response files.
    """
    upload = claim_step(session, upload_id, UploadStep.IMPORT)
    if upload is None:
        return
    data, filename = upload.data or b"", upload.filename
    try:
        imported = importer(session, upload, data)
    except Exception as exc:  # noqa: BLE001 - every failure is the upload's outcome
        fail_step(session, upload_id, filename, exc)
        return
    finish_step(session, upload_id, data=None, outcome={"imported": imported})


def imported_count(upload: ResponseUpload) -> int:
    """How many rows a finished list import stored."""
    return int(upload.outcome.get("imported", 0))


def discard_upload(session: Session, upload: ResponseUpload) -> None:
    """Delete `upload` and its file; commit."""
    session.execute(delete(ResponseUpload).where(ResponseUpload.id == upload.id))
    session.commit()


def start_import(session: Session, upload: ResponseUpload, choices: dict[str, Any]) -> None:
    """Queue the import of a read upload with the official's `choices`; commit.

    `choices` holds "mapping" (question key → column), "group", "date" and "language"
    (columns or None) and "form" (the submitted fields, shown again if rows fail).

    Raises:
        ValueError: the upload is not ready for importing (still being read or imported).
    """
    if not can_import(upload):
        raise ValueError(f"response upload {upload.id} is not ready to import")
    upload.step, upload.status, upload.choices = UploadStep.IMPORT, JobStatus.QUEUED, choices
    upload.outcome, upload.updated_at = {}, utcnow()
    session.commit()


def can_import(upload: ResponseUpload) -> bool:
    """Whether the upload has been read and waits for (another) mapping to import."""
    read = upload.step == UploadStep.PREVIEW and upload.status == JobStatus.DONE
    rows_failed = upload.step == UploadStep.IMPORT and bool(upload.outcome.get("row_errors"))
    return read or (rows_failed and upload.status == JobStatus.FAILED)


def preview_of(upload: ResponseUpload) -> FilePreview:
    """The stored preview of a read upload."""
    p = upload.preview
    return FilePreview(p["columns"], p["rows"], p.get("encoding"), p.get("delimiter"), p["row_count"])


def error_of(upload: ResponseUpload) -> str | None:
    """Why the upload's last step failed as a whole (translatable), or None."""
    error = upload.outcome.get("error")
    return None if error is None else from_data(error)


def row_errors_of(upload: ResponseUpload) -> tuple[list[RowError], int]:
    """The kept row errors of a failed import and how many there were in all."""
    errors = [
        RowError(e["row"], e.get("column"), from_data(e["message"]))
        for e in upload.outcome.get("row_errors", [])
    ]
    return errors, int(upload.outcome.get("error_count", len(errors)))


def report_of(upload: ResponseUpload) -> ImportReport:
    """What a finished import stored."""
    return ImportReport(int(upload.outcome.get("imported", 0)), int(upload.outcome.get("skipped_empty", 0)))


def read_upload(session: Session, upload_id: int, budget: ReadBudget | None = None) -> None:
    """The preview job: read a queued upload within `budget` and store its preview or error.

    A file over budget or unreadable is a failed step with its reason, not an error of
    the job; the job does nothing when the upload is gone or not queued (a retry).
    """
    upload = claim_step(session, upload_id, UploadStep.PREVIEW)
    if upload is None:
        return
    data, filename = upload.data or b"", upload.filename

    def progress(rows: int) -> None:
        record_progress(session, upload_id, rows_read=rows)

    try:
        preview = preview_response_file(data, filename, budget, progress)
    except Exception as exc:  # noqa: BLE001 - every failure is the upload's outcome
        fail_step(session, upload_id, filename, exc)
        return
    finish_step(
        session,
        upload_id,
        rows_read=preview.row_count,
        preview={
            "columns": preview.columns,
            "rows": preview.rows,
            "encoding": preview.encoding,
            "delimiter": preview.delimiter,
            "row_count": preview.row_count,
        },
        outcome={},
    )


def import_upload(session: Session, upload_id: int, budget: ReadBudget | None = None) -> None:
    """The import job: store every row of a read upload as a response with its choices, or none.

    On success the file is deleted and the counts kept; row errors (the first
    `KEPT_ROW_ERRORS`) are kept with the file for a corrected mapping.
    """
    upload = claim_step(session, upload_id, UploadStep.IMPORT)
    if upload is None:
        return
    data, filename, choices = upload.data or b"", upload.filename, dict(upload.choices)
    survey = session.get(Survey, upload.survey_id)
    assert survey is not None  # the upload is deleted with its survey
    try:
        report = import_responses(
            session,
            survey,
            data,
            filename,
            dict(choices.get("mapping", {})),
            group_column=choices.get("group"),
            date_column=choices.get("date"),
            language_column=choices.get("language"),
            budget=budget,
        )
    except Exception as exc:  # noqa: BLE001 - every failure is the upload's outcome
        fail_step(session, upload_id, filename, exc)
        return
    finish_step(
        session,
        upload_id,
        data=None,
        outcome={"imported": report.imported, "skipped_empty": report.skipped_empty},
    )


def claim_step(session: Session, upload_id: int, step: UploadStep) -> ResponseUpload | None:
    """Mark the queued `step` of the upload running and return it (with its file), or None."""
    claimed = session.execute(
        update(ResponseUpload)
        .where(
            ResponseUpload.id == upload_id,
            ResponseUpload.step == step,
            ResponseUpload.status == JobStatus.QUEUED,
        )
        .values(status=JobStatus.RUNNING, rows_read=0, updated_at=utcnow())
    )
    session.commit()
    if not claimed.rowcount:  # type: ignore[attr-defined]  # a CursorResult's
        return None
    return session.scalar(
        select(ResponseUpload).options(undefer(ResponseUpload.data)).where(ResponseUpload.id == upload_id)
    )


# The steps of an upload's job, shared by every kind of upload (responses, lists, XLSForms).


def record_progress(session: Session, upload_id: int, **values: Any) -> None:
    """Write `values` to the upload and say it is alive (a stalled job is one not touched)."""
    session.execute(
        update(ResponseUpload).where(ResponseUpload.id == upload_id).values(updated_at=utcnow(), **values)
    )
    session.commit()


def finish_step(session: Session, upload_id: int, **values: Any) -> None:
    """Mark the upload's running step done, with `values`."""
    record_progress(session, upload_id, status=JobStatus.DONE, **values)


def fail_step(session: Session, upload_id: int, filename: str, exc: BaseException) -> None:
    """Record why a step failed; nothing it wrote is kept (its transaction is rolled back)."""
    session.rollback()
    outcome: dict[str, Any]
    if isinstance(exc, ImportFailed):
        kept = exc.errors[:KEPT_ROW_ERRORS]
        outcome = {
            "row_errors": [{"row": e.row, "column": e.column, "message": to_data(e.message)} for e in kept],
            "error_count": len(exc.errors),
        }
    elif isinstance(exc, InvalidResponseFile):
        outcome = {"error": to_data(exception_text(exc))}
    elif isinstance(exc, MemoryError):
        message = N_("%(name)s needs more memory to read than the server has; split it", name=filename)
        outcome = {"error": to_data(message)}
        log.error("response upload %s ran out of memory", upload_id)
    else:
        message = N_("%(name)s could not be read because of an error on the server; try again", name=filename)
        outcome = {"error": to_data(message)}
        log.error("response upload %s failed", upload_id, exc_info=exc)
    record_progress(session, upload_id, status=JobStatus.FAILED, outcome=outcome)
