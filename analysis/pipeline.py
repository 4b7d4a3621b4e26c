"""The end-to-end analysis: clean → redact → represent → themes → cluster → describe."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from analysis.describe import describe_clusters
from analysis.errors import InputError
from analysis.features import make_representation
from analysis.language import SUPPORTED, UNDETERMINED, LanguageDetector
from analysis.layers import Layering, nested_clusters
from analysis.learn import TrainedThemeModel, train_theme_model, unsupervised_matrix
from analysis.nonanswer import NonAnswerDetector
from analysis.reasons import NOTHING, UNFITTED
from analysis.redact import Redactor
from analysis.taxonomy import Taxonomy, load_taxonomy
from analysis.text import normalise
from analysis.themes import ThemeAssigner, ThemeScores
from analysis.types import AnalysisConfig, AnalysisResult, Answer, AnswerResult

Progress = Callable[[float, str], None]
FLAT_ABOVE_FALLBACK_SHARE = 0.5


def _step(progress: Progress | None, fraction: float, name: str) -> None:
    if progress is not None:
        progress(fraction, name)


def _languages(texts: Sequence[str], flags: Sequence[bool]) -> list[str]:
    detector = LanguageDetector()
    raw = [detector.detect(t) for t in texts]
    counts = Counter(lang for lang, skip in zip(raw, flags, strict=True) if lang in SUPPORTED and not skip)
    # Short answers without clues ("Narkotika!!") most likely share the survey's language.
    majority = counts.most_common(1)[0][0] if counts else UNDETERMINED
    return [majority if lang == UNDETERMINED and t else lang for lang, t in zip(raw, texts, strict=True)]


def _clean(raw: Sequence[str]) -> tuple[list[str], list[bool], list[str]]:
    """Normalise, flag non-answers and detect languages, once per distinct raw text."""
    distinct = list(dict.fromkeys(raw))
    detector = NonAnswerDetector()
    cleaned_d = [normalise(t) for t in distinct]
    flags_d = [detector.is_non_answer(t) for t in cleaned_d]
    langs_d = _languages(cleaned_d, flags_d)
    index = {t: i for i, t in enumerate(distinct)}
    rows = [index[t] for t in raw]
    return ([cleaned_d[i] for i in rows], [flags_d[i] for i in rows], [langs_d[i] for i in rows])


def _redact_all(texts: Sequence[str]) -> list[str]:
    redactor, cache = Redactor(), {}
    out = []
    for text in texts:
        if text not in cache:
            cache[text] = redactor.redact(text).text
        out.append(cache[text])
    return out


def _learned(
    config: AnalysisConfig, taxonomy: Taxonomy, assigner: ThemeAssigner, representation
) -> TrainedThemeModel | None:  # type: ignore[no-untyped-def]
    if not config.reviewed:
        return None

    def prior(texts: Sequence[str]) -> np.ndarray:
        kw = assigner.matcher_.score(texts)
        scores = assigner.assign(representation.transform(texts), keyword_scores=kw, texts=texts)
        return unsupervised_matrix(scores.scores, scores.primary)

    return train_theme_model(config.reviewed, config.seed, taxonomy, prior=prior)


def _fine_tuned(
    model: TrainedThemeModel,
    texts: Sequence[str],
    X,  # type: ignore[no-untyped-def]
    assigner: ThemeAssigner,
) -> ThemeScores:
    base = assigner.assign(X)
    unsup = unsupervised_matrix(base.scores, base.primary)
    proba, classes = model.model.predict_proba(texts, unsup=unsup)
    final = model.blend(unsup, proba, classes)
    return assigner.assign(X, primary=final.argmax(axis=1), confidence_scores=final)


# The default config is a frozen dataclass, so sharing one instance is safe.
def analyse(
    answers: Sequence[Answer],
    config: AnalysisConfig = AnalysisConfig(),  # noqa: B008
    progress: Progress | None = None,
) -> AnalysisResult:
    """Analyse free-text answers: problem areas, clusters and cluster descriptions.

    Args:
        answers: the answers.
        config: k, seed, bounds, taxonomy and reviewed examples.
        progress: optional callback receiving (fraction 0..1, step name).

    Returns:
        AnalysisResult with one AnswerResult per answer in input order.

    Raises:
        InputError: when there are no answers.
    """
    if not answers:
        raise InputError("There are no answers to analyse.")
    taxonomy = config.taxonomy or load_taxonomy()
    _step(progress, 0.0, "clean")
    cleaned, flags, languages = _clean([a.text or "" for a in answers])
    _step(progress, 0.1, "redact")
    redacted = _redact_all(cleaned)
    content = [i for i, flag in enumerate(flags) if not flag]
    unique: dict[str, int] = {}
    row_of = np.array([unique.setdefault(redacted[i], len(unique)) for i in content], dtype=int)
    texts = list(unique)
    weights = np.bincount(row_of, minlength=len(texts)).astype(float)
    if not texts:
        _step(progress, 1.0, "done")
        return _empty_result(answers, languages, redacted, taxonomy)
    _step(progress, 0.2, "represent")
    representation = make_representation(len(texts), config.seed, config.representation)
    X = representation.fit_transform(texts)
    _step(progress, 0.45, "themes")
    assigner = ThemeAssigner(taxonomy, seed=config.seed).fit(texts, X, representation)
    model = _learned(config, taxonomy, assigner, representation)
    use_model = model is not None and model.beats_unsupervised
    scores = _fine_tuned(model, texts, X, assigner) if use_model and model else assigner.assign(X)
    _step(progress, 0.65, "cluster")
    layering = _cluster(X, scores.primary, weights, config, taxonomy)
    _step(progress, 0.85, "describe")
    text_languages = [""] * len(texts)
    for i, row in zip(content, row_of, strict=True):
        text_languages[row] = text_languages[row] or languages[i]
    clusters, order = describe_clusters(
        X,
        texts,
        layering.labels,
        weights,
        scores.primary,
        taxonomy,
        len(answers),
        config.min_cluster_size,
        text_languages,
    )
    results = _answer_results(
        answers, languages, redacted, flags, content, row_of, order[layering.labels], scores, taxonomy
    )
    _step(progress, 1.0, "done")
    return AnalysisResult(
        answers=results,
        clusters=clusters,
        k=layering.k,
        k_reason=layering.reason,
        theme_counts=_theme_counts(results, taxonomy),
        model_used="learned" if use_model else "keywords",
        learned_cv_macro_f1=model.cv_macro_f1 if model is not None else None,
    )


def _cluster(
    X,
    primary: np.ndarray,
    weights: np.ndarray,
    config: AnalysisConfig,  # type: ignore[no-untyped-def]
    taxonomy: Taxonomy,
) -> Layering:
    fallback = taxonomy.codes.index(taxonomy.fallback)
    share = float(weights[primary == fallback].sum() / weights.sum())
    if share <= FLAT_ABOVE_FALLBACK_SHARE:
        return nested_clusters(
            X, primary, weights, config.k, config.max_k, config.min_cluster_size, config.seed
        )
    # Most answers fit no problem area (another kind of survey): areas would only cut
    # real topics apart, so cluster all answers together.
    flat = nested_clusters(
        X, np.zeros_like(primary), weights, config.k, config.max_k, config.min_cluster_size, config.seed
    )
    reason = UNFITTED % {"share": round(share * 100), "reason": flat.reason}
    return Layering(flat.labels, flat.k, reason)


def _answer_results(
    answers: Sequence[Answer],
    languages: list[str],
    redacted: list[str],
    flags: list[bool],
    content: list[int],
    row_of: np.ndarray,
    cluster_of_row: np.ndarray,
    scores: ThemeScores,
    taxonomy: Taxonomy,
) -> tuple[AnswerResult, ...]:
    codes = taxonomy.codes
    position = {i: row for i, row in zip(content, row_of, strict=True)}
    out = []
    for i, answer in enumerate(answers):
        row = position.get(i)
        themes: tuple[str, ...]
        if row is None:
            cluster, theme, themes = -1, taxonomy.fallback, (taxonomy.fallback,)
            confidence = 1.0
        else:
            confidence = 1.0 if scores.confidence is None else float(scores.confidence[row])
            cluster = int(cluster_of_row[row])
            themes = tuple(codes[j] for j in scores.themes[row])
            theme = themes[0]
        out.append(
            AnswerResult(
                answer_id=str(answer.id),
                language=languages[i],
                text_redacted=redacted[i],
                non_answer=flags[i],
                cluster=cluster,
                theme=theme,
                themes=themes,
                confidence=confidence,
            )
        )
    return tuple(out)


def _theme_counts(results: Sequence[AnswerResult], taxonomy: Taxonomy) -> dict[str, int]:
    """Answers mentioning each area (multi-label); non-answers counted under "non_answer"."""
    counts = dict.fromkeys(taxonomy.codes, 0)
    counts["non_answer"] = 0
    for r in results:
        if r.non_answer:
            counts["non_answer"] += 1
            continue
        for code in r.themes:
            counts[code] = counts.get(code, 0) + 1
    return counts


def _empty_result(
    answers: Sequence[Answer], languages: list[str], redacted: list[str], taxonomy: Taxonomy
) -> AnalysisResult:
    results = tuple(
        AnswerResult(str(a.id), languages[i], redacted[i], True, -1, taxonomy.fallback, (taxonomy.fallback,))
        for i, a in enumerate(answers)
    )
    return AnalysisResult(
        answers=results,
        clusters=(),
        k=0,
        k_reason=NOTHING,
        theme_counts=_theme_counts(results, taxonomy),
    )
