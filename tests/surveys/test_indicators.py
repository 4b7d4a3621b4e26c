"""Importing indicator statistics beside the survey's problem areas."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveys.insights.indicators import import_indicators
from surveys.insights.models import IndicatorValue
from surveys.insights.priorities import indicator_changes
from surveys.transfer.errors import ImportFailed, InvalidResponseFile
from tests.factories import make_org


def test_semicolon_csv_in_windows_1252_with_suggested_areas(session):
    org = make_org(session)
    text = "Period;Område;Indikator;Värde\n2025;Centrum;Anmälda narkotikabrott;40\n"
    text += "2026;Centrum;Anmälda narkotikabrott;50\n"
    text += "2026;Söder;Bostadsinbrott;1 204,5\n"
    assert import_indicators(session, org, text.encode("cp1252"), "bra.csv") == 3
    rows = session.scalars(select(IndicatorValue).order_by(IndicatorValue.id)).all()
    assert [r.theme for r in rows] == ["narkotika", "narkotika", "inbrott_stold"]
    assert rows[2].value == pytest.approx(1204.5) and rows[2].area == "Söder"
    assert indicator_changes(session, org.id)["narkotika"] == pytest.approx(0.25)


def test_explicit_area_column_and_reimport_replaces(session):
    org = make_org(session)
    first = b"period,area,indicator,value,theme\n2026,,Larm om oro,10,ordning\n"
    import_indicators(session, org, first, "a.csv")
    import_indicators(session, org, first.replace(b",10,", b",12,"), "a.csv")
    rows = session.scalars(select(IndicatorValue)).all()
    assert len(rows) == 1 and rows[0].value == 12 and rows[0].theme == "ordning"


def test_bad_rows_import_nothing_and_say_where(session):
    org = make_org(session)
    data = "period,indicator,value,theme\n2026,Rån,7,vald\n2026,Rån,sju,vald\n2026,Okänt,3,fantasi\n".encode()
    with pytest.raises(ImportFailed) as caught:
        import_indicators(session, org, data, "bad.csv")
    assert [e.row for e in caught.value.errors] == [3, 4]
    assert session.scalar(select(IndicatorValue)) is None
    with pytest.raises(InvalidResponseFile, match="needs the columns"):
        import_indicators(session, org, b"a,b\n1,2\n", "x.csv")


@pytest.mark.parametrize("value", ["nan", "inf", "1e3", "12 34"])
def test_a_value_that_is_not_plainly_one_number_is_refused(session, value):
    text = f"period,indicator,value\n2026,Rån,{value}\n2026,Rån,−3\n"
    with pytest.raises(ImportFailed) as caught:
        import_indicators(session, make_org(session), text.encode(), "bad.csv")
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "value")]
