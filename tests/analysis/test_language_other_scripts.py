"""Answers in languages and scripts the detector does not model are "other", never relabelled Swedish."""

from __future__ import annotations

import pytest

from analysis.language import OTHER, detect_language
from analysis.pipeline import _languages


@pytest.mark.parametrize(
    "text",
    [
        "الشرطة يجب أن تكون أكثر في الحديقة في الليل",  # Arabic
        "Booliska waa inay joogaan beerta habeenkii",  # Somali
        "Полиция должна быть в парке",  # Russian
        "Gávpogis lea menddo sevdnjes ja čáppa",  # North Sami
        "Ciemno i głośno koło dworca",  # Polish
        "Waxay u baahan yihiin booliis badan xaafadda",  # Somali without waa/iyo
    ],
)
def test_unmodelled_languages_are_other(text: str) -> None:
    assert detect_language(text) == OTHER


def test_the_majority_language_does_not_swallow_other_scripts() -> None:
    texts = ["Det är mörkt i parken på kvällen"] * 5 + ["الشرطة يجب أن تكون أكثر في الحديقة"]
    assert _languages(texts, [False] * len(texts))[-1] == OTHER


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Nedklottrat överallt", "sv"),  # a double consonant is not Finnish
        ("Cyklar stjäls i källaren", "sv"),  # "i" is a Swedish word too, not only English
        ("Pyörät varastetaan kellarista", "fi"),
    ],
)
def test_swedish_is_not_taken_for_finnish_or_english_on_shared_letters(text: str, lang: str) -> None:
    assert detect_language(text) == lang
