"""`trygg demo`: the fictional municipality carried through the whole chain."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has data.")
@click.option("--seed", default=2026, show_default=True, help="Random seed of the generated answers.")
@with_appcontext
def demo_command(if_empty: bool, seed: int) -> None:
    """Create the demo municipality, surveys and a few hundred answers."""
    from app.config import privacy_floor
    from app.extensions import db
    from surveys.authoring import queries
    from surveys.demo.seed import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, create_demo

    if not queries.is_empty(db.session):
        if if_empty:
            click.echo("The database already has data; demo data not added.")
            return
        raise click.ClickException("the database already has data; use an empty database for the demo")
    from surveys.review.actions import approve_quotable
    from surveys.review.runs import execute_run, start_run

    started = time.perf_counter()
    organisation = create_demo(db.session, seed=seed)
    # Analyse the demo answers at once so the problem-area pages have something to show.
    for survey in organisation.surveys:
        execute_run(db.session, start_run(db.session, survey, seed=seed).id)
        # The demo's reviewer has gone through the answers and approved the quotable ones.
        approve_quotable(db.session, survey, privacy_floor())
    from app.plan_support import gettexts_for
    from surveys.demo.chain import run_demo_chain

    run_demo_chain(
        db.session,
        organisation,
        "trygghet-norrforsa",
        privacy_floor(),
        gettexts_for(("sv", "en")),
    )
    click.echo(
        f"Demo data created, analysed and carried through to published pledges in "
        f"{time.perf_counter() - started:.1f} s."
    )
    click.echo(f"Staff sign-in: {DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD} (demo only)")
