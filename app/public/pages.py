"""Static information pages every survey links to."""

from __future__ import annotations

from flask import render_template

from app.public import bp


@bp.get("/integritet")
def privacy() -> str:
    """Privacy notice: what is stored about residents, and what is not."""
    return render_template("public/privacy.html")


@bp.get("/tillganglighet")
def accessibility() -> str:
    """Accessibility statement required of Swedish public-sector websites."""
    return render_template("public/accessibility.html")
