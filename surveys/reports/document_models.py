"""Situation-picture documents (PDF, DOCX) built by a background job, kept until downloaded."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from surveys.database.base import Base, enum_column, utcnow


class DocumentStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class DocumentKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"


class ReportDocument(Base):
    """One requested document of a survey's situation picture and the job building it.

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
    status: Mapped[DocumentStatus] = mapped_column(
        enum_column(DocumentStatus, 10), default=DocumentStatus.QUEUED
    )
    filename: Mapped[str | None] = mapped_column(String(200))
    # Deferred: the progress page never loads a document of several megabytes.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def finished(self) -> bool:
        """Whether the job has stopped, successfully or not."""
        return self.status in {DocumentStatus.DONE, DocumentStatus.FAILED}
