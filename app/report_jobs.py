"""Job entry point for situation-picture documents (PDF, DOCX) asked for on the report page."""

from __future__ import annotations

from app.admin.insights.report import render_document
from app.extensions import db
from surveys.reports.documents import build_document


def build_report_document_job(document_id: int) -> None:
    """Build requested document `document_id` (a thread, an RQ worker, or inline in tests)."""
    try:
        build_document(db.session, document_id, render_document)
    finally:
        db.session.remove()  # type: ignore[attr-defined]  # the scoped session's
