"""The situation picture page, its charts and the PDF and DOCX downloads."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from app.extensions import db
from surveys.accounts.models import Role
from tests.app.helpers import (
    csrf_from,
    download_report,
    find_all,
    parse_html,
    sign_in,
    texts,
    visible_text,
)
from tests.factories import make_org, make_user
from tests.surveys.test_situation_documents import DRUGS, build_analysed_round

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def analysed():
    return build_analysed_round(db.session)


@pytest.fixture
def viewer(client, analysed):
    user = make_user(db.session, analysed.org, role=Role.VIEWER)
    sign_in(client, user)
    return user


def _url(analysed, suffix=""):
    return f"/admin/surveys/{analysed.citizen.slug}/report{suffix}"


def test_the_page_shows_the_situation_picture_in_swedish(client, analysed, viewer):
    response = client.get(_url(analysed))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = parse_html(html)
    assert page.get("lang") == "sv"
    [report] = page.xpath("//article[@class='report']")
    assert texts(report, "./header/p[@class='meta']") == ["Överkalix kommun"]
    assert "1. Narkotika" in texts(report, ".//h2|.//h3")
    assert DRUGS in visible_text(report)
    assert any("färre än 5" in cell for cell in texts(report, ".//td"))  # the three residents of Söder
    assert report.xpath(".//table/caption[normalize-space()]")
    assert report.xpath(".//table/tbody/tr/th[@scope='row']")
    assert report.xpath(".//table/thead/tr/th[@scope='col']")
    article = html.split('<article class="report">')[1].split("</article>")[0]
    assert "style=" not in article and "<script" not in article  # ready for a strict CSP
    images = [(img.get("src"), img.get("alt")) for img in find_all(page, "//img")]
    assert [src.rsplit("/", 1)[1] for src, _ in images] == [
        "chart-areas.png",
        "chart-groups.png",
        "chart-comparison.png",
    ]
    assert all("Narkotika" in alt for _, alt in images)
    chart = client.get(images[0][0])
    assert chart.status_code == 200 and chart.mimetype == "image/png" and chart.data.startswith(b"\x89PNG")
    assert client.get(_url(analysed, "/chart-pie.png")).status_code == 404


def test_english_on_request(client, analysed, viewer):
    page = parse_html(client.get(_url(analysed, "?lang=en")).get_data(as_text=True))
    assert page.get("lang") == "en"
    [report] = page.xpath("//article[@class='report']")
    assert "Situation picture 2026" in texts(report, ".//h1")[0]
    assert "1. Drugs" in texts(report, ".//h2|.//h3")
    assert any("fewer than 5" in cell for cell in texts(report, ".//td"))
    assert any(src.endswith("/chart-areas.png?lang=en") for src in page.xpath("//img/@src"))
    pdf = download_report(client, analysed.citizen.slug, "pdf", lang="en")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "1. Drugs" in text and "The most important areas are drugs" in re.sub(r"\s+", " ", text)


def test_downloads_are_attachments(client, analysed, viewer):
    pdf = download_report(client, analysed.citizen.slug, "pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    assert pdf.headers["Content-Disposition"].endswith(".pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Överkalix kommun" in text and "Narkotika" in text and "färre än 5" in text
    docx = download_report(client, analysed.citizen.slug, "docx")
    assert docx.status_code == 200 and docx.mimetype == DOCX
    assert docx.headers["Content-Disposition"].startswith("attachment;")
    document = Document(io.BytesIO(docx.data))
    assert any(p.text == "1. Narkotika" for p in document.paragraphs) and len(document.inline_shapes) == 3


def test_another_organisation_sees_nothing(client, analysed, viewer):
    document_page = _document_page(client, analysed, "pdf")
    client.get("/admin/logout")
    sign_in(client, make_user(db.session, make_org(db.session), role=Role.ADMIN))
    for suffix in ("", "/chart-areas.png"):
        assert client.get(_url(analysed, suffix)).status_code == 404
    token = csrf_from(client, "/admin/")
    assert client.post(_url(analysed, "/pdf"), data={"csrf_token": token}).status_code == 404
    assert client.get(document_page).status_code == 404
    assert client.get(document_page + "/download").status_code == 404


def test_signing_in_is_required(client, analysed):
    for suffix in ("", "/chart-areas.png"):
        response = client.get(_url(analysed, suffix))
        assert response.status_code in (302, 401)


def _document_forms(page, fmt):
    return [f for f in page.xpath("//form[@method='post']") if f.get("action", "").endswith(f"/report/{fmt}")]


def _document_page(client, analysed, fmt):
    page = parse_html(client.get(_url(analysed)).get_data(as_text=True))
    [form] = _document_forms(page, fmt)
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    return client.post(form.get("action"), data=fields).headers["Location"]


@pytest.fixture
def queued(monkeypatch):
    """Jobs the report page starts, kept instead of run: the test runs them when it chooses."""
    import app.admin.documents as documents_view

    jobs: list[tuple[str, tuple]] = []
    monkeypatch.setattr(documents_view, "enqueue", lambda path, *args: jobs.append((path, args)) or "kept")
    return jobs


def _run(jobs):
    from app.jobs import resolve

    path, args = jobs.pop()
    resolve(path)(*args)


def test_the_document_is_made_by_a_job_and_its_page_waits_then_offers_the_download(
    client, analysed, viewer, queued
):
    location = _document_page(client, analysed, "docx")
    waiting = parse_html(client.get(location).get_data(as_text=True))
    assert waiting.xpath("//*[@data-refresh-seconds]") and waiting.xpath("//progress")
    assert not waiting.xpath("//a[@download]")
    assert client.get(location + "/download").status_code == 404  # not ready yet
    _run(queued)
    ready = parse_html(client.get(location).get_data(as_text=True))
    [link] = ready.xpath("//a[@download]")
    assert ".docx" in link.text_content()
    docx = client.get(link.get("href"))
    assert docx.mimetype == DOCX and docx.headers["Content-Disposition"].startswith("attachment;")
    assert any(p.text == "1. Narkotika" for p in Document(io.BytesIO(docx.data)).paragraphs)


def test_a_document_that_cannot_be_made_says_so_and_offers_to_try_again(
    client, analysed, viewer, queued, monkeypatch
):
    import app.admin.insights.report as report_view

    def broken(*args, **kwargs):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(report_view, "situation_pdf", broken)
    location = _document_page(client, analysed, "pdf")
    with pytest.raises(RuntimeError):  # the failure reaches the worker, and its log
        _run(queued)
    failed = parse_html(client.get(location).get_data(as_text=True))
    assert "fel på servern" in visible_text(failed)
    [again] = _document_forms(failed, "pdf")
    monkeypatch.undo()  # the renderer works again (and jobs run inline)
    fields = {i.get("name"): i.get("value") for i in again.xpath(".//input[@type='hidden']")}
    retried = client.post(again.get("action"), data=fields)
    ready = parse_html(client.get(retried.headers["Location"]).get_data(as_text=True))
    assert ready.xpath("//a[@download]")


def test_page_and_pdf_say_how_many_answered_and_how_many_of_them_wrote(client):
    from tests.surveys.test_disclosure_wording import build_round_where_some_wrote_nothing

    citizen = build_round_where_some_wrote_nothing(db.session)
    sign_in(client, make_user(db.session, citizen.organisation, role=Role.VIEWER))
    page = parse_html(client.get(f"/admin/surveys/{citizen.slug}/report").get_data(as_text=True))
    [report] = page.xpath("//article[@class='report']")
    text = re.sub(r"\s+", " ", visible_text(report))
    assert "48 personer svarade; 46 av dem skrev med egna ord." in text
    assert "46 personer svarade" not in text
    pdf = download_report(client, citizen.slug, "pdf")
    pdf_text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    assert "48 personer svarade; 46 av dem skrev med egna ord." in pdf_text
    assert "46 personer svarade" not in pdf_text
