"""Normalisation, language detection and non-answers."""

import pytest

from analysis import detect_language, is_non_answer
from analysis.text import normalise


def test_normalise_html_urls_whitespace() -> None:
    text = "<p>Mörkt&nbsp;vid   <b>skolan</b></p> se https://example.se/x?y=1\n\n"
    assert normalise(text) == "Mörkt vid skolan se"


def test_normalise_nfkc() -> None:
    assert normalise("ﬁ  Ａ") == "fi A"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Det är alldeles för mörkt på gångvägen och jag är rädd", "sv"),
        ("There are too many cars speeding in the street", "en"),
        ("Liian paljon huumeita ja nuoret ovat täällä iltaisin", "fi"),
        ("Trafiksäkerheten vid förskolan", "sv"),
        ("Jeg føler meg ikke trygg", "other"),
    ],
)
def test_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_language_undetermined() -> None:
    assert detect_language("123 !!!") == "und"


@pytest.mark.parametrize(
    "text",
    ["", "  ", "-", ".", "Vet ej", "vet inte!", "Inget", "nej", "Ingen aning.", "???", "x", "En tiedä"],
)
def test_non_answers(text: str) -> None:
    assert is_non_answer(text)


@pytest.mark.parametrize("text", ["Nej till knark", "Inget ljus i tunneln", "Mörkt"])
def test_real_answers_are_not_non_answers(text: str) -> None:
    assert not is_non_answer(text)
