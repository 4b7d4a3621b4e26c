"""Charts of the situation picture: contrast of every series and a data table per chart."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from lxml import html as lxml_html
from PIL import Image

from surveys.accounts.models import Role
from surveys.insights.report_data import build_report_data
from surveys.reports import charts
from surveys.reports.outline import build_outline
from tests.app.helpers import sign_in
from tests.factories import make_user
from tests.surveys.test_situation_documents import MIN_GROUP, build_analysed_round, english, swedish_name


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on_white(rgb: tuple[int, int, int]) -> float:
    return 1.05 / (relative_luminance(rgb) + 0.05)


def filled_colours(png: bytes) -> list[tuple[int, int, int]]:
    """Colours that fill at least 1 % of the chart: the bars (background and text aside)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    counts = Counter(image.get_flattened_data())
    total = image.width * image.height
    return [colour for colour, n in counts.items() if n >= total / 100 and contrast_on_white(colour) > 1.1]


@pytest.fixture
def report(session):  # type: ignore[no-untyped-def]
    return build_report_data(session, build_analysed_round(session).citizen, MIN_GROUP)


def test_every_bar_colour_has_three_to_one_contrast_on_white(report) -> None:  # type: ignore[no-untyped-def]
    seen = set()
    for name in charts.available(report):
        colours = filled_colours(charts.chart_png(name, report, english, swedish_name))
        assert colours, name
        seen.update(colours)
        for colour in colours:
            assert contrast_on_white(colour) >= 3, (name, colour)
    assert len(seen) >= 3  # residents, staff and previous round are told apart


def test_each_chart_has_a_data_table_with_the_figures_of_its_text_alternative(report) -> None:  # type: ignore[no-untyped-def]
    outline = build_outline(report, english, swedish_name)
    chart_blocks = [b for b in outline.blocks if b.kind == "chart"]
    assert [b.name for b in chart_blocks] == charts.available(report)
    for block in chart_blocks:
        assert block.table is not None
        assert block.table.caption == f"Figures in the chart: {block.caption}"
        for row in block.table.rows:
            area, *figures = row
            assert area in block.alt
            for figure in figures:
                assert figure in block.alt
    groups = next(b for b in chart_blocks if b.name == "groups").table
    assert groups.header == ("Area", "Residents", "Staff")
    assert groups.rows[0][0] == "Narkotika"


def test_the_report_page_shows_each_charts_figures_in_a_focusable_table(client, session) -> None:  # type: ignore[no-untyped-def]
    analysed = build_analysed_round(session)
    sign_in(client, make_user(session, analysed.org, role=Role.VIEWER))

    page = client.get(f"/admin/surveys/{analysed.citizen.slug}/report", headers={"Accept-Language": "sv"})

    tree = lxml_html.fromstring(page.get_data(as_text=True))
    figures = tree.xpath("//figure[contains(@class, 'report-chart')]")
    assert len(figures) == 3
    for figure in figures:
        table = figure.xpath(".//details//table")[0]
        caption = table.xpath("./caption")[0].text_content()
        assert caption.startswith("Siffrorna i diagrammet: ")
        region = table.getparent()
        assert region.get("tabindex") == "0" and region.get("role") == "region"
        assert region.get("aria-label") == caption
        assert table.xpath(".//th[@scope='row']")
