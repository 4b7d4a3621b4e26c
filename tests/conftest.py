"""Shared fixtures: a fresh app and database for every test.

SQLite by default (a file per test). Set TEST_DATABASE_URL (or DATABASE_URL) to a
PostgreSQL URL to run the same suite there (one database per xdist worker).

Every test's database is a copy of a template built once per session (once per xdist
worker), never rebuilt per test:

- the empty schema (`create_all`), which every `app` starts from;
- seeded worlds (`load_world(build)`): `build` runs once against a copy of the empty
  schema, and each test that loads the world gets a copy of the result.

A copy is a file copy on SQLite (milliseconds, where `create_all` alone took ~0.4 s of
fsyncs per test) and `CREATE DATABASE ... TEMPLATE` on PostgreSQL; there, a test that starts
from the empty schema gets the worker's database emptied in place instead (`_emptied`). Isolation: every test
writes only to its own copy; templates are never opened again once built, and `build`
may hand back plain data only (ids, slugs, strings), so no ORM object or session crosses
from one test to another.
"""

from __future__ import annotations

import os

# One BLAS thread per test process: xdist already runs a worker per core, and OpenBLAS's own
# threads on top of that spin against each other (an analysis run cost twice the CPU with
# them). Set before numpy loads, hence above the other imports.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import hashlib
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, current_app
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app import create_app
from app.config import TestConfig, _database_url
from app.extensions import db

# pytest imports this file as `conftest`; helpers import it as `tests.conftest`. One module,
# so that there is one cache of templates (and one clean-up of them).
sys.modules.setdefault("tests.conftest", sys.modules[__name__])


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

    Tests replace their database wholesale; two workers sharing one would wipe each
    other's data mid-test.
    """
    if raw in _WORKER_DATABASES.values() or raw.endswith(f"_{worker}"):
        return raw
    if raw not in _WORKER_DATABASES:
        url = make_url(raw)
        if url.drivername in ("postgres", "postgresql"):
            url = url.set(drivername="postgresql+psycopg")
        name = f"{url.database}_{worker}"
        with _admin_engine(url).connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        _WORKER_DATABASES[raw] = raw.rsplit("/", 1)[0] + "/" + name
    return _WORKER_DATABASES[raw]


_ADMIN_ENGINES: dict[str, Engine] = {}


def _admin_engine(url: URL) -> Engine:
    """An AUTOCOMMIT engine on the server's `postgres` database (CREATE/DROP DATABASE)."""
    key = url.set(database="postgres").render_as_string(hide_password=False)
    if key not in _ADMIN_ENGINES:
        _ADMIN_ENGINES[key] = create_engine(key, isolation_level="AUTOCOMMIT")
    return _ADMIN_ENGINES[key]


# Templates -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Template:
    """A built world: a SQLite file or a PostgreSQL database, and what `build` returned."""

    location: str
    facts: Any


_TEMPLATES: dict[tuple[Any, ...], _Template] = {}
_SQLITE_TEMPLATE_DIR: list[Path] = []
_EMPTY = ("empty",)


def _sqlite_template_path(key: tuple[Any, ...]) -> Path:
    if not _SQLITE_TEMPLATE_DIR:
        _SQLITE_TEMPLATE_DIR.append(Path(tempfile.mkdtemp(prefix="trygg-test-worlds-")))
    return _SQLITE_TEMPLATE_DIR[0] / f"{_digest(key)}.db"


def _digest(key: tuple[Any, ...]) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()[:10]


def _copy_database(source: str, target_url: str) -> None:
    """Make `target_url`'s database an exact copy of the template at `source`."""
    url = make_url(target_url)
    if url.get_backend_name() == "sqlite":
        assert url.database, target_url
        shutil.copyfile(source, url.database)
        return
    with _admin_engine(url).connect() as conn:
        # FORCE ends connections a test may have left behind; the template has none.
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{url.database}" TEMPLATE "{source}"'))


def _template_location(key: tuple[Any, ...], server: str | None) -> tuple[str, str]:
    """(location, URL) of a new, not yet built template for `key`."""
    if server is None:
        path = _sqlite_template_path(key)
        return str(path), f"sqlite:///{path}"
    url = make_url(server)
    name = f"{url.database}_tpl_{_digest(key)}"
    return name, url.set(database=name).render_as_string(hide_password=False)


def _is_plain(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


def _template(key: tuple[Any, ...], build: Callable[[], Any] | None) -> _Template:
    """The template for `key`, built on first use in this process (xdist worker)."""
    if key in _TEMPLATES:
        return _TEMPLATES[key]
    server = external_database_url()
    location, url = _template_location(key, server)
    if server is not None:
        with _admin_engine(make_url(server)).connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{location}" WITH (FORCE)'))
            if build is None:
                conn.execute(text(f'CREATE DATABASE "{location}"'))
    if build is not None:
        _copy_database(_template(_EMPTY, None).location, url)
    app = create_app(TestConfig(database_url=url))
    facts = None
    with app.app_context():
        try:
            if build is None:
                db.drop_all()
                db.create_all()
            else:
                facts = build()
                db.session.commit()
        finally:
            db.session.remove()
            db.engine.dispose()  # PostgreSQL copies a template only while nobody is connected
    if not _is_plain(facts):
        raise TypeError(f"a world's build must return plain data (ids, slugs), got {facts!r}")
    _TEMPLATES[key] = _Template(location, facts)
    return _TEMPLATES[key]


def load_world(build: Callable[..., Any], *args: Any) -> Any:
    """Replace the current test's database with a copy of the world `build(*args)` seeds.

    `build` runs once per session (per xdist worker) in an app context of its own, on a
    copy of the empty schema, and must return plain data (ids, slugs) for the test to
    find its objects by: ORM objects would belong to the build's session. Call it before
    the test writes anything, since whatever the database held is replaced.
    """
    with db.engine.connect() as conn:
        tables = db.metadata.sorted_tables
        written = [t.name for t in tables if conn.execute(select(1).select_from(t)).first()]
    if written:
        raise RuntimeError(f"load_world replaces the database: call it before the test writes ({written})")
    key = (build.__module__, build.__qualname__, *args)
    template = _template(key, lambda: build(*args))
    db.session.remove()
    db.engine.dispose()
    _copy_database(template.location, current_app.config["SQLALCHEMY_DATABASE_URI"])
    return template.facts


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Remove this process's templates (SQLite files, PostgreSQL databases)."""
    server = external_database_url() if _TEMPLATES else None
    if server is not None:
        with _admin_engine(make_url(server)).connect() as conn:
            for template in _TEMPLATES.values():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{template.location}" WITH (FORCE)'))
    for engine in _ADMIN_ENGINES.values():
        engine.dispose()
    for directory in _SQLITE_TEMPLATE_DIR:
        shutil.rmtree(directory, ignore_errors=True)
    _TEMPLATES.clear()


class _NotTheSchema(Exception):
    """The server database does not hold exactly the models' tables (a test migrated or dropped them)."""


def _emptied(url: str) -> bool:
    """Empty the worker's server database in place, when it holds the models' tables.

    Deleting every row and restarting the ids takes milliseconds, where copying the empty
    template (DROP and CREATE DATABASE) took a quarter of a second per test. When a test left
    other tables behind (the migration tests, one that dropped them) or a lock is held, the
    caller copies the template instead: returns False.
    """
    tables = db.metadata.sorted_tables
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '2s'"))
            present = set(conn.scalars(text(_TABLES)))
            if present != {t.name for t in tables}:
                raise _NotTheSchema(sorted(present ^ {t.name for t in tables}))
            for table in reversed(tables):
                conn.execute(table.delete())
            restarts = [f"setval('\"{name}\"', 1, false)" for name in conn.scalars(text(_SEQUENCES))]
            if restarts:
                conn.execute(text("SELECT " + ", ".join(restarts)))
        return True
    except (_NotTheSchema, DBAPIError):
        return False
    finally:
        engine.dispose()


_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
_SEQUENCES = "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"


# Fixtures ----------------------------------------------------------------------------


def make_app(tmp_path: Path, **overrides: object) -> Flask:
    """A configured app whose database tables exist and are empty (a copy of the template)."""
    server = external_database_url()
    url = server or f"sqlite:///{tmp_path / 'test.db'}"
    if server is None or not _emptied(server):
        _copy_database(_template(_EMPTY, None).location, url)
    app = create_app(TestConfig(database_url=url))
    app.config.update(overrides)
    return app


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """A fresh application with an empty database of its own, torn down after the test."""
    application = make_app(tmp_path)
    ctx = application.app_context()
    ctx.push()
    try:
        yield application
    finally:
        db.session.remove()
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
