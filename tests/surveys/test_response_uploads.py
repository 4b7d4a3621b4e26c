"""Uploaded response files are read and imported by jobs, within a budget, all or nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from surveys.answering.models import Response
from surveys.database.base import utcnow
from surveys.database.job_status import JobStatus
from surveys.transfer.spreadsheet import ReadBudget
from surveys.transfer.upload_models import ResponseUpload, UploadStep
from surveys.transfer.uploads import (
    STALL_AFTER,
    can_import,
    error_of,
    find_upload,
    import_upload,
    preview_of,
    read_upload,
    report_of,
    row_errors_of,
    start_import,
    start_upload,
)
from tests.surveys.import_helpers import csv_bytes, make_import_survey

ROWS = [["concern", "safety"], ["Mörkt vid stationen", "2"], ["Fortkörning", "4"]]
CHOICES = {
    "mapping": {"concern": "concern", "safety": "safety"},
    "group": None,
    "date": None,
    "language": None,
}


def _responses(session) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count(Response.id)))


def _reload(session, upload: ResponseUpload) -> ResponseUpload:  # type: ignore[no-untyped-def]
    session.expire_all()
    found = session.get(ResponseUpload, upload.id)
    assert found is not None
    return found


def test_a_file_is_read_by_its_job_and_imported_by_the_next(session):
    survey = make_import_survey(session)
    upload = start_upload(session, survey, None, csv_bytes(ROWS), "svar.csv")
    assert (upload.step, upload.status) == (UploadStep.PREVIEW, JobStatus.QUEUED)
    assert not can_import(upload)

    read_upload(session, upload.id)
    upload = _reload(session, upload)
    assert upload.status == JobStatus.DONE and can_import(upload)
    preview = preview_of(upload)
    assert preview.columns == ["concern", "safety"] and preview.row_count == 2
    assert preview.rows[0] == ["Mörkt vid stationen", "2"]

    start_import(session, upload, CHOICES)
    import_upload(session, upload.id)
    upload = _reload(session, upload)
    assert upload.status == JobStatus.DONE and report_of(upload).imported == 2
    assert upload.data is None  # the file is not kept once imported
    assert _responses(session) == 2


def test_a_file_over_budget_fails_with_a_reason_naming_the_file_and_the_limit(session):
    survey = make_import_survey(session)
    many = csv_bytes([["concern"]] + [[f"svar {i}"] for i in range(10)])
    upload = start_upload(session, survey, None, many, "stor.csv")
    read_upload(session, upload.id, ReadBudget(max_rows=5))
    upload = _reload(session, upload)
    assert upload.status == JobStatus.FAILED and not can_import(upload)
    assert error_of(upload) == "stor.csv: the file has more than 5 rows; split it into smaller files"


def test_a_budget_spent_during_the_import_stores_nothing_and_keeps_earlier_imports(session):
    survey = make_import_survey(session)
    first = start_upload(session, survey, None, csv_bytes(ROWS), "a.csv")
    read_upload(session, first.id)
    start_import(session, _reload(session, first), CHOICES)
    import_upload(session, first.id)
    assert _responses(session) == 2

    more = [["concern"]] + [[f"svar {i}"] for i in range(10)]
    second = start_upload(session, survey, None, csv_bytes(more), "b.csv")
    read_upload(session, second.id)
    start_import(session, _reload(session, second), {**CHOICES, "mapping": {"concern": "concern"}})
    import_upload(session, second.id, ReadBudget(max_rows=5))
    second = _reload(session, second)
    assert second.status == JobStatus.FAILED and "b.csv: the file has more than 5 rows" in str(
        error_of(second)
    )
    assert _responses(session) == 2  # none of b.csv, all of a.csv


def test_row_errors_are_kept_with_the_file_for_a_corrected_mapping(session):
    survey = make_import_survey(session)
    rows = [["concern", "safety"], ["Mörkt", "nio"], ["Ljust", "3"]]
    upload = start_upload(session, survey, None, csv_bytes(rows), "svar.csv")
    read_upload(session, upload.id)
    start_import(session, _reload(session, upload), CHOICES)
    import_upload(session, upload.id)
    upload = _reload(session, upload)
    errors, count = row_errors_of(upload)
    assert count == 1 and (errors[0].row, errors[0].column) == (2, "safety")
    assert errors[0].message.startswith("'nio' is not a whole number")
    assert getattr(errors[0].message, "msgid", None)  # still translatable after the round trip
    assert can_import(upload) and upload.data is not None and _responses(session) == 0

    start_import(session, upload, {**CHOICES, "mapping": {"concern": "concern"}})
    import_upload(session, upload.id)
    assert report_of(_reload(session, upload)).imported == 2


def test_a_job_that_runs_twice_does_nothing_the_second_time(session):
    survey = make_import_survey(session)
    upload = start_upload(session, survey, None, csv_bytes(ROWS), "svar.csv")
    read_upload(session, upload.id)
    start_import(session, _reload(session, upload), CHOICES)
    import_upload(session, upload.id)
    import_upload(session, upload.id)  # a retry of the same job
    read_upload(session, upload.id)
    assert _responses(session) == 2 and _reload(session, upload).status == JobStatus.DONE


def test_a_running_step_whose_process_died_shows_as_failed(session):
    survey = make_import_survey(session)
    upload = start_upload(session, survey, None, csv_bytes(ROWS), "svar.csv")
    upload.status, upload.updated_at = JobStatus.RUNNING, utcnow() - STALL_AFTER - dt.timedelta(seconds=1)
    session.commit()
    found = find_upload(session, upload.token, survey)
    assert found is not None and found.status == JobStatus.FAILED
    assert "stopped without finishing" in str(error_of(found))


def test_a_new_upload_replaces_the_earlier_one_of_the_same_person(session):
    survey = make_import_survey(session)
    first = start_upload(session, survey, None, csv_bytes(ROWS), "a.csv")
    second = start_upload(session, survey, None, csv_bytes(ROWS), "b.csv", replacing=first.token)
    assert session.scalars(select(ResponseUpload.filename)).all() == ["b.csv"]
    assert find_upload(session, second.token, survey) is not None
    other = make_import_survey(session, slug="other")
    assert find_upload(session, second.token, other) is None  # an upload belongs to its survey
