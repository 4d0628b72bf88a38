"""Reads for the suggestions at intake: the labelled matters a classifier learns from, the
runs and their measures, how often officers took a suggestion (decision 0029)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q

from danvan.cases.models import Case, CaseField, CaseKind
from danvan.insights.models import (
    ModelRun,
    ModelTarget,
    RunOutcome,
    Suggestion,
    Text,
    TextSource,
)
from danvan.insights.suggesting import features

CLASSIFIER_TARGETS = (ModelTarget.FIELD, ModelTarget.KIND)


@dataclass
class Labelled:
    case_ids: list[int]
    texts: list[str]
    labels: list[str]


def labelled_matters(target: str) -> Labelled:
    """The matters officers have classified, with the officer's final classification as the
    label: a suggestion the officer corrected teaches the correction. A system task (the
    training command), not a user's view: read through the ORM. Left out: duplicates (a
    letter sent twice would sit on both sides of the held-out split) and matters whose text
    speaks of political or religious views (harvested as sensitive: counted only, never
    used as words)."""
    sensitive = Text.objects.filter(source=TextSource.CASE, sensitive=True).values("source_id")
    matters = (
        Case.objects.exclude(kind=CaseKind.UNCLASSIFIED)
        .filter(duplicate_of__isnull=True)
        .exclude(pk__in=sensitive)
    )
    if target == ModelTarget.FIELD:
        rows: Iterable[tuple[Any, ...]] = (
            matters.filter(field__isnull=False)
            .order_by("pk")
            .values_list("pk", "title", "content", "field__code")
            .iterator(chunk_size=5000)
        )
    else:
        rows = (
            matters.order_by("pk")
            .values_list("pk", "title", "content", "kind")
            .iterator(chunk_size=5000)
        )
    out = Labelled([], [], [])
    for pk, title, content, label in rows:
        out.case_ids.append(pk)
        out.texts.append(features.matter_text(title, content))
        out.labels.append(label)
    return out


def class_names(target: str) -> dict[str, str]:
    """How each class is shown: a field's name, a kind's label."""
    if target == ModelTarget.FIELD:
        return dict(CaseField.objects.values_list("code", "name"))
    return {value: str(label) for value, label in CaseKind.choices}


def field_ids() -> dict[str, int]:
    return dict(CaseField.objects.filter(active=True).values_list("code", "pk"))


@dataclass
class RunRow:
    run: ModelRun
    classes: list[dict[str, Any]] = field(default_factory=list)
    shown: int = 0
    decided: int = 0
    accepted: int = 0

    @property
    def acceptance(self) -> float | None:
        """Share of decided suggestions the officer kept, in per cent."""
        return round(100 * self.accepted / self.decided, 1) if self.decided else None


def runs_by_target(*, limit: int = 10) -> dict[str, list[RunRow]]:
    """The latest runs of each classifier, newest first, with their acceptance: two queries
    per target plus one for the suggestions' counts."""
    by_target: dict[str, list[RunRow]] = {}
    rows: list[RunRow] = []
    for target in CLASSIFIER_TARGETS:
        runs = (
            ModelRun.objects.filter(target=target)
            .defer("artifact")
            .select_related("trained_by")
            .order_by("-trained_at", "-pk")[:limit]
        )
        by_target[target] = [
            RunRow(
                run=r,
                classes=sorted(
                    ({"value": k, **v} for k, v in (r.metrics.get("classes") or {}).items()),
                    key=lambda c: (-c["support"], c["label"]),
                ),
            )
            for r in runs
        ]
        rows.extend(by_target[target])
    counts = (
        Suggestion.objects.filter(run__in=[r.run.pk for r in rows])
        .values("run")
        .annotate(
            shown=Count("pk"),
            decided=Count("pk", filter=Q(decided_at__isnull=False)),
            accepted=Count("pk", filter=Q(decided_at__isnull=False, chosen=F("value"))),
        )
    )
    by_run = {c["run"]: c for c in counts}
    for row in rows:
        c = by_run.get(row.run.pk)
        if c:
            row.shown, row.decided, row.accepted = c["shown"], c["decided"], c["accepted"]
    return by_target


def latest_runs() -> dict[str, ModelRun]:
    """The newest run of each classifier (trained or not), for the intake's notice."""
    out: dict[str, ModelRun] = {}
    runs = ModelRun.objects.filter(target__in=CLASSIFIER_TARGETS).defer("artifact")
    for run in runs.order_by("-trained_at", "-pk")[:20]:
        out.setdefault(run.target, run)
    return out


def has_active_run() -> bool:
    return ModelRun.objects.filter(
        target__in=CLASSIFIER_TARGETS, active=True, outcome=RunOutcome.TRAINED
    ).exists()
