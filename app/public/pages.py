"""Static information pages every survey links to."""

from __future__ import annotations

from flask import render_template
from flask_babel import format_date

from app.config import privacy_floor
from app.extensions import db
from app.import_messages import translated
from app.public import bp
from surveys.organisations.public_info import published_infos
from surveys.reports import accessibility as statement


@bp.get("/integritet")
def privacy() -> str:
    """Privacy notice: what is stored about residents, who is responsible and on what basis."""
    return render_template(
        "public/privacy.html", infos=published_infos(db.session), floor=int(privacy_floor())
    )


@bp.get("/tillganglighet")
def accessibility() -> str:
    """Accessibility statement required of Swedish public-sector websites (DIGG's model)."""
    problems = [
        (translated(p.what), ", ".join(p.criteria), translated(p.reason)) for p in statement.known_problems()
    ]
    return render_template(
        "public/accessibility.html",
        infos=published_infos(db.session),
        problems=problems,
        assessed_on=format_date(statement.ASSESSED_ON, "long"),
        complaint_url=statement.COMPLAINT_FORM_URL,
    )
