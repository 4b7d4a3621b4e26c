"""`trygg pledge draft|export|close-ended` through the CLI runner."""

from __future__ import annotations

import io

from docx import Document
from pypdf import PdfReader

from app.extensions import db
from surveys.insights.priorities import compute_priorities, save_priorities
from surveys.plans.models import Plan
from tests.plan_helpers import analysed_round, published


def test_draft_to_markdown_docx_and_pdf_from_saved_priorities(runner, tmp_path):
    world = analysed_round(db.session)
    slug = world["citizen"].slug
    markdown = tmp_path / "loften.md"
    result = runner.invoke(
        args=["pledge", "draft", slug, "--areas", "2", "-o", str(markdown), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    text = markdown.read_text("utf-8")
    assert "36 people answered" in text and "## Drugs" in text and "## Violence and threats" in text
    assert "Lokalpolisområde Test" in text and db.session.query(Plan).count() == 0

    ranked, evidence, _ = compute_priorities(db.session, world["citizen"], None, {"belysning": (1, "Mörkt")})
    save_priorities(db.session, world["citizen"], ranked, evidence, None, None)
    word = tmp_path / "loften.docx"
    result = runner.invoke(
        args=["pledge", "draft", slug, "--areas", "1", "-o", str(word), "--period", "2026"]
    )
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in Document(io.BytesIO(word.read_bytes())).paragraphs]
    assert "Belysning och fysisk miljö" in paragraphs and "Narkotika" not in paragraphs

    pdf = tmp_path / "loften.pdf"
    args = [
        "pledge",
        "draft",
        slug,
        "-o",
        str(pdf),
        "--party",
        "testkommun",
        "--save",
        "--kind",
        "action_plan",
    ]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert PdfReader(io.BytesIO(pdf.read_bytes())).pages
    plan = db.session.query(Plan).one()
    assert plan.kind == "action_plan" and plan.slug == "testkommun-atgardsplan-2026-2027"


def test_draft_errors_are_clean(runner, tmp_path):
    world = analysed_round(db.session)
    slug = world["citizen"].slug
    assert (
        "must end in" in runner.invoke(args=["pledge", "draft", slug, "-o", str(tmp_path / "x.txt")]).output
    )
    assert "no survey" in runner.invoke(args=["pledge", "draft", "nope", "-o", str(tmp_path / "x.md")]).output
    bad = runner.invoke(args=["pledge", "draft", slug, "-o", str(tmp_path / "x.md"), "--period", "2027-2026"])
    assert bad.exit_code != 0 and "ends before" in bad.output
    missing = runner.invoke(args=["pledge", "draft", slug, "-o", str(tmp_path / "x.md"), "--party", "okänd"])
    assert "no organisation" in missing.output


def test_export_and_close_ended(runner, tmp_path):
    world = analysed_round(db.session)
    plan, _ = published(db.session, world)
    out = tmp_path / "plan.md"
    assert runner.invoke(args=["pledge", "export", plan.slug, "-o", str(out)]).exit_code == 0
    assert "Testkommun" in out.read_text("utf-8")
    result = runner.invoke(args=["pledge", "close-ended"])
    assert result.exit_code == 0 and "plan(s) closed" in result.output


def _docx_text(path) -> str:  # type: ignore[no-untyped-def]
    document = Document(io.BytesIO(path.read_bytes()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_draft_document_is_in_the_default_language_throughout(runner, tmp_path):
    world = analysed_round(db.session)
    word = tmp_path / "loften.docx"
    result = runner.invoke(args=["pledge", "draft", world["citizen"].slug, "--areas", "1", "-o", str(word)])
    assert result.exit_code == 0, result.output
    text = _docx_text(word)
    assert "Medborgarlöften" in text and "Problembild" in text and "personer svarade" in text
    for english in ("Citizen pledges", "Problem picture", "Target:", "at least", "people answered"):
        assert english not in text

    runner.app.config["BABEL_DEFAULT_LOCALE"] = "en"
    result = runner.invoke(args=["pledge", "draft", world["citizen"].slug, "--areas", "1", "-o", str(word)])
    assert result.exit_code == 0, result.output
    text = _docx_text(word)
    assert "Citizen pledges" in text and "Problembild" not in text
    result = runner.invoke(
        args=["pledge", "draft", world["citizen"].slug, "--areas", "1", "-o", str(word), "--lang", "sv"]
    )
    assert "Problembild" in _docx_text(word)


def test_draft_document_writes_the_period_as_swedish_dates(runner, tmp_path):
    world = analysed_round(db.session)
    markdown = tmp_path / "loften.md"
    args = ["pledge", "draft", world["citizen"].slug, "--areas", "1", "-o", str(markdown)]
    assert runner.invoke(args=args).exit_code == 0
    text = markdown.read_text("utf-8")
    assert "1 januari 2026 – 31 december 2027" in text and "2026-01-01" not in text
