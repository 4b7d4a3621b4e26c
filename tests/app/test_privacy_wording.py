"""The privacy notice and the lägesbild's method text say what the disclosure layer does.

Issue 13: the texts that tell readers how figures and quotes are protected must match
surveys/disclosure (primary and secondary suppression, hidden figures last, filtered views,
earlier rounds, hot spots, quotes, staff surveys, redaction), and must name the configured
floor rather than a fixed five.
"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from lxml import html as lxml_html
from pypdf import PdfReader

from app.extensions import db
from surveys.accounts.models import Role
from tests.app.helpers import download_report, parse_html, sign_in, text_of
from tests.factories import make_user
from tests.surveys.test_situation_documents import build_analysed_round


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _notice(client, language: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """The privacy notice's sections: heading → the texts of its paragraphs and list items."""
    response = client.get("/integritet", headers={"Accept-Language": language})
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    sections: dict[str, list[str]] = {}
    for heading in tree.xpath("//main//h2 | //h2"):
        items: list[str] = []
        for sibling in heading.itersiblings():
            if sibling.tag in {"h1", "h2"}:
                break
            blocks = sibling.xpath("self::p | .//li") if sibling.tag in {"p", "ul"} else []
            items += [_squash(text_of(b)) for b in blocks]
        sections.setdefault(_squash(text_of(heading)), items)
    return sections


@pytest.mark.parametrize("floor", [5, 7])
def test_the_swedish_notice_names_the_configured_floor_and_every_rule(app, client, floor) -> None:  # type: ignore[no-untyped-def]
    app.config["PRIVACY_MIN_GROUP"] = floor
    sections = _notice(client, "sv")

    figures = sections["Så skyddar vi dig i siffrorna"]
    assert (
        f"Vi visar aldrig en siffra för färre än {floor} personer. Där står det ”färre än {floor}” i stället."
        in figures
    )
    assert any(
        "Då döljer vi fler siffror" in t and "står det ”dold” vid alla dolda siffror" in t for t in figures
    )
    assert (
        "Dolda siffror står sist, i bokstavsordning, så att deras plats i en lista inte visar hur stora de är"
        in " ".join(figures)
    )
    [filtered] = [t for t in figures if t.startswith("Medarbetare kan titta på en del av svaren")]
    assert (
        f"minst {floor} personer och antingen tar med alla eller lämnar minst {floor} personer utanför"
        in filtered
    )
    assert f"skiljer sig från siffran för alla med färre än {floor} personer döljs" in filtered
    assert any(f"om den gäller färre än {floor} personer" in t for t in figures)  # an earlier round
    assert any(
        t.startswith(f"En karta visar en brännpunkt bara där minst {floor} markerade platser")
        for t in figures
    )

    quotes = sections["Citat ur svaren"]
    assert any(
        t.startswith(f"Vi citerar ett svar bara om det kommer från en grupp med minst {floor} personer")
        for t in quotes
    )
    assert (
        "En person måste också godkänna varje citat innan det publiceras. Inget citeras automatiskt."
        in quotes
    )
    assert any("en yrkestitel tillsammans med en plats" in t and "”min son på X-skolan”" in t for t in quotes)
    assert any(f"bara när minst {floor} personer har alla tre gemensamt" in t for t in quotes)

    [staff] = sections["Enkäter för medarbetare"]
    assert (
        "personliga länkar som bara fungerar en gång" in staff
        and "räknas svaren som lämnas på webben som invånares" in staff
    )
    [personal] = [t for t in sections["Skriv inte personuppgifter"] if t.startswith("Om du gör det")]
    for tag in ("[namn]", "[telefon]", "[e-post]", "[adress]", "[personnummer]"):
        assert tag in personal

    every_text = " ".join(t for items in sections.values() for t in items)
    other = 7 if floor == 5 else 5
    assert f"färre än {other}" not in every_text and f"minst {other}" not in every_text
    assert "fem" not in every_text.split()


def test_the_english_notice_says_the_same(app, client) -> None:  # type: ignore[no-untyped-def]
    app.config["PRIVACY_MIN_GROUP"] = 7
    sections = _notice(client, "en")
    figures = sections["How we protect you in the figures"]
    assert "We never show a figure for fewer than 7 people. There it reads “fewer than 7” instead." in figures
    assert any("every hidden figure reads “hidden”" in t for t in figures)
    quotes = sections["Quotes from the answers"]
    assert any(
        "at least 7 people: residents or staff in the same part of the municipality" in t for t in quotes
    )
    assert "Surveys for staff" in sections


def test_the_notice_never_shows_a_floor_below_the_absolute_minimum(app, client) -> None:  # type: ignore[no-untyped-def]
    app.config["PRIVACY_MIN_GROUP"] = 1
    figures = _notice(client, "sv")["Så skyddar vi dig i siffrorna"]
    assert (
        figures[0]
        == "Vi visar aldrig en siffra för färre än 3 personer. Där står det ”färre än 3” i stället."
    )


def _method(text: str) -> str:
    """The method chapter of a document's text: from its heading to the priorities."""
    text = _squash(text)
    start = text.index("Metod Invånare och medarbetare")
    return text[start : text.index("Prioriterade områden", start)]


def test_the_method_text_names_the_configured_floor_on_the_page_and_in_pdf_and_docx(app, client) -> None:  # type: ignore[no-untyped-def]
    analysed = build_analysed_round(db.session)
    sign_in(client, make_user(db.session, analysed.org, role=Role.VIEWER))
    app.config["PRIVACY_MIN_GROUP"] = 7

    page = parse_html(client.get(f"/admin/surveys/{analysed.citizen.slug}/report").get_data(as_text=True))
    [report] = page.xpath("//article[@class='report']")
    pdf = download_report(client, analysed.citizen.slug, "pdf").data
    docx = Document(io.BytesIO(download_report(client, analysed.citizen.slug, "docx").data))
    texts = {
        "page": text_of(report),
        "pdf": " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages),
        "docx": " ".join(p.text for p in docx.paragraphs),
    }
    expected = [
        "För att skydda de svarande visas ingen siffra för färre än 7 personer.",
        "I stället står det ”färre än 7”.",
        "I en sådan tabell står det ”dold” vid alla dolda siffror,",
        "så att det inte syns vilken som är den lilla.",
        "Dolda siffror står sist, i bokstavsordning",
        "En andel från förra omgången döljs också när den gäller färre än 7 personer.",
        "En brännpunkt på en karta står för minst 7 platser eller händelser nära varandra.",
        "Svar citeras bara när en granskare har godkänt dem",
        "och när de kommer från en grupp med minst 7 personer: invånare eller medarbetare i samma del",
        "Namn, telefonnummer, e-postadresser, gatuadresser och personnummer i svaren byttes ut automatiskt",
        "Medarbetarna svarade på papper eller via personliga länkar som bara fungerar en gång.",
    ]
    for name, text in texts.items():
        method = _method(text)
        for sentence in expected:
            assert sentence in method, (name, sentence)
        assert "färre än 5" not in method and "minst 5" not in method, name
