"""Job entry point for a survey's documents: the situation picture (PDF, DOCX) and the
response export (CSV, XLSX)."""

from __future__ import annotations

from app.admin.insights.report import render_document
from app.admin.surveys.transfer import render_export
from app.extensions import db
from surveys.authoring.models import Survey
from surveys.reports.document_models import ReportDocument
from surveys.reports.documents import build_document


def _render(survey: Survey, document: ReportDocument) -> tuple[bytes, str]:
    if document.kind.is_export:
        return render_export(survey, document)
    return render_document(survey, document)


def build_document_job(document_id: int) -> None:
    """Build requested document `document_id` (a thread, an RQ worker, or inline in tests)."""
    build_document(db.session, document_id, _render)
