"""`trygg survey` and `trygg responses`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext

from app.cli.common import dialect_option, survey_or_exit

# The database, models and file formats (openpyxl, pyxform) are imported inside the
# commands, so `trygg survey --help` builds no app.
if TYPE_CHECKING:
    from surveys.organisations.models import Organisation

# Enough to fix a file by, short enough to read in a terminal.
MAX_SHOWN_PROBLEMS = 50


@click.group("survey")
def survey_group() -> None:
    """Work with surveys."""


@survey_group.command("list")
@with_appcontext
def survey_list() -> None:
    """One line per survey: slug, status, kind, title."""
    from app.extensions import db
    from surveys.authoring import queries

    for survey in queries.all_surveys(db.session):
        click.echo(f"{survey.slug}\t{survey.status}\t{survey.kind}\t{survey.title_in('sv')}")


def _organisation(slug: str | None) -> Organisation:
    """The organisation named by --org, or the only one there is."""
    from sqlalchemy import select

    from app.extensions import db
    from surveys.authoring import queries
    from surveys.organisations.models import Organisation

    if slug:
        found = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
        if found is None:
            raise click.ClickException(f"no organisation with slug {slug!r}")
        return found
    organisations = list(queries.organisations(db.session))
    if len(organisations) == 1:
        return organisations[0]
    if not organisations:
        raise click.ClickException("there is no organisation yet; create one with `trygg orgs create`")
    slugs = ", ".join(o.slug for o in organisations)
    raise click.ClickException(f"there are several organisations; choose one with --org ({slugs})")


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from None


def _echo_problems(problems: Sequence[object]) -> None:
    for problem in problems[:MAX_SHOWN_PROBLEMS]:
        click.echo(f"  {problem}", err=True)
    if len(problems) > MAX_SHOWN_PROBLEMS:
        click.echo(f"  … and {len(problems) - MAX_SHOWN_PROBLEMS} more", err=True)


def _count(problems: Sequence[object]) -> str:
    return f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")


@survey_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--org", "org_slug", help="Slug of the owning organisation (default: the only one).")
@with_appcontext
def survey_import(file: Path, org_slug: str | None) -> None:
    """Create a draft survey from an XLSForm file (.xlsx, .xls, .ods, .csv, .md); print its slug.

    What the survey cannot ask as written (skip logic, media, metadata …) is listed
    row by row on stderr.
    """
    from app.extensions import db
    from surveys.transfer.errors import InvalidSurveyFile
    from surveys.transfer.xlsform_import import check_xlsform, save_form

    organisation = _organisation(org_slug)
    try:
        spec = check_xlsform(_read(file), file.name)
    except InvalidSurveyFile as exc:
        _echo_problems(exc.problems)
        raise click.ClickException(f"{file.name} was not imported ({_count(exc.problems)})") from None
    if spec.dropped:
        click.echo(f"Left out or changed ({len(spec.dropped)}):", err=True)
        _echo_problems(spec.dropped)
    click.echo(save_form(db.session, spec, organisation, file.name).slug)


@survey_group.command("export")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The XLSForm file to write (.xlsx).",
)
@with_appcontext
def survey_export(slug: str, output: Path) -> None:
    """Write a survey as an XLSForm workbook."""
    from surveys.transfer.xlsform_export import export_xlsform

    if output.suffix.lower() != ".xlsx":
        raise click.ClickException("the XLSForm export is an .xlsx file; name the output FILE.xlsx")
    _write(output, export_xlsform(survey_or_exit(slug)))
    click.echo(f"Wrote {output}")


@click.group("responses")
def responses_group() -> None:
    """Import and export survey responses."""


def _parse_maps(pairs: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        key, sep, column = pair.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise click.BadParameter(f"{pair!r} is not question=column", param_hint="--map")
        mapping[key.strip()] = column.strip()
    return mapping


@responses_group.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="QUESTION=COLUMN",
    help="Answer QUESTION (a key) from COLUMN; overrides the suggested mapping. Repeatable.",
)
@click.option("--group-column", help="Column with resident/staff (default: a column named group).")
@click.option("--date-column", help="Column with the response date (default: a column named date).")
@click.option("--language-column", help="Column with the language (default: a column named language).")
@with_appcontext
def responses_import(
    slug: str,
    file: Path,
    maps: tuple[str, ...],
    group_column: str | None,
    date_column: str | None,
    language_column: str | None,
) -> None:
    """Import responses from a CSV/XLSX file exported by another survey tool (all or nothing)."""
    from app.extensions import db
    from app.upload_jobs import read_budget
    from surveys.transfer.errors import ImportFailed, InvalidResponseFile
    from surveys.transfer.responses_import import (
        import_responses,
        preview_response_file,
        suggest_mapping,
        suggest_meta_columns,
    )

    survey = survey_or_exit(slug)
    data = _read(file)
    budget = read_budget()
    try:
        preview = preview_response_file(data, file.name, budget)
        mapping = suggest_mapping(survey, preview.columns) | _parse_maps(maps)
        if not mapping:
            columns = ", ".join(preview.columns)
            raise click.ClickException(f"no column matches a question; use --map QUESTION=COLUMN ({columns})")
        meta = suggest_meta_columns(preview.columns, taken=list(mapping.values()))
        for key, column in mapping.items():
            click.echo(f"  {key} <- {column}")
        report = import_responses(
            db.session,
            survey,
            data,
            file.name,
            mapping,
            group_column=group_column or meta.get("group"),
            date_column=date_column or meta.get("date"),
            language_column=language_column or meta.get("language"),
            budget=budget,
        )
    except InvalidResponseFile as exc:
        raise click.ClickException(str(exc)) from None
    except ImportFailed as exc:
        _echo_problems(exc.errors)
        raise click.ClickException(f"nothing was imported ({_count(exc.errors)})") from None
    skipped = f" ({report.skipped_empty} rows without answers skipped)" if report.skipped_empty else ""
    click.echo(f"Imported {report.imported} responses into {slug}.{skipped}")


@responses_group.command("export")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.csv or FILE.xlsx; the extension picks the format.",
)
@click.option("--raw-text", is_flag=True, help="Export free text as written, not redacted.")
@dialect_option(", which the import reads back")
@with_appcontext
def responses_export(slug: str, output: Path, raw_text: bool, dialect: str) -> None:
    """Write a survey's responses as CSV or XLSX (free text redacted unless --raw-text)."""
    from app.extensions import db
    from surveys.authoring import queries
    from surveys.transfer.responses_export import export_responses_csv, export_responses_xlsx

    exporters = {".csv": export_responses_csv, ".xlsx": export_responses_xlsx}
    export = exporters.get(output.suffix.lower())
    if export is None:
        raise click.ClickException("the output must end in .csv or .xlsx")
    survey = survey_or_exit(slug)
    if export is export_responses_csv:
        from app.plan_support import gettext_in

        data = export_responses_csv(
            db.session, survey, include_raw_text=raw_text, dialect=dialect, gettext=gettext_in("sv")
        )
    else:
        data = export(db.session, survey, include_raw_text=raw_text)
    _write(output, data)
    click.echo(f"Wrote {queries.response_count(db.session, survey)} responses to {output}")
