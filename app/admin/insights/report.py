"""The situation picture (lägesbild) of a round as a web page, PDF and DOCX."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import abort, current_app, render_template, request, send_file
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import login_required

from analysis.catalog import Catalog
from app.admin.common import area_name, load_visible_survey
from app.admin.insights import bp
from app.config import privacy_floor
from app.extensions import db
from app.plan_support import gettext_in
from surveys.authoring.models import Survey
from surveys.insights.report_data import SituationReportData, build_report_data
from surveys.reports import charts
from surveys.reports.outline import build_outline
from surveys.reports.situation_docx import situation_docx
from surveys.reports.situation_pdf import situation_pdf

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _forced_language() -> str | None:
    """The language asked for with ?lang=, if it is one the interface offers."""
    lang = request.args.get("lang")
    return lang if lang in current_app.config["SUPPORTED_LOCALES"] else None


@contextmanager
def _report_language() -> Iterator[str | None]:
    """Write the report in ?lang= when given, else in the interface language."""
    lang = _forced_language()
    if lang is None:
        yield None
        return
    with force_locale(lang):
        yield lang


def _report(slug: str, places: bool = True) -> tuple[Survey, SituationReportData]:
    """The survey and its report data; `places` loads outlines and hot spots for map images and tables."""
    survey = load_visible_survey(slug)
    min_group = privacy_floor()
    return survey, build_report_data(db.session, survey, min_group, places=places)


def _catalog() -> Catalog:
    """The report language's catalogue, with plurals and locale for numbers and dates."""
    return gettext_in(str(get_locale()))


def _download(content: bytes, mimetype: str, survey: Survey, extension: str) -> Any:
    stem = _("situation-picture")
    name = f"{stem}-{survey.organisation.slug}-{survey.round_label or survey.slug}.{extension}"
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=name)


@bp.get("/surveys/<slug>/report")
@login_required
def survey_report(slug: str) -> str:
    """The situation picture of the survey's round as a page, with links to the PDF and DOCX."""
    survey, data = _report(slug)
    with _report_language() as lang:
        return render_template(
            "admin/report.html", survey=survey, outline=build_outline(data, _catalog(), area_name), lang=lang
        )


@bp.get("/surveys/<slug>/report/chart-<name>.png")
@login_required
def survey_report_chart(slug: str, name: str) -> Any:
    """One chart of the situation picture as a PNG image."""
    survey, data = _report(slug, places=False)
    if name not in charts.available(data):
        abort(404)
    with _report_language():
        png = charts.chart_png(name, data, _catalog(), area_name)
    return send_file(io.BytesIO(png), mimetype="image/png", max_age=0)


@bp.get("/surveys/<slug>/report.pdf")
@login_required
def survey_report_pdf(slug: str) -> Any:
    """The situation picture as a PDF download."""
    survey, data = _report(slug)
    with _report_language():
        return _download(situation_pdf(data, _catalog(), area_name), PDF, survey, "pdf")


@bp.get("/surveys/<slug>/report.docx")
@login_required
def survey_report_docx(slug: str) -> Any:
    """The situation picture as a Word (DOCX) download."""
    survey, data = _report(slug)
    with _report_language():
        return _download(situation_docx(data, _catalog(), area_name), DOCX, survey, "docx")
