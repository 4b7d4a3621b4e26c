"""The situation picture page and downloads with incidents and, given outlines, map images."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from app.extensions import db
from surveys.accounts.models import Role
from tests.app.helpers import download_report, sign_in
from tests.factories import make_user
from tests.surveys.test_report_incidents import REPORT_DAY, add_incidents, add_outlines
from tests.surveys.test_situation_documents import build_analysed_round, pdf_images


@pytest.fixture
def analysed(client):  # type: ignore[no-untyped-def]
    analysed = build_analysed_round(db.session)
    analysed.citizen.closes_on = REPORT_DAY
    db.session.commit()
    add_incidents(db.session, analysed.org, marked=True)
    sign_in(client, make_user(db.session, analysed.org, role=Role.VIEWER))
    return analysed


def _article(html: str) -> str:
    return html.split('<article class="report">')[1].split("</article>")[0]


def test_the_page_shows_the_incident_section_beside_the_survey(client, analysed):
    response = client.get(f"/admin/surveys/{analysed.citizen.slug}/report?lang=en")
    assert response.status_code == 200
    article = _article(response.get_data(as_text=True))
    assert "<h2>Recorded incidents</h2>" in article
    assert (
        "Incidents recorded from July 1, 2023 to June 30, 2025: 18, against 10 in the two years before"
        in article
    )
    assert (
        "<caption>What respondents raised and what partners recorded, per problem area</caption>" in article
    )
    assert re.search(
        r'<th scope="row">Drugs</th><td class="num">19</td><td class="num">46%</td>'
        r'<td class="num">10</td>',
        article,
    )
    assert "style=" not in article and "<script" not in article
    swedish = _article(
        client.get(f"/admin/surveys/{analysed.citizen.slug}/report?lang=sv").get_data(as_text=True)
    )
    assert "Registrerade händelser från 1 juli 2023 till 30 juni 2025: 18" in swedish
    assert "2023-07-01" not in swedish
    assert "show these figures on a map" not in article  # no outlines: no map anywhere


def test_with_outlines_the_downloads_carry_maps_and_the_page_points_to_the_situation_map(client, analysed):
    add_outlines(db.session, analysed.org)
    slug = analysed.citizen.slug
    article = _article(client.get(f"/admin/surveys/{slug}/report?lang=en").get_data(as_text=True))
    assert article.count("The PDF and Word versions show these figures on a map.") == 2
    assert f'href="/admin/surveys/{slug}/situation#map">See the map under Breakdowns.</a>' in article
    assert "<caption>Hot spots of incidents</caption>" in article
    pdf = download_report(client, slug, "pdf")
    assert pdf.status_code == 200
    assert pdf_images(pdf.data) == 3 + 2
    docx = download_report(client, slug, "docx")
    assert len(Document(io.BytesIO(docx.data)).inline_shapes) == 3 + 2
