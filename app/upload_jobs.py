"""Job entry points for uploaded response files, and the reading budget the app configures."""

from __future__ import annotations

from flask import current_app

from app.extensions import db
from surveys.transfer.spreadsheet import ReadBudget
from surveys.transfer.uploads import import_upload, read_upload

READ_JOB = "app.upload_jobs:read_upload_job"
IMPORT_JOB = "app.upload_jobs:import_upload_job"


def read_budget() -> ReadBudget:
    """The budget for reading one uploaded file, from the configuration (TRYGG_IMPORT_*)."""
    config = current_app.config
    return ReadBudget(
        max_rows=config["IMPORT_MAX_ROWS"],
        max_cells=config["IMPORT_MAX_CELLS"],
        max_unzipped_bytes=config["IMPORT_MAX_UNZIPPED_MB"] * 1024 * 1024,
        max_seconds=float(config["IMPORT_MAX_SECONDS"]),
    )


def read_upload_job(upload_id: int) -> None:
    """Read upload `upload_id` for its preview (a thread, an RQ worker, or inline in tests)."""
    try:
        read_upload(db.session, upload_id, read_budget())
    finally:
        db.session.remove()  # type: ignore[attr-defined]  # the scoped session's


def import_upload_job(upload_id: int) -> None:
    """Import upload `upload_id` with the mapping its official chose."""
    try:
        import_upload(db.session, upload_id, read_budget())
    finally:
        db.session.remove()  # type: ignore[attr-defined]  # the scoped session's
