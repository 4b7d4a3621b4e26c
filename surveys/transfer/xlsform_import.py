"""Creating a draft survey from an XLSForm file (.xlsx, or .csv with stacked sheets).

Mapping from XLSForm (see `surveys.xlsform_spec` for columns and extensions):

============================  ==========================================
``text``                      free_text
``select_one LIST``           single_choice; area when LIST or the name is
                              ``area``/``omrade``; demographic when it is
                              ``age_band``/``alder``
``select_multiple LIST``      multiple_choice
``integer``, ``range``        scale (a range must be start=1 end=5 step=1)
``geopoint``                  point ("mark the place"); its areas are the
                              ``trygg_areas`` choice list, else the
                              organisation's areas (``geotrace``/``geoshape``
                              are problems: a resident marks one place)
``note``                      no question: text goes to the intro / help
``begin group``/``end group`` one page per top-level group
settings ``form_id``          survey slug (made unique), ``form_title`` title
============================  ==========================================

Any other type is a row-numbered problem; all problems are reported together in
one `InvalidSurveyFile`. Device/timing metadata rows (start, end, deviceid …) are
skipped on purpose: an anonymous survey never collects them. Logic and layout columns
(relevant, constraint, calculation, choice_filter, appearance) and group labels are
ignored: a Trygg Dialog survey shows every question, page by page. The CSV layout is
described in `xlsform_sheets`.
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
from surveys.transfer.spreadsheet import UnreadableFile, fold
from surveys.transfer.xlsform_parse import FormSpec, QuestionSpec, parse_form
from surveys.transfer.xlsform_sheets import read_form_sheets

MAX_FORM_BYTES = 5 * 1024 * 1024
_SLUG_LENGTH = 70  # leaves room for a "-2" suffix within the 80-character column


def import_xlsform(
    session: Session,
    path_or_bytes: bytes | str | os.PathLike[str],
    organisation: Organisation,
    *,
    filename: str | None = None,
) -> Survey:
    """Create and commit a draft survey of `organisation` from an XLSForm file.

    Raises:
        InvalidSurveyFile: with every row-numbered problem found; nothing is stored.
    """
    data, name = _load(path_or_bytes, filename)
    if len(data) > MAX_FORM_BYTES:
        raise _file_problem(
            N_(
                "%(name)s is larger than %(mb)d MB",
                name=name,
                mb=MAX_FORM_BYTES // (1024 * 1024),
            )
        )
    try:
        sheets, problems = read_form_sheets(data, name)
    except UnreadableFile as exc:
        raise _file_problem(N_("%(name)s: %(reason)s", name=name, reason=exception_text(exc))) from None
    spec, more = parse_form(sheets)
    problems += more
    if problems or spec is None:
        raise InvalidSurveyFile(problems)
    survey = _build_survey(session, spec, organisation, Path(name).stem)
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
        status=SurveyStatus.DRAFT.value,
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
