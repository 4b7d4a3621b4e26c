"""incident: occurred_at from local wall-clock time to UTC

Revision ID: b9e3f5a7c214
Revises: b9e5f3a7d214
Create Date: 2026-12-03 10:00:00

Until now `incident.occurred_at` held the local wall-clock time as the reporter typed it (the
form's fields, an import's date and time columns, the demo's days), with no zone: the same
column said 02:30 for both 02:30s of the night summer time ends, and a server on UTC grouped
23:30 on 31 March into April only by luck. From now on it holds the instant in UTC (naive, as
the other timestamp columns; the model reads it back aware).

Each stored value is read as local time in the installation's zone (TIME_ZONE, by default
Europe/Stockholm) and converted. A time the clocks showed twice is taken as the first (summer
time), as the form now does; a time they skipped (typed before the form refused such times) is
read with the offset before the jump, so 02:30 becomes 01:30 UTC (03:30 summer time).
The schema does not change. Downgrading converts back to local wall-clock time.
"""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b9e3f5a7c214"
down_revision = "b9e5f3a7d214"
branch_labels = None
depends_on = None

DEFAULT_TIME_ZONE = "Europe/Stockholm"
incident = sa.table("incident", sa.column("id", sa.Integer), sa.column("occurred_at", sa.DateTime))


def _zone() -> ZoneInfo:
    """The installation's zone: the app's TIME_ZONE when run through Flask-Migrate."""
    try:
        from flask import current_app

        name = current_app.config.get("TIME_ZONE")
    except RuntimeError:  # plain alembic, outside an app
        name = None
    return ZoneInfo(name or os.environ.get("TRYGG_TIME_ZONE") or DEFAULT_TIME_ZONE)


def _to_utc(wall: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    # fold=0: the first of two equal times; in a gap, the offset before the jump.
    return wall.replace(tzinfo=zone, fold=0).astimezone(dt.UTC).replace(tzinfo=None)


def _to_local(instant: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return instant.replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None, fold=0)


def _convert(change) -> None:
    connection = op.get_bind()
    zone = _zone()
    rows = connection.execute(sa.select(incident.c.id, incident.c.occurred_at)).all()
    for row_id, value in rows:
        if value is None:
            continue
        connection.execute(
            incident.update().where(incident.c.id == row_id).values(occurred_at=change(value, zone))
        )


def upgrade():
    _convert(_to_utc)


def downgrade():
    _convert(_to_local)
