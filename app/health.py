"""`/healthz`: is the database reachable, and the job queue?"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from app.extensions import db
from app.security import talisman
from surveys.database.transactions import database_reachable

bp = Blueprint("health", __name__)


def _database() -> str:
    if database_reachable(db.session):
        return "ok"
    current_app.logger.warning("health check: database unreachable")
    return "down"


def _queue() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "in-process"
    try:
        from redis import Redis

        connection = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        connection.ping()
        connection.close()
        return "ok"
    except Exception:  # noqa: BLE001
        current_app.logger.warning("health check: job queue unreachable")
        return "down"


@bp.get("/healthz")
@talisman(force_https=False)  # load balancers check over plain HTTP inside the network
def healthz() -> tuple[dict[str, Any], int]:
    """200 with component states when all are up, 503 otherwise."""
    state = {"database": _database(), "queue": _queue()}
    healthy = all(value != "down" for value in state.values())
    return {"status": "ok" if healthy else "degraded", **state}, 200 if healthy else 503
