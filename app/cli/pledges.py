"""`trygg pledge`: draft citizen pledges (or action plans) from a round without the web interface."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli.common import survey_or_exit
from app.config import privacy_floor

if TYPE_CHECKING:
    from surveys.authoring.models import Survey
    from surveys.organisations.models import Organisation

FORMATS = {".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf"}


@click.group("pledge")
def pledge_group() -> None:
    """Citizen pledges and action plans: draft from a survey round, close ended plans."""


def parse_period(text: str | None, survey: Survey) -> tuple[dt.date, dt.date]:
    """'2026-2027', '2026' or '2026-03-01:2027-02-28'; default: the round's year and the next."""
    if not text:
        from surveys import localtime

        match = re.match(r"\d{4}", survey.round_label or "")
        year = int(match.group()) if match else localtime.today().year
        return dt.date(year, 1, 1), dt.date(year + 1, 12, 31)
    try:
        if ":" in text:
            start, end = (dt.date.fromisoformat(part) for part in text.split(":", 1))
        else:
            first, _sep, last = text.partition("-")
            start, end = dt.date(int(first), 1, 1), dt.date(int(last or first), 12, 31)
    except ValueError:
        raise click.BadParameter(
            "use YYYY-YYYY, YYYY or YYYY-MM-DD:YYYY-MM-DD", param_hint="--period"
        ) from None
    if end < start:
        raise click.BadParameter("the period ends before it starts", param_hint="--period")
    return start, end


def _parties(slugs: tuple[str, ...], survey: Survey) -> list[Organisation]:
    from sqlalchemy import select

    from app.extensions import db
    from surveys.organisations.models import Organisation

    if not slugs:
        covering = db.session.scalars(select(Organisation).where(Organisation.kind == "police_area"))
        police = [o for o in covering if any(m.id == survey.organisation_id for m in o.municipalities)]
        return [*police, survey.organisation]
    found = []
    for slug in slugs:
        org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
        if org is None:
            raise click.ClickException(f"no organisation with slug {slug!r} (see `trygg orgs list`)")
        found.append(org)
    return found


@pledge_group.command("draft")
@click.argument("slug")
@click.option(
    "--areas", type=click.IntRange(1, 12), default=4, show_default=True, help="Priority areas to include."
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.md, FILE.docx or FILE.pdf",
)
@click.option(
    "--period", default=None, help="2026-2027, 2026 or 2026-03-01:2027-02-28 (default: round year + 1)."
)
@click.option("--party", "parties", multiple=True, help="Organisation slug of a party (repeat for several).")
@click.option("--kind", type=click.Choice(["pledge", "action_plan"]), default="pledge", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    default=None,
    help="Language of the document (default: TRYGG_DEFAULT_LOCALE, Swedish).",
)
@click.option("--save", is_flag=True, help="Also store the draft as a plan in the database.")
@with_appcontext
def draft_command(
    slug: str,
    areas: int,
    output: Path,
    period: str | None,
    parties: tuple[str, ...],
    kind: str,
    lang: str | None,
    save: bool,
) -> None:
    """Draft a pledge from the round's saved priorities (or the computed ranking) and write it to a file."""
    from app.extensions import db
    from app.plan_support import gettexts_for, plan_file
    from surveys.plans.drafting import DraftRequest, build_draft, create_plan

    lang = lang or current_app.config["BABEL_DEFAULT_LOCALE"]
    fmt = FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise click.ClickException("the output file must end in .md, .docx or .pdf")
    survey = survey_or_exit(slug)
    start, end = parse_period(period, survey)
    chosen = _parties(parties, survey)
    request = DraftRequest(start, end, tuple(o.name for o in chosen), kind=kind, areas=areas)
    min_group = privacy_floor()
    doc = build_draft(db.session, survey, request, gettexts_for(("sv", "en")), min_group)
    if not doc.areas:
        raise click.ClickException(
            f"{slug} has no ranked problem areas yet: run `trygg analyse {slug}` first"
        )
    try:
        output.write_bytes(plan_file(doc, fmt, lang))
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    names = ", ".join(s.title_in(lang) for s in doc.areas)
    click.echo(f"Wrote a draft with {len(doc.areas)} areas ({names}) to {output}")
    if save:
        plan = create_plan(db.session, survey, doc, chosen, survey.organisation, None)
        click.echo(f"Saved as draft plan {plan.slug}")


@pledge_group.command("close-ended")
@with_appcontext
def close_ended_command() -> None:
    """Close published plans whose period has ended (run daily, e.g. from cron)."""
    from app.extensions import db
    from surveys import localtime
    from surveys.plans.workflow import close_ended

    closed = close_ended(db.session, localtime.today())
    for plan in closed:
        click.echo(f"Closed {plan.slug}")
    click.echo(f"{len(closed)} plan(s) closed.")


@pledge_group.command("export")
@click.argument("slug")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    default=None,
    help="Language of the document (default: TRYGG_DEFAULT_LOCALE, Swedish).",
)
@with_appcontext
def export_command(slug: str, output: Path, lang: str | None) -> None:
    """Write a stored plan (any status) to FILE.md, FILE.docx or FILE.pdf."""
    lang = lang or current_app.config["BABEL_DEFAULT_LOCALE"]
    from app.extensions import db
    from app.plan_support import plan_file
    from surveys.plans.access import plan_by_slug
    from surveys.plans.document import plan_doc

    fmt = FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise click.ClickException("the output file must end in .md, .docx or .pdf")
    plan = plan_by_slug(db.session, slug)
    if plan is None:
        raise click.ClickException(f"no plan with slug {slug!r}")
    output.write_bytes(plan_file(plan_doc(plan), fmt, lang))
    click.echo(f"Wrote {plan.slug} version {plan.version} to {output}")
