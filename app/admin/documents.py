"""A survey's documents made by a job, shared by the areas that offer them: the button's
request (`ask_for_document`) and who may have a response export."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.admin.common import RAW_TEXT_ROLES
from app.extensions import db
from app.jobs import enqueue
from surveys.accounts.models import Role
from surveys.authoring.models import Survey
from surveys.reports.document_models import DocumentKind
from surveys.reports.documents import request_document

BUILD_JOB = "app.document_jobs:build_document_job"
MIMETYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentKind.CSV: "text/csv; charset=utf-8",
    DocumentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Who may export the responses (masked); free text as written needs RAW_TEXT_ROLES as well.
EXPORTERS = (Role.ADMIN, Role.ANALYST, Role.POLICE)


def ask_for_document(
    survey: Survey, kind: DocumentKind, language: str, options: Mapping[str, Any] | None = None
) -> Response:
    """Queue `kind` of `survey` for the signed-in person and send them to its page."""
    document = request_document(db.session, survey, current_user.id, kind, language, options)
    # An inline job (tests) ends the session, and with it every object read through it.
    slug, token, document_id = survey.slug, document.token, document.id
    enqueue(BUILD_JOB, document_id)
    return redirect(url_for("admin.surveys.survey_document", slug=slug, document=token), code=303)


def may_export(raw: bool) -> bool:
    """Whether the signed-in person may export the responses (`raw`: free text as written)."""
    return current_user.role in EXPORTERS and (not raw or current_user.role in RAW_TEXT_ROLES)
