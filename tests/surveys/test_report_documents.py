"""Situation-picture documents are built by a job, replaced, expired and never left running."""

from __future__ import annotations

import datetime as dt

import pytest

from surveys.database.job_status import JobStatus
from surveys.reports.document_models import DocumentKind, ReportDocument
from surveys.reports.documents import (
    MAX_AGE,
    STALL_AFTER,
    build_document,
    document_content,
    find_document,
    request_document,
)
from tests.factories import make_org, make_survey, make_user


def _render(survey, document):  # type: ignore[no-untyped-def]
    kind = document.kind
    return f"{kind.value}:{document.language}:{survey.slug}".encode(), f"lagesbild.{kind.value}"


def test_a_document_is_built_once_and_kept_with_its_name(session):
    survey = make_survey(session, make_org(session))
    user = make_user(session, survey.organisation)
    document = request_document(session, survey, user.id, DocumentKind.PDF, "sv")
    with pytest.raises(LookupError):
        document_content(session, document)
    build_document(session, document.id, _render)
    build_document(session, document.id, lambda *args: pytest.fail("built twice"))  # already done
    found = find_document(session, document.token, survey)
    assert found is not None and found.status == JobStatus.DONE and found.filename == "lagesbild.pdf"
    assert document_content(session, found) == f"pdf:sv:{survey.slug}".encode()
    assert find_document(session, document.token, make_survey(session, survey.organisation)) is None


def test_asking_again_replaces_the_same_persons_document_and_old_ones_expire(session):
    survey = make_survey(session, make_org(session))
    one, other = make_user(session, survey.organisation), make_user(session, survey.organisation)
    first = request_document(session, survey, one.id, DocumentKind.DOCX, "sv").token
    theirs = request_document(session, survey, other.id, DocumentKind.DOCX, "sv")
    english = request_document(session, survey, one.id, DocumentKind.DOCX, "en")
    second = request_document(session, survey, one.id, DocumentKind.DOCX, "sv")
    tokens = {d.token for d in session.query(ReportDocument)}
    assert tokens == {theirs.token, english.token, second.token} and first not in tokens
    theirs.created_at -= MAX_AGE + dt.timedelta(minutes=1)
    session.commit()
    assert find_document(session, theirs.token, survey) is None
    expired = theirs.token
    request_document(session, survey, one.id, DocumentKind.PDF, "sv")
    assert expired not in {d.token for d in session.query(ReportDocument)}


def test_a_document_whose_job_died_shows_as_failed(session):
    survey = make_survey(session, make_org(session))
    document = request_document(session, survey, None, DocumentKind.PDF, "sv")
    document.status, document.updated_at = JobStatus.RUNNING, document.updated_at - STALL_AFTER * 2
    session.commit()
    found = find_document(session, document.token, survey)
    assert found is not None and found.status == JobStatus.FAILED


def test_a_failing_renderer_leaves_the_document_failed(session):
    survey = make_survey(session, make_org(session))
    document = request_document(session, survey, None, DocumentKind.PDF, "sv")

    def broken(*args):  # type: ignore[no-untyped-def]
        raise ValueError("no fonts")

    with pytest.raises(ValueError):
        build_document(session, document.id, broken)
    assert find_document(session, document.token, survey).status == JobStatus.FAILED  # type: ignore[union-attr]
