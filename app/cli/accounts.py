"""`trygg users` and `trygg orgs`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

# Plain enums: the options' choices without SQLAlchemy. The database, models and services
# are imported inside the commands, so `trygg users --help` builds no app.
from surveys.accounts.roles import Role
from surveys.organisations.kinds import OrganisationKind


@click.group("users")
def users_group() -> None:
    """Manage staff accounts."""


@users_group.command("create")
@click.argument("email")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default=Role.ADMIN.value, show_default=True
)
@click.option("--org", "org_slug", required=True, help="Slug of the organisation the account belongs to.")
@click.password_option(
    envvar="TRYGG_PASSWORD", help="Password (prompted for when not given; or TRYGG_PASSWORD)."
)
@with_appcontext
def users_create(email: str, role: str, org_slug: str, password: str) -> None:
    """Create a staff account."""
    from sqlalchemy import select

    from app.extensions import db
    from surveys.accounts.passwords import AccountError, create_user
    from surveys.organisations.models import Organisation

    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == org_slug))
    if organisation is None:
        raise click.ClickException(
            f"no organisation with slug {org_slug!r} (create it with `trygg orgs create`)"
        )
    try:
        user = create_user(db.session, email, password, Role(role), organisation)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {user.email} ({user.role}) in {organisation.name}.")


@users_group.command("invite")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--org", "org_slug", required=True, help="Slug of the organisation the account belongs to.")
@click.option(
    "--base-url",
    default=None,
    help="The site's public address, for the link (default: the configured TRYGG_BASE_URL).",
)
@with_appcontext
def users_invite(email: str, role: str, org_slug: str, base_url: str | None) -> None:
    """Create an account without a password and print its one-time invitation link (valid 7 days)."""
    from sqlalchemy import select

    from app.account_jobs import set_password_link
    from app.extensions import db
    from surveys.accounts.invitations import invite_with_link
    from surveys.accounts.passwords import AccountError
    from surveys.organisations.models import Organisation

    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == org_slug))
    if organisation is None:
        raise click.ClickException(f"no organisation with slug {org_slug!r}")
    try:
        user, token = invite_with_link(db.session, email, Role(role), organisation)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Invited {user.email} ({user.role}) to {organisation.name}. One-time link, valid 7 days:")
    click.echo(set_password_link(token, base_url))


@click.group("orgs")
def orgs_group() -> None:
    """Manage organisations (municipalities and police areas)."""


@orgs_group.command("create")
@click.argument("slug")
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in OrganisationKind]),
    default="municipality",
    show_default=True,
)
@with_appcontext
def orgs_create(slug: str, name: str, kind: str) -> None:
    """Create an organisation."""
    from app.extensions import db
    from surveys.accounts.passwords import AccountError, create_organisation

    try:
        organisation = create_organisation(db.session, slug, name, OrganisationKind(kind))
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {organisation.slug}: {organisation.name}.")
