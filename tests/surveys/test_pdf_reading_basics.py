"""Every PDF writer marks the document's language and has readers show its title.

The structure tree is still missing (see the accessibility statement's known problems);
this checks the parts every writer already provides.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from surveys.distribution.posters import PosterText, poster_pdf
from surveys.insights.report_data import build_report_data
from surveys.plans.document import plan_doc
from surveys.plans.export_pdf import follow_up_pdf, plan_pdf
from surveys.plans.followup import follow_up_report
from surveys.reports.accessibility import pdf_gaps
from surveys.reports.situation_pdf import situation_pdf
from tests.plan_helpers import analysed_round, published
from tests.surveys.test_situation_documents import MIN_GROUP, build_analysed_round, english, swedish_name


def language(content: bytes) -> str:
    return str(PdfReader(io.BytesIO(content)).trailer["/Root"].get("/Lang"))


def assert_language_and_title(content: bytes, expected_language: str) -> None:
    gaps = pdf_gaps(content)
    assert "language" not in gaps and "title shown" not in gaps, gaps
    assert language(content) == expected_language
    assert PdfReader(io.BytesIO(content)).metadata.title


@pytest.mark.parametrize("code", ["sv", "en", "fi"])
def test_posters_carry_their_language_and_show_their_title(code: str) -> None:
    text = PosterText(
        "Tyck till!", "Trygghet i Älvby", "Svara gärna.", "Skanna koden", "", "Älvby kommun", code
    )
    assert_language_and_title(poster_pdf("https://example.org/s/alvby", text), code)


def test_situation_picture_shows_its_title(session) -> None:  # type: ignore[no-untyped-def]
    report = build_report_data(session, build_analysed_round(session).citizen, MIN_GROUP)
    assert_language_and_title(situation_pdf(report, english, swedish_name), "en")


def test_plan_and_follow_up_show_their_titles(session) -> None:  # type: ignore[no-untyped-def]
    world = analysed_round(session, with_newer=True)
    world["plan"], world["users"] = published(session, world)
    assert_language_and_title(plan_pdf(plan_doc(world["plan"]), "en", english), "en")
    report = follow_up_report(session, world["plan"], dt.date(2026, 12, 31), 5)
    assert_language_and_title(follow_up_pdf(report, "en", english), "en")
