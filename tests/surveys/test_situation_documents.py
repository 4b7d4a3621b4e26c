"""The situation picture as PDF and DOCX: opened again and read, figures checked against the database."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import select

from analysis.taxonomy import load_taxonomy
from surveys.answering.models import Answer, Channel, Response
from surveys.answering.submission import submit_response
from surveys.authoring.models import Survey
from surveys.insights.models import IndicatorValue
from surveys.insights.priorities import compute_priorities, save_priorities
from surveys.insights.report_data import build_report_data
from surveys.organisations.models import Organisation
from surveys.reports import charts
from surveys.reports.situation_docx import situation_docx
from surveys.reports.situation_pdf import situation_pdf
from surveys.review.actions import approve_quotable
from surveys.review.runs import execute_run, start_run
from tests.factories import make_org, make_survey

MIN_GROUP = 5
DRUGS, TRAFFIC, LIGHTS = (
    "Knark säljs vid skolan",
    "Bilar kör för fort på Storgatan",
    "Trasiga gatlampor i parken",
)
RESIDENT_TEXTS = [DRUGS] * 13 + [TRAFFIC] * 8 + [LIGHTS] * 6
STAFF_DRUGS, THREATS = "Elever säger att det är lätt att köpa narkotika", "Hot mot personalen"
OLD_TEXTS = ["Fortkörning vid skolan"] * 10 + ["Narkotika bland unga"] * 5 + ["Mörkt i parken"] * 5
# Söder (3 residents) and the paper channel (2) are under the privacy floor of 5.
RESIDENT_AREAS = ["Centrum"] * 12 + ["Norr"] * 12 + ["Söder"] * 3


@dataclass
class AnalysedRound:
    """An organisation with an analysed resident and staff round 2026 and an earlier round 2025."""

    org: Organisation
    citizen: Survey
    staff: Survey


def _answer(session, survey, key, texts, areas=(), channels=()):  # type: ignore[no-untyped-def]
    questions = {q.key: q for q in survey.questions}
    for n, text in enumerate(texts):
        values = {questions[key].id: text}
        if areas:
            values[questions["area"].id] = areas[n]
        if "safety_night" in questions:
            values[questions["safety_night"].id] = 2
        channel = channels[n] if n < len(channels) else Channel.WEB
        submit_response(
            session,
            survey,
            values,
            submission_token=f"{survey.slug}-{n}",
            language="sv",
            channel=channel,
            enforce_open=False,
        )
    execute_run(session, start_run(session, survey).id)


def build_analysed_round(session, staff_drugs: int = 6) -> AnalysedRound:  # type: ignore[no-untyped-def]
    """Residents 27, staff 6 + 8, previous round 20, and one indicator rising 40 → 50."""
    org = make_org(session, name="Överkalix kommun")
    old = make_survey(session, org, series="dialog", round_label="2025", status="closed")
    citizen = make_survey(session, org, series="dialog", round_label="2026")
    staff = make_survey(session, org, template="staff_dialogue", series="personal", round_label="2026")
    _answer(session, old, "priorities", OLD_TEXTS)
    _answer(session, citizen, "priorities", RESIDENT_TEXTS, RESIDENT_AREAS, [Channel.PAPER] * 2)
    _answer(session, staff, "seen_in_work", [STAFF_DRUGS] * staff_drugs + [THREATS] * 8)
    session.add_all(
        IndicatorValue(
            organisation_id=org.id,
            period=period,
            area="",
            indicator="Narkotikabrott",
            theme="narkotika",
            value=value,
        )
        for period, value in (("2025", 40), ("2026", 50.5))
    )
    session.commit()
    for survey in (old, citizen, staff):
        approve_quotable(session, survey, MIN_GROUP)  # a reviewer went through the answers
    return AnalysedRound(org, citizen, staff)


def swedish(text: str) -> str:
    """A stand-in catalog: the few Swedish strings these tests look for, English otherwise."""
    return {"fewer than %(n)d": "färre än %(n)d", "%(pct)s%%": "%(pct)s %%", "en": "sv"}.get(text, text)


def english(text: str) -> str:
    """The source strings as they are."""
    return text


def swedish_name(code: str) -> str:
    return load_taxonomy().area(code).name_sv


def pct(part: int, whole: int, _=english) -> str:  # type: ignore[no-untyped-def]
    return _("%(pct)s%%") % {"pct": int(part / whole * 100 + 0.5)}


def _texts(session, survey_ids, group=None):  # type: ignore[no-untyped-def]
    query = (
        select(Answer.text)
        .join(Response, Answer.response_id == Response.id)
        .where(Response.survey_id.in_(survey_ids), Answer.text.is_not(None))
    )
    if group:
        query = query.where(Response.respondent_group == group)
    return list(session.scalars(query))


def pdf_images(content: bytes) -> int:
    """How many distinct images a PDF holds (pages may share one resource dictionary)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as pdf:
        return len({image.objgen for page in pdf.pages for image in page.get_images().values()})


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def analysed(session) -> AnalysedRound:  # type: ignore[no-untyped-def]
    return build_analysed_round(session)


@pytest.fixture
def report(session, analysed):  # type: ignore[no-untyped-def]
    return build_report_data(session, analysed.citizen, MIN_GROUP)


def test_figures_in_the_documents_match_the_database(session, analysed, report):
    ids = [analysed.citizen.id, analysed.staff.id]
    everyone, residents, staff = (
        _texts(session, ids),
        _texts(session, ids, "resident"),
        _texts(session, ids, "staff"),
    )
    drugs = [t for t in everyone if t in (DRUGS, STAFF_DRUGS)]
    expected = [
        f"{pct(len(drugs), len(everyone))} of the respondents ({len(drugs)} people) raised drugs.",
        f"Among residents {pct(residents.count(DRUGS), len(residents))}, "
        f"among staff {pct(staff.count(STAFF_DRUGS), len(staff))}.",
        f"In the previous round (2025) the share was {pct(5, 20)}",
        f"{len(everyone)} people answered: {len(residents)} residents and {len(staff)} staff.",
    ]
    assert expected[0] == "46% of the respondents (19 people) raised drugs."
    name = load_taxonomy().area
    for content, read in (
        (situation_pdf(report, english, lambda c: name(c).name_en), pdf_text),
        (situation_docx(report, english, lambda c: name(c).name_en), docx_text),
    ):
        text = normalise(read(content))
        for sentence in expected:
            assert sentence in text
        assert "Överkalix kommun" in text and "Situation picture 2026" in text
        assert "50.5" in text  # the indicator as imported


def test_areas_appear_in_ranked_order_with_quotes_and_hidden_small_groups(session, analysed, report):
    ranked = [swedish_name(s.theme) for s in report.sections]
    assert ranked[0] == "Narkotika" and len(ranked) == 4
    for content, read in (
        (situation_pdf(report, swedish, swedish_name), pdf_text),
        (situation_docx(report, swedish, swedish_name), docx_text),
    ):
        text = normalise(read(content))
        positions = [text.index(f"{rank}. {name}") for rank, name in enumerate(ranked, start=1)]
        assert positions == sorted(positions)
        assert DRUGS in text and STAFF_DRUGS in text  # quotes
        assert "Söder" in text and "färre än 5" in text  # 3 residents: the count is not shown
        assert re.search(r"Söder\W+färre än 5", text)
        assert "46 %" in text and "Söder (3)" not in text and "Söder 3" not in text


def test_charts_are_embedded_as_images_with_text_alternatives(report):
    assert charts.available(report) == ["areas", "groups", "comparison"]
    assert pdf_images(situation_pdf(report, english, swedish_name)) == 3
    document = Document(io.BytesIO(situation_docx(report, english, swedish_name)))
    assert len(document.inline_shapes) == 3
    alt = document.inline_shapes[0]._inline.docPr.get("descr")
    assert alt.startswith("Bar chart of the share of respondents") and "Narkotika 46%" in alt
    # Each chart's figures follow it as a table, in the PDF and the DOCX alike.
    figures = [p.text for p in document.paragraphs if p.text.startswith("Figures in the chart")]
    assert len(figures) == 3
    assert pdf_text(situation_pdf(report, english, swedish_name)).count("Figures in the chart") == 3


def test_charts_are_deterministic_png(report):
    first = charts.chart_png("comparison", report, english, swedish_name)
    assert first.startswith(b"\x89PNG") and first == charts.chart_png(
        "comparison", report, english, swedish_name
    )
    with pytest.raises(ValueError):
        charts.chart_png("pie", report, english, swedish_name)


def test_documents_are_tagged_with_their_language(report):
    pdf = situation_pdf(report, swedish, swedish_name)
    assert b"/Lang (sv)" in pdf or "sv" == PdfReader(io.BytesIO(pdf)).trailer["/Root"].get("/Lang")
    assert (
        Document(io.BytesIO(situation_docx(report, swedish, swedish_name))).core_properties.language == "sv"
    )


def test_small_staff_group_hides_both_group_shares_and_the_score_parts(session):
    analysed = build_analysed_round(session, staff_drugs=3)
    drugs = next(
        s for s in build_report_data(session, analysed.citizen, MIN_GROUP).sections if s.theme == "narkotika"
    )
    # 3 staff raised drugs: the residents' share would give it away through the total.
    assert drugs.share_staff is None and drugs.share_residents is None and drugs.parts == {}
    assert drugs.share is not None and drugs.respondents.value == 16
    text = normalise(
        pdf_text(
            situation_pdf(build_report_data(session, analysed.citizen, MIN_GROUP), english, swedish_name)
        )
    )
    assert (
        "16 people) raised narkotika" in text
        and "Among residents" not in text.split("raised narkotika")[1][:40]
    )


def test_a_round_without_answers_still_gives_documents(session):
    survey = make_survey(session, make_org(session, name="Tom kommun"), round_label="2026")
    report = build_report_data(session, survey, MIN_GROUP)
    assert charts.available(report) == []
    text = normalise(pdf_text(situation_pdf(report, english, swedish_name)))
    assert "No problem area has been identified in the answers yet." in text
    assert "nothing to compare with yet" in normalise(
        docx_text(situation_docx(report, english, swedish_name))
    )


def test_a_decided_ranking_with_a_written_reason(session, analysed):
    ranked, evidence, _data = compute_priorities(
        session, analysed.citizen, None, {"belysning": (1, "Many dark paths in winter.")}
    )
    save_priorities(session, analysed.citizen, ranked, evidence, None, None)
    report = build_report_data(session, analysed.staff, MIN_GROUP)  # the same round, seen from staff
    assert report.saved and report.sections[0].theme == "belysning"
    text = normalise(docx_text(situation_docx(report, english, swedish_name)))
    assert "The ranking of the areas has been decided." in text
    assert "The rank was set by hand: Many dark paths in winter." in text
    assert text.index("1. Belysning och fysisk miljö") < text.index("2. Narkotika")
