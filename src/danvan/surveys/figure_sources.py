"""The satisfaction figures that reports and dashboards read (lib.figures registry): the
index and each criterion, in per cent, for a body and the bodies under it over a window of
days, and the responses counted. The rule is satisfaction.py's; a figure from fewer responses
than the minimum has no value (the report shows it missing, never a misleading number)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, FloatField, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.lib import figures
from danvan.org.selectors import organization_subtree

from .library import INDEX_FAMILY, library
from .models import ResponseScore
from .satisfaction import Estimate

GROUP = "surveys"
INDEX = f"{GROUP}.index"
RESPONSES = f"{GROUP}.responses"


def _criterion(key: str) -> str | None:
    """The criterion a key reads: "surveys.index" → "sipas", "surveys.index.sipas.staff" →
    "sipas.staff"; None for another key."""
    if key in (INDEX, RESPONSES):
        return INDEX_FAMILY
    prefix = INDEX + "."
    if key.startswith(prefix) and library().criterion(key[len(prefix) :]) is not None:
        return key[len(prefix) :]
    return None


def _sources() -> list[figures.Source]:
    made = [
        figures.Source(
            INDEX,
            _("Satisfaction index (SIPAS criteria)"),
            "percent",
            _("per cent"),
            _(
                "Mean over the responses of their share of answers above the middle of the "
                "scale on the SIPAS criteria; missing below the minimum number of responses."
            ),
        ),
        figures.Source(
            RESPONSES,
            _("Survey responses counted in the satisfaction index"),
            "count",
            _("responses"),
        ),
    ]
    made += [
        figures.Source(
            f"{INDEX}.{c.code}",
            _("Satisfied: %(criterion)s") % {"criterion": c.title},
            "percent",
            _("per cent"),
        )
        for c in library().criteria
    ]
    return made


def _count(organization_id: int, window: figures.Window, keys: set[str]) -> dict[str, Decimal]:
    wanted = {key: c for key in keys if (c := _criterion(key)) is not None}
    if not wanted:
        return {}
    rows = (
        ResponseScore.objects.filter(
            body_id__in=organization_subtree(organization_id),
            day__gte=window.starts_on,
            day__lte=window.ends_on,
            criterion__in=set(wanted.values()),
        )
        .values("criterion")
        .annotate(
            n=Count("*"),
            total=Sum("score"),
            squares=Sum(Cast(F("score") * F("score"), FloatField())),
        )
        .order_by()
    )
    found = {
        r["criterion"]: Estimate(r["n"], float(r["total"] or 0), float(r["squares"] or 0))
        for r in rows
    }
    values: dict[str, Decimal] = {}
    for key, criterion in wanted.items():
        estimate = found.get(criterion, Estimate(0))
        if key == RESPONSES:
            values[key] = Decimal(estimate.n)
        else:
            value = estimate.value
            values[key] = None if value is None else Decimal(str(value))  # type: ignore[assignment]
    return values


def _records_url(key: str, organization_id: int, window: figures.Window) -> str:
    if _criterion(key) is None:
        return ""
    return reverse("surveys:index")


def register() -> None:
    figures.register(
        figures.Group(
            name=GROUP,
            label=_("Surveys and the satisfaction index"),
            sources=_sources,
            count=_count,
            records_url=_records_url,
        )
    )
