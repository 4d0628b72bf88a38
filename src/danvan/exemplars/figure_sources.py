"""The figures of "Dân vận khéo" models that reports are filled with (lib.figures registry).

Each figure is one filter (`figure_q`) over the models registered by a body, the bodies under
it and the former bodies whose records roll up to them (`org.selectors.organization_subtree`),
counted from the models' own dates, so a count made later for the same period is the same.
The registry page applies the same filter (`?figure=…`): the list behind a figure holds the
models counted.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from danvan.lib import figures
from danvan.org.selectors import organization_subtree

from .models import (
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarState,
    Recognition,
    RecognitionLevel,
    Replication,
)

GROUP = "exemplars"


def _recognized(window: figures.Window, level: str = "") -> Q:
    found = Recognition.objects.filter(
        exemplar=OuterRef("pk"),
        decision_date__gte=window.starts_on,
        decision_date__lte=window.ends_on,
    )
    if level:
        found = found.filter(level=level)
    return Q(Exists(found))


def _kind(rest: list[str]) -> Q | None:
    """An optional last part: ".collective", ".individual" or ".field.<field>"."""
    match rest:
        case []:
            return Q()
        case [kind] if kind in ExemplarKind.values:
            return Q(kind=kind)
        case ["field", field] if field in ExemplarField.values:
            return Q(field=field)
    return None


def figure_q(key: str, window: figures.Window) -> Q | None:
    parts = key.split(".")[1:]
    if not parts:
        return None
    head, rest = parts[0], parts[1:]
    if head == "recognized" and rest and rest[0] in RecognitionLevel.values:
        return _recognized(window, rest[0]) if len(rest) == 1 else None
    narrow = _kind(rest)
    if narrow is None:
        return None
    match head:
        case "registered":
            base = Q(registered_on__gte=window.starts_on, registered_on__lte=window.ends_on)
        case "total":
            base = Q(registered_on__lte=window.ends_on)
        case "recognized":
            base = _recognized(window)
        case "recognized_total":
            base = Q(recognized_on__lte=window.ends_on, state=ExemplarState.RECOGNIZED)
        case "replicated":
            base = Q(
                Exists(
                    Replication.objects.filter(
                        exemplar=OuterRef("pk"),
                        adopted_on__gte=window.starts_on,
                        adopted_on__lte=window.ends_on,
                    )
                )
            )
        case _:
            return None
    return base & narrow


def _sources() -> list[figures.Source]:
    unit = _("models")
    heads = [
        ("registered", _("Models registered in the period")),
        ("total", _("Models built up to the end of the period")),
        ("recognized", _("Models recognized in the period")),
        ("recognized_total", _("Models recognized up to the end of the period")),
        ("replicated", _("Models replicated elsewhere in the period")),
    ]
    made: list[figures.Source] = []
    for head, label in heads:
        made.append(figures.Source(f"{GROUP}.{head}", label, "count", unit))
        made += [
            figures.Source(
                f"{GROUP}.{head}.{k.value}",
                _("%(what)s: %(kind)s") % {"what": label, "kind": k.label},
                "count",
                unit,
            )
            for k in ExemplarKind
        ]
        made += [
            figures.Source(
                f"{GROUP}.{head}.field.{f.value}",
                _("%(what)s, field: %(field)s") % {"what": label, "field": f.label},
                "count",
                unit,
            )
            for f in ExemplarField
        ]
    made += [
        figures.Source(
            f"{GROUP}.recognized.{level.value}",
            _("Models recognized in the period: %(level)s") % {"level": level.label},
            "count",
            unit,
        )
        for level in RecognitionLevel
    ]
    return made


def _count(organization_id: int, window: figures.Window, keys: set[str]) -> dict[str, Decimal]:
    aggregates = {}
    aliases = {}
    for i, key in enumerate(sorted(keys)):
        q = figure_q(key, window)
        if q is not None:
            aliases[f"f{i}"] = key
            aggregates[f"f{i}"] = Count("pk", filter=q)
    if not aggregates:
        return {}
    row = Exemplar.objects.filter(
        organization_id__in=organization_subtree(organization_id),
        registered_on__lte=window.ends_on,
    ).aggregate(**aggregates)
    return {key: Decimal(row[alias] or 0) for alias, key in aliases.items()}


def register() -> None:
    figures.register(
        figures.Group(
            name=GROUP,
            label=_("“Dân vận khéo” models"),
            sources=_sources,
            count=_count,
            records_url=figures.records_at("exemplars:registry", figure_q),
        )
    )
