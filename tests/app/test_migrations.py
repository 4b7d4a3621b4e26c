"""The Alembic history builds exactly the schema the models declare (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import DateTime, Integer, column, inspect, select, table, text

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.conftest import external_database_url


@contextmanager
def _empty_database(tmp_path: Path, name: str) -> Iterator[None]:
    """An app context on a database without any table (nor Alembic's), for migrations to build."""
    url = external_database_url() or f"sqlite:///{tmp_path / name}"
    app = create_app(TestConfig(database_url=url))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        try:
            yield
        finally:
            db.session.remove()
            db.engine.dispose()


def test_upgrade_from_empty_matches_models_and_downgrades(tmp_path: Path) -> None:
    with _empty_database(tmp_path, "migrated.db"):
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

    with _empty_database(tmp_path, "invitations.db"):
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


def test_incident_times_move_from_local_wall_clock_time_to_utc_and_back(tmp_path: Path) -> None:
    """Stored incident times were Swedish wall-clock time; the migration makes them UTC instants."""
    from tests.factories import make_org

    incident = table("incident", column("id", Integer), column("occurred_at", DateTime))
    typed = {
        "winter": dt.datetime(2026, 1, 15, 12, 0),  # UTC+1
        "summer, the evening before in UTC": dt.datetime(2026, 7, 1, 1, 30),  # UTC+2
        "shown twice (fall back): the first": dt.datetime(2026, 10, 25, 2, 30),
        "skipped (spring forward): the offset before the jump": dt.datetime(2026, 3, 29, 2, 30),
    }
    stored_utc = {
        "winter": dt.datetime(2026, 1, 15, 11, 0),
        "summer, the evening before in UTC": dt.datetime(2026, 6, 30, 23, 30),
        "shown twice (fall back): the first": dt.datetime(2026, 10, 25, 0, 30),
        "skipped (spring forward): the offset before the jump": dt.datetime(2026, 3, 29, 1, 30),
    }
    with _empty_database(tmp_path, "times.db"):
        flask_migrate.upgrade(revision="b9e5f3a7d214")
        org = make_org(db.session)
        ids = {}
        for name, wall in typed.items():
            ids[name] = db.session.execute(
                text(
                    "INSERT INTO incident (organisation_id, occurred_at, area, place, category, "
                    "incident_type, description_raw, description, severity, source, created_at) "
                    "VALUES (:org, :at, 'Centrum', '', 'ordning', 'disorder', '', '', 1, 'form', :at) "
                    "RETURNING id"
                ),
                {"org": org.id, "at": wall},
            ).scalar_one()
        db.session.commit()
        db.session.close()

        def stored() -> dict[str, dt.datetime]:
            with db.engine.connect() as connection:
                rows = dict(connection.execute(select(incident.c.id, incident.c.occurred_at)).all())
            return {name: rows[row_id] for name, row_id in ids.items()}

        flask_migrate.upgrade()
        assert stored() == stored_utc
        flask_migrate.downgrade(revision="b9e5f3a7d214")
        back = stored()
        # Back to wall-clock time; a skipped time comes back as the time the clock then showed.
        assert back == typed | {
            "skipped (spring forward): the offset before the jump": dt.datetime(2026, 3, 29, 3, 30)
        }
        db.engine.dispose()


def test_existing_questions_are_about_problems_after_the_purpose_migration(tmp_path: Path) -> None:
    """Questions that existed before purposes keep today's analysis: their answers count as problems."""
    from tests.factories import make_org

    with _empty_database(tmp_path, "purpose.db"):
        flask_migrate.upgrade(revision="d7e9f1a3b526")
        org = make_org(db.session)
        db.session.commit()
        with db.engine.begin() as connection:
            survey_id = connection.execute(
                text(
                    "INSERT INTO survey (organisation_id, slug, kind, status, series, round_label, "
                    "languages, title, intro, open_to_everyone, resident_texts) VALUES "
                    "(:org, 'old', 'citizen_dialogue', 'draft', 'old', '', '[\"sv\"]', '{}', '{}', "
                    ":no, '{}') RETURNING id"
                ),
                {"org": org.id, "no": False},
            ).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO question (survey_id, key, type, position, page, required, text, help, "
                    "scale_min_label, scale_max_label) VALUES (:survey, 'safe', 'free_text', 0, 1, :no, "
                    "'{}', '{}', '{}', '{}')"
                ),
                {"survey": survey_id, "no": False},
            )
        db.session.remove()
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            purposes = connection.execute(text("SELECT purpose FROM question")).scalars().all()
        assert purposes == ["problems"]
        flask_migrate.downgrade(revision="d7e9f1a3b526")
        columns = {c["name"] for c in inspect(db.engine).get_columns("question")}
        assert "purpose" not in columns
        with db.engine.begin() as connection:
            for name in ("question", "survey", "organisation"):
                connection.execute(text(f"DELETE FROM {name}"))  # noqa: S608 - fixed names
        flask_migrate.downgrade(revision="base")
        db.engine.dispose()
