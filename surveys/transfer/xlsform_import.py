"""Creating a draft survey from an XLSForm file (.xlsx, .xls, .ods, CSV or Markdown).

pyxform reads and checks the form (`surveys.transfer.xlsform_read`); its result is
mapped onto Trygg Dialog's questions by `surveys.transfer.xlsform_map`, which also
reports, row by row, what was left out or changed. `check_xlsform` gives that report
without storing anything, so an official can read it before confirming the import.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from surveys.authoring.models import Option, Question, Survey, SurveyStatus
from surveys.organisations.models import Organisation
from surveys.transfer.errors import InvalidSurveyFile, SheetProblem
from surveys.transfer.messages import N_, exception_text
from surveys.transfer.spreadsheet import ReadBudget, UnreadableFile, fold
from surveys.transfer.xlsform_map import FormSpec, QuestionSpec, map_form
from surveys.transfer.xlsform_read import XLSFormRefused, read_xlsform

MAX_FORM_BYTES = 5 * 1024 * 1024
_SLUG_LENGTH = 70  # leaves room for a "-2" suffix within the 80-character column


def check_xlsform(data: bytes, filename: str, budget: ReadBudget | None = None) -> FormSpec:
    """The survey an XLSForm file describes, with its report of what is left out; nothing is stored.

    The file is read within `budget` (the module's budgets when None).

    Raises:
        InvalidSurveyFile: the file cannot become a survey; the problems say where and why.
    """
    if len(data) > MAX_FORM_BYTES:
        raise _file_problem(
            N_(
                "%(name)s is larger than %(mb)d MB",
                name=filename,
                mb=MAX_FORM_BYTES // (1024 * 1024),
            )
        )
    try:
        reading = read_xlsform(data, filename, budget)
    except UnreadableFile as exc:
        raise _file_problem(N_("%(name)s: %(reason)s", name=filename, reason=exception_text(exc))) from None
    except XLSFormRefused as exc:
        raise InvalidSurveyFile([exc.problem]) from None
    spec, problems = map_form(reading)
    if problems or spec is None:
        raise InvalidSurveyFile(problems)
    return spec


def import_xlsform(
    session: Session,
    path_or_bytes: bytes | str | os.PathLike[str],
    organisation: Organisation,
    *,
    filename: str | None = None,
) -> Survey:
    """Create and commit a draft survey of `organisation` from an XLSForm file.

    Raises:
        InvalidSurveyFile: with the problems found; nothing is stored.
    """
    data, name = _load(path_or_bytes, filename)
    return save_form(session, check_xlsform(data, name), organisation, name)


def save_form(session: Session, spec: FormSpec, organisation: Organisation, filename: str) -> Survey:
    """Create and commit the draft survey `spec` (from `check_xlsform`) describes."""
    survey = _build_survey(session, spec, organisation, Path(filename).stem)
    session.add(survey)
    try:
        session.commit()
    except IntegrityError:
        # Another import took the same slug between our check and the commit.
        session.rollback()
        raise
    return survey


def _load(path_or_bytes: bytes | str | os.PathLike[str], filename: str | None) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, bytes):
        return path_or_bytes, filename or "form.xlsx"
    path = Path(path_or_bytes)
    try:
        return path.read_bytes(), filename or path.name
    except OSError as exc:
        raise _file_problem(N_("cannot read %(path)s: %(reason)s", path=path, reason=exc.strerror)) from None


def _file_problem(message: str) -> InvalidSurveyFile:
    return InvalidSurveyFile([SheetProblem(None, None, message)])


def _build_survey(session: Session, spec: FormSpec, organisation: Organisation, stem: str) -> Survey:
    slug = _unique_slug(session, slugify(spec.form_id) or slugify(stem) or "xlsform")
    survey = Survey(
        organisation=organisation,
        slug=slug,
        kind=spec.kind,
        status=SurveyStatus.DRAFT,
        series=slug,
        languages=list(spec.languages),
        title=spec.title or {spec.languages[0]: spec.form_id or stem},
        intro=spec.intro,
    )
    survey.questions = [_question(q, position) for position, q in enumerate(spec.questions)]
    return survey


def _question(spec: QuestionSpec, position: int) -> Question:
    return Question(
        key=spec.key,
        type=spec.type.value,
        position=position,
        page=spec.page,
        required=spec.required,
        text=spec.text,
        help=spec.help,
        scale_min_label=spec.scale_min_label,
        scale_max_label=spec.scale_max_label,
        options=[Option(value=o.value, position=i, label=o.label) for i, o in enumerate(spec.options)],
    )


def slugify(text: str) -> str:
    """A URL slug: lower-case ASCII letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:_SLUG_LENGTH].strip("-")


def _unique_slug(session: Session, base: str) -> str:
    taken = set(session.scalars(select(Survey.slug).where(Survey.slug.startswith(base))))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)
