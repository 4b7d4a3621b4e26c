"""A survey's document made by a job: its page shows the progress until the download is
ready (the situation picture's PDF/DOCX, the response exports)."""

from __future__ import annotations

import io
from typing import Any

from flask import abort, render_template, send_file
from flask_login import current_user, login_required

from app.admin.common import load_visible_survey
from app.admin.documents import MIMETYPES, may_export
from app.admin.surveys import bp
from app.extensions import db
from surveys.authoring.models import Survey
from surveys.database.job_status import JobStatus
from surveys.reports.document_models import ReportDocument
from surveys.reports.documents import document_content, find_document


def _visible_document(slug: str, token: str) -> tuple[Survey, ReportDocument]:
    """The survey and its document `token`, as far as the signed-in person may have it.

    A response export holds the answers (as written, when asked so): it is handed only to the
    person who asked for it, while they may still export.
    """
    survey = load_visible_survey(slug)
    found = find_document(db.session, token, survey)
    if found is None:
        abort(404)
    if found.kind.is_export and (
        found.user_id != current_user.id or not may_export(bool(found.options.get("raw")))
    ):
        abort(404)
    return survey, found


@bp.get("/surveys/<slug>/documents/<document>")
@login_required
def survey_document(slug: str, document: str) -> Any:
    """A requested document's progress, then its download link."""
    survey, found = _visible_document(slug, document)
    return render_template("admin/survey_document.html", survey=survey, document=found, done=JobStatus.DONE)


@bp.get("/surveys/<slug>/documents/<document>/download")
@login_required
def survey_document_download(slug: str, document: str) -> Any:
    """The finished document as a download that no shared cache keeps."""
    _survey, found = _visible_document(slug, document)
    if found.status != JobStatus.DONE:
        abort(404)
    response = send_file(
        io.BytesIO(document_content(db.session, found)),
        mimetype=MIMETYPES[found.kind],
        as_attachment=True,
        download_name=found.filename or f"document.{found.kind.value}",
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
