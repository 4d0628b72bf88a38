"""Writes for the suggestions at intake (decision 0029): training runs, the suggestions shown
on the classification form, and — later — what the officer chose. A suggestion never decides:
it only pre-fills the form when the officer asks; the officer still submits."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.cases.models import Case, CaseKind
from danvan.insights.models import ModelRun, ModelTarget, RunOutcome, Suggestion
from danvan.insights.selectors import suggestions as selectors
from danvan.insights.suggesting import features, prediction, training


def _too_few_note(target: str, fitted: training.Fitted, names: dict[str, str]) -> str:
    note = _(
        "Too few labelled matters to learn from: %(labels)d in classes with at least "
        "%(per_class)d matters each, %(needed)d needed in at least two classes. No suggestion "
        "is made until officers have classified more matters."
    ) % {
        "labels": fitted.labels,
        "per_class": training.min_per_class(),
        "needed": training.min_labels(),
    }
    return " ".join([note, _left_out(fitted, names)]).strip()


def _left_out(fitted: training.Fitted, names: dict[str, str]) -> str:
    if not fitted.left_out:
        return ""
    listed = ", ".join(
        f"{names.get(c, c)} ({n})" for c, n in sorted(fitted.left_out.items(), key=lambda x: x[0])
    )
    return _("Left out, too few matters to learn: %(classes)s.") % {"classes": listed}


def train(
    *,
    target: str,
    seed: int = 0,
    actor: Any = None,
    progress: Callable[[str], None] | None = None,
) -> ModelRun:
    """Fit the target's classifier on the officers' classifications and measure it on
    held-out matters; the new run replaces the one in use when it trained. With too few
    labels a run is recorded all the same (TOO_FEW, its note says why), and the one in use, if
    any, stays in use."""
    if target not in selectors.CLASSIFIER_TARGETS:
        raise ValueError(f"not a classifier: {target}")
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    say(f"{target}: reading labelled matters")
    labelled = selectors.labelled_matters(target)
    names = selectors.class_names(target)
    say(f"{target}: {len(labelled.labels)} labelled matters")
    fitted = training.fit(labelled.texts, labelled.labels, seed=seed, names=names, progress=say)
    artifact = training.dump(fitted.model) if fitted.model is not None else None
    seconds = time.perf_counter() - started
    with transaction.atomic():
        if fitted.too_few:
            return ModelRun.objects.create(
                target=target,
                outcome=RunOutcome.TOO_FEW,
                trained_at=timezone.now(),
                trained_by=actor if getattr(actor, "is_authenticated", False) else None,
                seed=seed,
                labels=fitted.labels,
                metrics={"counts": fitted.counts},
                active=False,
                seconds=seconds,
                note=_too_few_note(target, fitted, names),
            )
        ModelRun.objects.filter(target=target, active=True).update(active=False)
        return ModelRun.objects.create(
            target=target,
            outcome=RunOutcome.TRAINED,
            trained_at=timezone.now(),
            trained_by=actor if getattr(actor, "is_authenticated", False) else None,
            seed=seed,
            labels=fitted.labels,
            train_size=fitted.train_size,
            test_size=fitted.test_size,
            metrics=fitted.metrics,
            artifact=artifact,
            active=True,
            seconds=seconds,
            note=_left_out(fitted, names),
        )


@dataclass(frozen=True)
class Shown:
    """A suggestion as the classification form shows it."""

    target: str
    value: str  # a field's code or a kind
    label: str
    percent: int
    form_value: str  # what the form's select takes: a field's id, a kind


def suggest_for_case(*, case: Case) -> list[Shown]:
    """The suggestions for a matter not yet classified, confident ones only, recorded as shown
    (once per matter, target and run). Nothing without an active run."""
    if case.kind != CaseKind.UNCLASSIFIED:
        return []
    runs = prediction.active_runs()
    if not runs:
        return []
    guesses = prediction.suggest_many(
        [features.matter_text(case.title, case.content)], runs=runs, confident_only=True
    )[0]
    if not guesses:
        return []
    shown: list[Shown] = []
    field_ids = selectors.field_ids() if ModelTarget.FIELD in guesses else {}
    kinds = dict(CaseKind.choices)
    names = dict(selectors.class_names(ModelTarget.FIELD)) if field_ids else {}
    for target in selectors.CLASSIFIER_TARGETS:
        guess = guesses.get(target)
        if guess is None:
            continue
        if target == ModelTarget.FIELD:
            if guess.value not in field_ids:  # a field retired since training
                continue
            label, form_value = names.get(guess.value, guess.value), str(field_ids[guess.value])
        else:
            if guess.value not in kinds or guess.value == CaseKind.UNCLASSIFIED:
                continue
            label, form_value = str(kinds[guess.value]), guess.value
        shown.append(
            Shown(
                target=target,
                value=guess.value,
                label=label,
                # Never shown as certain: a suggestion may be wrong.
                percent=min(99, round(100 * guess.confidence)),
                form_value=form_value,
            )
        )
    confidences = {g.target: g for g in guesses.values()}
    with transaction.atomic():
        Suggestion.objects.bulk_create(
            [
                Suggestion(
                    case=case,
                    run_id=confidences[s.target].run_id,
                    target=s.target,
                    value=s.value,
                    confidence=round(confidences[s.target].confidence, 4),
                )
                for s in shown
            ],
            ignore_conflicts=True,  # shown before: the first showing stands
        )
    return shown


def record_decisions(*, now: Any = None, batch: int = 2000) -> int:
    """What the officers chose for the matters suggestions were shown on, once classified:
    their classification as it stands (a later correction by the officer is the choice).
    Filled from the matters, so the cases app needs no knowledge of suggestions. Run by the
    training command and by the worker (`suggesting.tasks.record_suggestion_decisions`)."""
    now = now or timezone.now()
    pending = (
        Suggestion.objects.filter(decided_at__isnull=True)
        .exclude(Q(case__kind=CaseKind.UNCLASSIFIED))
        .values_list("pk", "target", "case__kind", "case__field__code")
        .order_by("pk")
    )
    done = 0
    while True:
        rows = list(pending[:batch])
        if not rows:
            return done
        with transaction.atomic():
            updates = []
            for pk, target, kind, field_code in rows:
                chosen = kind if target == ModelTarget.KIND else (field_code or "")
                updates.append(Suggestion(pk=pk, chosen=chosen, decided_at=now))
            Suggestion.objects.bulk_update(updates, ["chosen", "decided_at"])
        done += len(rows)
