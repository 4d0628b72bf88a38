"""The similarity methods measured on the labelled pair set (a fifth of it here: the model is
CPU heavy; the command measures the whole set)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from danvan.insights.models import ModelRun, ModelTarget, RunOutcome
from danvan.insights.similarity import evaluate as ev
from danvan.insights.similarity import pairs

# 8 matters × 4 pairs: 40 short texts and their 32 folded look-ups.
SUBSET = slice(0, 32)
# The floor the chosen method must meet (measured 0.95 on this subset, 0.97 on the set).
AUC_FLOOR = 0.9


@pytest.fixture(scope="module")
def measured() -> ev.Evaluation:
    return ev.evaluate(pairs.pairs()[SUBSET])


def test_the_pair_set_has_every_kind_and_hard_negatives():
    ps = pairs.pairs()
    assert len(ps) >= 150
    by_kind = {k: [p for p in ps if p.kind == k] for k in pairs.KINDS}
    assert all(len(v) >= 35 for v in by_kind.values())
    assert all(p.same for k in (pairs.REWORDED, pairs.ACCENT, pairs.VARIANT) for p in by_kind[k])
    assert not any(p.same for p in by_kind[pairs.NEGATIVE])
    # Accent-stripped copies carry no diacritics; variants carry the abbreviations.
    assert all(p.b.isascii() for p in by_kind[pairs.ACCENT])
    assert sum("UBND" in p.b for p in by_kind[pairs.VARIANT]) >= 5
    assert all(p.a != p.b for p in ps)


def test_the_chosen_method_meets_its_floor(measured):
    chosen = measured.method(measured.chosen)
    assert chosen["auc"] >= AUC_FLOOR
    assert chosen["f1"] >= 0.85
    assert measured.method(ev.COMBINED)["auc"] >= measured.method(ev.CHARACTERS)["auc"]


def test_combined_is_at_least_as_good_as_characters_on_reworded_pairs(measured):
    combined = measured.method(ev.COMBINED)["kinds"]["reworded"]
    characters = measured.method(ev.CHARACTERS)["kinds"]["reworded"]
    assert combined["auc"] >= characters["auc"]
    assert combined["precision_at_1"] >= characters["precision_at_1"]


def test_accent_stripped_copies_are_found(measured):
    accent = measured.method(ev.COMBINED)["kinds"]["accent"]
    assert accent["auc"] >= AUC_FLOOR
    assert accent["precision_at_1"] >= 0.75


@pytest.mark.django_db
def test_the_command_prints_each_method_and_stores_a_run(measured, monkeypatch, capsys):
    from danvan.insights.management.commands import insights_similarity_eval as command

    monkeypatch.setattr(command, "evaluate", lambda: measured)
    call_command("insights_similarity_eval")
    out = capsys.readouterr().out
    for name in ev.METHODS:
        assert name in out
    run = ModelRun.objects.get(target=ModelTarget.SIMILAR)
    assert run.outcome == RunOutcome.TRAINED and run.active
    assert run.metrics["chosen"] == measured.chosen
    assert set(run.metrics["methods"]) == set(ev.METHODS)
    call_command("insights_similarity_eval")
    assert ModelRun.objects.filter(target=ModelTarget.SIMILAR, active=True).count() == 1
