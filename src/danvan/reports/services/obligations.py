"""Who reports to whom: obligations made by a rule (and kept in step with the network when
the rule is applied again) or by hand."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from danvan.lib.dates import today
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationLevel

from ..models import Obligation, ObligationRule, ReportTemplate, RuleKind


def bodies_of(rule: ObligationRule, *, on: dt.date) -> QuerySet[Organization]:
    """The bodies in force on `on` that the rule says report to its receiver."""
    bodies = Organization.objects.as_of(on).exclude(pk=rule.receiver_id)
    receiver = rule.receiver
    match rule.kind:
        case RuleKind.CHILDREN:
            bodies = bodies.filter(parent=receiver)
        case RuleKind.CHOSEN:
            bodies = bodies.filter(pk__in=rule.chosen.values("pk"))
        case _:
            if receiver.level == OrganizationLevel.CENTRAL:
                inside = Q()
            elif receiver.level == OrganizationLevel.PROVINCE:
                inside = Q(province_id=receiver.province_id)
            else:
                inside = Q(current_unit_id=receiver.current_unit_id)
            bodies = bodies.filter(inside)
    if rule.organization_kind:
        bodies = bodies.filter(kind=rule.organization_kind)
    if rule.level:
        bodies = bodies.filter(level=rule.level)
    return bodies.order_by("code")


@transaction.atomic
def create_rule(
    *,
    template: ReportTemplate,
    receiver: Organization,
    kind: str,
    organization_kind: str = "",
    level: str = "",
    chosen: list[Organization] | None = None,
    on: dt.date | None = None,
) -> ObligationRule:
    if kind == RuleKind.CHOSEN and not chosen:
        raise ValidationError({"chosen": _("Choose the bodies that report.")})
    if kind == RuleKind.BELOW and not (organization_kind or level):
        raise ValidationError(
            {"organization_kind": _("Say which kind of body, or which level, reports.")}
        )
    rule = ObligationRule.objects.create(
        template=template,
        receiver=receiver,
        kind=kind,
        organization_kind=organization_kind,
        level=level,
    )
    if chosen:
        rule.chosen.set(chosen)
    apply_rule(rule=rule, on=on)
    return rule


@transaction.atomic
def apply_rule(*, rule: ObligationRule, on: dt.date | None = None) -> tuple[int, int]:
    """Bring the rule's obligations in step with the network on `on`: one for every body the
    rule names (a body already reporting on the template to another receiver is left as it
    is), and the rule's obligations of bodies it no longer names end the day before.
    Returns (started, ended)."""
    day = on or today()
    wanted = set(bodies_of(rule, on=day).values_list("pk", flat=True))
    current = Obligation.objects.filter(template=rule.template, valid_to__isnull=True)
    taken = set(current.values_list("reporter_id", flat=True))
    made = [
        Obligation(
            template=rule.template,
            reporter_id=pk,
            receiver=rule.receiver,
            rule=rule,
            valid_from=day,
        )
        for pk in sorted(wanted - taken)
    ]
    Obligation.objects.bulk_create(made)
    ended = (
        current.filter(rule=rule)
        .exclude(reporter_id__in=wanted)
        .update(valid_to=day - dt.timedelta(days=1))
    )
    return len(made), ended


@transaction.atomic
def add_obligation(
    *,
    template: ReportTemplate,
    reporter: Organization,
    receiver: Organization,
    on: dt.date | None = None,
) -> Obligation:
    if reporter.pk == receiver.pk:
        raise ValidationError(_("A body does not report to itself."))
    if Obligation.objects.filter(
        template=template, reporter=reporter, valid_to__isnull=True
    ).exists():
        raise ValidationError(_("This body already reports on this template."))
    return Obligation.objects.create(
        template=template, reporter=reporter, receiver=receiver, valid_from=on or today()
    )


@transaction.atomic
def end_obligation(*, obligation: Obligation, on: dt.date | None = None) -> Obligation:
    obligation.valid_to = on or today()
    obligation.save(update_fields=["valid_to"])
    return obligation
