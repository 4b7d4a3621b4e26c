"""Documents mark the words they quote in another language than their own (PDF /Lang, DOCX w:lang)."""

from __future__ import annotations

import io
import zipfile

import lxml.etree
import pikepdf

from analysis.language import quoted_run
from surveys.plans.export_docx import outline_docx
from surveys.plans.export_md import outline_markdown
from surveys.reports.blocks import Bullets, Heading, Outline, Paragraph, Quote
from surveys.reports.tagged_pdf import outline_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _english_outline() -> Outline:
    return Outline(
        language="en",
        organisation="Norrforsa kommun",
        title="Situation picture",
        subtitle="What residents told us",
        status="Draft",
        blocks=(
            Heading("Traffic", 1),
            Paragraph(
                f"Recurring topics: {quoted_run('Fortkörning på storgatan')}; {quoted_run('Speeding')}."
            ),
            Bullets((f"{quoted_run('Langning av sprit till minderåriga')} (6 respondents)",)),
            Quote("Det är mörkt och otryggt vid torget på kvällarna"),
        ),
    )


def _structure(node: pikepdf.Object, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if isinstance(node, pikepdf.Array):
        for child in node:
            _structure(child, found)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.append((str(node.S), str(node.get("/Lang", ""))))
        if "/K" in node:
            _structure(node.K, found)
    return found


def test_pdf_structure_elements_carry_the_language_of_swedish_words_in_an_english_document() -> None:
    pdf = pikepdf.open(io.BytesIO(outline_pdf(_english_outline(), lambda s: s)))
    assert str(pdf.Root.Lang) == "en"
    marked = [(kind, lang) for kind, lang in _structure(pdf.Root.StructTreeRoot, []) if lang]
    # The two Swedish runs (in the paragraph, in the list item) and the Swedish quote; not "Speeding".
    assert marked == [("/Span", "sv"), ("/Span", "sv"), ("/BlockQuote", "sv")]


def test_docx_runs_in_another_language_carry_w_lang() -> None:
    docx = outline_docx(_english_outline(), lambda s: s)
    body = lxml.etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    marked = [
        ("".join(run.itertext()), run.find(f"{W}rPr/{W}lang").get(f"{W}val"))
        for run in body.iter(f"{W}r")
        if run.find(f"{W}rPr/{W}lang") is not None
    ]
    assert marked == [
        ("Fortkörning på storgatan", "sv"),
        ("Langning av sprit till minderåriga", "sv"),
        ("“Det är mörkt och otryggt vid torget på kvällarna”", "sv"),
    ]
    text = "".join(body.itertext())
    assert "Recurring topics: Fortkörning på storgatan; Speeding." in text and "\u2068" not in text


def test_markdown_has_no_marks_left() -> None:
    markdown = outline_markdown(_english_outline())
    assert "Recurring topics: Fortkörning på storgatan; Speeding." in markdown
    assert "\u2068" not in markdown and "\u2069" not in markdown
