"""The situation picture as a tagged A4 PDF: title page, chapters, charts as figures, tables, appendix."""

from __future__ import annotations

from analysis.language import quoted_run
from surveys.insights.report_data import SituationReportData
from surveys.reports import charts, maps
from surveys.reports.blocks import Chart, MapImage
from surveys.reports.outline import build_outline
from surveys.reports.tagged_pdf import outline_pdf
from surveys.reports.wording import AreaName, Gettext


def situation_pdf(data: SituationReportData, _: Gettext, area_name: AreaName) -> bytes:
    """The situation picture of a round as PDF bytes."""
    outline = build_outline(data, _, area_name)

    def image_of(block: Chart | MapImage) -> bytes:
        if isinstance(block, Chart):
            return charts.chart_png(block.name, data, _, area_name)
        return maps.report_png(block.name, data, _)

    # Survey titles are in Swedish whatever the report's language: set off to be marked as such.
    lines = [
        f"{quoted_run(title)} ({period})" if period else quoted_run(title)
        for title, _kind, period in data.surveys
    ]
    return outline_pdf(outline, _, image_of=image_of, title_lines=lines)
