"""Script injection: a payload corpus through every field people can write, then every page that shows it.

Nothing in the application renders rich text (plan sections use a tiny line syntax
rendered through escaped templates), so no HTML sanitiser is needed: everything a
person writes must come back as text.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.submission import submit_response
from surveys.authoring.models import Question, Survey
from surveys.plans.models import Plan
from surveys.plans.workflow import transition
from surveys.review.runs import execute_run, latest_run, start_run
from surveys.review.state import load_state
from tests.app.helpers import csrf_from, hidden_value, sign_in
from tests.app.xss_corpus import CORPUS, assert_inert, assert_shown, parts, shown
from tests.factories import make_single_page_survey, make_user
from tests.plan_helpers import analysed_round, draft
from tests.surveys.import_helpers import csv_bytes, make_import_survey, xlsx_bytes

SHORT = parts(3)  # for fields of 120–200 characters
FILLER = ["Det säljs knark vid skolan", "Bilar kör för fort på Storgatan", "Mörkt i parken på kvällen"] * 7


@pytest.fixture(autouse=True)
def uploads_in_tmp(app, tmp_path):
    app.config["INSTANCE_PATH"] = str(tmp_path / "instance")


def _signed_in(client, organisation, role=Role.ADMIN):  # type: ignore[no-untyped-def]
    sign_in(client, make_user(db.session, organisation, role))
    return client


def _post(client, url, data, **kwargs):  # type: ignore[no-untyped-def]
    return client.post(url, data={"csrf_token": csrf_from(client, "/admin/login"), **data}, **kwargs)


def _pages(client, *urls: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        found[url] = response.get_data(as_text=True)
    return found


def _survey_pages(slug: str) -> list[str]:
    base = f"/admin/surveys/{slug}"
    return [base, f"{base}/analysis", f"{base}/situation", f"{base}/priorities", f"{base}/report"]


def test_survey_texts_written_in_the_authoring_forms(client):
    survey = make_single_page_survey(db.session)
    slug = survey.slug
    _signed_in(client, survey.organisation)
    edit = f"/admin/surveys/{slug}/edit"
    sv, en = parts(2)
    saved = _post(
        client,
        edit,
        {
            "languages_field": "sv, en",
            "round_label": "2026",
            "title_sv": sv,
            "title_en": en,
            "intro_sv": CORPUS,
            "intro_en": CORPUS,
        },
    )
    assert saved.status_code == 302
    _post(
        client,
        f"/admin/surveys/{slug}/questions",
        {"key": "val", "qtype": "single_choice", "text": CORPUS, "page": "1"},
    )
    question = db.session.scalar(
        select(Question).where(Question.survey_id == survey.id, Question.key == "val")
    )
    fields = {
        "text_sv": CORPUS,
        "text_en": CORPUS,
        "help_sv": sv,
        "help_en": en,
        "page": "1",
        "opt_0_value": "a",
        "opt_0_label_sv": sv,
        "opt_0_label_en": en,
        "opt_1_value": "b",
        "opt_1_label_sv": en,
        "opt_1_label_en": sv,
    }
    assert _post(client, f"/admin/surveys/{slug}/questions/{question.id}", fields).status_code == 302
    pages = _pages(
        client,
        "/admin/",
        edit,
        f"/admin/surveys/{slug}/questions/{question.id}",
        f"/admin/surveys/{slug}/preview",
        f"/admin/surveys/{slug}/preview?lang=en",
        f"/s/{slug}",
        f"/s/{slug}?lang=en",
        "/",
        f"/s/{slug}/tack",
        *_survey_pages(slug),
    )
    assert_inert(pages)
    assert_shown(pages[edit], sv, "the edit page")
    assert_shown(pages[f"/s/{slug}"], CORPUS, "the public survey")
    assert_shown(pages[f"/s/{slug}?lang=en"], en, "the public survey in English")


def _resident_form(client, survey):  # type: ignore[no-untyped-def]
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    ids = {q.key: q.id for q in survey.questions}
    return {
        "csrf_token": hidden_value(html, "csrf_token"),
        "page": "1",
        "submission_token": hidden_value(html, "submission_token"),
        f"q_{ids['concern']}": CORPUS,
        f"q_{ids['safety']}": "3",
        f"q_{ids['area']}": "Norr",
    }


def test_answers_typed_by_residents_and_the_names_reviewers_give(client, monkeypatch):
    survey = make_single_page_survey(db.session)
    url = f"/s/{survey.slug}"
    form = _resident_form(client, survey)
    invalid = client.post(url, data={**form, f"q_{survey.questions[1].id}": "9"})
    assert invalid.status_code == 422
    original = Session.commit
    failing = [1]

    def flaky(self):  # type: ignore[no-untyped-def]
        if failing[0]:
            failing[0] -= 1
            raise OperationalError("COMMIT", {}, Exception("gone"))
        return original(self)

    monkeypatch.setattr(Session, "commit", flaky)
    unavailable = client.post(url, data=form)
    assert unavailable.status_code == 503
    monkeypatch.undo()
    assert client.post(url, data={**form, "action": "retry"}).status_code == 302
    bodies = {"422": invalid.get_data(as_text=True), "503": unavailable.get_data(as_text=True)}
    assert_inert(bodies)
    for body in bodies.values():
        assert_shown(body, CORPUS, "the page that hands the answers back")

    concern = survey.questions[0]
    for n, text in enumerate(FILLER):
        submit_response(db.session, survey, {concern.id: text}, submission_token=f"f{n}", language="sv")
    execute_run(db.session, start_run(db.session, survey, seed=1).id)
    _signed_in(client, survey.organisation)
    state = load_state(db.session, survey, latest_run(db.session, survey, finished_only=True))
    review = f"/admin/surveys/{survey.slug}/analysis/review"
    for name in SHORT:
        _post(client, review, {"action": "rename", "key": state.clusters[0].key, "name": name})
    for n, name in enumerate(SHORT):
        added = _post(
            client,
            f"/admin/surveys/{survey.slug}/areas",
            {"name_sv": name[:120], "name_en": name[:120], "keywords": f"ord{n}*"},
        )
        assert added.status_code == 302
    state = load_state(db.session, survey, latest_run(db.session, survey, finished_only=True))
    clusters = [f"/admin/surveys/{survey.slug}/analysis/clusters/{c.key}" for c in state.clusters]
    pages = _pages(client, *_survey_pages(survey.slug), *clusters)
    assert_inert(pages)
    analysis = pages[f"/admin/surveys/{survey.slug}/analysis"]
    assert_shown(analysis, SHORT[-1], "the renamed cluster")
    assert_shown(analysis, SHORT[0][:120], "the added problem area")
    quoted = [url for url in clusters if shown(CORPUS) in pages[url]]
    assert quoted, "the resident's answer is quoted on its cluster's page"


def _upload(client, url, data: bytes, filename: str, **kwargs):  # type: ignore[no-untyped-def]
    return _post(
        client, url, {"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data", **kwargs
    )


def test_indicator_names_and_response_files(client):
    survey = make_import_survey(db.session)
    _signed_in(client, survey.organisation, Role.ANALYST)
    first, second = parts(2)
    rows = [
        ["period", "area", "indicator", "value"],
        ["2025", "Centrum", first, "4"],
        ["2025", "Norr", second, "7"],
    ]
    done = _upload(client, f"/admin/surveys/{survey.slug}/indicators", csv_bytes(rows), "indikatorer.csv")
    assert done.status_code == 302
    pages = _pages(client, f"/admin/surveys/{survey.slug}/situation", f"/admin/surveys/{survey.slug}/report")
    assert_shown(pages[f"/admin/surveys/{survey.slug}/situation"], first, "the indicator table")

    answers = [[first, second, "Område"], [CORPUS, "2", "Centrum"], [SHORT[0], "3", "Söder"]]
    upload = f"/admin/surveys/{survey.slug}/responses/import"
    # The file is read by a job (inline in tests); its page shows the mapping step.
    mapping = _upload(client, upload, csv_bytes(answers), "svar.csv", follow_redirects=True)
    assert mapping.status_code == 200
    pages["mapping"] = mapping.get_data(as_text=True)
    assert_shown(pages["mapping"], first, "the column choices")
    assert_shown(pages["mapping"], CORPUS[:60], "the preview rows (cut at 80 characters)")
    confirm = _post(
        client,
        f"/admin/surveys/{survey.slug}/responses/import/confirm",
        {
            "map_concern": first,
            "map_safety": second,
            "map_area": "Område",
            "map_places": "",
            "map_age": "",
            "group_column": "",
            "date_column": "",
            "language_column": "",
        },
        follow_redirects=True,
    )
    assert confirm.status_code == 200 and confirm.request.path == f"/admin/surveys/{survey.slug}"
    pages.update(_pages(client, f"/admin/surveys/{survey.slug}"))
    assert_inert(pages)


def test_xlsform_labels(client):
    survey = make_single_page_survey(db.session)
    _signed_in(client, survey.organisation, Role.ANALYST)
    # pyxform (rightly) refuses a label with "${" that is no question reference, so the
    # template-injection payloads lose that start here; every other payload is kept.
    first, second = (p.replace("${", "$ {") for p in parts(2))
    corpus = CORPUS.replace("${", "$ {")
    form = {
        "survey": [
            ["type", "name", "label::Svenska (sv)", "label::English (en)", "hint::Svenska (sv)"],
            ["text", "concern", corpus, corpus, first],
            ["select_one val", "pick", first, second, second],
        ],
        "choices": [
            ["list_name", "name", "label::Svenska (sv)", "label::English (en)"],
            ["val", "a", first, second],
            ["val", "b", second, first],
        ],
        "settings": [["form_title", "form_id"], [SHORT[0], "xss-form"]],
    }
    done = _upload(client, "/admin/surveys/import", xlsx_bytes(form), "form.xlsx")
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    imported = db.session.scalar(select(Survey).where(Survey.slug == "xss-form"))
    questions = [f"/admin/surveys/xss-form/questions/{q.id}" for q in imported.questions]
    pages = _pages(
        client,
        "/admin/",
        "/admin/surveys/xss-form/edit",
        "/admin/surveys/xss-form/preview",
        "/admin/surveys/xss-form/preview?lang=en",
        *questions,
    )
    assert_inert(pages)
    assert_shown(pages["/admin/surveys/xss-form/preview"], corpus, "the imported question")
    assert_shown(pages["/admin/surveys/xss-form/preview"], first, "the imported options")


def test_plan_and_pledge_texts(client):
    world = analysed_round(db.session)
    users = {role.value: make_user(db.session, world["org"], role) for role in Role}
    plan = draft(db.session, world, users["analyst"])
    sign_in(client, users["analyst"])
    base = f"/admin/plans/{plan.slug}"
    first, second = parts(2)
    assert _post(client, f"{base}/title", {"title_sv": first, "title_en": second}).status_code == 302
    section = next(s for s in plan.sections if s.theme)
    body = f"{CORPUS}\n\n- {first}\n- {second}\n\n> {SHORT[1]}"
    texts = {"title_sv": SHORT[0], "title_en": SHORT[1], "body_sv": body, "body_en": body}
    assert _post(client, f"{base}/sections/{section.id}", texts).status_code == 302
    commitment = {
        "text_sv": CORPUS,
        "text_en": CORPUS,
        "target_count": "3",
        "frequency": "year",
        "unit_sv": parts(4)[0],
        "unit_en": parts(4)[1],
        "responsible": "both",
        "other_partners": SHORT[2],
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
    }
    assert _post(client, f"{base}/sections/{section.id}/commitments/new", commitment).status_code == 302
    _post(client, f"{base}/sections/{section.id}/comments", {"body": CORPUS})
    transition(db.session, db.session.get(Plan, plan.id), "submit", users["analyst"])
    transition(db.session, db.session.get(Plan, plan.id), "approve", users["steering_group"])
    transition(db.session, db.session.get(Plan, plan.id), "publish", users["analyst"])
    written = next(c for c in db.session.get(Plan, plan.id).commitments if c.text.get("sv") == CORPUS)
    activity = {
        "done_on": "2026-03-01",
        "description": CORPUS,
        "count": "1",
        "place": SHORT[0],
        "performed_by": SHORT[1],
        "notes": CORPUS,
    }
    assert _post(client, f"{base}/commitments/{written.id}/activities", activity).status_code == 302
    pages = _pages(
        client,
        "/admin/plans",
        "/admin/plans/behind",
        base,
        f"{base}/versions",
        f"{base}/versions/compare?a=1&b=3",
        f"{base}/follow-up",
        f"{base}/commitments/{written.id}",
        f"{base}/commitments/{written.id}/activities",
        f"{base}/sections/{section.id}",
        "/loften",
        f"/loften/{plan.slug}",
    )
    assert_inert(pages)
    assert_shown(pages[f"/loften/{plan.slug}"], CORPUS, "the public pledge")
    assert_shown(pages[base], first, "the plan's title")
