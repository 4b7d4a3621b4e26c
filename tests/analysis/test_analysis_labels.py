"""Readable cluster labels: phrases from the answers, never keyword lists."""

from __future__ import annotations

import re

from analysis import AnalysisConfig, Answer, analyse
from analysis.label import LABEL_MAX_CHARS, PhraseLabeler

ANSWERS = [
    "Polisen syns inte på kvällarna",
    "Man ser aldrig polisen på kvällarna här",
    "Polisen syns inte på kvällarna i centrum",
    "Fler poliser ute på kvällarna",
    "Bilarna kör för fort runt torget",
    "För hög hastighet runt torget",
    "Alldeles för hög hastighet runt torget på nätterna",
    "Fortkörning runt torget",
    "Mer belysning i gångtunnlarna",
    "Gångtunnlarna är mörka, mer belysning behövs",
    "Trasig belysning i gångtunnlarna vid skolan",
    "Mörkt i gångtunnlarna",
    "Knark säljs vid skolan",
    "Det säljs knark vid skolan varje dag",
    "Knarkförsäljning vid skolan",
    "Ungdomar köper knark vid skolan",
    "Ring mig på 070-123 45 67, polisen syns inte",
    "Fulla människor vid stationen",
    "Fulla människor skriker vid stationen på natten",
    "Berusade vid stationen",
]


def _result(seed: int = 0):  # type: ignore[no-untyped-def]
    return analyse([Answer(str(i), t) for i, t in enumerate(ANSWERS)], AnalysisConfig(seed=seed, k=5))


def test_labels_are_readable_phrases_not_keyword_lists() -> None:
    result = _result()
    for cluster in result.clusters:
        label = cluster.label
        assert label and label[0].isupper(), label
        assert len(label) <= LABEL_MAX_CHARS
        assert not re.search(r"[.,;:!?]$", label)
        assert label != ", ".join(cluster.top_terms[:3])
        assert not re.fullmatch(r"\w+(, \w+)+", label), label
        assert "[" not in label and "070" not in label  # redacted text only
        assert cluster.keywords == cluster.top_terms


def test_labels_are_deterministic_given_a_seed() -> None:
    assert [c.label for c in _result(3).clusters] == [c.label for c in _result(3).clusters]


def test_labels_are_distinct() -> None:
    labels = [c.label for c in _result().clusters]
    assert len(set(labels)) == len(labels)


def test_phrase_labeler_prefers_the_shared_phrase() -> None:
    texts = [
        "För hög hastighet runt torget",
        "Bilar med för hög hastighet runt torget",
        "Hög hastighet runt torget på natten",
        "Mer belysning i gångtunnlarna",
        "Mörka gångtunnlar, mer belysning",
        "Belysning i gångtunnlarna saknas",
    ]
    labeler = PhraseLabeler().fit(texts, [0, 0, 0, 1, 1, 1])
    assert "hastighet" in labeler.labels_[0].lower() and "torget" in labeler.labels_[0].lower()
    assert "belysning" in labeler.labels_[1].lower()


def test_negation_is_never_cut_off() -> None:
    texts = ["Polisen syns aldrig här", "Polisen syns aldrig på kvällen", "Polisen syns aldrig i byn"]
    label = PhraseLabeler().fit(texts, [0, 0, 0]).labels_[0]
    assert "aldrig" in label.lower()
