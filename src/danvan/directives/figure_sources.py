"""The directives figures that reports are filled with (lib.figures registry).

Whose: the duties, sessions and tasks of a body and the bodies under it, with the former
bodies whose records roll up to them (`org.selectors.organization_subtree`). Each figure is
counted from the records' own dates, so a count made later for the same period is the same:

- study sessions held, plans issued: duties whose step was done in the period;
- steps past due at the period's end: duties whose step was due by then and not done by then;
- party members who studied: the sum over the sessions held in the period;
- directives reviewed: review rounds of the body or those under it closed in the period;
- tasks done in the period, and tasks past due at its end (led by those bodies);
- leaders in charge: the subtree's People's Committees and state agencies with a leader in
  charge of mass mobilization on the period's last day, and their share of all of them.

The duty figures open the duties list filtered to the duties counted (`duty_q`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from danvan.lib import figures
from danvan.org.models import Organization, OrganizationKind
from danvan.org.models.validity import valid_on
from danvan.org.selectors import organization_subtree

from .models import Duty, LeaderInCharge, StudySession, Task, TaskState
from .selectors.reviews import reviewed_by

GROUP = "directives"
COUNT, PERCENT = "count", "percent"
# Bodies that answer for naming a leader in charge of mass mobilization (Quy chế công tác
# dân vận: "các cơ quan nhà nước" — People's Committees and their agencies).
AGENCY_KINDS = (OrganizationKind.PEOPLES_COMMITTEE, OrganizationKind.STATE_AGENCY)


def duty_q(key: str, window: figures.Window) -> Q | None:
    """The duties a duty figure counts; None for a key that is not a duty figure."""
    start, end = window.starts_on, window.ends_on
    match key.removeprefix(f"{GROUP}."):
        case "studied":
            return Q(studied_on__gte=start, studied_on__lte=end)
        case "planned":
            return Q(plan_issued_on__gte=start, plan_issued_on__lte=end)
        case "study_overdue":
            return Q(requires_study=True, study_due__lt=end) & (
                Q(studied_on__isnull=True) | Q(studied_on__gt=end)
            )
        case "plan_overdue":
            return Q(requires_plan=True, plan_due__lt=end) & (
                Q(plan_issued_on__isnull=True) | Q(plan_issued_on__gt=end)
            )
    return None


def _sources() -> list[figures.Source]:
    return [
        figures.Source(
            f"{GROUP}.studied",
            _("Bodies that held a study session on a directive"),
            COUNT,
            _("bodies"),
            _("Study sessions held in the period, one per body and directive."),
        ),
        figures.Source(
            f"{GROUP}.planned",
            _("Programmes and plans issued to carry out a directive"),
            COUNT,
            _("plans"),
        ),
        figures.Source(
            f"{GROUP}.study_overdue",
            _("Study sessions past due at the end of the period"),
            COUNT,
            _("bodies"),
        ),
        figures.Source(
            f"{GROUP}.plan_overdue",
            _("Programmes and plans past due at the end of the period"),
            COUNT,
            _("bodies"),
        ),
        figures.Source(
            f"{GROUP}.party_members_studied",
            _("Party members who attended study sessions"),
            COUNT,
            _("people"),
        ),
        figures.Source(
            f"{GROUP}.reviewed",
            _("Directives reviewed (sơ kết, tổng kết)"),
            COUNT,
            _("directives"),
            _(
                "Directives whose review conference was held in the period (or, without one, "
                "whose review reports were due in it), by the body or those under it."
            ),
        ),
        figures.Source(f"{GROUP}.tasks_done", _("Tasks done"), COUNT, _("tasks")),
        figures.Source(
            f"{GROUP}.tasks_overdue",
            _("Tasks past due at the end of the period"),
            COUNT,
            _("tasks"),
        ),
        figures.Source(
            f"{GROUP}.leaders_assigned",
            _("Agencies that have assigned a leader in charge of mass mobilization"),
            COUNT,
            _("agencies"),
        ),
        figures.Source(
            f"{GROUP}.leaders_assigned_share",
            _("Share of agencies that have assigned a leader in charge of mass mobilization"),
            PERCENT,
            "%",
        ),
    ]


def _count(organization_id: int, window: figures.Window, keys: set[str]) -> dict[str, Decimal]:
    bodies = organization_subtree(organization_id)
    start, end = window.starts_on, window.ends_on
    values: dict[str, Decimal] = {}
    duty_keys = {k: q for k in keys if (q := duty_q(k, window)) is not None}
    if duty_keys:
        row = Duty.objects.filter(body_id__in=bodies).aggregate(
            **{f"n{i}": Count("pk", filter=q) for i, q in enumerate(duty_keys.values())}
        )
        values |= {k: Decimal(row[f"n{i}"]) for i, k in enumerate(duty_keys)}
    if f"{GROUP}.party_members_studied" in keys:
        total = StudySession.objects.filter(
            body_id__in=bodies, held_on__gte=start, held_on__lte=end
        ).aggregate(n=Sum("party_members_attending"))["n"]
        values[f"{GROUP}.party_members_studied"] = Decimal(total or 0)
    if f"{GROUP}.reviewed" in keys:
        values[f"{GROUP}.reviewed"] = Decimal(reviewed_by(bodies, start, end))
    if keys & {f"{GROUP}.tasks_done", f"{GROUP}.tasks_overdue"}:
        led = Task.objects.filter(lead_body_id__in=bodies).exclude(state=TaskState.CANCELLED)
        row = led.aggregate(
            done=Count("pk", filter=Q(done_on__gte=start, done_on__lte=end)),
            late=Count(
                "pk",
                filter=Q(due_on__lt=end) & (Q(done_on__isnull=True) | Q(done_on__gt=end)),
            ),
        )
        values[f"{GROUP}.tasks_done"] = Decimal(row["done"])
        values[f"{GROUP}.tasks_overdue"] = Decimal(row["late"])
    if keys & {f"{GROUP}.leaders_assigned", f"{GROUP}.leaders_assigned_share"}:
        agencies = Organization.objects.filter(pk__in=bodies, kind__in=AGENCY_KINDS).filter(
            valid_on(end)
        )
        named = LeaderInCharge.objects.filter(body=OuterRef("pk")).filter(valid_on(end))
        row = agencies.aggregate(all=Count("pk"), named=Count("pk", filter=Q(Exists(named))))
        values[f"{GROUP}.leaders_assigned"] = Decimal(row["named"])
        values[f"{GROUP}.leaders_assigned_share"] = (
            (Decimal(row["named"]) * 100 / row["all"]).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
            if row["all"]
            else Decimal(0)
        )
    return {k: v for k, v in values.items() if k in keys}


def register() -> None:
    figures.register(
        figures.Group(
            name=GROUP,
            label=_("Directives and their implementation"),
            sources=_sources,
            count=_count,
            records_url=figures.records_at("directives:duties", duty_q),
        )
    )
