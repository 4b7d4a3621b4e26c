"""Files in and out: XLSForm import/export, response import (preview → mapping → import) and export.

The response import keeps the uploaded file on the server (`surveys.transfer.uploads`) and
never parses it in a request: a background job reads it within the configured budget, the
file page shows the progress and then the mapping step, and the import runs as a second
job. Nothing the browser sends back except the chosen columns is trusted, and those must
be columns of that file.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.admin.common import SURVEY_EDITORS, load_visible_survey
from app.admin.documents import EXPORTERS, ask_for_document, may_export
from app.admin.surveys import bp, pending_uploads
from app.admin.surveys.transfer_forms import (
    MappingFormBase,
    ResponseUploadForm,
    XLSFormUploadForm,
    mapping_form,
    suggested_data,
)
from app.admin.uploads import list_progress_page
from app.auth import roles_required
from app.extensions import db
from app.import_messages import localised_problems, localised_rows, translated
from app.jobs import enqueue
from app.upload_jobs import IMPORT_JOB, READ_JOB, XLSFORM_CHECK_JOB, XLSFORM_IMPORT_JOB
from surveys.audit.log import record
from surveys.authoring.models import Survey
from surveys.database.job_status import JobStatus
from surveys.reports.document_models import DocumentKind, ReportDocument
from surveys.transfer.errors import SheetProblem
from surveys.transfer.responses_export import CSV_DIALECTS, export_responses_csv, export_responses_xlsx
from surveys.transfer.responses_import import FilePreview, suggest_mapping, suggest_meta_columns
from surveys.transfer.upload_models import ResponseUpload, UploadKind, UploadStep
from surveys.transfer.uploads import (
    can_import,
    discard_upload,
    error_of,
    find_list_upload,
    find_upload,
    preview_of,
    report_of,
    row_errors_of,
    start_import,
    start_upload,
)
from surveys.transfer.xlsform_export import export_xlsform
from surveys.transfer.xlsform_uploads import (
    dropped_of,
    imported_survey,
    problems_of,
    start_xlsform_upload,
)

# Roles that may see free text as written, before personal data is masked.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Enough to fix a file by; more usually means a wrong mapping or the wrong file.
MAX_SHOWN_ERRORS = 100
# The session's note of its kept XLSForm: the upload's token.
XLSFORM_SESSION_KEY = "xlsform_upload"
# The session's note of its kept response file: {"token": …, "slug": …} (one at a time).
UPLOAD_SESSION_KEY = "response_upload"


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    """An attachment that no shared cache keeps (response files hold personal data)."""
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@bp.route("/surveys/import", methods=["GET", "POST"])
@roles_required(*SURVEY_EDITORS)
def survey_import() -> Any:
    """Step 1: upload an XLSForm; a job checks it (see the file page) and imports it at once
    when nothing is left out.

    When some rows cannot be asked as written, the file is kept and the file page lists
    them row by row; the official then confirms (or uploads another file).
    """
    form = XLSFormUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data, filename = upload.read(), pending_uploads.safe_name(upload.filename, "form.xlsx")
        earlier = session.pop(XLSFORM_SESSION_KEY, None)
        kept = start_xlsform_upload(
            db.session,
            current_user.organisation_id,
            current_user.id,
            data,
            filename,
            replacing=earlier if isinstance(earlier, str) else None,
        )
        session[XLSFORM_SESSION_KEY] = kept.token
        enqueue(XLSFORM_CHECK_JOB, kept.id)
        return redirect(url_for("admin.surveys.survey_import_file"))
    status = 422 if form.errors else 200
    return render_template("admin/survey_import.html", form=form, problems=[]), status


@bp.get("/surveys/import/file")
@roles_required(*SURVEY_EDITORS)
def survey_import_file() -> Any:
    """The uploaded XLSForm while a job checks or imports it; then the new draft, the
    problems, or what is left out for the official to confirm."""
    upload = _xlsform_upload()
    if upload is None:
        return _xlsform_again()
    if not upload.finished:
        return list_progress_page(
            upload,
            _("Import a survey from XLSForm"),
            (url_for("admin.surveys.survey_import"), _("Import survey")),
            url_for("admin.surveys.survey_import_file"),
        )
    slug = imported_survey(upload)
    if upload.status == JobStatus.DONE and slug is not None:
        _forget_xlsform(upload)
        return _imported(slug)
    if upload.status == JobStatus.DONE:
        questions, dropped = dropped_of(upload)
        return render_template(
            "admin/survey_import.html",
            form=XLSFormUploadForm(formdata=None),
            problems=[],
            preview=True,
            question_count=questions,
            dropped=localised_problems(dropped),
            confirm=FlaskForm(),
            filename=upload.filename,
        )
    problems = problems_of(upload)
    if not problems:
        problems = [SheetProblem(None, None, error_of(upload) or "")]
    _forget_xlsform(upload)
    form = XLSFormUploadForm(formdata=None)
    return render_template("admin/survey_import.html", form=form, problems=localised_problems(problems)), 422


@bp.post("/surveys/import/confirm")
@roles_required(*SURVEY_EDITORS)
def survey_import_confirm() -> Any:
    """Step 2: queue the import of the kept XLSForm whose report the official has read."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    upload = _xlsform_upload()
    if upload is None:
        return _xlsform_again()
    if can_import(upload) and imported_survey(upload) is None:
        start_import(db.session, upload, {})
        enqueue(XLSFORM_IMPORT_JOB, upload.id)
    return redirect(url_for("admin.surveys.survey_import_file"))


def _xlsform_upload() -> ResponseUpload | None:
    """This session's kept XLSForm, or None (none, or expired)."""
    token = session.get(XLSFORM_SESSION_KEY)
    if not isinstance(token, str):
        return None
    upload = find_list_upload(db.session, token, UploadKind.XLSFORM, current_user.organisation_id)
    if upload is None:
        session.pop(XLSFORM_SESSION_KEY, None)
    return upload


def _forget_xlsform(upload: ResponseUpload) -> None:
    session.pop(XLSFORM_SESSION_KEY, None)
    discard_upload(db.session, upload)


def _xlsform_again() -> Any:
    flash(
        _("The uploaded file is no longer available (files are kept for one hour). Upload it again."),
        "error",
    )
    return redirect(url_for("admin.surveys.survey_import"))


def _imported(slug: str) -> Any:
    flash(_("The survey has been imported as a draft. Check its texts before you open it."), "success")
    return redirect(url_for("admin.surveys.survey_edit", slug=slug))


@bp.get("/surveys/<slug>/export.xlsform.xlsx")
@roles_required(*EXPORTERS)
def survey_export_xlsform(slug: str) -> Response:
    """The survey's questions as an XLSForm workbook."""
    survey = load_visible_survey(slug)
    return _download(export_xlsform(survey), XLSX, f"{slug}-xlsform.xlsx")


@bp.post("/surveys/<slug>/responses.<any(csv, xlsx):fmt>")
@roles_required(*EXPORTERS)
def responses_export(slug: str, fmt: str) -> Any:
    """Ask for all responses as CSV (UTF-8 with BOM) or XLSX, free text masked unless raw=1.

    A job writes the file (a large survey takes minutes); its page offers the download.
    """
    survey = load_visible_survey(slug)
    raw = request.form.get("raw") == "1"
    if not may_export(raw):
        abort(403)
    options: dict[str, Any] = {"raw": raw}
    if fmt == "csv":
        # Swedish staff get the dialect their Excel opens directly (";", decimal comma).
        dialect = request.form.get("dialect") or ("sv" if str(get_locale()) == "sv" else "en")
        if dialect not in CSV_DIALECTS:
            abort(400)
        options["dialect"] = dialect
    record(
        db.session,
        "export_raw_text" if raw else "export_responses",
        user=current_user._get_current_object(),
        organisation_id=survey.organisation_id,
        target=slug,
        format=fmt,
    )
    return ask_for_document(survey, DocumentKind(fmt), str(get_locale()), options)


def render_export(survey: Survey, document: ReportDocument) -> tuple[bytes, str]:
    """The responses file `document` asks for, and its file name (for the job)."""
    raw = bool(document.options.get("raw"))
    suffix = "-omaskerad" if raw else ""
    with force_locale(document.language):
        if document.kind == DocumentKind.CSV:
            dialect = document.options.get("dialect") or "sv"
            data = export_responses_csv(db.session, survey, include_raw_text=raw, dialect=dialect, gettext=_)
        else:
            data = export_responses_xlsx(db.session, survey, include_raw_text=raw)
    return data, f"{survey.slug}-svar{suffix}.{document.kind.value}"


@bp.route("/surveys/<slug>/responses/import", methods=["GET", "POST"])
@roles_required(*SURVEY_EDITORS)
def responses_import(slug: str) -> Any:
    """Step 1: upload a CSV/XLSX file; it is kept and read in the background (see the file page)."""
    survey = load_visible_survey(slug)
    form = ResponseUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data, filename = upload.read(), pending_uploads.safe_name(upload.filename)
        earlier = session.pop(UPLOAD_SESSION_KEY, None)
        kept = start_upload(
            db.session,
            survey,
            current_user.id,
            data,
            filename,
            replacing=earlier.get("token") if isinstance(earlier, dict) else None,
        )
        session[UPLOAD_SESSION_KEY] = {"token": kept.token, "slug": slug}
        enqueue(READ_JOB, kept.id)
        return redirect(url_for("admin.surveys.responses_import_file", slug=slug))
    status = 422 if form.errors else 200
    return render_template("admin/responses_import.html", survey=survey, form=form), status


@bp.get("/surveys/<slug>/responses/import/file")
@roles_required(*SURVEY_EDITORS)
def responses_import_file(slug: str) -> Any:
    """The kept file: its progress while a job reads or imports it, then what comes next.

    Read: the mapping step (step 2). Unreadable: step 1 again with the reason. Imported:
    back to the survey. Rows that failed: the mapping step with the problems by row.
    """
    survey = load_visible_survey(slug)
    upload = _session_upload(survey)
    if upload is None:
        return _upload_again(slug)
    if not upload.finished:
        return render_template("admin/responses_progress.html", survey=survey, upload=upload)
    if upload.step == UploadStep.PREVIEW:
        if upload.status == JobStatus.DONE:
            preview = preview_of(upload)
            return _mapping_page(survey, _suggested_form(survey, preview.columns), preview, upload.filename)
        return _unreadable(survey, upload)
    if upload.status == JobStatus.DONE:
        report = report_of(upload)
        _forget(upload)
        flash(_("Responses imported: %(n)d.", n=report.imported), "success")
        if report.skipped_empty:
            flash(_("Rows without any answer were skipped: %(n)d.", n=report.skipped_empty), "success")
        return redirect(url_for("admin.surveys.survey_detail", slug=slug))
    errors, count = row_errors_of(upload)
    if not errors:
        reason = error_of(upload) or ""
        _forget(upload)
        flash(_("Nothing was imported: %(reason)s", reason=translated(reason)), "error")
        return redirect(url_for("admin.surveys.responses_import", slug=slug))
    preview = preview_of(upload)
    form = mapping_form(survey, preview.columns, _language(survey), data=upload.choices.get("form", {}))
    return _mapping_page(survey, form, preview, upload.filename, errors=errors, error_count=count), 422


@bp.post("/surveys/<slug>/responses/import/confirm")
@roles_required(*SURVEY_EDITORS)
def responses_import_confirm(slug: str) -> Any:
    """Step 2: queue the import of the kept file with the chosen mapping (all rows or none)."""
    survey = load_visible_survey(slug)
    upload = _session_upload(survey)
    if upload is None:
        return _upload_again(slug)
    if not can_import(upload):
        return redirect(url_for("admin.surveys.responses_import_file", slug=slug))
    preview = preview_of(upload)
    form = mapping_form(survey, preview.columns, _language(survey), formdata=request.form)
    if not form.validate():
        return _mapping_page(survey, form, preview, upload.filename), 422
    mapping = form.mapping(survey)
    if not mapping:
        return _mapping_page(survey, form, preview, upload.filename, nothing_mapped=True), 422
    fields = {name: value for name, value in form.data.items() if name != "csrf_token"}
    choices = {name: form.meta_column(name) for name in ("group", "date", "language")}
    start_import(db.session, upload, {"mapping": mapping, "form": fields, **choices})
    enqueue(IMPORT_JOB, upload.id)
    return redirect(url_for("admin.surveys.responses_import_file", slug=slug))


def _session_upload(survey: Survey) -> ResponseUpload | None:
    """This session's kept upload for `survey`, or None (none, another survey's, or expired)."""
    entry = session.get(UPLOAD_SESSION_KEY)
    if (
        not isinstance(entry, dict)
        or entry.get("slug") != survey.slug
        or not isinstance(entry.get("token"), str)
    ):
        return None
    upload = find_upload(db.session, entry["token"], survey)
    if upload is None:
        session.pop(UPLOAD_SESSION_KEY, None)
    return upload


def _forget(upload: ResponseUpload) -> None:
    """Delete the kept upload and this session's note of it."""
    session.pop(UPLOAD_SESSION_KEY, None)
    discard_upload(db.session, upload)


def _upload_again(slug: str) -> Any:
    flash(
        _("The uploaded file is no longer available (files are kept for one hour). Upload it again."),
        "error",
    )
    return redirect(url_for("admin.surveys.responses_import", slug=slug))


def _unreadable(survey: Survey, upload: ResponseUpload) -> tuple[str, int]:
    """Step 1 again, the reason the file cannot be read on its field; the file is deleted."""
    form = ResponseUploadForm(formdata=None)
    form.file.errors = [translated(error_of(upload) or "")]
    _forget(upload)
    return render_template("admin/responses_import.html", survey=survey, form=form), 422


def _suggested_form(survey: Survey, columns: list[str]) -> MappingFormBase:
    """The mapping form preset with the columns whose names match questions and metadata."""
    mapping = suggest_mapping(survey, columns)
    meta = suggest_meta_columns(columns, taken=list(mapping.values()))
    return mapping_form(survey, columns, _language(survey), data=suggested_data(mapping, meta))


def _language(survey: Survey) -> str:
    """The interface language when the survey offers it, else the survey's first: for question texts."""
    locale = str(get_locale() or "")
    return locale if survey.offers(locale) else survey.languages[0]


def _mapping_page(
    survey: Survey,
    form: MappingFormBase,
    preview: FilePreview,
    filename: str,
    errors: list[Any] | None = None,
    error_count: int | None = None,
    nothing_mapped: bool = False,
) -> str:
    return render_template(
        "admin/responses_mapping.html",
        survey=survey,
        form=form,
        preview=preview,
        filename=filename,
        errors=localised_rows((errors or [])[:MAX_SHOWN_ERRORS]),
        error_count=len(errors or []) if error_count is None else error_count,
        nothing_mapped=nothing_mapped,
    )
