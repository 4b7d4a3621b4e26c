"""Plan exports with hostile or very long text: escaped Markdown, DOCX within its limits."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from surveys.plans.document import plan_doc
from surveys.plans.export_docx import follow_up_docx, plan_docx
from surveys.plans.export_md import follow_up_markdown, plan_markdown
from surveys.plans.followup import follow_up_report
from tests.plan_helpers import analysed_round, published

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def english(message: str) -> str:
    return message


@pytest.fixture
def world(session):
    found = analysed_round(session, with_newer=True)
    found["plan"], found["users"] = published(session, found)
    return found


def test_markdown_exports_escape_raw_html(session, world):
    plan = world["plan"]
    plan.title = {"sv": XSS, "en": XSS}
    plan.organisation.name = "Kommun " + XSS
    session.commit()
    texts = [
        plan_markdown(plan_doc(plan), "en", english),
        follow_up_markdown(follow_up_report(session, plan, dt.date(2026, 12, 1), 5), "en", english),
    ]
    for text in texts:
        assert "<img" not in text and "<script" not in text
        assert '&lt;img src=x onerror="alert(1)"&gt;&lt;script&gt;' in text


def test_docx_export_takes_a_long_title_and_a_long_area_name(session, world):
    plan = world["plan"]
    plan.title = {"sv": "Å" * 200, "en": "A" * 200}
    # The longest name the column holds (200); with the title the core title passes 255.
    plan.organisation.name = ("Lokalpolisområde " + "Långnamn" * 30)[:200]
    session.commit()
    for content in (
        plan_docx(plan_doc(plan), "en", english),
        follow_up_docx(follow_up_report(session, plan, dt.date(2026, 12, 1), 5), "en", english),
    ):
        properties = Document(io.BytesIO(content)).core_properties
        assert len(properties.title) <= 255 and "A" * 200 in properties.title
        assert properties.title.endswith("…")
        assert len(properties.author) <= 255 and properties.author.startswith(plan.organisation.name)
