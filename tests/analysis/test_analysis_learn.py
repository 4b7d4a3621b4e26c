"""Learning problem areas from reviewed answers."""

from analysis import AnalysisConfig, Answer, ReviewedExample, analyse, train_theme_model
from analysis.taxonomy import load_taxonomy


def _custom_examples() -> list[ReviewedExample]:
    # Labels the keyword taxonomy cannot know: an official's own areas.
    data = [
        ("Lösa hundar i parken", "hundar"),
        ("Hundar utan koppel", "hundar"),
        ("Hundägare som inte plockar upp", "hundar"),
    ] * 6 + [
        ("Vildsvin i trädgården", "vilt"),
        ("Älgar på vägen", "vilt"),
        ("Rådjur äter rabatterna", "vilt"),
    ] * 6
    return [ReviewedExample(f"{t} {i}", a) for i, (t, a) in enumerate(data)]


def test_too_few_examples_returns_none() -> None:
    examples = [ReviewedExample("Knark", "narkotika"), ReviewedExample("Mörkt", "belysning")]
    assert train_theme_model(examples) is None


def test_trained_model_learns_new_labels() -> None:
    model = train_theme_model(_custom_examples(), seed=0)
    assert model is not None
    assert model.cv_macro_f1 > 0.9
    assert model.beats_unsupervised  # keywords cannot produce "hundar"/"vilt"
    assert model.predict(["Hundar som springer lösa", "Vildsvin bökar"]) == ("hundar", "vilt")


def test_model_used_only_when_better(answer_factory) -> None:  # type: ignore[no-untyped-def]
    labelled = answer_factory(n_per_topic=10, seed=2)
    reviewed = tuple(ReviewedExample(t, a) for t, a in labelled)
    model = train_theme_model(reviewed, seed=0, taxonomy=load_taxonomy())
    assert model is not None
    # Keywords already get these right, so the learned model must not be preferred.
    if model.beats_unsupervised:
        assert model.cv_macro_f1 > model.unsupervised_macro_f1
        assert model.cv_macro_f1 >= model.plain_cv_macro_f1


def test_pipeline_uses_learned_model() -> None:
    examples = tuple(_custom_examples())
    taxonomy = (
        load_taxonomy()
        .with_area({"code": "hundar", "name_sv": "Hundar"})
        .with_area({"code": "vilt", "name_sv": "Vilt"})
    )
    answers = [
        Answer("1", "Hundar utan koppel vid skolan"),
        Answer("2", "Vildsvin i parken"),
        Answer("3", "Knark på torget"),
    ]
    result = analyse(answers, AnalysisConfig(taxonomy=taxonomy, reviewed=examples))
    assert result.model_used == "learned"
    assert result.learned_cv_macro_f1 is not None
    assert [a.theme for a in result.answers[:2]] == ["hundar", "vilt"]


def test_uncertainty_order_puts_unsure_answers_first() -> None:
    from analysis import uncertainty_order

    answers = [
        Answer("sure", "Knarkförsäljning och langning av narkotika vid skolan"),
        Answer("unsure", "Det är så det är"),
        Answer("none", "vet ej"),
        Answer("mixed", "Fulla ungdomar säljer knark och kör moped"),
    ]
    result = analyse(answers, AnalysisConfig(seed=0))
    order = uncertainty_order(result.answers)
    assert "none" not in order  # non-answers are not worth a reviewer's time
    assert order.index("sure") > order.index("mixed")
    assert all(0.0 <= a.confidence <= 1.0 for a in result.answers)


def test_fine_tuned_model_records_its_comparison() -> None:
    model = train_theme_model(_custom_examples(), seed=0)
    assert model is not None
    assert 0.0 <= model.plain_cv_macro_f1 <= 1.0
