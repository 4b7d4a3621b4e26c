"""Officials build, translate, preview, open and distribute surveys in the browser-less web flow."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest
from lxml import html as lxml_html
from sqlalchemy import func, select

from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.models import Response
from surveys.authoring.models import Question, Survey
from tests.app.helpers import csrf_from, hidden_value, sign_in
from tests.factories import make_org, make_single_page_survey, make_survey, make_user


@pytest.fixture
def official(client):
    org = make_org(db.session, areas=["Centrum", "Norr"])
    user = make_user(db.session, org, Role.ANALYST)
    sign_in(client, user)
    return user


def test_staff_pages_need_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_wrong_password_is_refused(client):
    user = make_user(db.session)
    token = csrf_from(client, "/admin/login")
    response = client.post(
        "/admin/login", data={"csrf_token": token, "email": user.email, "password": "nope-nope-nope"}
    )
    assert response.status_code == 422
    assert client.get("/admin/").status_code == 302


def test_viewer_cannot_edit(client):
    org = make_org(db.session)
    survey = make_survey(db.session, org)
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    assert client.get(f"/admin/surveys/{survey.slug}/edit").status_code == 403
    assert client.get(f"/admin/surveys/{survey.slug}").status_code == 200


def test_other_municipalities_surveys_are_invisible(client, official):
    stranger = make_survey(db.session, make_org(db.session))
    assert client.get(f"/admin/surveys/{stranger.slug}").status_code == 404
    assert stranger.slug not in client.get("/admin/").get_data(as_text=True)


def test_build_a_bilingual_survey_from_a_template_and_open_it(client, official):
    token = csrf_from(client, "/admin/surveys/new")
    created = client.post(
        "/admin/surveys/new",
        data={
            "csrf_token": token,
            "template": "citizen_dialogue",
            "slug": "trygg-2026",
            "round_label": "2026",
            "languages": "sv, en, fi",
        },
    )
    assert created.status_code == 302
    survey = db.session.scalar(select(Survey).where(Survey.slug == "trygg-2026"))
    assert survey.status == "draft" and survey.languages == ["sv", "en", "fi"]
    edit_html = client.get("/admin/surveys/trygg-2026/edit").get_data(as_text=True)
    # The missing Finnish texts are listed, in Swedish words: the language by name, what lacks it.
    missing = [
        " ".join(li.text_content().split())
        for li in lxml_html.fromstring(edit_html).xpath("//section[@aria-labelledby='status-heading']//li")
    ]
    assert "finska: titeln" in missing and "finska: texten till frågan priorities" in missing
    token = hidden_value(edit_html, "csrf_token")
    refused = client.post(
        "/admin/surveys/trygg-2026/status",
        data={"csrf_token": token, "status": "open"},
        follow_redirects=True,
    )
    flash = lxml_html.fromstring(refused.get_data(as_text=True)).xpath("//p[contains(@class, 'flash-error')]")
    assert "texter saknas (finska: titeln;" in " ".join(flash[0].text_content().split())
    assert db.session.get(Survey, survey.id).status == "draft"
    # Drop Finnish, change the title, then open.
    form = {
        "csrf_token": token,
        "languages_field": "sv, en",
        "round_label": "2026",
        "opens_on": "",
        "closes_on": "2099-12-31",
        "title_sv": "Trygghet i Testby",
        "intro_sv": "Hej",
        "title_en": "Safety in Testby",
        "intro_en": "Hello",
        "title_fi": "",
        "intro_fi": "",
    }
    assert client.post("/admin/surveys/trygg-2026/edit", data=form).status_code == 302
    opened = client.post("/admin/surveys/trygg-2026/status", data={"csrf_token": token, "status": "open"})
    assert opened.status_code == 302
    survey = db.session.get(Survey, survey.id)
    assert survey.status == "open" and survey.title == {"sv": "Trygghet i Testby", "en": "Safety in Testby"}
    assert "Safety in Testby" in client.get("/s/trygg-2026?lang=en").get_data(as_text=True)


def test_add_a_question_translate_it_and_preview(client, official):
    survey = make_survey(db.session, official.organisation, status="draft")
    token = csrf_from(client, f"/admin/surveys/{survey.slug}/edit")
    added = client.post(
        f"/admin/surveys/{survey.slug}/questions",
        data={
            "csrf_token": token,
            "key": "transport",
            "qtype": "single_choice",
            "text": "Hur tar du dig hem?",
            "page": "3",
        },
    )
    assert added.status_code == 302
    question_url = added.headers["Location"]
    html = client.get(question_url).get_data(as_text=True)
    assert "Hur tar du dig hem?" in html
    saved = client.post(
        question_url,
        data={
            "csrf_token": token,
            "page": "3",
            "required": "y",
            "text_sv": "Hur tar du dig hem?",
            "text_en": "How do you get home?",
            "help_sv": "",
            "help_en": "",
            "opt_0_value": "bus",
            "opt_0_label_sv": "Buss",
            "opt_0_label_en": "Bus",
            "opt_1_value": "walk",
            "opt_1_label_sv": "Går",
            "opt_1_label_en": "Walk",
            "opt_2_value": "",
            "opt_2_label_sv": "",
            "opt_2_label_en": "",
        },
    )
    assert saved.status_code == 302
    # Reorder: "walk" first.
    client.post(
        question_url,
        data={
            "csrf_token": token,
            "page": "3",
            "text_sv": "Hur tar du dig hem?",
            "text_en": "How do you get home?",
            "opt_0_value": "bus",
            "opt_0_order": "2",
            "opt_0_label_sv": "Buss",
            "opt_0_label_en": "Bus",
            "opt_1_value": "walk",
            "opt_1_order": "1",
            "opt_1_label_sv": "Går",
            "opt_1_label_en": "Walk",
        },
    )
    question = next(q for q in db.session.get(Survey, survey.id).questions if q.key == "transport")
    assert [o.value for o in question.options] == ["walk", "bus"]
    preview = client.get(f"/admin/surveys/{survey.slug}/preview?lang=en&page=3").get_data(as_text=True)
    assert "How do you get home?" in preview and "Walk" in preview and "Svaren sparas inte" in preview
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_qr_codes_and_poster(client, official):
    survey = make_survey(
        db.session, official.organisation, title={"sv": "Trygghetsdialog Åsele", "en": "Safety dialogue"}
    )
    svg = client.get(f"/admin/surveys/{survey.slug}/qr.svg?lang=sv")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert "attachment" in svg.headers["Content-Disposition"]
    png = client.get(f"/admin/surveys/{survey.slug}/qr.png?lang=en")
    assert png.data.startswith(b"\x89PNG")
    pdf = client.get(f"/admin/surveys/{survey.slug}/poster.pdf?lang=sv")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True
        ).stdout.decode()
        assert "Trygghetsdialog Åsele" in text and f"/s/{survey.slug}" in text


def test_staff_invitation_links_answer_once(client, official):
    survey = make_survey(db.session, official.organisation, template="staff_dialogue")
    token = csrf_from(client, f"/admin/surveys/{survey.slug}/edit")
    download = client.post(
        f"/admin/surveys/{survey.slug}/invitations", data={"csrf_token": token, "count": "2"}
    )
    assert download.mimetype == "text/csv" and download.data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert len(rows) == 2
    link = rows[0]["link"].replace("http://localhost", "")
    resident = client.application.test_client()
    assert resident.get(link).status_code == 302
    page = resident.get(f"/s/{survey.slug}").get_data(as_text=True)
    seen = next(q for q in survey.questions if q.key == "seen_in_work")
    form = {
        "csrf_token": hidden_value(page, "csrf_token"),
        "submission_token": hidden_value(page, "submission_token"),
        "page": "1",
        f"q_{seen.id}": "Hot mot personal",
    }
    resident.post(f"/s/{survey.slug}", data=form)
    page2 = resident.get(f"/s/{survey.slug}?page=2").get_data(as_text=True)
    done = resident.post(
        f"/s/{survey.slug}",
        data={
            "csrf_token": hidden_value(page2, "csrf_token"),
            "submission_token": hidden_value(page2, "submission_token"),
            "page": "2",
        },
    )
    assert "/tack" in done.headers["Location"]
    stored = db.session.scalar(select(Response))
    assert stored.channel == "invitation" and stored.respondent_group == "staff"
    assert resident.application.test_client().get(link).status_code == 410


def test_paper_entry_records_channel_paper(client, official):
    survey = make_survey(db.session, official.organisation, status="closed")
    url = f"/admin/surveys/{survey.slug}/paper"
    html = client.get(url).get_data(as_text=True)
    priorities = next(q for q in survey.questions if q.key == "priorities")
    area = next(q for q in survey.questions if q.key == "area")
    response = client.post(
        url,
        data={
            "csrf_token": hidden_value(html, "csrf_token"),
            "submission_token": hidden_value(html, "submission_token"),
            "group": "resident",
            f"q_{priorities.id}": "Mer ljus i parken",
            f"q_{area.id}": "Norr",
        },
    )
    assert response.status_code == 302
    stored = db.session.scalar(select(Response))
    assert stored.channel == "paper" and stored.area == "Norr"


def test_new_round_from_the_web(client, official):
    survey = make_survey(db.session, official.organisation, round_label="2025")
    token = csrf_from(client, f"/admin/surveys/{survey.slug}/new-round")
    response = client.post(
        f"/admin/surveys/{survey.slug}/new-round",
        data={"csrf_token": token, "slug": "runda-2026", "round_label": "2026"},
    )
    assert response.status_code == 302
    copy = db.session.scalar(select(Survey).where(Survey.slug == "runda-2026"))
    assert copy.series == survey.series and [q.key for q in copy.questions] == [
        q.key for q in survey.questions
    ]


def test_paper_entry_shows_a_map_question_as_area_and_description_and_saves_blanks(client, official):
    survey = make_single_page_survey(db.session, official.organisation, status="closed")
    place = Question(key="place", type="point", position=3, page=1, required=True, text={"sv": "Var?"})
    survey.questions.append(place)
    db.session.commit()
    url = f"/admin/surveys/{survey.slug}/paper"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    area_select = lxml_html.fromstring(html).xpath(f'//select[@name="q_{place.id}-area"]')
    assert area_select and "Norr" in area_select[0].xpath(".//option/@value")
    concern, safety = survey.questions[0], survey.questions[1]
    base = {
        "csrf_token": hidden_value(html, "csrf_token"),
        "submission_token": hidden_value(html, "submission_token"),
        "group": "resident",
    }
    # The first (required) question was left blank on paper: the rest is still saved.
    response = client.post(url, data={**base, f"q_{safety.id}": "4", f"q_{place.id}-area": "Norr"})
    assert response.status_code == 302
    stored = db.session.scalar(select(Response))
    assert stored.channel == "paper"
    values = {a.question_id for a in stored.answers}
    assert values == {safety.id, place.id} and concern.id not in values


def test_every_link_in_a_preview_stays_in_the_preview(client, official):
    survey = make_survey(db.session, official.organisation, status="draft", languages=("sv", "en"))
    url = f"/admin/surveys/{survey.slug}/preview?lang=sv&page=1"
    tree = lxml_html.fromstring(client.get(url).get_data(as_text=True))
    language_links = tree.xpath('//nav[contains(@class, "survey-langs")]//a')
    assert [a.get("lang") for a in language_links] == ["en"]
    target = language_links[0].get("href")
    assert target.startswith(f"/admin/surveys/{survey.slug}/preview")
    english = client.get(target)
    assert english.status_code == 200 and 'lang="en"' in english.get_data(as_text=True)
    content = tree.xpath("//main//a/@href") or tree.xpath("//a/@href")
    assert not any(href.startswith(f"/s/{survey.slug}") or "/sprak/" in href for href in content)


def test_a_survey_gets_its_title_when_it_is_created(client, official):
    token = csrf_from(client, "/admin/surveys/new")
    assert "title" in lxml_html.fromstring(client.get("/admin/surveys/new").get_data(as_text=True)).xpath(
        "//form//input/@name"
    )
    created = client.post(
        "/admin/surveys/new",
        data={
            "csrf_token": token,
            "template": "citizen_dialogue",
            "title": "Trygghet i Norrforsa 2026",
            "slug": "norrforsa-2026",
            "round_label": "2026",
            "languages": "sv, en",
        },
    )
    assert created.status_code == 302
    survey = db.session.scalar(select(Survey).where(Survey.slug == "norrforsa-2026"))
    assert survey.title == {"sv": "Trygghet i Norrforsa 2026"}


def test_question_types_are_named_in_the_staff_language(client, official):

    survey = make_survey(db.session, official.organisation)
    client.get("/sprak/sv?next=/")
    html = client.get(f"/admin/surveys/{survey.slug}/edit").get_data(as_text=True)
    cells = [td.text_content().strip() for td in lxml_html.fromstring(html).xpath("//tbody/tr/td[3]")]
    assert "Fritext" in cells and "Skala 1–5" in cells
    assert not {"free_text", "scale", "area", "demographic"} & set(cells)
