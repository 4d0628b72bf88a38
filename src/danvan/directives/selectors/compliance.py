"""Who has done what for a directive, as of any date: the compliance matrix, from the nation
to a province to a commune. Every figure is counted from the duties (a study session held, a
plan registered, each by its due date), never typed: "12/12 xã" is twelve communes' duties.

A duty counts from the day its cascade started; a step done after the asked date was not yet
done then. Bodies stand where the network places them today (Organization.province and
current_unit follow reorganizations), so the duties of a commune merged away are counted
under the commune that succeeded it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from danvan.org.models import AdminUnit, Organization
from danvan.org.models.organizations import OrganizationLevel

from ..models import Document, Duty, Progress

STEPS = ("study", "plan")
_DONE = {"study": "studied_on", "plan": "plan_issued_on"}


def _counts(step: str, on: dt.date) -> dict[str, Count]:
    done_field, due_field, required = _DONE[step], f"{step}_due", f"requires_{step}"
    done = Q(**{f"{done_field}__isnull": False, f"{done_field}__lte": on})
    return {
        f"{step}_required": Count("pk", filter=Q(**{required: True})),
        f"{step}_on_time": Count(
            "pk",
            filter=Q(**{required: True})
            & done
            & (Q(**{f"{due_field}__isnull": True}) | Q(**{f"{done_field}__lte": F(due_field)})),
        ),
        f"{step}_late": Count(
            "pk", filter=Q(**{required: True}) & done & Q(**{f"{done_field}__gt": F(due_field)})
        ),
        f"{step}_overdue": Count(
            "pk", filter=Q(**{required: True}) & ~done & Q(**{f"{due_field}__lt": on})
        ),
    }


def _aggregates(on: dt.date) -> dict[str, Count]:
    found = {"bodies": Count("pk")}
    for step in STEPS:
        found |= _counts(step, on)
    return found


@dataclass
class Step:
    required: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def pending(self) -> int:
        return self.required - self.done - self.overdue

    @property
    def share(self) -> float | None:
        return self.done / self.required if self.required else None

    @property
    def state(self) -> str:
        """One body's step (a row of one duty)."""
        if not self.required:
            return Progress.NOT_REQUIRED
        if self.on_time:
            return Progress.ON_TIME
        if self.late:
            return Progress.LATE
        if self.overdue:
            return Progress.OVERDUE
        return Progress.PENDING


@dataclass
class Row:
    key: int | None
    label: str
    kind: str  # "province", "unit", "body"
    bodies: int = 0
    steps: dict[str, Step] = field(default_factory=dict)
    duty_id: int | None = None  # a body's row: its duty


def _row(values: Any, key: int | None, label: str, kind: str) -> Row:
    row = Row(key=key, label=label, kind=kind, bodies=values["bodies"])
    for step in STEPS:
        row.steps[step] = Step(
            required=values[f"{step}_required"],
            on_time=values[f"{step}_on_time"],
            late=values[f"{step}_late"],
            overdue=values[f"{step}_overdue"],
        )
    return row


@dataclass
class Matrix:
    document: Document
    on: dt.date
    scope: str  # "nation", "province", "unit"
    rows: list[Row]
    total: Row
    province: AdminUnit | None = None
    unit: AdminUnit | None = None


def duties_on(duties: QuerySet[Duty], document: Document, on: dt.date) -> QuerySet[Duty]:
    return duties.filter(document=document, cascade__started_on__lte=on)


def matrix(
    *,
    document: Document,
    duties: QuerySet[Duty],
    on: dt.date,
    province: AdminUnit | None = None,
    unit: AdminUnit | None = None,
) -> Matrix:
    """`duties`: those the reader may see (access.duties_for). The nation: a row per province
    (and one for the central bodies); a province: a row per province-level body and per
    commune; a commune: a row per body. Three or four queries whatever the size."""
    scoped = duties_on(duties, document, on)
    aggregates = _aggregates(on)
    rows: list[Row] = []
    if unit is not None:
        scoped = scoped.filter(body__current_unit=unit)
        rows = _body_rows(scoped, aggregates)
        scope = "unit"
    elif province is not None:
        rows = _province_rows(scoped, province, aggregates)
        scope = "province"
    else:
        grouped = list(scoped.values("body__province_id").annotate(**aggregates).order_by())
        names = {
            u.pk: u.name
            for u in AdminUnit.objects.filter(
                pk__in=[v["body__province_id"] for v in grouped if v["body__province_id"]]
            ).only("name", "code")
        }
        central = [v for v in grouped if v["body__province_id"] is None]
        rows = [_row(v, None, str(_("Central bodies")), "central") for v in central]
        rows += sorted(
            (
                _row(v, v["body__province_id"], names.get(v["body__province_id"], "—"), "province")
                for v in grouped
                if v["body__province_id"] is not None
            ),
            key=lambda r: r.label,
        )
        scope = "nation"
    return Matrix(
        document=document,
        on=on,
        scope=scope,
        rows=rows,
        total=_sum(rows),
        province=province,
        unit=unit,
    )


_LOWER = (OrganizationLevel.COMMUNE, OrganizationLevel.DISTRICT)


def _province_rows(
    scoped: QuerySet[Duty], province: AdminUnit, aggregates: dict[str, Count]
) -> list[Row]:
    """A row per province-level body, then one per commune summing its bodies: one query
    reads each duty with its body's name, level and commune, and the communes' rows are
    summed here (a province holds a few hundred duties of a directive)."""
    grouped = (
        scoped.filter(body__province=province)
        .values("body_id", "pk", "body__name", "body__level", "body__current_unit_id")
        .annotate(**aggregates)
        .order_by()
    )
    upper: list[Row] = []
    lower: dict[int | None, Row] = {}
    for v in grouped:
        row = _row(v, v["body_id"], v["body__name"], "body")
        unit_id = v["body__current_unit_id"]
        if v["body__level"] not in _LOWER:
            row.duty_id = v["pk"]
            upper.append(row)
        elif unit_id in lower:
            _add(lower[unit_id], row)
        else:
            row.key, row.kind = unit_id, "unit"
            lower[unit_id] = row
    names = dict(
        AdminUnit.objects.filter(pk__in=[k for k in lower if k is not None]).values_list(
            "pk", "name"
        )
    )
    for unit_row in lower.values():
        unit_row.label = names.get(unit_row.key, "—") if unit_row.key is not None else "—"
    return sorted(upper, key=lambda r: r.label) + sorted(lower.values(), key=lambda r: r.label)


def _add(total: Row, row: Row) -> None:
    total.bodies += row.bodies
    for step in STEPS:
        t, r = total.steps[step], row.steps[step]
        t.required += r.required
        t.on_time += r.on_time
        t.late += r.late
        t.overdue += r.overdue


def _body_rows(duties: QuerySet[Duty], aggregates: dict[str, Count]) -> list[Row]:
    grouped = list(duties.values("body_id", "pk").annotate(**aggregates).order_by())
    names = {
        o.pk: o.name
        for o in Organization.objects.filter(pk__in=[v["body_id"] for v in grouped]).only("name")
    }
    rows = []
    for v in grouped:
        row = _row(v, v["body_id"], names.get(v["body_id"], "—"), "body")
        row.duty_id = v["pk"]
        rows.append(row)
    return sorted(rows, key=lambda r: r.label)


def _sum(rows: list[Row]) -> Row:
    total = Row(key=None, label=str(_("Total")), kind="total")
    for step in STEPS:
        total.steps[step] = Step()
    for row in rows:
        _add(total, row)
    return total


def directive_totals(duties: QuerySet[Duty], on: dt.date) -> dict[int, Row]:
    """Per directive, the whole of what the reader sees (one query): the registry's list."""
    grouped = (
        duties.filter(cascade__started_on__lte=on)
        .values("document_id")
        .annotate(**_aggregates(on))
        .order_by()
    )
    return {v["document_id"]: _row(v, v["document_id"], "", "document") for v in grouped}


def overdue_q(on: dt.date) -> Q:
    """A step past its due date on `on`, not done by then."""
    study = Q(requires_study=True, study_due__lt=on) & (
        Q(studied_on__isnull=True) | Q(studied_on__gt=on)
    )
    plan = Q(requires_plan=True, plan_due__lt=on) & (
        Q(plan_issued_on__isnull=True) | Q(plan_issued_on__gt=on)
    )
    return study | plan


def overdue(duties: QuerySet[Duty], on: dt.date) -> QuerySet[Duty]:
    """Duties with a step past its due date on `on` (the leader's dashboard, reminders)."""
    return duties.filter(cascade__started_on__lte=on).filter(overdue_q(on))
