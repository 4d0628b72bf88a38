"""Leaders in charge of mass-mobilization work and communes' mass-mobilization blocs, with
the dates they hold: a new designation ends the one before it the day before it starts, so
"who was in charge on D" always has one answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit, require
from danvan.lib.dates import format_vn_date
from danvan.org.models import Organization, OrganizationKind
from danvan.org.models.organizations import OrganizationLevel

from ..models import LeaderInCharge, MassMobilizationBloc


def _close(current: LeaderInCharge | MassMobilizationBloc | None, starts: dt.date) -> None:
    if current is None:
        return
    if current.valid_from is not None and current.valid_from >= starts:
        raise ValidationError(
            {
                "valid_from": _("The one in charge now started on %(day)s: start after it.")
                % {"day": format_vn_date(current.valid_from)}
            }
        )
    current.valid_to = starts - dt.timedelta(days=1)
    current.save(update_fields=["valid_to"])


@transaction.atomic
def designate_leader(
    *,
    body: Organization,
    name: str,
    position: str,
    valid_from: dt.date,
    decision: str = "",
    user: User | None = None,
    actor: User | None = None,
) -> LeaderInCharge:
    require(actor, "directives.designate", body)
    errors = {}
    if not name.strip():
        errors["name"] = _("Write the leader's name.")
    if not position.strip():
        errors["position"] = _("Write the leader's position.")
    if errors:
        raise ValidationError(errors)
    Organization.objects.select_for_update().filter(pk=body.pk).first()
    _close(LeaderInCharge.objects.filter(body=body, valid_to__isnull=True).first(), valid_from)
    made = LeaderInCharge.objects.create(
        body=body,
        name=name.strip(),
        position=position.strip(),
        user=user,
        decision=decision.strip(),
        valid_from=valid_from,
        created_by=actor,
    )
    audit(actor, made, ADDITION)
    return made


@transaction.atomic
def end_designation(
    *, designation: LeaderInCharge, last_day: dt.date, actor: User | None = None
) -> LeaderInCharge:
    require(actor, "directives.designate", designation.body)
    if designation.valid_to is not None:
        raise ValidationError(_("This designation has already ended."))
    if designation.valid_from is not None and last_day < designation.valid_from:
        raise ValidationError({"last_day": _("The last day comes after the first.")})
    designation.valid_to = last_day
    designation.save(update_fields=["valid_to"])
    audit(actor, designation, CHANGE, _("Ended on %(day)s.") % {"day": format_vn_date(last_day)})
    return designation


@transaction.atomic
def establish_bloc(
    *,
    party_committee: Organization,
    head_name: str,
    valid_from: dt.date,
    members: Sequence[Organization] = (),
    head_position: str = "Phó Bí thư Thường trực Đảng ủy",
    decision: str = "",
    actor: User | None = None,
) -> MassMobilizationBloc:
    require(actor, "directives.designate", party_committee)
    if (
        party_committee.kind != OrganizationKind.PARTY_COMMITTEE
        or party_committee.level != OrganizationLevel.COMMUNE
    ):
        raise ValidationError(
            {"party_committee": _("A mass-mobilization bloc belongs to a commune Party committee.")}
        )
    if not head_name.strip():
        raise ValidationError({"head_name": _("Write the name of the bloc's head.")})
    outside = [m for m in members if m.current_unit_id != party_committee.current_unit_id]
    if outside:
        raise ValidationError(
            {"members": _("%(body)s is not in this commune.") % {"body": outside[0].name}}
        )
    Organization.objects.select_for_update().filter(pk=party_committee.pk).first()
    _close(
        MassMobilizationBloc.objects.filter(
            party_committee=party_committee, valid_to__isnull=True
        ).first(),
        valid_from,
    )
    bloc = MassMobilizationBloc.objects.create(
        party_committee=party_committee,
        head_name=head_name.strip(),
        head_position=head_position.strip(),
        decision=decision.strip(),
        valid_from=valid_from,
        created_by=actor,
    )
    bloc.members.set(members)
    audit(actor, bloc, ADDITION)
    return bloc
