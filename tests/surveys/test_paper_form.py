"""The printable paper questionnaire: the whole survey in one language, tagged like every PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from app.extensions import db
from surveys.accounts.models import Role
from surveys.distribution.paper_form import paper_form_pdf
from surveys.reports.accessibility import pdf_gaps
from tests.app.helpers import sign_in
from tests.app.test_resident_texts import _finnish_survey
from tests.factories import make_survey, make_user
from tests.surveys.test_tagged_pdfs import findings, structure


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_a_finnish_paper_form_is_finnish_and_tagged(session, tmp_path: Path) -> None:
    survey = _finnish_survey(session)
    pdf = paper_form_pdf(survey, "fi")
    assert pdf_gaps(pdf) == [] and findings(pdf, tmp_path) == []
    assert {"H1", "H2", "L", "LI"} <= structure(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "fi"
    text = _text(pdf)
    for expected in (
        "Turvallisuuskysely",
        "Mikä sinua huolestuttaa? (pakollinen)",
        "Kuinka turvalliseksi tunnet olosi? (vapaaehtoinen)",
        "Rastita yksi ruutu.",
        "1 – Hyvin turvaton",
        "5 – Hyvin turvallinen",
        "Kun olet vastannut, palauta lomake",
        "Sivu 1/",
    ):
        assert expected in text, expected
    for swedish in ("Kryssa", "obligatorisk", "frivillig", "Dina svar", "Sida "):
        assert swedish not in text, swedish


def test_every_question_and_option_of_the_survey_is_on_the_form(session, tmp_path: Path) -> None:
    survey = make_survey(session, template="citizen_dialogue")
    pdf = paper_form_pdf(survey, "sv")
    assert findings(pdf, tmp_path) == []
    text = _text(pdf)
    for question in survey.questions:
        assert question.text_in("sv") in text, question.key
        for option in question.options:
            assert option.label_in("sv") in text, (question.key, option.value)
    assert "Kryssa i alla rutor som stämmer." in text or not any(
        q.type == "multiple_choice" for q in survey.questions
    )
    assert "Sida 1 av " in text


def test_staff_download_the_paper_form_per_language(client) -> None:
    survey = make_survey(db.session, template="citizen_dialogue")
    sign_in(client, make_user(db.session, survey.organisation, role=Role.ANALYST))
    response = client.get(f"/admin/surveys/{survey.slug}/paper-form.pdf?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"{survey.slug}-en-pappersenkat.pdf" in response.headers["Content-Disposition"]
    assert "Tick one box." in _text(response.data)
