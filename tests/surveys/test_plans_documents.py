"""Plan and follow-up documents: opened as PDF and DOCX, their figures checked against the database."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import func, select

from surveys.insights.priorities import compute_priorities
from surveys.models import Response
from surveys.plans.document import plan_doc
from surveys.plans.export_docx import follow_up_docx, plan_docx
from surveys.plans.export_md import plan_markdown
from surveys.plans.export_pdf import follow_up_pdf, plan_pdf
from surveys.plans.followup import ActivityInput, follow_up_report, log_activity
from tests.plan_helpers import analysed_round, published


def english(message: str) -> str:
    return message


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return re.sub(r"\s+", " ", " ".join([p.text for p in document.paragraphs] + cells))


@pytest.fixture
def world(session):
    found = analysed_round(session, with_newer=True)
    found["plan"], found["users"] = published(session, found)
    return found


def _expected(session, world) -> dict:
    """The figures of the problem picture, computed straight from the database."""
    surveys = [world["citizen"].id, world["staff"].id]
    total = session.scalar(select(func.count(Response.id)).where(Response.survey_id.in_(surveys)))
    _, evidence, _ = compute_priorities(session, world["citizen"])
    drugs = evidence["narkotika"]
    return {"total": total, "drugs": drugs.respondents, "share": round(drugs.share * 100)}


def test_plan_pdf_and_docx_carry_the_figures_of_the_database(session, world):
    expected = _expected(session, world)
    assert expected == {"total": 36, "drugs": 18, "share": 50}
    doc = plan_doc(world["plan"])
    for text in (pdf_text(plan_pdf(doc, "en", english)), docx_text(plan_docx(doc, "en", english))):
        assert f"{expected['total']} people answered in the 2026 round" in text
        assert f"{expected['share']}% of those who answered ({expected['drugs']} people) raised drugs" in text
        assert "Knark säljs vid skolan på kvällarna" in text
        for heading in (
            "Problem picture",
            "Drugs",
            "Implementation",
            "Communication",
            "Follow-up",
            "Timetable",
        ):
            assert heading in text
        assert "Target: at least 2 targeted operations per year." in text
        assert "Lokalpolisområde Test · Testkommun" in text
    swedish = plan_markdown(doc, "sv", english)
    assert "Genomföra riktade insatser" in swedish and "## Narkotika" in swedish


def test_follow_up_documents_show_outcome_status_and_the_newer_round(session, world):
    plan, users = world["plan"], world["users"]
    drugs = plan.section("area:narkotika").commitments[0]
    log_activity(
        session,
        plan,
        drugs,
        ActivityInput(dt.date(2026, 4, 2), "Insats vid skolan", 1, "Centrum", "Med socialtjänsten"),
        users["police"],
    )
    report = follow_up_report(session, plan, dt.date(2026, 12, 31), 5)
    for text in (
        pdf_text(follow_up_pdf(report, "en", english)),
        docx_text(follow_up_docx(report, "en", english)),
    ):
        assert "Follow-up: Citizen pledges 2026–2027" in text
        assert "1 of 4 targeted operations done" in text
        assert "2026-04-02 Insats vid skolan – Centrum – Med socialtjänsten" in text
        assert "The plan was based on round 2026 (36 respondents). Round 2027 had 20 respondents." in text
        assert "50%" in text and "25%" in text  # drugs: 50 % then, 25 % in 2027
