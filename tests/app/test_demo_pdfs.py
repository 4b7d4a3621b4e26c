"""Every PDF the demo offers a user is a tagged PDF/UA-1 document in the language it says it is in.

The administrator follows every page of the small demo and collects each PDF link (pledges,
action plans and follow-ups, the situation and periodic pictures, posters and paper forms
in every survey language); one of each kind of address is fetched and checked with pdfua
and the accessibility statement's own check.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pikepdf

from surveys.reports.accessibility import pdf_gaps
from tests.demo_world import build_demo, same_site_links, sign_in_as, walk
from tests.surveys.test_tagged_pdfs import findings

ADMIN = "admin@norrforsa.example"


def _kind(link: str) -> str:
    """Addresses that differ only in which survey, plan or id are one kind; languages stay apart."""
    parts = urlsplit(link)
    language = parse_qs(parts.query).get("lang", [""])[0]
    path = re.sub(r"/(surveys|plans)/[^/]+/", r"/\1/S/", parts.path)  # one survey, one plan of each
    return re.sub(r"\d+", "N", path) + (f"?lang={language}" if language else "")


def test_every_pdf_of_the_demo_is_tagged(app, client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_demo(seed=5, residents=60, staff=20)
    sign_in_as(client, ADMIN)
    documents: dict[str, str] = {}
    for _path, doc in walk(client):
        for link in same_site_links(doc):
            if urlsplit(link).path.endswith(".pdf"):
                documents.setdefault(_kind(link), link)
    kinds = {re.sub(r"\?.*", "", kind).rsplit("/", 1)[-1] for kind in documents}
    assert {"poster.pdf", "paper-form.pdf"} <= kinds, kinds
    assert len(documents) >= 10, sorted(documents)
    problems = []
    for kind, link in sorted(documents.items()):
        response = client.get(link)
        assert response.status_code == 200 and response.mimetype == "application/pdf", link
        found = pdf_gaps(response.data) + findings(response.data, tmp_path)
        with pikepdf.open(io.BytesIO(response.data)) as pdf:
            language = str(pdf.Root.get("/Lang", ""))
        wanted = parse_qs(urlsplit(link).query).get("lang", [language])[0]
        if language != wanted:
            found.append(f"/Lang is {language!r}, the link asks for {wanted!r}")
        problems += [f"{kind}: {problem}" for problem in found]
    assert not problems, "\n".join(problems)
