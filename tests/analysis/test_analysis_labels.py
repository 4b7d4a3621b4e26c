"""Readable cluster labels: phrases from the answers, never keyword lists."""

from __future__ import annotations

import re

from analysis import AnalysisConfig, Answer, analyse
from analysis.describe import fallback_label
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


def test_a_label_never_starts_on_a_conjunction_or_ends_on_a_preposition() -> None:
    texts = [
        "Det är stökigt. Och stökiga gäng av ungdomar bakom simhallen",
        "Och stökiga gäng av ungdomar bakom affären",
        "Stökiga gäng av ungdomar bakom skolan på kvällarna",
        "Och cyklar som blir förstörda längs ån",
        "Cyklar som blir förstörda längs vägen",
        "Och cyklar som blir förstörda längs järnvägen",
    ]
    labels = PhraseLabeler().fit(texts, [0, 0, 0, 1, 1, 1]).labels_
    for label in labels.values():
        words = label.lower().split()
        assert words[0] not in {"och", "men", "att"}, label
        assert words[-1] not in {"bakom", "längs", "av", "som"}, label
    assert "gäng" in labels[0].lower() and "cyklar" in labels[1].lower()


def test_a_label_holds_no_name_number_or_redaction_tag() -> None:
    # What one answer says about a named place or a person is not the cluster's label.
    texts = [
        "Gatlyktorna är trasiga i Strandparken",
        "Gatlyktorna är trasiga vid Storgatan 12",
        "Gatlyktorna är trasiga, ring [namn] på [telefon]",
        "Sedan 2024 är gatlyktorna trasiga hos Anna Berg",
    ]
    label = PhraseLabeler().fit(texts, [0, 0, 0, 0]).labels_[0]
    assert "gatlyktorna" in label.lower(), label
    for forbidden in ("Strandparken", "Storgatan", "12", "2024", "namn", "telefon", "Anna", "Berg", "["):
        assert forbidden.lower() not in label.lower(), label


def test_the_phrase_many_answers_share_beats_one_central_answer() -> None:
    texts = [
        # The most central answer is long and says something only it says.
        "Mörkt i parken och någon har sparkat sönder bänkarna vid dammen",
        "Mörkt i parken på kvällarna",
        "Det är mörkt i parken",
        "Mörkt i parken, ingen vågar gå där",
        "Mer belysning behövs i gångtunneln",
        "Gångtunneln saknar belysning",
    ]
    labels = PhraseLabeler().fit(texts, [0, 0, 0, 0, 1, 1]).labels_
    assert labels[0] == "Mörkt i parken"


def test_labels_come_from_the_clusters_own_language() -> None:
    texts = [
        "Bilarna kör för fort på Storgatan",
        "Bilarna kör för fort på kvällarna",
        "Bilarna kör alldeles för fort",
        "Cars drive far too fast",
        "Cars drive far too fast at night",
        "Cars drive far too fast on the main street",
        "Bilarna kör för fort vid skolan",
        "Cars drive far too fast near the school",
        "Cars drive far too fast everywhere",
    ]
    languages = ["sv", "sv", "sv", "en", "en", "en", "sv", "en", "en"]
    # By answers, not distinct texts: the Swedish ones were each sent by many people.
    counts = [5.0, 5.0, 5.0, 1.0, 1.0, 1.0, 5.0, 1.0, 1.0]
    labeler = PhraseLabeler().fit(texts, [0] * 9, languages=languages, counts=counts)
    assert labeler.label_languages_[0] == "sv"
    assert "bilarna" in labeler.labels_[0].lower()
    english = PhraseLabeler().fit(texts, [0] * 9, languages=languages)
    assert english.label_languages_[0] == "en"
    assert "cars" in english.labels_[0].lower()


def test_analysis_marks_an_english_label_as_english() -> None:
    answers = [
        *(f"Polisen syns inte på kvällarna {w}" for w in ("här", "i centrum", "vid torget", "alls")),
        *(f"Cars drive far too fast on the main street {w}" for w in ("today", "at night", "again", "daily")),
    ]
    result = analyse([Answer(str(i), t) for i, t in enumerate(answers)], AnalysisConfig(seed=0, k=2))
    by_label = {c.label: c.label_language for c in result.clusters}
    english = [label for label in by_label if "cars" in label.lower()]
    swedish = [label for label in by_label if "polisen" in label.lower()]
    assert english and all(by_label[label] == "en" for label in english), by_label
    assert swedish and all(by_label[label] == "sv" for label in swedish), by_label


def test_without_a_phrase_the_label_is_the_area_and_its_word_never_a_list() -> None:
    assert fallback_label("Övrigt", ("snöröjningen", "plogas", "gatan")) == "Övrigt: snöröjningen"
    assert fallback_label("Övrigt", ()) == "Övrigt"
    # One-word answers give no phrase of two words or more.
    labeler = PhraseLabeler().fit(["Snöröjningen!", "Snöröjningen?", "snöröjningen"], [0, 0, 0])
    assert labeler.labels_[0] == ""
    words = ["Snöröjningen", "Snöröjningen!", "Snöröjningen!!", "Plogningen", "Plogningen!"]
    result = analyse([Answer(str(i), t) for i, t in enumerate(words * 2)], AnalysisConfig(seed=0))
    for cluster in result.clusters:
        assert not re.fullmatch(r"\w+(, \w+)+", cluster.label), cluster.label
        assert cluster.label.startswith("Övrigt: ") or " " in cluster.label, cluster.label


def test_a_phrase_keeps_its_reflexive_and_its_preposition() -> None:
    texts = [
        "Drogpåverkade personer uppehåller sig vid torget",
        "Drogpåverkade personer uppehåller sig i parken på nätterna",
        "Drogpåverkade personer uppehåller sig runt skolan",
        "Snön plogas inte på cykelvägen och folk går i gatan",
        "Snön plogas inte på cykelvägen och barnen halkar",
        "Snön plogas inte på cykelvägen och folk cyklar i gatan",
    ]
    labels = PhraseLabeler().fit(texts, [0, 0, 0, 1, 1, 1]).labels_
    assert labels[0] == "Drogpåverkade personer uppehåller sig"
    assert not labels[1].lower().startswith("cykelvägen"), labels[1]
    assert "plogas inte" in labels[1].lower(), labels[1]


def test_a_text_many_people_sent_counts_as_shared() -> None:
    # Distinct texts stand for their answers: the snow text was sent by twelve people.
    texts = [
        "Snöröjningen på gångvägarna är dålig",
        "Kollektivtrafiken slutar för tidigt",
        "Hundar utan koppel",
    ]
    one_each = PhraseLabeler().fit(texts, [0, 0, 0]).labels_[0]
    assert one_each == ""  # nothing two answers say: the caller falls back to the area's name
    weighted = PhraseLabeler().fit(texts, [0, 0, 0], counts=[12.0, 1.0, 1.0]).labels_[0]
    assert weighted == "Snöröjningen på gångvägarna är dålig"
