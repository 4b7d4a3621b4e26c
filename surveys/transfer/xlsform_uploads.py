"""XLSForm files checked and imported by background jobs, like response files.

An uploaded form (`start_xlsform_upload`) is kept in the upload table (`kind` xlsform,
with the organisation) and checked by a job within the reading budget (`check_xlsform_upload`):

* a form with problems fails with them (by sheet and row), and nothing is stored;
* a form whose every row can be asked as written becomes a draft survey at once;
* otherwise the job keeps the file with its report of what is left out (`preview`), and
  once the official confirms (`start_import`), a second job (`import_xlsform_upload`)
  checks it again and stores the draft.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from surveys.database.job_status import JobStatus
from surveys.organisations.models import Organisation
from surveys.transfer.errors import InvalidSurveyFile, SheetProblem
from surveys.transfer.messages import from_data, to_data
from surveys.transfer.spreadsheet import ReadBudget
from surveys.transfer.upload_models import ResponseUpload, UploadKind, UploadStep
from surveys.transfer.uploads import claim_step, fail_step, finish_step, record_progress, store_upload
from surveys.transfer.xlsform_import import check_xlsform, save_form


def start_xlsform_upload(
    session: Session,
    organisation_id: int,
    user_id: int | None,
    data: bytes,
    filename: str,
    replacing: str | None = None,
) -> ResponseUpload:
    """Keep an uploaded XLSForm for the organisation, queued to be checked; commit."""
    return store_upload(
        session,
        replacing,
        kind=UploadKind.XLSFORM,
        organisation_id=organisation_id,
        user_id=user_id,
        filename=filename,
        data=data,
    )


def check_xlsform_upload(session: Session, upload_id: int, budget: ReadBudget | None = None) -> None:
    """The check job: the form's problems, or its draft survey, or its report to confirm."""
    _run(session, upload_id, UploadStep.PREVIEW, budget)


def import_xlsform_upload(session: Session, upload_id: int, budget: ReadBudget | None = None) -> None:
    """The import job of a confirmed form: checked again, then stored as a draft survey."""
    _run(session, upload_id, UploadStep.IMPORT, budget)


def _run(session: Session, upload_id: int, step: UploadStep, budget: ReadBudget | None) -> None:
    upload = claim_step(session, upload_id, step)
    if upload is None:
        return
    data, filename, organisation_id = upload.data or b"", upload.filename, upload.organisation_id
    try:
        spec = check_xlsform(data, filename, budget)
        if step == UploadStep.PREVIEW and spec.dropped:
            preview = {"questions": len(spec.questions), "dropped": _problems_data(spec.dropped)}
            finish_step(session, upload_id, preview=preview, outcome={})
            return
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None  # the upload is deleted with its organisation
        survey = save_form(session, spec, organisation, filename)
    except InvalidSurveyFile as exc:
        session.rollback()
        record_progress(
            session, upload_id, status=JobStatus.FAILED, outcome={"problems": _problems_data(exc.problems)}
        )
        return
    except Exception as exc:  # noqa: BLE001 - every failure is the upload's outcome
        fail_step(session, upload_id, filename, exc)
        return
    finish_step(session, upload_id, data=None, outcome={"survey": survey.slug})


def _problems_data(problems: list[SheetProblem]) -> list[dict[str, Any]]:
    return [{"sheet": p.sheet, "row": p.row, "message": to_data(p.message)} for p in problems]


def problems_of(upload: ResponseUpload) -> list[SheetProblem]:
    """Why the form cannot be imported (a failed step), by sheet and row."""
    return _problems(upload.outcome.get("problems", []))


def dropped_of(upload: ResponseUpload) -> tuple[int, list[SheetProblem]]:
    """A checked form's number of questions and the rows it leaves out or asks differently."""
    return int(upload.preview.get("questions", 0)), _problems(upload.preview.get("dropped", []))


def _problems(data: list[dict[str, Any]]) -> list[SheetProblem]:
    return [SheetProblem(p.get("sheet"), p.get("row"), from_data(p["message"])) for p in data]


def imported_survey(upload: ResponseUpload) -> str | None:
    """The slug of the draft survey a finished step stored, or None."""
    slug = upload.outcome.get("survey")
    return slug if isinstance(slug, str) else None
