"""The Alembic history builds exactly the schema the models declare (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.conftest import external_database_url


def test_upgrade_from_empty_matches_models_and_downgrades(tmp_path: Path) -> None:
    url = external_database_url() or f"sqlite:///{tmp_path / 'migrated.db'}"
    app = create_app(TestConfig(database_url=url))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata
            )
        assert diff == []
        flask_migrate.downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        db.engine.dispose()


def test_accounts_awaiting_their_first_password_become_pending_invitations(tmp_path: Path) -> None:
    from tests.factories import make_org, make_user

    url = external_database_url() or f"sqlite:///{tmp_path / 'invitations.db'}"
    app = create_app(TestConfig(database_url=url))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        flask_migrate.upgrade(revision="a8d4e2f6c013")
        org = make_org(db.session)
        waiting = make_user(db.session, org, email="waiting@example.org")
        waiting.password_hash = "!" + waiting.password_hash
        make_user(db.session, org, email="chosen@example.org")
        db.session.commit()
        org_id, waiting_id = org.id, waiting.id
        db.session.remove()
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT organisation_id, email, role, user_id FROM account_invitation")
            ).all()
        assert [tuple(row) for row in rows] == [(org_id, "waiting@example.org", "admin", waiting_id)]
        with db.engine.begin() as connection:
            for table in ("account_invitation", "user_account", "organisation"):
                connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
        flask_migrate.downgrade(revision="base")
        db.engine.dispose()
