"""Security headers, the strict CSP and the health check."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from app.extensions import db
from tests.factories import make_single_page_survey


def test_strict_csp_and_headers_on_every_page(client):
    survey = make_single_page_survey(db.session)
    for url in ("/", f"/s/{survey.slug}", "/admin/login", "/finns-inte"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_no_template_has_inline_script_or_style():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app" / "templates"
    for template in root.rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and " style=" not in text and "<style" not in text, template.name
        assert "http://" not in text.replace("http://localhost", "") or template.name.endswith("_test.html")


def test_healthz_reports_database_and_queue(client):
    body = client.get("/healthz").get_json()
    queue = "ok" if client.application.config.get("REDIS_URL") else "in-process"
    assert body == {"status": "ok", "database": "ok", "queue": queue}


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "down"
