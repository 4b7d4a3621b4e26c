"""Files uploaded for import (responses, incidents, indicators), kept with the state of the
job that reads them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from surveys.database.base import Base, enum_column, utcnow
from surveys.database.job_status import JobStatus


class UploadKind(StrEnum):
    """What an uploaded file is imported as."""

    RESPONSES = "responses"  # a survey's responses: preview, column mapping, import
    INCIDENTS = "incidents"  # an organisation's incident list: imported in one step
    INDICATORS = "indicators"  # an organisation's indicator statistics: imported in one step
    XLSFORM = "xlsform"  # a form for a new draft survey: checked, then (if confirmed) imported


class UploadStep(StrEnum):
    PREVIEW = "preview"  # reading the file for the column mapping
    IMPORT = "import"  # storing its rows as responses with the chosen mapping


class ResponseUpload(Base):
    """An uploaded file and the background job reading (then importing) it.

    The bytes live here, not on one server's disk, so that whichever worker takes the job
    can read them; they are dropped once the file is imported, discarded or expired.
    Response files belong to a survey; incident and indicator lists to an organisation
    (an indicator list also names the survey whose page it was uploaded from).
    """

    __tablename__ = "response_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The page of an upload is found through the session that uploaded it, by this token.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[UploadKind] = mapped_column(
        enum_column(UploadKind, 20), default=UploadKind.RESPONSES, server_default=UploadKind.RESPONSES.value
    )
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200))
    # Deferred: progress writes and status pages never load a 20 MB file.
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    step: Mapped[UploadStep] = mapped_column(enum_column(UploadStep, 10), default=UploadStep.PREVIEW)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, 10), default=JobStatus.QUEUED)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    # The preview (columns, first rows, encoding, delimiter, row count) once the file is read.
    preview: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The mapping form's fields as the official submitted them, for the import step.
    choices: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Why the last step failed ("error", "row_errors", "error_count") or what it imported.
    outcome: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Written with every progress step: an unfinished upload not touched for long has stalled.
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def finished(self) -> bool:
        """Whether the current step has stopped, successfully or not."""
        return self.status in {JobStatus.DONE, JobStatus.FAILED}
