"""Documents of a survey built by a background job, kept until downloaded: the situation
picture (PDF, DOCX) and the response export (CSV, XLSX)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from surveys.database.base import Base, enum_column, utcnow
from surveys.database.job_status import JobStatus


class DocumentKind(StrEnum):
    """What a document is: the situation picture as PDF or DOCX, the responses as CSV or XLSX."""

    PDF = "pdf"
    DOCX = "docx"
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def is_export(self) -> bool:
        """Whether this is a response export (its rows are the survey's responses)."""
        return self in {DocumentKind.CSV, DocumentKind.XLSX}


class ReportDocument(Base):
    """One requested document of a survey and the job building it.

    The bytes live in the database so that whichever worker builds the document, any web
    worker can hand it out; documents are deleted a day after they were asked for.
    """

    __tablename__ = "report_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The document's page and download are found by this unguessable token.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, 10))
    language: Mapped[str] = mapped_column(String(10))
    # How it was asked for: a response export's {"raw": bool, "dialect": "sv" | "en"}.
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, 10), default=JobStatus.QUEUED)
    filename: Mapped[str | None] = mapped_column(String(200))
    # Deferred: the progress page never loads a document of several megabytes.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def finished(self) -> bool:
        """Whether the job has stopped, successfully or not."""
        return self.status in {JobStatus.DONE, JobStatus.FAILED}
