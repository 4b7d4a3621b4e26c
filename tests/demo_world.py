"""The whole demo (answers, analysis runs, pledges, action plan) in the current app's database.

For tests that walk every page of the product as a user would (the 320 px crawl, the
page-language crawl, every PDF the demo offers): smaller than `trygg demo` so that it builds
in seconds. `walk` follows a signed-in client through every page it can reach.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from urllib.parse import urldefrag, urlsplit

import lxml.html
from flask import current_app
from flask.testing import FlaskClient

from app.extensions import db
from surveys.organisations.models import Organisation


def build_demo(seed: int, residents: int, staff: int) -> Organisation:
    """Create the demo organisation, analyse its surveys and carry the chain through to pledges."""
    from app.plan_support import gettexts_for
    from surveys.demo.chain import run_demo_chain
    from surveys.demo.seed import create_demo
    from surveys.review.runs import execute_run, start_run

    organisation = create_demo(db.session, seed=seed, residents=residents, staff=staff)
    for survey in organisation.surveys:
        execute_run(db.session, start_run(db.session, survey, seed=seed).id)
    run_demo_chain(
        db.session,
        organisation,
        "trygghet-norrforsa",
        current_app.config["PRIVACY_MIN_GROUP"],
        gettexts_for(("sv", "en")),
    )
    db.session.commit()
    return organisation


SKIPPED_SUFFIXES = (
    ".pdf",
    ".docx",
    ".csv",
    ".xlsx",
    ".zip",
    ".png",
    ".svg",
    ".json",
    ".geojson",
    ".txt",
    ".md",
)
SKIPPED_PARTS = ("/logout", "/sprak/", "/static/")


def sign_in_as(client: FlaskClient, email: str) -> None:
    """Sign in with the demo password, as a person would on the sign-in page."""
    from surveys.demo.seed import DEMO_PASSWORD
    from tests.app.helpers import csrf_from

    token = csrf_from(client, "/admin/login")
    signed_in = client.post(
        "/admin/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302, email


def same_site_links(doc: lxml.html.HtmlElement) -> list[str]:
    """The page's links to this site, without their fragments."""
    found = []
    for href in doc.xpath("//a/@href"):
        url = urldefrag(href)[0]
        parts = urlsplit(url)
        if not parts.netloc and parts.path.startswith("/"):
            found.append(url)
    return found


def walk(client: FlaskClient, limit: int = 160) -> Iterator[tuple[str, lxml.html.HtmlElement]]:
    """Every HTML page reachable by following links from the start pages, breadth first.

    Files, signing out and language switches are not followed; at most `limit` pages.
    """
    queue, seen, visited = deque(["/admin/", "/"]), {"/admin/", "/"}, 0
    while queue and visited < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        visited += 1
        doc = lxml.html.fromstring(response.get_data(as_text=True))
        for link in same_site_links(doc):
            parts = urlsplit(link)
            if parts.path.endswith(SKIPPED_SUFFIXES) or any(p in parts.path for p in SKIPPED_PARTS):
                continue
            if link not in seen:
                seen.add(link)
                queue.append(link)
        yield path, doc
