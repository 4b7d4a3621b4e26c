"""The words around the questions are in the survey's language: Finnish ships, Sami is written per survey."""

from __future__ import annotations

import datetime as dt
import io

import lxml.html
import pikepdf
import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extensions import db
from surveys.accounts.models import Role
from surveys.authoring import editing
from surveys.authoring.models import Survey, SurveyStatus
from surveys.authoring.resident_texts import RESIDENT_TEXTS, missing_keys, shipped_text
from surveys.demo.seed import create_demo
from tests.app.helpers import sign_in
from tests.factories import make_single_page_survey, make_user

SWEDISH_BROWSER = {"Accept-Language": "sv-SE,sv;q=0.9"}
# Interface words a Finnish page must not contain (Swedish and English navigation and boxes).
FOREIGN_WORDS = (
    "Nästa",
    "Skicka",
    "Tillbaka",
    "obligatorisk",
    "frivillig",
    "Dina svar",
    "Hoppa",
    "Next",
    "Send",
    "required",
    "optional",
    "Your answers",
    "Privacy",
    "Personuppgifter",
    "Tillgänglighet",
    "Det finns",
)


def _in_languages(session: Session, languages: list[str], texts: dict[str, str]) -> Survey:
    """A one-page survey whose own texts exist in `languages` (question words given per language)."""
    survey = make_single_page_survey(session)
    survey.languages = languages
    for language in languages:
        survey.title = {**survey.title, language: texts["title"]}
        survey.intro = {**survey.intro, language: texts["intro"]}
        for question in survey.questions:
            question.text = {**question.text, language: texts[question.key]}
    safety = next(q for q in survey.questions if q.key == "safety")
    safety.scale_min_label = {language: texts["low"] for language in languages}
    safety.scale_max_label = {language: texts["high"] for language in languages}
    session.commit()
    return survey


FINNISH = {
    "title": "Turvallisuuskysely",
    "intro": "Kerro meille, mikä huolestuttaa.",
    "concern": "Mikä sinua huolestuttaa?",
    "safety": "Kuinka turvalliseksi tunnet olosi?",
    "area": "Alue",
    "low": "Hyvin turvaton",
    "high": "Hyvin turvallinen",
}


def _finnish_survey(session: Session) -> Survey:
    survey = _in_languages(session, ["sv", "fi"], FINNISH)
    for language, text in (("sv", "Kort enkät"),):
        survey.title = {**survey.title, language: text}
    session.commit()
    return survey


def _visible(html: str) -> str:
    doc = lxml.html.fromstring(html)
    for script in doc.xpath("//script"):
        script.drop_tree()
    return " ".join(doc.text_content().split())


def _form(html: str) -> tuple[str, dict[str, str]]:
    doc = lxml.html.fromstring(html)
    form = doc.xpath("//form[contains(@class, 'survey-form')]")[0]
    return form.get("action"), {
        i.get("name"): i.get("value", "") for i in form.xpath(".//input[@type='hidden']")
    }


def test_every_resident_text_ships_in_finnish_and_swedish() -> None:
    for key in RESIDENT_TEXTS:
        assert shipped_text(key, "fi"), key
        assert shipped_text(key, "sv"), key
        assert shipped_text(key, "en") == RESIDENT_TEXTS[key]
    # No shipped North Sami or Meänkieli: the municipality writes them (blocked until then).
    assert shipped_text("next", "se") is None and shipped_text("next", "fit") is None


def test_a_finnish_page_has_no_swedish_or_english_interface_words(client) -> None:
    survey = _finnish_survey(db.session)
    html = client.get(f"/s/{survey.slug}?lang=fi", headers=SWEDISH_BROWSER).get_data(as_text=True)
    doc = lxml.html.fromstring(html)
    assert doc.get("lang") == "fi"
    visible = _visible(html)
    for word in FOREIGN_WORDS:
        assert word not in visible, word
    button = doc.xpath("//form[contains(@class,'survey-form')]//button[@type='submit']")[0]
    assert button.text_content().strip() == "Lähetä vastaukset"
    assert doc.xpath("//a[@class='skip-link']")[0].text_content() == "Siirry sisältöön"
    footer = [a.text_content() for a in doc.xpath("//footer//a")]
    assert footer == ["Tietosuojaseloste", "Saavutettavuusseloste"]
    assert "(pakollinen)" in doc.xpath(f"//label[@for='q_{survey.questions[0].id}']")[0].text_content()
    scale = [
        label.text_content() for label in doc.xpath(f"//fieldset[@id='q_{survey.questions[1].id}']//label")
    ]
    assert scale[0] == "1 – Hyvin turvaton" and scale[-1] == "5 – Hyvin turvallinen"
    # The header offers the survey's own languages (the site's sv/en would change nothing here).
    header = doc.xpath("//header//nav[contains(@class,'lang-switch')]")[0]
    assert header.get("aria-label") == "Kieli"
    assert [(e.get("lang"), e.text_content()) for e in header.xpath(".//li/*")] == [
        ("sv", "Svenska"),
        ("fi", "Suomi"),
    ]


def test_errors_and_thanks_are_finnish_too(client) -> None:
    survey = _finnish_survey(db.session)
    action, fields = _form(
        client.get(f"/s/{survey.slug}?lang=fi", headers=SWEDISH_BROWSER).get_data(as_text=True)
    )
    empty = client.post(action, data={**fields, "action": "send"}, headers=SWEDISH_BROWSER)
    assert empty.status_code == 422
    doc = lxml.html.fromstring(empty.get_data(as_text=True))
    assert doc.xpath("//title")[0].text_content().startswith("Virhe: ")
    assert doc.xpath("//*[@id='error-summary-title']")[0].text_content() == "Lomakkeessa on korjattavaa"
    error = doc.xpath(f"//p[@id='q_{survey.questions[0].id}-error']")[0]
    assert " ".join(error.text_content().split()) == "Virhe: Vastaa tähän kysymykseen."

    action, fields = _form(empty.get_data(as_text=True))
    done = client.post(
        action,
        data={**fields, "action": "send", f"q_{survey.questions[0].id}": "Pimeys"},
        headers=SWEDISH_BROWSER,
    )
    assert done.status_code == 302
    thanks = lxml.html.fromstring(
        client.get(done.headers["Location"], headers=SWEDISH_BROWSER).get_data(as_text=True)
    )
    assert thanks.get("lang") == "fi"
    assert thanks.xpath("//h1")[0].text_content() == "Kiitos vastauksistasi!"
    for word in FOREIGN_WORDS + ("Tack",):
        assert word not in _visible(lxml.html.tostring(thanks, encoding="unicode")), word


def test_a_tampered_choice_is_refused_in_the_residents_language(client) -> None:
    survey = _finnish_survey(db.session)
    action, fields = _form(
        client.get(f"/s/{survey.slug}?lang=fi", headers=SWEDISH_BROWSER).get_data(as_text=True)
    )
    concern, safety = survey.questions[0].id, survey.questions[1].id
    sent = client.post(
        action,
        data={**fields, "action": "send", f"q_{concern}": "Pimeys", f"q_{safety}": "9"},
        headers=SWEDISH_BROWSER,
    )
    assert sent.status_code == 422
    error = lxml.html.fromstring(sent.get_data(as_text=True)).xpath(f"//p[@id='q_{safety}-error']")[0]
    assert " ".join(error.text_content().split()) == "Virhe: Valitse yksi vaihtoehdoista."


def test_a_sami_survey_cannot_open_until_its_interface_texts_are_written(client) -> None:
    survey = _in_languages(db.session, ["sv", "se"], {**FINNISH, "title": "Dorvvolašvuohta"})
    survey.status = SurveyStatus.DRAFT.value
    db.session.commit()
    missing = editing.missing_translations(survey)
    assert {(m.language, m.kind) for m in missing} == {("se", "interface")}
    assert {m.detail for m in missing} == set(RESIDENT_TEXTS)
    with pytest.raises(editing.MissingTexts):
        editing.set_status(db.session, survey, SurveyStatus.OPEN)

    editor = make_user(db.session, survey.organisation, role=Role.ANALYST)
    sign_in(client, editor)
    page = client.get(f"/admin/surveys/{survey.slug}/resident-texts")
    assert page.status_code == 200
    doc = lxml.html.fromstring(page.get_data(as_text=True))
    swedish_next = doc.xpath("//input[@name='sv__next']")[0]
    assert swedish_next.get("value") == "Nästa" and swedish_next.get("lang") == "sv"
    sami_next = doc.xpath("//input[@name='se__next']")[0]
    assert sami_next.get("value") == "" and sami_next.get("lang") == "se"
    assert doc.xpath("//p[@id='se__next-hint']")[0].text_content().startswith("Produkten har ingen text")

    status = client.post(
        f"/admin/surveys/{survey.slug}/status",
        data={"status": "open", "csrf_token": doc.xpath("//input[@name='csrf_token']")[0].get("value")},
        follow_redirects=True,
    )
    flash = " ".join(
        lxml.html.fromstring(status.get_data(as_text=True))
        .xpath("//p[contains(@class,'flash')]")[0]
        .text_content()
        .split()
    )
    expected = "Enkäten kan inte öppnas ännu: texter saknas (nordsamiska: texten som invånarna läser som"
    assert flash.startswith(f"{expected} ”Hoppa till innehållet”")

    csrf = doc.xpath("//input[@name='csrf_token']")[0].get("value")
    form = {"csrf_token": csrf}
    for key in RESIDENT_TEXTS:
        form[f"sv__{key}"] = shipped_text(key, "sv") or ""
        form[f"se__{key}"] = f"SE {RESIDENT_TEXTS[key]}"  # placeholders kept as written
    saved = client.post(f"/admin/surveys/{survey.slug}/resident-texts", data=form)
    assert saved.status_code == 302
    db.session.refresh(survey)
    assert missing_keys(survey, "se") == []
    assert "sv" not in survey.resident_texts  # the shipped Swedish is not copied into the survey
    editing.set_status(db.session, survey, SurveyStatus.OPEN)

    html = client.get(f"/s/{survey.slug}?lang=se").get_data(as_text=True)
    sami = lxml.html.fromstring(html)
    assert sami.get("lang") == "se"
    assert (
        sami.xpath("//form[contains(@class,'survey-form')]//button")[0].text_content().strip()
        == "SE Send answers"
    )


def test_own_wording_replaces_the_shipped_text_and_a_lost_placeholder_is_refused(client) -> None:
    survey = _finnish_survey(db.session)
    editor = make_user(db.session, survey.organisation, role=Role.ANALYST)
    sign_in(client, editor)
    doc = lxml.html.fromstring(
        client.get(f"/admin/surveys/{survey.slug}/resident-texts").get_data(as_text=True)
    )
    form = {i.get("name"): i.get("value") or "" for i in doc.xpath("//form//input")}
    form.update({t.get("name"): t.text_content() for t in doc.xpath("//form//textarea")})

    refused = client.post(
        f"/admin/surveys/{survey.slug}/resident-texts", data={**form, "fi__page_of": "Sivu %(page)d"}
    )
    assert refused.status_code == 422
    summary = lxml.html.fromstring(refused.get_data(as_text=True)).xpath("//*[@id='error-summary']")[0]
    assert "%(total)" in summary.text_content()
    refused_doc = lxml.html.fromstring(refused.get_data(as_text=True))
    assert (
        refused_doc.xpath("//input[@name='fi__page_of']")[0].get("value") == "Sivu %(page)d"
    )  # nothing lost
    db.session.refresh(survey)
    assert survey.resident_texts == {}

    saved = client.post(
        f"/admin/surveys/{survey.slug}/resident-texts", data={**form, "sv__send": "Skicka in"}
    )
    assert saved.status_code == 302
    db.session.refresh(survey)
    assert survey.resident_texts == {"sv": {"send": "Skicka in"}}
    page = lxml.html.fromstring(client.get(f"/s/{survey.slug}?lang=sv").get_data(as_text=True))
    assert (
        page.xpath("//form[contains(@class,'survey-form')]//button")[0].text_content().strip() == "Skicka in"
    )


def test_scale_end_words_are_edited_per_language_and_checked(client) -> None:
    survey = _finnish_survey(db.session)
    survey.status = SurveyStatus.DRAFT.value
    safety = next(q for q in survey.questions if q.key == "safety")
    safety.scale_min_label = {"sv": "Mycket otrygg"}
    db.session.commit()
    assert [(m.language, m.kind, m.detail) for m in editing.missing_translations(survey)] == [
        ("fi", "scale_min", "safety")
    ]
    editor = make_user(db.session, survey.organisation, role=Role.ANALYST)
    sign_in(client, editor)
    url = f"/admin/surveys/{survey.slug}/questions/{safety.id}"
    doc = lxml.html.fromstring(client.get(url).get_data(as_text=True))
    form = {
        i.get("name"): i.get("value") or "" for i in doc.xpath("//form//input") if i.get("type") != "checkbox"
    }
    form.update({t.get("name"): t.text_content() for t in doc.xpath("//form//textarea")})
    assert form["scale_min_sv"] == "Mycket otrygg" and form["scale_min_fi"] == ""
    label = doc.xpath("//label[@for='scale_min_fi']")[0].text_content()
    assert label.startswith("Ord för 1 (lägst)")
    saved = client.post(url, data={**form, "scale_min_fi": "Hyvin turvaton"})
    assert saved.status_code == 302
    db.session.refresh(safety)
    assert safety.scale_min_label == {"sv": "Mycket otrygg", "fi": "Hyvin turvaton"}
    assert editing.missing_translations(survey) == []


def test_the_finnish_poster_is_finnish(client) -> None:
    survey = _finnish_survey(db.session)
    survey.closes_on = dt.date(2027, 3, 31)
    db.session.commit()
    sign_in(client, make_user(db.session, survey.organisation, role=Role.ANALYST))
    pdf = client.get(f"/admin/surveys/{survey.slug}/poster.pdf?lang=fi").get_data()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "fi"
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Kerro mielipiteesi!" in text and "Skannaa koodi" in text
    assert "Vastaa viimeistään 31. maaliskuuta 2027" in text
    assert "Tyck till" not in text and "Svara senast" not in text


def test_the_demos_surveys_have_every_text_in_every_language(app) -> None:
    organisation = create_demo(db.session, seed=3, residents=12, staff=6)
    surveys = db.session.scalars(select(Survey).where(Survey.organisation_id == organisation.id)).all()
    assert surveys
    for survey in surveys:
        assert editing.missing_translations(survey) == [], survey.slug
