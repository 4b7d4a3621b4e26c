"""Incidents and maps in the long-term situation picture: figures, privacy floor, PDF and DOCX."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from sqlalchemy import select

from analysis.geo import bbox_of, polygons_of
from analysis.periods import period_containing
from analysis.taxonomy import load_taxonomy
from surveys.answering.models import Answer, Response
from surveys.authoring.models import Question, Survey
from surveys.incidents.models import Incident
from surveys.incidents.periodic import build_picture
from surveys.insights.incident_summary import incident_map_layers, report_day, spans
from surveys.insights.report_data import build_report_data
from surveys.organisations.models import Organisation
from surveys.places.models import AreaShape
from surveys.reports import maps
from surveys.reports.blocks import Heading, MapImage, Table
from surveys.reports.outline import build_outline
from surveys.reports.periodic_pdf import periodic_pdf
from surveys.reports.situation_docx import situation_docx
from surveys.reports.situation_pdf import situation_pdf
from tests.factories import local_instant, make_org, make_survey
from tests.surveys.test_situation_documents import (
    MIN_GROUP,
    AnalysedRound,
    build_analysed_round,
    docx_text,
    english,
    normalise,
    pdf_images,
    pdf_text,
)

REPORT_DAY = dt.date(2025, 6, 30)
CENTRE = (65.8350, 23.6700)  # (lat, lon) inside Centrum below


def english_name(code: str) -> str:
    return load_taxonomy().area(code).name_en


def _incident(org: Organisation, when: dt.datetime, area: str, category: str, kind: str, **extra) -> Incident:  # type: ignore[no-untyped-def]
    return Incident(
        organisation_id=org.id,
        occurred_at=local_instant(when),
        area=area,
        category=category,
        incident_type=kind,
        severity=extra.pop("severity", 1),
        **extra,
    )


def _beside(picture):  # type: ignore[no-untyped-def]
    """The area figures and the total a periodic picture prints beside its map."""
    return {row.key: row.current for row in picture.by_area if row.key}, picture.total


def add_incidents(session, org: Organisation, marked: bool = False) -> None:  # type: ignore[no-untyped-def]
    """18 incidents in the two years up to REPORT_DAY, 10 in the two years before, 2 outside both.

    Now: drugs 10 in Centrum (5 serious), vandalism 6 in Norr, traffic 2 in Söder.
    Before: drugs 8 in Centrum, vandalism 2 in Norr. With `marked`, five of the drug
    incidents lie close together in Centrum (and the other five of Centrum's ten elsewhere:
    a spot of six would leave four outside it, a figure under the floor) and four of the
    vandalism ones in Norr.
    """
    now = [dt.datetime(2023, 7, 1, 0, 0), dt.datetime(2025, 6, 30, 23, 59)] + [
        dt.datetime(2024, month, 15, 22) for month in range(1, 9)
    ]
    items = []
    for n, when in enumerate(now):
        where = {"latitude": CENTRE[0] + n * 0.0001, "longitude": CENTRE[1]} if marked and n < 5 else {}
        items.append(
            _incident(
                org,
                when,
                "Centrum",
                "narkotika",
                "drug_related",
                severity=(2, 3)[n % 2] if n < 5 else 1,
                **where,
            )
        )
    for n in range(6):
        where = {"latitude": 65.8600 + n * 0.0001, "longitude": 23.6700} if marked and n < 4 else {}
        items.append(
            _incident(org, dt.datetime(2024, 3, 1 + n), "Norr", "skadegorelse", "vandalism", **where)
        )
    items += [_incident(org, dt.datetime(2024, 5, 5), "Söder", "trafik", "other") for _ in range(2)]
    items += [_incident(org, dt.datetime(2023, 6, 30, 23), "Centrum", "narkotika", "drug_related")]
    items += [
        _incident(org, dt.datetime(2022, 1, n + 1), "Centrum", "narkotika", "drug_related") for n in range(7)
    ]
    items += [
        _incident(org, dt.datetime(2021, 7, 1 + n), "Norr", "skadegorelse", "vandalism") for n in range(2)
    ]
    # Outside both spans: after the report's date and before the earlier two years.
    items += [
        _incident(org, dt.datetime(2025, 7, 1), "Centrum", "narkotika", "drug_related"),
        _incident(org, dt.datetime(2021, 6, 30), "Centrum", "narkotika", "drug_related"),
    ]
    session.add_all(items)
    session.commit()


def _square(lon: float, lat: float, size: float = 0.02) -> dict:  # type: ignore[type-arg]
    ring = [[lon, lat], [lon + size * 2, lat], [lon + size * 2, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def add_outlines(session, org: Organisation) -> None:  # type: ignore[no-untyped-def]
    """Söder, Centrum and Norr stacked south to north around CENTRE."""
    for name, lat in (("Söder", 65.805), ("Centrum", 65.825), ("Norr", 65.845)):
        geometry = _square(23.65, lat)
        session.add(
            AreaShape(
                organisation_id=org.id,
                name=name,
                geometry=geometry,
                bbox=list(bbox_of(polygons_of(geometry))),
            )
        )
    session.commit()


def add_marked_places(session, survey: Survey) -> None:  # type: ignore[no-untyped-def]
    """A point question with five places marked close together in Söder and three elsewhere."""
    question = Question(key="place", type="point", position=99, page=1, text={"sv": "Var?"})
    survey.questions.append(question)
    session.commit()
    responses = list(session.scalars(select(Response).where(Response.survey_id == survey.id).limit(8)))
    points = [(65.8150 + n * 0.0001, 23.6700) for n in range(5)] + [
        (65.83, 23.66),
        (65.85, 23.68),
        (65.81, 23.69),
    ]
    for response, (lat, lon) in zip(responses, points, strict=True):
        session.add(Answer(response_id=response.id, question_id=question.id, latitude=lat, longitude=lon))
    session.commit()


@pytest.fixture
def analysed(session) -> AnalysedRound:  # type: ignore[no-untyped-def]
    analysed = build_analysed_round(session)
    analysed.citizen.closes_on = REPORT_DAY
    session.commit()
    return analysed


def test_the_two_years_up_to_the_rounds_closing_date_against_the_two_before(session, analysed):
    add_incidents(session, analysed.org)
    other = make_org(session, name="Grannkommun")
    session.add(_incident(other, dt.datetime(2024, 1, 1), "Centrum", "narkotika", "drug_related"))
    session.commit()
    report = build_report_data(session, analysed.citizen, MIN_GROUP)
    summary = report.incidents
    assert summary is not None
    assert (summary.span.start, summary.span.last_day) == (dt.date(2023, 7, 1), REPORT_DAY)
    assert (summary.previous_span.start, summary.previous_span.last_day) == (
        dt.date(2021, 7, 1),
        dt.date(2023, 6, 30),
    )
    assert (summary.total.value, summary.previous_total.value, summary.diff) == (18, 10, 8)
    assert summary.relative == pytest.approx(0.8)
    # Traffic's 2 is under the floor and would follow from 18 − 10 − 6, so vandalism's 6 goes too;
    # two years before, vandalism's 2 would follow from 10 − 8. Hidden rows come last.
    assert [(r.category, r.count.value, r.previous.value, r.diff) for r in summary.by_category] == [
        ("narkotika", 10, None, None),
        ("skadegorelse", None, None, None),
        ("trafik", None, 0, None),
    ]
    assert [(kind, n.value) for kind, n in summary.by_type] == [
        ("drug_related", 10),
        ("other", None),
        ("vandalism", None),
    ]
    assert not any(r.count.small for r in summary.by_category if r.count.hidden)  # they read "hidden"
    assert summary.serious_share == pytest.approx(5 / 18)  # 5 serious, 13 not: both at the floor


def test_counts_per_area_keep_the_privacy_floor(session, analysed):
    add_incidents(session, analysed.org)
    by_area = dict(build_report_data(session, analysed.citizen, MIN_GROUP).incidents.by_area)  # type: ignore[union-attr]
    # Söder's 2 are under the floor; Norr's 6 are hidden too, or 18 − 10 would give Söder away.
    assert by_area["Centrum"].value == 10
    assert by_area["Söder"].hidden and by_area["Norr"].hidden
    outline = build_outline(build_report_data(session, analysed.citizen, MIN_GROUP), english, english_name)
    table = next(
        b for b in outline.blocks if isinstance(b, Table) and b.caption.startswith("Incidents by area")
    )
    # Norr's 6 is hidden only as a complement: it reads "hidden", never a false "fewer than 5".
    assert table.rows == (("Centrum", "10"), ("Norr", "hidden"), ("Söder", "hidden"))


def test_survey_themes_are_set_beside_incidents_of_the_same_problem_area(session, analysed):
    add_incidents(session, analysed.org)
    report = build_report_data(session, analysed.citizen, MIN_GROUP)
    # Vandalism was recorded but not raised in the survey; violence was raised but not recorded.
    assert [(p.theme, p.respondents.value, p.incidents.value) for p in report.theme_incidents] == [
        ("narkotika", 19, 10),
        ("trafik", 8, None),  # 2 incidents: hidden here as in the incident tables
    ]
    outline = build_outline(report, english, english_name)
    table = next(
        b for b in outline.blocks if isinstance(b, Table) and b.caption.startswith("What respondents")
    )
    assert table.header == ("Problem area", "Respondents who raised it", "Share of respondents", "Incidents")
    assert table.rows == (("Drugs", "19", "46%", "10"), ("Traffic", "8", "20%", "hidden"))


def test_the_documents_carry_the_incident_section(session, analysed):
    add_incidents(session, analysed.org)
    report = build_report_data(session, analysed.citizen, MIN_GROUP)
    expected = [
        "Recorded incidents",
        "Incidents recorded from July 1, 2023 to June 30, 2025: 18, against 10 in the two years before "
        "(+80%).",
        "Most concern drugs (10).",
        "28% were rated serious or very serious.",
        "46% of the respondents raised drugs; the number of incidents recorded in the same problem area "
        "was 10.",
        "Drug-related",
    ]
    for content, read in (
        (situation_pdf(report, english, english_name), pdf_text),
        (situation_docx(report, english, english_name), docx_text),
    ):
        text = normalise(read(content))
        for sentence in expected:
            assert sentence in text
        chapter = text[
            text.index("Recorded incidents Incidents are") : text.index("Comparison with the previous")
        ]
        assert "traffic (2)" not in chapter and "Traffic 2" not in chapter and "Other 2" not in chapter
        # The summary states the total too, before the chapter does.
        assert text.index("Incidents recorded from") < text.index("Recorded incidents")


def test_without_incidents_the_section_says_so_briefly(session):
    survey = make_survey(
        session, make_org(session, name="Lugn kommun"), round_label="2025", closes_on=REPORT_DAY
    )
    outline = build_outline(build_report_data(session, survey, MIN_GROUP), english, english_name)
    blocks = list(outline.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Recorded incidents")
    chapter = blocks[
        start + 1 : next(i for i, b in enumerate(blocks[start + 1 :], start + 1) if isinstance(b, Heading))
    ]
    assert not any(isinstance(b, Table | MapImage) for b in chapter)
    assert "No incidents were recorded from July 1, 2023 to June 30, 2025 or in the two years before." in [
        getattr(b, "text", "") for b in chapter
    ]


def test_the_report_date_is_the_rounds_latest_closing_day_but_never_after_today():
    surveys = [Survey(closes_on=dt.date(2025, 4, 30)), Survey(closes_on=dt.date(2025, 5, 31)), Survey()]
    assert report_day(surveys, today=dt.date(2026, 1, 1)) == dt.date(2025, 5, 31)
    assert report_day(surveys, today=dt.date(2025, 5, 10)) == dt.date(2025, 5, 10)
    assert report_day([Survey()], today=dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    now, before = spans(dt.date(2024, 2, 29))
    assert (now.start, before.start, before.last_day) == (
        dt.date(2022, 3, 1),
        dt.date(2020, 2, 29),  # 2020 was a leap year: two whole years up to 28 February 2022
        dt.date(2022, 2, 28),
    )


def test_maps_of_respondents_incidents_and_marked_places_are_embedded(session, analysed):
    add_incidents(session, analysed.org, marked=True)
    add_outlines(session, analysed.org)
    add_marked_places(session, analysed.citizen)
    report = build_report_data(session, analysed.citizen, MIN_GROUP, places=True)
    assert [s.count for s in report.incidents.hotspots] == [5]  # type: ignore[union-attr]  # Norr's 4 are too few
    assert report.places is not None and [s.count for s in report.places.marked_hotspots] == [5]
    assert maps.available(report) == ["respondents", "incidents", "marked"]
    pdf = situation_pdf(report, english, english_name)
    assert pdf_images(pdf) == 3 + 3  # charts and maps
    text = normalise(pdf_text(pdf))
    assert "Map: incidents per area, with hot spots" in text and "Hot spots of incidents" in text
    assert "Places marked by respondents" in text and "Hot spots of places marked by respondents" in text
    document = Document(io.BytesIO(situation_docx(report, english, english_name)))
    assert len(document.inline_shapes) == 6
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert any(d.startswith("Map of the areas coloured by the number of incidents") for d in descriptions)
    incidents_alt = next(d for d in descriptions if "number of incidents" in d)
    assert "Centrum 10" in incidents_alt and "Söder hidden" in incidents_alt
    assert "fewer than" not in incidents_alt
    assert "Hot spots: 1: 5 in Centrum." in incidents_alt
    # The hot spot table gives the same figures as the numbered circles.
    rows = [tuple(c.text for c in row.cells) for table in document.tables for row in table.rows]
    assert ("1", "Centrum", "5", "150") in rows and ("1", "Söder", "5", "150") in rows


def test_without_outlines_there_is_no_map_and_no_error(session, analysed):
    add_incidents(session, analysed.org, marked=True)
    add_marked_places(session, analysed.citizen)
    report = build_report_data(session, analysed.citizen, MIN_GROUP, places=True)
    assert maps.available(report) == []
    pdf = situation_pdf(report, english, english_name)
    assert pdf_images(pdf) == 3
    text = normalise(pdf_text(pdf))
    assert "Hot spots of places marked by respondents" in text  # the table stays, without area names
    assert len(Document(io.BytesIO(situation_docx(report, english, english_name))).inline_shapes) == 3


def test_the_periodic_picture_gets_the_incident_map_when_there_are_outlines(session):
    org = make_org(session, name="Kvartalskommun")
    add_incidents(session, org, marked=True)
    period = period_containing("quarter", dt.date(2024, 1, 15))
    picture = build_picture(session, [org], period, MIN_GROUP)
    plain = periodic_pdf(picture, org.name, "Q1", "", english, english_name)
    assert pdf_images(plain) == 0
    beside = _beside(picture)
    assert incident_map_layers(session, org.id, period.start, period.end, MIN_GROUP, *beside).outlines == {}
    add_outlines(session, org)
    layers = incident_map_layers(session, org.id, period.start, period.end, MIN_GROUP, *beside)
    assert set(layers.outlines) == {"Söder", "Centrum", "Norr"}
    assert layers.hotspots == ()  # 3 and 4 marked incidents: too few for a hot spot
    content = periodic_pdf(
        picture, org.name, "Q1", "", english, english_name, outlines=layers.outlines, hotspots=layers.hotspots
    )
    assert pdf_images(content) == 1
    assert "Map: incidents per area in 1st quarter 2024." in normalise(pdf_text(content))


def test_records_begun_recently_are_not_compared_with_years_nobody_recorded(session, analysed):
    """A partner that began recording last year would show a rise of hundreds of per cent."""
    org = analysed.org
    session.add(_incident(org, dt.datetime(2022, 9, 1), "Centrum", "narkotika", "drug_related"))
    session.add_all(
        _incident(org, dt.datetime(2024, 3, 1 + n), "Centrum", "narkotika", "drug_related") for n in range(12)
    )
    session.commit()
    summary = build_report_data(session, analysed.citizen, MIN_GROUP).incidents
    assert summary is not None and not summary.comparable
    # Recording began on 1 September 2022, inside the two years before: no like-with-like span.
    assert (summary.span.start, summary.span.last_day) == (dt.date(2023, 7, 1), REPORT_DAY)
    assert summary.recorded_since == dt.date(2022, 9, 1)
    outline = build_outline(build_report_data(session, analysed.citizen, MIN_GROUP), english, english_name)
    texts = [getattr(b, "text", "") for b in outline.blocks]
    assert (
        "Incidents recorded from July 1, 2023 to June 30, 2025: 12. The first incident was recorded on "
        "September 1, 2022, so there is no earlier period of the same length to compare with."
    ) in " ".join(texts)
    tables = [b for b in outline.blocks if isinstance(b, Table)]
    headings = [cell for t in tables for cell in t.header]
    assert "Two years before" not in headings and "Change" not in headings
    figures = next(t for t in tables if t.caption == "Incidents in figures")
    assert [row[0] for row in figures.rows] == [
        "Incidents, July 1, 2023 – June 30, 2025",
        "Share rated serious or very serious",
    ]


def test_records_begun_inside_the_span_cover_only_the_recorded_time(session, analysed):
    org = analysed.org
    session.add_all(
        _incident(org, dt.datetime(2024, 9, 1 + n), "Centrum", "narkotika", "drug_related") for n in range(6)
    )
    session.commit()
    summary = build_report_data(session, analysed.citizen, MIN_GROUP).incidents
    assert summary is not None and not summary.comparable
    assert (summary.span.start, summary.total.value) == (dt.date(2024, 9, 1), 6)
    outline = build_outline(build_report_data(session, analysed.citizen, MIN_GROUP), english, english_name)
    assert (
        "Incidents recorded from September 1, 2024 to June 30, 2025: 6. The first incident was recorded on "
        "September 1, 2024, so there is no earlier period of the same length to compare with."
    ) in " ".join(getattr(b, "text", "") for b in outline.blocks)
