"""Files in and out: XLSForm import/export, response import (preview → mapping → import) and export.

The response import keeps the uploaded bytes on the server between its two steps
(see `pending_uploads`): the confirm step re-reads the stored file, so nothing the
browser sends back except the chosen columns is trusted, and those must be columns
of that file.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.admin.common import RAW_TEXT_ROLES, SURVEY_EDITORS, load_visible_survey
from app.admin.surveys import bp, pending_uploads
from app.admin.surveys.transfer_forms import (
    MappingFormBase,
    ResponseUploadForm,
    XLSFormUploadForm,
    mapping_form,
    suggested_data,
)
from app.auth import roles_required
from app.extensions import db
from app.import_messages import exception_message, localised_problems, localised_rows
from surveys.accounts.models import Role
from surveys.audit.log import record
from surveys.authoring.models import Survey
from surveys.transfer.errors import ImportFailed, InvalidResponseFile, InvalidSurveyFile
from surveys.transfer.responses_export import CSV_DIALECTS, export_responses_csv, export_responses_xlsx
from surveys.transfer.responses_import import (
    FilePreview,
    import_responses,
    preview_response_file,
    suggest_mapping,
    suggest_meta_columns,
)
from surveys.transfer.xlsform_export import export_xlsform
from surveys.transfer.xlsform_import import check_xlsform, save_form

EXPORTERS = (Role.ADMIN, Role.ANALYST, Role.POLICE)
# Roles that may see free text as written, before personal data is masked.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Enough to fix a file by; more usually means a wrong mapping or the wrong file.
MAX_SHOWN_ERRORS = 100
# The pending-upload key of an XLSForm waiting for confirmation (survey slugs have no colon).
XLSFORM_UPLOAD = ":xlsform"


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
    """Step 1: check an uploaded XLSForm; import it at once when nothing is left out.

    When some rows cannot be asked as written, the file is kept and the page lists
    them row by row; the official then confirms (or uploads another file).
    """
    form = XLSFormUploadForm()
    problems: list[Any] = []
    if form.validate_on_submit():
        upload = form.file.data
        data, filename = upload.read(), pending_uploads.safe_name(upload.filename, "form.xlsx")
        try:
            spec = check_xlsform(data, filename)
        except InvalidSurveyFile as exc:
            problems = localised_problems(exc.problems)
        else:
            if not spec.dropped:
                return _imported(save_form(db.session, spec, current_user.organisation, filename))
            pending_uploads.keep(XLSFORM_UPLOAD, data, filename)
            return render_template(
                "admin/survey_import.html",
                form=form,
                problems=[],
                preview=spec,
                dropped=localised_problems(spec.dropped),
                confirm=FlaskForm(),
                filename=filename,
            )
    failed = bool(form.errors or problems)
    return render_template("admin/survey_import.html", form=form, problems=problems), 422 if failed else 200


@bp.post("/surveys/import/confirm")
@roles_required(*SURVEY_EDITORS)
def survey_import_confirm() -> Any:
    """Step 2: import the kept XLSForm whose report the official has read."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    pending = pending_uploads.load(XLSFORM_UPLOAD)
    if pending is None:
        flash(
            _("The uploaded file is no longer available (files are kept for one hour). Upload it again."),
            "error",
        )
        return redirect(url_for("admin.surveys.survey_import"))
    try:
        spec = check_xlsform(pending.data, pending.filename)
    except InvalidSurveyFile as exc:
        pending_uploads.discard()
        form = XLSFormUploadForm()
        problems = localised_problems(exc.problems)
        return render_template("admin/survey_import.html", form=form, problems=problems), 422
    survey = save_form(db.session, spec, current_user.organisation, pending.filename)
    pending_uploads.discard()
    return _imported(survey)


def _imported(survey: Survey) -> Any:
    flash(_("The survey has been imported as a draft. Check its texts before you open it."), "success")
    return redirect(url_for("admin.surveys.survey_edit", slug=survey.slug))


@bp.get("/surveys/<slug>/export.xlsform.xlsx")
@roles_required(*EXPORTERS)
def survey_export_xlsform(slug: str) -> Response:
    """The survey's questions as an XLSForm workbook."""
    survey = load_visible_survey(slug)
    return _download(export_xlsform(survey), XLSX, f"{slug}-xlsform.xlsx")


@bp.get("/surveys/<slug>/responses.<any(csv, xlsx):fmt>")
@roles_required(*EXPORTERS)
def responses_export(slug: str, fmt: str) -> Response:
    """All responses as CSV (UTF-8 with BOM) or XLSX; free text masked unless ?raw=1."""
    survey = load_visible_survey(slug)
    raw = request.args.get("raw") == "1"
    if raw and current_user.role not in RAW_TEXT_ROLES:
        abort(403)
    suffix = "-omaskerad" if raw else ""
    record(
        db.session,
        "export_raw_text" if raw else "export_responses",
        user=current_user._get_current_object(),
        organisation_id=survey.organisation_id,
        target=slug,
        format=fmt,
    )
    if fmt == "csv":
        # Swedish staff get the dialect their Excel opens directly (";", decimal comma).
        dialect = request.args.get("dialect") or ("sv" if str(get_locale()) == "sv" else "en")
        if dialect not in CSV_DIALECTS:
            abort(404)
        data = export_responses_csv(db.session, survey, include_raw_text=raw, dialect=dialect, gettext=_)
        return _download(data, "text/csv; charset=utf-8", f"{slug}-svar{suffix}.csv")
    data = export_responses_xlsx(db.session, survey, include_raw_text=raw)
    return _download(data, XLSX, f"{slug}-svar{suffix}.xlsx")


@bp.route("/surveys/<slug>/responses/import", methods=["GET", "POST"])
@roles_required(*SURVEY_EDITORS)
def responses_import(slug: str) -> Any:
    """Step 1: upload a CSV/XLSX file; a readable one is kept and its mapping step shown."""
    survey = load_visible_survey(slug)
    form = ResponseUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data, filename = upload.read(), pending_uploads.safe_name(upload.filename)
        try:
            preview = preview_response_file(data, filename)
        except InvalidResponseFile as exc:
            form.file.errors = [exception_message(exc)]
        else:
            pending_uploads.keep(slug, data, filename)
            return _mapping_page(survey, _suggested_form(survey, preview.columns), preview, filename)
    status = 422 if form.errors else 200
    return render_template("admin/responses_import.html", survey=survey, form=form), status


@bp.post("/surveys/<slug>/responses/import/confirm")
@roles_required(*SURVEY_EDITORS)
def responses_import_confirm(slug: str) -> Any:
    """Step 2: import the kept file with the chosen mapping, all rows or none."""
    survey = load_visible_survey(slug)
    pending = pending_uploads.load(slug)
    if pending is None:
        flash(
            _("The uploaded file is no longer available (files are kept for one hour). Upload it again."),
            "error",
        )
        return redirect(url_for("admin.surveys.responses_import", slug=slug))
    try:
        preview = preview_response_file(pending.data, pending.filename)
        form = mapping_form(survey, preview.columns, _language(survey), formdata=request.form)
        if not form.validate():
            return _mapping_page(survey, form, preview, pending.filename), 422
        mapping = form.mapping(survey)
        if not mapping:
            return _mapping_page(survey, form, preview, pending.filename, nothing_mapped=True), 422
        report = import_responses(
            db.session,
            survey,
            pending.data,
            pending.filename,
            mapping,
            group_column=form.meta_column("group"),
            date_column=form.meta_column("date"),
            language_column=form.meta_column("language"),
        )
    except ImportFailed as exc:
        return _mapping_page(survey, form, preview, pending.filename, errors=exc.errors), 422
    except InvalidResponseFile as exc:
        pending_uploads.discard()
        flash(_("Nothing was imported: %(reason)s", reason=exception_message(exc)), "error")
        return redirect(url_for("admin.surveys.responses_import", slug=slug))
    pending_uploads.discard()
    flash(_("Responses imported: %(n)d.", n=report.imported), "success")
    if report.skipped_empty:
        flash(_("Rows without any answer were skipped: %(n)d.", n=report.skipped_empty), "success")
    return redirect(url_for("admin.surveys.survey_detail", slug=slug))


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
    nothing_mapped: bool = False,
) -> str:
    return render_template(
        "admin/responses_mapping.html",
        survey=survey,
        form=form,
        preview=preview,
        filename=filename,
        errors=localised_rows((errors or [])[:MAX_SHOWN_ERRORS]),
        error_count=len(errors or []),
        nothing_mapped=nothing_mapped,
    )
