"""End-to-end behaviour of analyse()."""

import subprocess
import sys

from analysis import AnalysisConfig, Answer, analyse


def _answers(labelled: list[tuple[str, str]]) -> list[Answer]:
    extra = [Answer("na1", "vet ej"), Answer("na2", "-"), Answer("na3", "")]
    return [Answer(str(i), t) for i, (t, _) in enumerate(labelled)] + extra


def test_result_shape(labelled) -> None:  # type: ignore[no-untyped-def]
    steps: list[tuple[float, str]] = []
    result = analyse(_answers(labelled), AnalysisConfig(seed=1), progress=lambda f, s: steps.append((f, s)))
    assert len(result.answers) == len(labelled) + 3
    non = [a for a in result.answers if a.non_answer]
    assert {a.answer_id for a in non} == {"na1", "na2", "na3"}
    assert all(a.cluster == -1 for a in non)
    assert all(a.cluster >= 0 for a in result.answers if not a.non_answer)
    assert result.k == len(result.clusters) >= 1
    assert sum(c.size for c in result.clusters) == len(labelled)
    assert [s for _, s in steps][:3] == ["clean", "redact", "represent"]
    assert steps[-1] == (1.0, "done")
    assert all(0.0 <= f <= 1.0 for f, _ in steps)
    assert result.model_used == "keywords" and result.learned_cv_macro_f1 is None


def test_cluster_descriptions(labelled) -> None:  # type: ignore[no-untyped-def]
    result = analyse(_answers(labelled), AnalysisConfig(seed=0))
    for c in result.clusters:
        assert c.label and c.top_terms
        assert 1 <= len(c.representatives) <= 3
        assert 0 < c.share <= 1
    themes = {c.suggested_theme for c in result.clusters}
    assert themes == {"narkotika", "trafik", "belysning", "bedrageri"}
    # Labels show readable words, not stems.
    words = {w for c in result.clusters for w in c.top_terms}
    assert "knarkförsäljning" in words or "langning" in words or "droger" in words


def test_deterministic_with_seed(labelled) -> None:  # type: ignore[no-untyped-def]
    a = analyse(_answers(labelled), AnalysisConfig(seed=3))
    b = analyse(_answers(labelled), AnalysisConfig(seed=3))
    assert a == b


def test_fixed_k(labelled) -> None:  # type: ignore[no-untyped-def]
    for k in (2, 6):
        result = analyse(_answers(labelled), AnalysisConfig(k=k, min_cluster_size=1))
        assert result.k == k == len(result.clusters)
        assert "fixed k" in result.k_reason


def test_auto_k_reason(labelled) -> None:  # type: ignore[no-untyped-def]
    result = analyse(_answers(labelled), AnalysisConfig(max_k=10))
    assert result.k <= 10
    assert result.k_reason.startswith(f"k={result.k}:")
    assert "silhouette" in result.k_reason


def test_new_topic_surfaces() -> None:
    # Answers about loose dogs fit no taxonomy area; they should form their own topic.
    dogs = [
        f"Lösa hundar på gården {s}"
        for s in ("idag", "igen", "varje dag", "på morgonen", "och ägarna bryr sig inte", "som skäller")
    ]
    drugs = [f"Knarkförsäljning vid skolan {s}" for s in ("idag", "igen", "ofta", "alltid")]
    answers = [Answer(str(i), t) for i, t in enumerate(dogs + drugs)]
    result = analyse(answers, AnalysisConfig(seed=0))
    new = [c for c in result.clusters if c.is_new_topic]
    assert new and any("hundar" in c.top_terms for c in new)


def test_redaction_in_results() -> None:
    result = analyse(
        [Answer("1", "Ring Anna Andersson på 070-123 45 67 om knarket"), Answer("2", "Knark vid skolan")]
    )
    text = result.answers[0].text_redacted
    assert "[namn]" in text and "[telefon]" in text and "070" not in text


def test_no_flask_import() -> None:
    code = (
        "import sys, analysis, analysis.pipeline, analysis.tabular; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'sqlalchemy', 'app', 'surveys') or m.startswith('flask_')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
