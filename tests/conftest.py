"""Shared fixtures: a fresh app and database for every test.

SQLite by default (a new file per test). Set TEST_DATABASE_URL (or DATABASE_URL) to a
PostgreSQL URL to run the same suite there; each test then gets freshly created tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from app import create_app
from app.config import TestConfig, _database_url
from app.extensions import db


def external_database_url() -> str | None:
    """A server database to test against, if one is configured (one per xdist worker)."""
    raw = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not raw or raw.startswith("sqlite"):
        return None
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        raw = _worker_database(raw, worker)
    os.environ["DATABASE_URL"] = raw
    return _database_url(Path("."))


_WORKER_DATABASES: dict[str, str] = {}


def _worker_database(raw: str, worker: str) -> str:
    """The URL of a database of this worker's own beside `raw`'s, created on first use.

    Tests drop and create all tables; two workers sharing one database would wipe each
    other's tables mid-test.
    """
    if raw in _WORKER_DATABASES.values() or raw.endswith(f"_{worker}"):
        return raw
    if raw not in _WORKER_DATABASES:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        url = make_url(raw)
        if url.drivername in ("postgres", "postgresql"):
            url = url.set(drivername="postgresql+psycopg")
        name = f"{url.database}_{worker}"
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        _WORKER_DATABASES[raw] = raw.rsplit("/", 1)[0] + "/" + name
    return _WORKER_DATABASES[raw]


def make_app(tmp_path: Path, **overrides: object) -> Flask:
    """A configured app whose database tables exist and are empty."""
    url = external_database_url() or f"sqlite:///{tmp_path / 'test.db'}"
    app = create_app(TestConfig(database_url=url))
    app.config.update(overrides)
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """A fresh application with an empty database, torn down after the test."""
    application = make_app(tmp_path)
    ctx = application.app_context()
    ctx.push()
    try:
        yield application
    finally:
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
        ctx.pop()


class FreshContextClient(FlaskClient):
    """Runs every request in its own app context, as in production.

    The test itself holds an app context for direct database access; without this,
    requests would share its `g` (cached locale) and database session.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()  # let the test's session see what the request committed
        return response


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Test client of the fresh app."""
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """CLI runner of the fresh app."""
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask):  # type: ignore[no-untyped-def]
    """The app's SQLAlchemy session."""
    return db.session
