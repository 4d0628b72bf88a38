"""The classifiers behind the intake's suggestions: reproducible from a seed, above a stated
floor on the labelled fixture, nothing learnt (and a clear note) with too few labels, one run
in use per target, and the command that retrains and prints the held-out measures."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from danvan.insights.models import ModelRun, ModelTarget, RunOutcome
from danvan.insights.services import suggestions
from danvan.insights.suggesting import prediction, training
from tests.insights.conftest import make_text
from tests.insights.labelled import labelled_matters, make_labelled_cases

# The stated floor (issue point 11): on 600 fixture matters (seed 7), 20 % held out, both
# classifiers reach a macro-F1 of at least 0.85. The fixture mislabels ~2 % on purpose.
FLOOR_MATTERS = 600
FLOOR_MACRO_F1 = 0.85


@pytest.fixture(autouse=True)
def _fresh_models():  # type: ignore[no-untyped-def]
    prediction.forget()
    yield
    prediction.forget()


@pytest.fixture(scope="module")
def fixture_matters():  # type: ignore[no-untyped-def]
    return labelled_matters(FLOOR_MATTERS, seed=7)


@pytest.mark.parametrize("target", ["field", "kind"])
def test_training_on_the_labelled_fixture_reaches_the_floor(fixture_matters, target) -> None:  # type: ignore[no-untyped-def]
    texts = [m.text for m in fixture_matters]
    fitted = training.fit(texts, [getattr(m, target) for m in fixture_matters], seed=0)
    assert fitted.model is not None
    assert fitted.test_size == pytest.approx(0.2 * FLOOR_MATTERS, abs=1)
    assert fitted.metrics["macro_f1"] >= FLOOR_MACRO_F1
    for measures in fitted.metrics["classes"].values():
        assert set(measures) == {"label", "precision", "recall", "f1", "support"}


def test_the_same_seed_gives_the_same_measures_and_predictions(fixture_matters) -> None:  # type: ignore[no-untyped-def]
    texts = [m.text for m in fixture_matters]
    labels = [m.kind for m in fixture_matters]
    first = training.fit(texts, labels, seed=11)
    again = training.fit(texts, labels, seed=11)
    other = training.fit(texts, labels, seed=12)
    assert first.model is not None and again.model is not None and other.model is not None
    assert first.metrics == again.metrics
    probe = [m.text for m in labelled_matters(50, seed=99)]
    assert (first.model.predict_proba(probe) == again.model.predict_proba(probe)).all()
    # The seed does matter (another split and shuffling): a test that could not fail otherwise.
    assert (first.model.predict_proba(probe) != other.model.predict_proba(probe)).any()


def test_a_stored_model_predicts_as_the_fitted_one(fixture_matters) -> None:  # type: ignore[no-untyped-def]
    texts = [m.text for m in fixture_matters]
    fitted = training.fit(texts, [m.field for m in fixture_matters], seed=0)
    assert fitted.model is not None
    loaded = training.load(training.dump(fitted.model))
    assert list(loaded.predict(texts[:40])) == list(fitted.model.predict(texts[:40]))


def test_letters_without_diacritics_are_classified_like_the_others(fixture_matters) -> None:  # type: ignore[no-untyped-def]
    texts = [m.text for m in fixture_matters]
    fitted = training.fit(texts, [m.field for m in fixture_matters], seed=0)
    assert fitted.model is not None
    probe = labelled_matters(200, seed=5, plain_share=1.0, noise=0.0)
    predicted = fitted.model.predict([m.text for m in probe])
    right = sum(p == m.field for p, m in zip(predicted, probe, strict=True))
    assert right / len(probe) >= 0.85


def test_too_few_labels_learn_nothing_and_say_why() -> None:
    matters = labelled_matters(40, seed=1)
    fitted = training.fit([m.text for m in matters], [m.kind for m in matters], seed=0)
    assert fitted.too_few and fitted.model is None and fitted.metrics == {}


@override_settings(INSIGHTS_MIN_LABELS=60, INSIGHTS_MIN_CLASS_LABELS=8)
def test_rare_classes_are_left_out_and_named() -> None:
    matters = labelled_matters(200, seed=2, kinds=["feedback", "complaint"], noise=0.0)
    rare = labelled_matters(3, seed=3, kinds=["denunciation"], noise=0.0)
    texts = [m.text for m in matters + rare]
    labels = [m.kind for m in matters + rare]
    fitted = training.fit(texts, labels, seed=0)
    assert fitted.left_out == {"denunciation": 3}
    assert set(fitted.metrics["classes"]) == {"feedback", "complaint"}
    assert fitted.labels == 200


@pytest.mark.django_db
def test_too_few_classified_matters_record_a_run_without_a_model(network) -> None:  # type: ignore[no-untyped-def]
    make_labelled_cases(labelled_matters(20, seed=1), unit=network.commune_a1.unit)
    run = suggestions.train(target=ModelTarget.FIELD, seed=0)
    assert run.outcome == RunOutcome.TOO_FEW
    assert run.artifact is None and not run.active
    assert run.note and "60" in run.note
    assert prediction.suggest_many(["Đường liên xã xuống cấp nhiều ổ gà"]) == [{}]


@pytest.mark.django_db
def test_a_new_run_replaces_the_one_in_use_and_a_failed_one_does_not(network, settings) -> None:  # type: ignore[no-untyped-def]
    cases = make_labelled_cases(labelled_matters(300, seed=4), unit=network.commune_a1.unit)
    first = suggestions.train(target=ModelTarget.KIND, seed=0)
    second = suggestions.train(target=ModelTarget.KIND, seed=1)
    first.refresh_from_db()
    assert second.active and not first.active
    assert second.outcome == RunOutcome.TRAINED and second.artifact
    assert second.labels == 300 and second.train_size + second.test_size == 300
    assert second.seconds > 0
    # Fewer labels than needed now: a TOO_FEW run, and the trained one stays in use.
    settings.INSIGHTS_MIN_LABELS = len(cases) + 1
    failed = suggestions.train(target=ModelTarget.KIND, seed=2)
    second.refresh_from_db()
    assert failed.outcome == RunOutcome.TOO_FEW and second.active
    assert ModelRun.objects.filter(target=ModelTarget.KIND, active=True).count() == 1


@pytest.mark.django_db
def test_unclassified_duplicate_and_sensitive_matters_are_not_labels(network) -> None:  # type: ignore[no-untyped-def]
    from danvan.cases.models import Case, CaseKind
    from danvan.insights.selectors.suggestions import labelled_matters as labelled

    cases = make_labelled_cases(labelled_matters(10, seed=4), unit=network.commune_a1.unit)
    Case.objects.filter(pk=cases[0].pk).update(kind=CaseKind.UNCLASSIFIED)
    Case.objects.filter(pk=cases[1].pk).update(duplicate_of=cases[2])
    Case.objects.filter(pk=cases[3].pk).update(field=None)
    make_text("...", source_id=cases[4].pk, sensitive=True)
    assert len(labelled(ModelTarget.KIND).labels) == 7
    assert len(labelled(ModelTarget.FIELD).labels) == 6


@pytest.mark.django_db
def test_the_command_retrains_and_prints_the_held_out_measures(network) -> None:  # type: ignore[no-untyped-def]
    make_labelled_cases(labelled_matters(300, seed=4), unit=network.commune_a1.unit)
    out, err = StringIO(), StringIO()
    call_command("insights_train", "--target", "kind", "--seed", "3", stdout=out, stderr=err)
    run = ModelRun.objects.get(target=ModelTarget.KIND, active=True)
    assert run.seed == 3
    text = out.getvalue()
    assert "precision" in text and "recall" in text
    for value, measures in run.metrics["classes"].items():
        assert f"[{value}]" in text
        assert f"{measures['precision']:.3f}" in text
    assert f"{run.metrics['macro_f1']:.3f}" in text
    assert "fitting on" in err.getvalue()  # progress
    assert not ModelRun.objects.filter(target=ModelTarget.FIELD).exists()
