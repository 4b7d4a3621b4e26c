"""Documents of a survey built by background jobs, so no web request renders for minutes.

An official asks for the situation picture as PDF or DOCX, or for the responses as CSV or
XLSX (`request_document`); a job renders it (`build_document`) with the renderer the web layer
passes in (it knows the interface catalogue and area names); the document's page shows
progress until it can be downloaded. A document is kept for `MAX_AGE`, then deleted with the
next request; one whose job died shows as failed after `STALL_AFTER`.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, undefer

from surveys.authoring.models import Survey
from surveys.database.base import utcnow
from surveys.database.job_status import JobStatus
from surveys.reports.document_models import DocumentKind, ReportDocument

log = logging.getLogger(__name__)

MAX_AGE = dt.timedelta(days=1)
# Rendering writes nothing while it runs; a lägesbild of a large survey takes well under this.
STALL_AFTER = dt.timedelta(minutes=15)

# Renders a requested document of a survey (its kind, language and options): (bytes, file name).
Renderer = Callable[[Survey, ReportDocument], tuple[bytes, str]]


def request_document(
    session: Session,
    survey: Survey,
    user_id: int | None,
    kind: DocumentKind,
    language: str,
    options: Mapping[str, Any] | None = None,
) -> ReportDocument:
    """Queue a new document of `survey`; commit.

    The same person's earlier request for the same document (kind, language and options) is
    replaced, and documents older than `MAX_AGE` are deleted.
    """
    wanted = dict(options or {})
    session.execute(delete(ReportDocument).where(ReportDocument.created_at < utcnow() - MAX_AGE))
    # Options are JSON, compared here rather than in SQL (JSON equality differs by database).
    earlier = session.execute(
        select(ReportDocument.id, ReportDocument.options).where(
            ReportDocument.survey_id == survey.id,
            ReportDocument.user_id == user_id,
            ReportDocument.kind == kind,
            ReportDocument.language == language,
        )
    ).all()
    same = [id_ for id_, asked in earlier if (asked or {}) == wanted]
    if same:
        session.execute(delete(ReportDocument).where(ReportDocument.id.in_(same)))
    document = ReportDocument(
        token=secrets.token_urlsafe(32),
        survey_id=survey.id,
        user_id=user_id,
        kind=kind,
        language=language,
        options=wanted,
        status=JobStatus.QUEUED,
    )
    session.add(document)
    session.commit()
    return document


def find_document(session: Session, token: str, survey: Survey) -> ReportDocument | None:
    """The document with `token` of `survey`, or None when there is none or it expired.

    One whose job stopped without finishing is marked failed first (and committed).
    """
    document = session.scalar(
        select(ReportDocument).where(ReportDocument.token == token, ReportDocument.survey_id == survey.id)
    )
    if document is None or utcnow() - document.created_at > MAX_AGE:
        return None
    if not document.finished and utcnow() - document.updated_at > STALL_AFTER:
        document.status = JobStatus.FAILED
        session.commit()
        log.warning("report document %s stalled; marked failed", document.id)
    return document


def document_content(session: Session, document: ReportDocument) -> bytes:
    """The finished document's bytes."""
    content = session.scalar(select(ReportDocument.content).where(ReportDocument.id == document.id))
    if document.status != JobStatus.DONE or content is None:
        raise LookupError(f"report document {document.id} is not ready")
    return content


def build_document(session: Session, document_id: int, render: Renderer) -> None:
    """Render queued document `document_id` and store it; a failure is recorded, never raised twice."""
    claimed = session.execute(
        update(ReportDocument)
        .where(ReportDocument.id == document_id, ReportDocument.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, updated_at=utcnow())
    )
    session.commit()
    if not claimed.rowcount:  # type: ignore[attr-defined]  # a CursorResult's
        return  # already taken by another worker, or deleted
    document = session.scalar(
        select(ReportDocument)
        .options(undefer(ReportDocument.content))
        .where(ReportDocument.id == document_id)
    )
    survey = session.get(Survey, document.survey_id) if document is not None else None
    if document is None or survey is None:
        return
    try:
        content, filename = render(survey, document)
    except Exception:
        session.rollback()
        session.execute(
            update(ReportDocument)
            .where(ReportDocument.id == document_id)
            .values(status=JobStatus.FAILED, updated_at=utcnow())
        )
        session.commit()
        log.exception("report document %s failed", document_id)
        raise
    document.content, document.filename = content, filename[:200]
    document.status, document.updated_at = JobStatus.DONE, utcnow()
    session.commit()
