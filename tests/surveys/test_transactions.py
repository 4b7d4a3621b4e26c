"""A service owns its transaction: a failure leaves the caller a clean session."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveys.database.transactions import database_reachable, transactional
from surveys.errors import SurveyError
from surveys.organisations.models import Organisation
from tests.factories import make_org


def test_a_failing_service_rolls_its_changes_back_and_re_raises(session):
    org = make_org(session, "kommunen")

    @transactional
    def rename_then_fail(session, organisation: Organisation) -> None:
        organisation.name = "Half done"
        session.flush()
        raise SurveyError("refused")

    with pytest.raises(SurveyError, match="refused"):
        rename_then_fail(session, org)

    assert not session.dirty and not session.new
    assert session.scalar(select(Organisation.name).where(Organisation.slug == "kommunen")) != "Half done"


def test_a_service_that_succeeds_keeps_what_it_committed(session):
    org = make_org(session, "kommunen")

    @transactional
    def rename(session, organisation: Organisation) -> str:
        organisation.name = "Renamed"
        session.commit()
        return organisation.name

    assert rename(session, org) == "Renamed"
    session.expire_all()
    assert session.scalar(select(Organisation.name).where(Organisation.slug == "kommunen")) == "Renamed"


def test_database_reachable(session, monkeypatch):
    assert database_reachable(session)

    def broken(*args, **kwargs):
        raise RuntimeError("gone")

    monkeypatch.setattr(session, "execute", broken)
    assert not database_reachable(session)
