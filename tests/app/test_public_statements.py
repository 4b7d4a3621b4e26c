"""The accessibility statement and privacy notice follow DIGG's model and name the organisation."""

from __future__ import annotations

from lxml import html as lxml_html

from app.extensions import db
from surveys.accounts.models import Role
from surveys.distribution.posters import PosterText, poster_pdf
from surveys.reports.accessibility import known_problems, pdf_gaps
from tests.app.helpers import csrf_from, sign_in
from tests.factories import make_org, make_user


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    return " ".join(" ".join(tree.itertext()).split())


def test_statement_has_status_known_problems_feedback_digg_link_date_and_method(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/tillganglighet", headers={"Accept-Language": "sv"})

    assert response.status_code == 200
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    headings = [h.text_content().strip() for h in tree.iter("h2", "h3")]
    for heading in (
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Teknisk information om webbplatsens tillgänglighet",
        "Hur vi testat webbplatsen",
    ):
        assert heading in headings
    assert tree.xpath("//a[@href='https://www.digg.se/tdosanmalan']")
    text = page_text(response)
    assert "bedömdes senast den 1 december 2026" in text
    assert "självskattning" in text


def test_the_list_of_inaccessible_content_follows_the_pdf_check(client) -> None:  # type: ignore[no-untyped-def]
    poster = poster_pdf(
        "https://example.org/s/x", PosterText("Rubrik", "Titel", "Intro", "Skanna", "Sista", "Org")
    )
    text = page_text(client.get("/tillganglighet", headers={"Accept-Language": "sv"}))

    if pdf_gaps(poster):
        assert known_problems()
        assert "PDF-dokumenten" in text and "är inte taggade" in text
        assert "delvis förenlig" in text
    else:
        assert "PDF-dokumenten" not in text


def test_pdf_gaps_names_what_an_untagged_pdf_lacks() -> None:
    poster = poster_pdf(
        "https://example.org/s/x", PosterText("Rubrik", "Titel", "Intro", "Skanna", "Sista", "Org")
    )
    assert set(pdf_gaps(poster)) <= {"structure tree", "marked as tagged", "language", "title shown"}


def test_municipality_fills_in_controller_contacts_and_legal_basis_shown_to_residents(client) -> None:  # type: ignore[no-untyped-def]
    org = make_org(db.session, name="Älvby kommun")
    admin = make_user(db.session, org, Role.ADMIN)
    sign_in(client, admin)
    token = csrf_from(client, "/admin/organisation/public-info")

    saved = client.post(
        "/admin/organisation/public-info",
        data={
            "csrf_token": token,
            "controller": "Älvby kommun, kommunstyrelsen",
            "contact_email": "kommun@alvby.example",
            "contact_phone": "0123-45 67 89",
            "dpo_contact": "dataskydd@alvby.example",
            "legal_basis": "Uppgift av allmänt intresse (artikel 6.1 e)",
            "accessibility_contact": "tillganglighet@alvby.example",
        },
    )
    assert saved.status_code == 302

    privacy = page_text(client.get("/integritet", headers={"Accept-Language": "sv"}))
    assert "Personuppgiftsansvarig Älvby kommun, kommunstyrelsen" in privacy
    assert "Rättslig grund Uppgift av allmänt intresse (artikel 6.1 e)" in privacy
    assert "dataskydd@alvby.example" in privacy and "kommun@alvby.example" in privacy
    statement = page_text(client.get("/tillganglighet", headers={"Accept-Language": "sv"}))
    assert "tillganglighet@alvby.example" in statement
    assert "dataskydd@alvby.example" not in statement


def test_only_administrators_edit_the_public_details(client) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, make_user(db.session, make_org(db.session), Role.ANALYST))
    assert client.get("/admin/organisation/public-info").status_code == 403


def test_a_bad_e_mail_address_is_shown_at_its_field(client) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, make_user(db.session, make_org(db.session), Role.ADMIN))
    token = csrf_from(client, "/admin/organisation/public-info")

    response = client.post(
        "/admin/organisation/public-info", data={"csrf_token": token, "contact_email": "inte en adress"}
    )

    assert response.status_code == 422
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    assert tree.get_element_by_id("contact_email").get("aria-invalid") == "true"
    assert [a.get("href") for a in tree.get_element_by_id("error-summary").iter("a")] == ["#contact_email"]
