"""The translation page: every text of a survey in every language on one page, saved together."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.extensions import db
from surveys.accounts.models import Role
from surveys.authoring import editing
from surveys.authoring.models import Option, Question, Survey, SurveyStatus
from tests.app.helpers import csrf_from, field_value, parse_html, sign_in, text_of
from tests.factories import make_single_page_survey, make_user


def _draft_with_finnish(session: Session) -> Survey:
    """A draft in Swedish and Finnish whose Finnish has only the title: everything else to translate."""
    survey = make_single_page_survey(session, status=SurveyStatus.DRAFT.value)
    survey.languages = ["sv", "fi"]
    survey.title = {"sv": "Trygghetsenkät", "fi": "Turvallisuuskysely"}
    survey.intro = {"sv": "Berätta vad som oroar dig."}
    safety = next(q for q in survey.questions if q.key == "safety")
    safety.scale_min_label = {"sv": "Mycket otrygg"}
    safety.scale_max_label = {"sv": "Mycket trygg"}
    safety.help = {"sv": "Tänk på kvällar."}
    survey.questions.append(
        Question(
            key="seen",
            type="single_choice",
            position=3,
            page=1,
            text={"sv": "Har du sett langning?"},
            options=[
                Option(value="yes", position=0, label={"sv": "Ja"}),
                Option(value="no", position=1, label={"sv": "Nej"}),
            ],
        )
    )
    session.commit()
    return survey


def _fields(page: str) -> dict[str, str]:
    """Every field of the translation form as the browser would send it."""
    doc = parse_html(page)
    form = doc.xpath("//form[.//*[@name='t__title__sv']]")[0]
    names = form.xpath(".//input[@name]/@name | .//textarea[@name]/@name")
    return {name: field_value(page, name) for name in names}


def test_every_text_of_the_survey_is_on_one_page_marked_with_its_language_and_what_is_missing(client) -> None:
    survey = _draft_with_finnish(db.session)
    sign_in(client, make_user(db.session, survey.organisation, role=Role.ANALYST))
    page = client.get(f"/admin/surveys/{survey.slug}/translations").get_data(as_text=True)
    doc = parse_html(page)
    safety = next(q for q in survey.questions if q.key == "safety")
    seen = next(q for q in survey.questions if q.key == "seen")
    finnish = {
        f"t__q{safety.id}.text__fi",
        f"t__q{safety.id}.help__fi",
        f"t__q{safety.id}.scale_min__fi",
        f"t__q{safety.id}.scale_max__fi",
        *(f"t__o{o.id}__fi" for o in seen.options),
        "fi__next",  # the words around the questions are on the same page
    }
    for name in finnish:
        element = doc.xpath("//*[@name=$name]", name=name)
        assert element and element[0].get("lang") == "fi", name
    assert field_value(page, f"t__q{safety.id}.scale_min__sv") == "Mycket otrygg"
    assert field_value(page, "t__title__fi") == "Turvallisuuskysely"
    # Place names read the same in every language: the area question's options are not on the sheet.
    area = next(q for q in survey.questions if q.key == "area")
    assert not doc.xpath("//*[@name=$name]", name=f"t__o{area.options[0].id}__fi")
    # What the completeness check will refuse is marked at the field and counted at the top.
    missing = editing.missing_translations(survey)
    marked = doc.xpath("//*[contains(@class,'field--error')]//*[starts-with(@name,'t__')]/@name")
    assert len(marked) == len(missing)
    assert "t__intro__fi" not in marked  # the introduction is optional
    assert text_of(doc.xpath("//*[@id='missing-summary']")[0]) == f"{len(missing)} texter saknas."
    assert len(missing) == 9


def test_saving_the_sheet_fills_every_language_so_the_survey_can_open(client) -> None:
    survey = _draft_with_finnish(db.session)
    sign_in(client, make_user(db.session, survey.organisation, role=Role.ANALYST))
    url = f"/admin/surveys/{survey.slug}/translations"
    form = _fields(client.get(url).get_data(as_text=True))
    for name in form:
        swedish = form.get(name.removesuffix("__fi") + "__sv", "")
        if name.startswith("t__") and name.endswith("__fi") and not form[name] and swedish:
            form[name] = "FI " + swedish
    saved = client.post(url, data=form)
    assert saved.status_code == 302
    db.session.expire_all()
    assert editing.missing_translations(survey) == []
    safety = next(q for q in survey.questions if q.key == "safety")
    assert safety.scale_min_label == {"sv": "Mycket otrygg", "fi": "FI Mycket otrygg"}
    assert safety.help["fi"] == "FI Tänk på kvällar."
    assert survey.intro == {"sv": "Berätta vad som oroar dig.", "fi": "FI Berätta vad som oroar dig."}
    seen = next(q for q in survey.questions if q.key == "seen")
    assert [o.label for o in seen.options] == [{"sv": "Ja", "fi": "FI Ja"}, {"sv": "Nej", "fi": "FI Nej"}]
    assert survey.resident_texts == {}  # the shipped interface texts are not copied into the survey
    editing.set_status(db.session, survey, SurveyStatus.OPEN)
    assert survey.status == SurveyStatus.OPEN


def test_an_open_survey_keeps_every_text_and_a_refused_save_loses_nothing_typed(client) -> None:
    survey = make_single_page_survey(db.session)  # open, Swedish and English complete
    sign_in(client, make_user(db.session, survey.organisation, role=Role.ANALYST))
    url = f"/admin/surveys/{survey.slug}/translations"
    form = _fields(client.get(url).get_data(as_text=True))
    concern = next(q for q in survey.questions if q.key == "concern")
    form[f"t__q{concern.id}.text__en"] = ""
    form["t__title__en"] = "A new title"
    refused = client.post(url, data=form)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Enkäten är öppen" in text_of(parse_html(page).xpath("//*[@id='error-summary']")[0])
    assert field_value(page, "t__title__en") == "A new title"  # what was typed is still there
    db.session.refresh(survey)
    assert survey.title["en"] == "Short survey" and concern.text["en"] == "What worries you?"

    # A resident text that lost its placeholder refuses the whole save, the survey texts included.
    form[f"t__q{concern.id}.text__en"] = "What concerns you?"
    refused = client.post(url, data={**form, "en__page_of": "Page %(page)d"})
    assert refused.status_code == 422
    db.session.refresh(concern)
    assert concern.text["en"] == "What worries you?"

    saved = client.post(url, data=form)
    assert saved.status_code == 302
    db.session.refresh(concern)
    db.session.refresh(survey)
    assert concern.text["en"] == "What concerns you?" and survey.title["en"] == "A new title"


def test_a_form_without_some_texts_leaves_them_as_they_are(client) -> None:
    survey = _draft_with_finnish(db.session)
    sign_in(client, make_user(db.session, survey.organisation, role=Role.ANALYST))
    url = f"/admin/surveys/{survey.slug}/translations"
    token = csrf_from(client, url)
    saved = client.post(url, data={"csrf_token": token, "t__intro__fi": "Kerro meille."})
    assert saved.status_code == 302
    db.session.refresh(survey)
    assert survey.intro == {"sv": "Berätta vad som oroar dig.", "fi": "Kerro meille."}
    assert survey.title == {"sv": "Trygghetsenkät", "fi": "Turvallisuuskysely"}
    assert survey.resident_texts == {}
