"""Every PDF the product prints is a tagged document (PDF/UA-1 as far as a machine can check).

Checked with `pdfua` (the machine-checkable subset of PDF/UA-1 and WCAG 2.1) and with the
accessibility statement's own check, so the statement and the tests agree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pdfua
import pikepdf

from surveys.plans.document import plan_doc
from surveys.plans.export_pdf import follow_up_pdf, plan_pdf
from surveys.plans.followup import follow_up_report
from surveys.reports.accessibility import known_problems, pdf_gaps
from surveys.reports.situation_pdf import situation_pdf
from tests.plan_helpers import analysed_round, published
from tests.surveys.test_report_incidents import add_incidents, add_outlines
from tests.surveys.test_situation_documents import MIN_GROUP, build_analysed_round, english


def english_name(code: str) -> str:
    return code


def findings(content: bytes, tmp_path: Path) -> list[str]:
    """What pdfua finds at warning level or worse, as 'RULE: message'."""
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    report = pdfua.validate(str(path))
    return [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity >= pdfua.Severity.WARNING]


def structure(content: bytes) -> set[str]:
    """The structure types a PDF's tag tree uses."""
    import io

    kinds: set[str] = set()

    def walk(node: pikepdf.Object) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                kinds.add(str(node.S)[1:])
            if "/K" in node:
                walk(node.K)

    with pikepdf.open(io.BytesIO(content)) as pdf:
        walk(pdf.Root.StructTreeRoot)
    return kinds


def _assert_tagged(content: bytes, tmp_path: Path, *expected: str) -> None:
    assert pdf_gaps(content) == []
    assert findings(content, tmp_path) == []
    assert set(expected) <= structure(content)


def test_plan_and_follow_up_pdfs_are_tagged(session, tmp_path):
    world = analysed_round(session)
    plan, _users = published(session, world)
    _assert_tagged(plan_pdf(plan_doc(plan), "sv", english), tmp_path, "H1", "H2", "P", "L", "LI")
    report = follow_up_report(session, plan, dt.date(2026, 12, 1), MIN_GROUP)
    _assert_tagged(follow_up_pdf(report, "sv", english), tmp_path, "H1", "Table", "TH", "TD")


def test_the_situation_picture_pdf_is_tagged_with_figures(session, tmp_path):
    analysed = build_analysed_round(session)
    add_incidents(session, analysed.org, marked=True)
    add_outlines(session, analysed.org)
    from surveys.insights.report_data import build_report_data

    data = build_report_data(session, analysed.citizen, MIN_GROUP, places=True)
    content = situation_pdf(data, english, english_name)
    _assert_tagged(content, tmp_path, "H1", "H2", "H3", "P", "L", "LI", "Table", "TH", "Figure")


def test_the_periodic_picture_and_the_poster_are_tagged(session, tmp_path):
    from analysis.periods import parse_period
    from surveys.distribution.posters import PosterText, poster_pdf
    from surveys.incidents.periodic import build_picture
    from surveys.insights.incident_summary import incident_map_layers
    from surveys.reports.periodic_pdf import periodic_pdf
    from tests.factories import make_org

    org = make_org(session, slug="kvartal", areas=["Söder", "Centrum", "Norr"])
    add_incidents(session, org, marked=True)
    add_outlines(session, org)
    period = parse_period("quarter", "2024-Q1")
    picture = build_picture(session, [org], period, MIN_GROUP)
    areas = {row.key: row.current for row in picture.by_area if row.key}
    layers = incident_map_layers(session, org.id, period.start, period.end, MIN_GROUP, areas, picture.total)
    content = periodic_pdf(
        picture, org.name, "Kvartalslägesbild", "Lugnt.", english, english_name, outlines=layers.outlines
    )
    _assert_tagged(content, tmp_path, "H1", "H2", "P", "Table", "TH", "Figure")
    text = PosterText(
        "Tyck till!", "Trygghet", "Svara på enkäten.", "Skanna koden", "Svara senast", "Kommunen"
    )
    poster = poster_pdf("https://example.org/s/prov", text, dt.date(2026, 12, 31))
    _assert_tagged(poster, tmp_path, "H1", "P", "Figure")


def test_the_accessibility_statement_no_longer_lists_the_pdfs():
    known_problems.cache_clear()
    assert not any("PDF" in str(problem.what) for problem in known_problems())
