"""Area outlines from GeoJSON: validation, names, storing, and point answers."""

from __future__ import annotations

import json

import pytest

from app.extensions import db
from surveys.answering.submission import submit_response
from surveys.authoring.models import Option, Question
from surveys.errors import InvalidAnswers
from surveys.places.geojson import MAX_FEATURES, InvalidGeoJSON, NamePropertyNeeded, parse_areas
from surveys.places.lookup import AreaLookup
from surveys.places.models import AreaShape
from surveys.places.points import parse_point
from surveys.places.service import area_shapes, save_area_shapes, shape_polygons
from tests.factories import make_org, make_single_page_survey


def square(lon: float, lat: float, size: float = 0.01) -> list:
    return [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]


def feature(name: str | None, lon: float = 18.0, lat: float = 59.0, **props: object) -> dict:
    properties = {**({"name": name} if name is not None else {}), **props}
    geometry = {"type": "Polygon", "coordinates": square(lon, lat)}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


GOOD = collection(
    feature("Centrum", 18.00, 59.00, kod="01"),
    feature("Norr", 18.00, 59.01, kod="02"),
    {
        "type": "Feature",
        "properties": {"name": "Hamnen", "kod": "03"},
        "geometry": {"type": "MultiPolygon", "coordinates": [square(18.01, 59.0), square(18.02, 59.0)]},
    },
)


def test_good_file_is_read_with_names_and_boxes():
    parsed = parse_areas(GOOD)
    assert [a.name for a in parsed.areas] == ["Centrum", "Norr", "Hamnen"]
    assert parsed.name_property == "name"
    assert parsed.areas[0].bbox == (18.0, 59.0, 18.01, 59.01)
    assert parsed.areas[2].geometry["type"] == "MultiPolygon"


def test_chosen_property_names_the_areas():
    assert [a.name for a in parse_areas(GOOD, "kod").areas] == ["01", "02", "03"]


def test_several_candidate_properties_ask_the_official():
    data = collection(
        feature(None, stadsdel="Öst", distrikt="A"), feature(None, 18.1, stadsdel="Väst", distrikt="B")
    )
    with pytest.raises(NamePropertyNeeded) as caught:
        parse_areas(data)
    assert caught.value.candidates == ["distrikt", "stadsdel"]
    assert [a.name for a in parse_areas(data, "stadsdel").areas] == ["Öst", "Väst"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x00\xff garbage", "not_json"),
        (b"{not json", "not_json"),
        (b"[1, 2]", "not_collection"),
        (json.dumps({"type": "Feature"}).encode(), "not_collection"),
        (collection(), "no_features"),
        (collection({"type": "Nope"}), "bad_feature"),
        (collection(feature("A"), {"type": "Feature", "properties": None, "geometry": None}), "no_name"),
        (
            collection(
                {
                    "type": "Feature",
                    "properties": {"name": "A"},
                    "geometry": {"type": "Point", "coordinates": [18, 59]},
                }
            ),
            "bad_geometry",
        ),
        (
            collection(
                {
                    "type": "Feature",
                    "properties": {"name": "A"},
                    "geometry": {"type": "Polygon", "coordinates": square(18, 95)},
                }
            ),
            "bad_geometry",
        ),
        (collection(feature("Centrum"), feature("centrum", 18.1)), "duplicate_name"),
        (collection(feature("x" * 65)), "long_name"),
        (collection(feature("A"), feature("  ", 18.1)), "no_name"),
        (b"[" * 100_000 + b"]" * 100_000, "not_json"),
    ],
)
def test_bad_files_give_a_reason(data, code):
    with pytest.raises(InvalidGeoJSON) as caught:
        parse_areas(data)
    assert caught.value.code == code


def test_unknown_chosen_property_is_refused():
    with pytest.raises(InvalidGeoJSON) as caught:
        parse_areas(GOOD, "nope")
    assert caught.value.code == "unknown_property"


def test_oversized_and_too_many_features_are_refused():
    with pytest.raises(InvalidGeoJSON) as caught:
        parse_areas(b" " * (5 * 1024 * 1024 + 1))
    assert caught.value.code == "too_large"
    many = collection(*(feature(f"A{i}", 18 + i * 0.001) for i in range(MAX_FEATURES + 1)))
    with pytest.raises(InvalidGeoJSON) as caught:
        parse_areas(many)
    assert caught.value.code == "too_many"


def test_saving_replaces_shapes_and_only_adds_names(app):
    org = make_org(db.session, areas=["Centrum", "Söder"])
    saved = save_area_shapes(db.session, org, parse_areas(GOOD))
    assert saved.shapes == 3 and saved.new_names == ["Norr", "Hamnen"]
    assert org.areas == ["Centrum", "Söder", "Norr", "Hamnen"]  # Söder is kept: surveys may use it
    save_area_shapes(db.session, org, parse_areas(collection(feature("Centrum"))))
    assert [s.name for s in area_shapes(db.session, org.id)] == ["Centrum"]
    assert org.areas == ["Centrum", "Söder", "Norr", "Hamnen"]
    assert db.session.query(AreaShape).count() == 1


def test_area_at_finds_the_containing_area(app):
    org = make_org(db.session)
    save_area_shapes(db.session, org, parse_areas(GOOD))
    lookup = AreaLookup.of(shape_polygons(area_shapes(db.session, org.id)))
    assert lookup.area_at(59.005, 18.005) == "Centrum"
    assert lookup.area_at(59.005, 18.025) == "Hamnen"
    assert lookup.area_at(58.0, 18.0) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("59.33,18.06", (59.33, 18.06)),
        (" 59.1 , 18.2 ", (59.1, 18.2)),
        ("91,18", None),
        ("a,b", None),
        ("59", None),
        ("nan,18", None),
    ],
)
def test_parse_point(raw, expected):
    assert parse_point(raw) == expected


def _point_survey():
    org = make_org(db.session, areas=["Centrum", "Norr"])
    survey = make_single_page_survey(db.session, org)
    question = Question(key="place", type="point", position=3, page=1, text={"sv": "Var?"})
    survey.questions.append(question)
    db.session.commit()
    return survey, question


def test_point_answers_are_stored_with_coordinates_and_redacted_text(app):
    survey, question = _point_survey()
    concern = survey.questions[0]
    values = {
        concern.id: "Mörkt",
        question.id: {"point": "59.005,18.005", "area": "Norr", "comment": "Ring Anna på 070-123 45 67"},
    }
    response = submit_response(db.session, survey, values, submission_token="p1", language="sv")
    answer = next(a for a in response.answers if a.question_id == question.id)
    assert (answer.latitude, answer.longitude) == (59.005, 18.005)
    assert answer.text.startswith("Norr: ")
    assert "070-123 45 67" not in answer.text_redacted


def test_point_answer_without_map_and_bad_values(app):
    survey, question = _point_survey()
    concern = survey.questions[0]
    response = submit_response(
        db.session,
        survey,
        {concern.id: "x", question.id: {"area": "Centrum"}},
        submission_token="p2",
        language="sv",
    )
    answer = next(a for a in response.answers if a.question_id == question.id)
    assert answer.latitude is None and answer.text == "Centrum"
    for n, bad in enumerate([{"point": "999,1"}, {"area": "Mars"}, "not a point"]):
        with pytest.raises(InvalidAnswers):
            submit_response(
                db.session,
                survey,
                {concern.id: "x", question.id: bad},
                submission_token=f"bad{n}",
                language="sv",
            )


def test_point_question_with_options_uses_them_as_areas(app):
    survey, question = _point_survey()
    question.options = [Option(value="Torget", position=0, label={"sv": "Torget"})]
    db.session.commit()
    concern = survey.questions[0]
    with pytest.raises(InvalidAnswers):
        submit_response(
            db.session,
            survey,
            {concern.id: "x", question.id: {"area": "Centrum"}},
            submission_token="o1",
            language="sv",
        )
    submit_response(
        db.session,
        survey,
        {concern.id: "x", question.id: {"area": "Torget"}},
        submission_token="o2",
        language="sv",
    )
