"""Plan and follow-up documents: opened as PDF and DOCX, their figures checked against the database."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import func, select

from surveys.answering.models import Response
from surveys.insights.priorities import compute_priorities
from surveys.plans.assignments import reassign_tasks
from surveys.plans.document import plan_doc
from surveys.plans.export_docx import follow_up_docx, plan_docx
from surveys.plans.export_md import follow_up_markdown, plan_markdown
from surveys.plans.export_pdf import follow_up_pdf, plan_pdf
from surveys.plans.followup import ActivityInput, follow_up_report, log_activity
from surveys.plans.working_groups import GroupInput, create_group
from tests.plan_helpers import analysed_round, approved_action_plan, published


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
        assert "April 2, 2026: Insats vid skolan – Centrum – Med socialtjänsten" in text
        assert "The plan was based on round 2026 (36 respondents). Round 2027 had 20 respondents." in text
        assert "50%" in text and "25%" in text  # drugs: 50 % then, 25 % in 2027


def test_action_plan_documents_name_each_measures_working_group_place_and_period(session):
    found = analysed_round(session)
    plan, users = approved_action_plan(session, found)
    group = create_group(session, found["org"].id, GroupInput("Trygg stadskärna"), users["analyst"])
    measure = plan.section("area:narkotika").commitments[0]
    measure.place = "Stortorget"
    session.commit()
    reassign_tasks(session, plan, {measure.id: group.id}, users["analyst"])
    doc = plan_doc(plan)
    for text in (
        pdf_text(plan_pdf(doc, "en", english)),
        docx_text(plan_docx(doc, "en", english)),
        plan_markdown(doc, "en", english),
    ):
        assert "Working group: Trygg stadskärna. Place: Stortorget. Period: 2026-01-01 – 2027-12-31." in text
    pledge = plan_markdown(plan_doc(published(session, found)[0]), "en", english)
    assert "Working group:" not in pledge and "Place:" not in pledge and "Period:" not in pledge


def test_follow_up_lists_activities_per_working_group(session):
    found = analysed_round(session)
    plan, users = approved_action_plan(session, found)
    skola, trafik = (
        create_group(session, found["org"].id, GroupInput(name), users["analyst"])
        for name in ("Unga och skolan", "Trafikgruppen")
    )
    drugs = plan.section("area:narkotika").commitments[0]
    traffic = plan.section("area:belysning").commitments[0]
    unassigned = plan.section("area:belysning").commitments[1]
    traffic.place = "Storgatan"
    session.commit()
    reassign_tasks(session, plan, {drugs.id: skola.id, traffic.id: trafik.id}, users["analyst"])
    for commitment, day, what in (
        (drugs, dt.date(2026, 3, 2), "Samtal på fritidsgården"),
        (traffic, dt.date(2026, 4, 9), "Hastighetskontroll"),
        (drugs, dt.date(2026, 5, 20), "Föräldramöte"),
        (unassigned, dt.date(2026, 6, 1), "Lampbyte i parken"),
    ):
        log_activity(session, plan, commitment, ActivityInput(day, what, 1, "Centrum"), users["police"])
    report = follow_up_report(session, plan, dt.date(2026, 12, 31), 5)
    assert [(g.name, [a.description for _, a in g.activities]) for g in report.by_working_group] == [
        ("Trafikgruppen", ["Hastighetskontroll"]),
        ("Unga och skolan", ["Samtal på fritidsgården", "Föräldramöte"]),
    ]
    markdown = follow_up_markdown(report, "en", english)
    section = markdown[markdown.index("## Activities per working group") :]
    assert "Commitments without a working group: " in section
    assert (
        section.index("### Trafikgruppen")
        < section.index("Hastighetskontroll")
        < section.index("### Unga och skolan")
        < section.index("Samtal på fritidsgården")
        < section.index("Föräldramöte")
    )
    assert "| Storgatan |" in section
    # Activities of a group's task are listed under the group; the others stay under their area.
    assert markdown.count("Föräldramöte") == 1 and "Lampbyte i parken" not in section
    for text in (
        pdf_text(follow_up_pdf(report, "en", english)),
        docx_text(follow_up_docx(report, "en", english)),
    ):
        assert "Activities per working group" in text and "Tasks of Unga och skolan" in text
        assert "May 20, 2026: Föräldramöte – Centrum (task: " in text
