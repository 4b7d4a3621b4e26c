"""Job entry points for uploaded files (responses, incident and indicator lists), and the
reading budget the app configures."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from app.extensions import db
from surveys.accounts.models import User
from surveys.incidents.importing import import_incidents
from surveys.insights.indicators import import_indicators
from surveys.organisations.models import Organisation
from surveys.transfer.spreadsheet import ReadBudget
from surveys.transfer.upload_models import ResponseUpload, UploadKind
from surveys.transfer.uploads import import_list_upload, import_upload, read_upload
from surveys.transfer.xlsform_uploads import check_xlsform_upload, import_xlsform_upload

READ_JOB = "app.upload_jobs:read_upload_job"
IMPORT_JOB = "app.upload_jobs:import_upload_job"
LIST_IMPORT_JOB = "app.upload_jobs:import_list_job"
XLSFORM_CHECK_JOB = "app.upload_jobs:check_xlsform_job"
XLSFORM_IMPORT_JOB = "app.upload_jobs:import_xlsform_job"


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
    read_upload(db.session, upload_id, read_budget())


def import_upload_job(upload_id: int) -> None:
    """Import upload `upload_id` with the mapping its official chose."""
    import_upload(db.session, upload_id, read_budget())


def import_list_job(upload_id: int) -> None:
    """Import the incident or indicator list of upload `upload_id` (every row or none)."""
    budget = read_budget()

    def importer(session: Session, upload: ResponseUpload, data: bytes) -> int:
        organisation = session.get(Organisation, upload.organisation_id)
        assert organisation is not None  # the upload is deleted with its organisation
        if upload.kind == UploadKind.INCIDENTS:
            user = None if upload.user_id is None else session.get(User, upload.user_id)
            return import_incidents(session, organisation, user, data, upload.filename, budget)
        if upload.kind == UploadKind.INDICATORS:
            return import_indicators(session, organisation, data, upload.filename, budget)
        raise ValueError(f"upload {upload.id} is a {upload.kind} file, not a list")

    import_list_upload(db.session, upload_id, importer)


def check_xlsform_job(upload_id: int) -> None:
    """Check the XLSForm of upload `upload_id` (a draft at once when nothing is left out)."""
    check_xlsform_upload(db.session, upload_id, read_budget())


def import_xlsform_job(upload_id: int) -> None:
    """Import the confirmed XLSForm of upload `upload_id` as a draft survey."""
    import_xlsform_upload(db.session, upload_id, read_budget())
