"""The whole demo (answers, analysis runs, pledges, action plan) in the current app's database.

For tests that walk every page of the product as a user would (the 320 px crawl, the
page-language crawl): smaller than `trygg demo` so that it builds in seconds.
"""

from __future__ import annotations

from flask import current_app

from app.extensions import db
from surveys.organisations.models import Organisation


def build_demo(seed: int, residents: int, staff: int) -> Organisation:
    """Create the demo organisation, analyse its surveys and carry the chain through to pledges."""
    from app.plan_support import gettexts_for
    from surveys.demo.chain import run_demo_chain
    from surveys.demo.seed import create_demo
    from surveys.review.runs import execute_run, start_run

    organisation = create_demo(db.session, seed=seed, residents=residents, staff=staff)
    for survey in organisation.surveys:
        execute_run(db.session, start_run(db.session, survey, seed=seed).id)
    run_demo_chain(
        db.session,
        organisation,
        "trygghet-norrforsa",
        current_app.config["PRIVACY_MIN_GROUP"],
        gettexts_for(("sv", "en")),
    )
    db.session.commit()
    return organisation
