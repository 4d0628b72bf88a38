"""Who reports to whom: obligations made by a rule (and kept in step with the network when
the rule is applied again) or by hand. A person's change (`actor`) is checked against the
rules and kept in the audit log (lib.audit); `actor=None` is the platform itself."""

from __future__ import annotations

import datetime as dt

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit, require
from danvan.lib.dates import format_vn_date, today
from danvan.org.models import Organization
from danvan.org.selectors import bodies_named

from ..models import Obligation, ObligationRule, ReportTemplate, RuleKind


def bodies_of(rule: ObligationRule, *, on: dt.date) -> QuerySet[Organization]:
    """The bodies in force on `on` that the rule says report to its receiver."""
    return bodies_named(
        issuer=rule.receiver,
        rule=rule.kind,
        kinds=[rule.organization_kind] if rule.organization_kind else [],
        level=rule.level,
        chosen=rule.chosen.values("pk") if rule.kind == RuleKind.CHOSEN else None,
        on=on,
    )


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
    actor: User | None = None,
) -> ObligationRule:
    require(actor, "reports.change_obligation", _Pair(template, receiver))
    # One change of the template's obligations at a time (two clicks: one rule).
    ReportTemplate.objects.select_for_update().filter(pk=template.pk).first()
    if kind not in RuleKind.values:
        raise ValidationError({"kind": _("Choose how the reporting bodies are found.")})
    if kind == RuleKind.CHOSEN and not chosen:
        raise ValidationError({"chosen": _("Choose the bodies that report.")})
    if kind == RuleKind.BELOW and not (organization_kind or level):
        raise ValidationError(
            {"organization_kind": _("Say which kind of body, or which level, reports.")}
        )
    if kind != RuleKind.CHOSEN:
        chosen = None
    if chosen and any(o.pk == receiver.pk for o in chosen):
        raise ValidationError({"chosen": _("A body does not report to itself.")})
    # The same rule asked twice (a repeated request) makes no second rule.
    wanted = {o.pk for o in chosen or []}
    for same in ObligationRule.objects.filter(
        template=template,
        receiver=receiver,
        kind=kind,
        organization_kind=organization_kind,
        level=level,
    ).prefetch_related("chosen"):
        if {o.pk for o in same.chosen.all()} == wanted:
            raise ValidationError(
                _("The same rule already exists: apply it again to bring it up to date.")
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
    started, _ended = apply_rule(rule=rule, on=on)
    audit(
        actor,
        rule,
        ADDITION,
        _("%(n)s obligations started on %(day)s.")
        % {"n": started, "day": format_vn_date(on or today())},
    )
    return rule


@transaction.atomic
def apply_rule(
    *, rule: ObligationRule, on: dt.date | None = None, actor: User | None = None
) -> tuple[int, int]:
    """Bring the rule's obligations in step with the network on `on`: one for every body the
    rule names (a body already reporting on the template to another receiver is left as it
    is), and the rule's obligations of bodies it no longer names end the day before.
    Returns (started, ended). Applying it again on the same day changes nothing."""
    require(actor, "reports.change_obligation", rule)
    # One application at a time per template (two clicks: the second finds the first's).
    ReportTemplate.objects.select_for_update().filter(pk=rule.template_id).first()
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
    if actor is not None and (made or ended):
        audit(
            actor,
            rule,
            CHANGE,
            _("Applied on %(day)s: %(started)s started, %(ended)s ended.")
            % {"day": format_vn_date(day), "started": len(made), "ended": ended},
        )
    return len(made), ended


@transaction.atomic
def add_obligation(
    *,
    template: ReportTemplate,
    reporter: Organization,
    receiver: Organization,
    on: dt.date | None = None,
    actor: User | None = None,
) -> Obligation:
    require(actor, "reports.change_obligation", _Pair(template, receiver))
    ReportTemplate.objects.select_for_update().filter(pk=template.pk).first()
    if reporter.pk == receiver.pk:
        raise ValidationError({"reporter": _("A body does not report to itself.")})
    current = (
        Obligation.objects.filter(template=template, reporter=reporter, valid_to__isnull=True)
        .select_related("receiver")
        .first()
    )
    if current is not None:
        raise ValidationError(
            {
                "reporter": _(
                    "This body already reports on this template, to %(receiver)s: end that "
                    "obligation first."
                )
                % {"receiver": current.receiver.name}
            }
        )
    obligation = Obligation.objects.create(
        template=template, reporter=reporter, receiver=receiver, valid_from=on or today()
    )
    audit(actor, obligation, ADDITION)
    return obligation


@transaction.atomic
def end_obligation(
    *, obligation: Obligation, on: dt.date | None = None, actor: User | None = None
) -> Obligation:
    """`on` is the obligation's last day: its reports open for periods ending by then. An
    obligation made by a rule starts again when the rule is applied again while it still
    names the body (change the rule, or choose the bodies, to stop it for good)."""
    require(actor, "reports.change_obligation", obligation)
    locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
    day = on or today()
    if locked.valid_to is not None:
        raise ValidationError(
            _("This obligation already ended on %(day)s.")
            % {"day": format_vn_date(locked.valid_to)}
        )
    if locked.valid_from is not None and day < locked.valid_from:
        raise ValidationError(
            {
                "on": _("The obligation started on %(day)s: it cannot end before.")
                % {"day": format_vn_date(locked.valid_from)}
            }
        )
    locked.valid_to = day
    locked.save(update_fields=["valid_to"])
    audit(actor, locked, CHANGE, _("Ended on %(day)s.") % {"day": format_vn_date(day)})
    return locked


class _Pair:
    """A template and a receiving body, as the object of the rule on obligations before the
    obligation exists (rules.keeps_obligations reads `.template` and `.receiver`)."""

    def __init__(self, template: ReportTemplate, receiver: Organization) -> None:
        self.template, self.receiver = template, receiver
