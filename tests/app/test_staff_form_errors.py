"""Staff forms show errors as the resident survey does.

An error summary that gets focus (role=alert, tabindex=-1, id=error-summary), each message
linked to its field, the field marked aria-invalid and described by its message, all in the
staff member's language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from lxml import html as lxml_html

from app.extensions import db
from surveys.accounts.models import Role
from tests.app.helpers import csrf_from, sign_in
from tests.factories import make_org, make_survey, make_user


@dataclass
class FieldError:
    message: str
    invalid: bool


def summary_links(page: str) -> dict[str, str]:
    """Field id → text of each link in the error summary."""
    tree = lxml_html.fromstring(page)
    summary = tree.get_element_by_id("error-summary")
    assert summary.get("role") == "alert" and summary.get("tabindex") == "-1"
    return {a.get("href").lstrip("#"): a.text_content().strip() for a in summary.iter("a")}


def field_error(page: str, field_id: str) -> FieldError:
    """The message tied to a field through aria-describedby, and whether it is marked invalid."""
    tree = lxml_html.fromstring(page)
    field = tree.get_element_by_id(field_id)
    described = (field.get("aria-describedby") or "").split()
    messages = [tree.get_element_by_id(i).text_content().strip() for i in described if i.endswith("-error")]
    return FieldError(" ".join(messages), field.get("aria-invalid") == "true")


def test_wrong_password_is_an_error_summary_linked_to_fields_marked_invalid(client) -> None:  # type: ignore[no-untyped-def]
    user = make_user(db.session)
    db.session.commit()
    token = csrf_from(client, "/admin/login")

    response = client.post(
        "/admin/login",
        data={"csrf_token": token, "email": user.email, "password": "not the password"},
        headers={"Accept-Language": "sv"},
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    links = summary_links(page)
    assert set(links) == {"email", "password"}
    assert "Fel e-postadress eller lösenord." in links["password"]
    for field_id in ("email", "password"):
        error = field_error(page, field_id)
        assert error.invalid
        assert "Fel e-postadress eller lösenord." in error.message


@pytest.fixture
def editor(client):  # type: ignore[no-untyped-def]
    org = make_org(db.session)
    user = make_user(db.session, org, Role.ANALYST)
    sign_in(client, user)
    return user


def settings_post(client, survey, **changes: str):  # type: ignore[no-untyped-def]
    token = csrf_from(client, f"/admin/surveys/{survey.slug}/edit")
    data = {
        "csrf_token": token,
        "languages_field": ", ".join(survey.languages),
        "round_label": "",
        "opens_on": "",
        "closes_on": "",
        **{f"title_{c}": "Titel" for c in survey.languages},
        **{f"intro_{c}": "" for c in survey.languages},
        **changes,
    }
    return client.post(f"/admin/surveys/{survey.slug}/edit", data=data)


def test_closing_before_opening_is_linked_to_the_closing_date_in_swedish(client, editor) -> None:  # type: ignore[no-untyped-def]
    survey = make_survey(db.session, editor.organisation, status="draft")
    db.session.commit()

    response = settings_post(client, survey, opens_on="2026-05-10", closes_on="2026-05-01")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    links = summary_links(page)
    assert list(links) == ["closes_on"]
    error = field_error(page, "closes_on")
    assert error.invalid
    assert error.message.endswith("slutdatumet ligger före startdatumet")
    assert "closing date" not in page


def test_bad_language_code_is_shown_at_the_language_field_in_swedish(client, editor) -> None:  # type: ignore[no-untyped-def]
    survey = make_survey(db.session, editor.organisation, status="draft")
    db.session.commit()

    response = settings_post(client, survey, languages_field="sv, xx1")

    page = response.get_data(as_text=True)
    assert list(summary_links(page)) == ["languages_field"]
    error = field_error(page, "languages_field")
    assert error.invalid and "”xx1” är ingen språkkod" in error.message


def test_bad_language_code_on_a_new_survey_is_not_put_under_the_web_address(client, editor) -> None:  # type: ignore[no-untyped-def]
    token = csrf_from(client, "/admin/surveys/new")

    response = client.post(
        "/admin/surveys/new",
        data={"csrf_token": token, "template": "blank", "slug": "ny-enkat", "languages": "sv, svenska"},
    )

    page = response.get_data(as_text=True)
    assert list(summary_links(page)) == ["languages"]
    assert field_error(page, "languages").invalid
    assert not field_error(page, "slug").invalid
    assert "is not a language code" not in page
