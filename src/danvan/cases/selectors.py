"""Reads of citizen matters: the officer's inbox, a matter for its citizen, counts."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.db.models import Case as SqlCase
from django.db.models import Count, F, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import OrderBy
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from danvan.accounts import scopes
from danvan.accounts.models import Scope, User
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.dates import today
from danvan.lib.figures import Window
from danvan.lib.search import matching_all
from danvan.org.models import AdminLevel, AdminUnit, Organization
from danvan.org.models.organizations import OrganizationLevel
from danvan.org.selectors import organization_subtree

from . import access
from .access import ASSIGNER_ROLES
from .models import (
    AttachmentPurpose,
    Case,
    CaseAttachment,
    CaseState,
    Petitioner,
    SubmissionReceipt,
)
from .models.cases import OPEN_STATES
from .services.codes import access_digest


def visible_cases(user: User) -> QuerySet[Case]:
    """Matters the user may see (access.cases_for: current assignments only)."""
    return access.cases_for(user, access.Action.VIEW)


@dataclass
class InboxFilters:
    state: str = ""
    kind: str = ""
    field: int | None = None
    channel: str = ""
    overdue: bool = False
    due_within: int | None = None
    q: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    sort: str = "-received_at"
    # A body and every body under it (line of authority), or a territory (province, commune).
    organization: int | None = None
    unit: int | None = None
    # Only the matters assigned to the user reading the list (the dashboard's "my matters").
    mine: bool = False
    # The matters behind a report's figure (cases.figure_sources), over its period's days.
    figure: str = ""
    figure_window: tuple[dt.date, dt.date] | None = None


_STATE_ORDER = SqlCase(
    *(When(state=value, then=Value(i)) for i, value in enumerate(CaseState.values)),
    default=Value(len(CaseState.values)),
)

# The sort orders offered (a whitelist: the key is what the `sort` parameter may say).
# Ties are broken by the newest first, then by id, so that pages never overlap.
SORTS: dict[str, tuple[str, ...]] = {
    "-received_at": ("-received_at", "-id"),
    "received_at": ("received_at", "id"),
    "next_due_date": ("next_due_date", "-received_at", "-id"),
    "state": ("state", "-received_at", "-id"),
}
SORT_LABELS = {
    "-received_at": _("Received: newest first"),
    "received_at": _("Received: oldest first"),
    "next_due_date": _("Next due date: soonest first"),
    "state": _("State"),
}
DEFAULT_SORT = "-received_at"


def _ordering(sort: str) -> list[str | OrderBy]:
    keys = SORTS.get(sort, SORTS[DEFAULT_SORT])
    out: list[str | OrderBy] = []
    for key in keys:
        if key == "next_due_date":
            # Matters with no due date (answered, feedback) come after those with one.
            out.append(F("next_due_date").asc(nulls_last=True))
        elif key == "state":
            out.append(_STATE_ORDER.asc())  # the order of the workflow, not of the codes
        else:
            out.append(key)
    return out


def unit_subtree_q(unit: AdminUnit) -> Q:
    """Matters handled in a territory: a province by the matter's province column
    (case_prov_state_idx), a commune by the bodies whose territory rolls up to it."""
    if unit.level == AdminLevel.PROVINCE:
        return Q(province_id=unit.pk)
    bodies = Organization.objects.filter(current_unit_id=unit.pk).values_list("pk", flat=True)
    return Q(organization_id__in=sorted(bodies))


def organization_in_scope(user: User, organization_id: int) -> Organization | None:
    """The body, when the user's staff scope covers it (the inbox's subtree filter)."""
    q = scopes.organizations_q(user, STAFF_ROLES)
    if q is None:
        return None
    return Organization.objects.filter(q).filter(pk=organization_id).first()


def unit_in_scope(user: User, unit_id: int) -> AdminUnit | None:
    """A province or commune in force whose territory meets the user's staff scope."""
    unit = (
        AdminUnit.objects.current()
        .filter(pk=unit_id, level__in=[AdminLevel.PROVINCE, AdminLevel.COMMUNE])
        .first()
    )
    if unit is None:
        return None
    if user.is_active and user.is_superuser:
        return unit
    for grant in scopes.grants_for(user):
        if grant.role not in STAFF_ROLES:
            continue
        if grant.unit_id is None:
            return unit
        if unit.level == AdminLevel.PROVINCE and unit.pk == grant.province_id:
            return unit
        if unit.level == AdminLevel.COMMUNE and (
            unit.pk == grant.unit_id
            or (grant.unit_level == AdminLevel.PROVINCE and unit.province_id == grant.province_id)
        ):
            return unit
    return None


def subtree_choices(user: User, limit: int = 400) -> tuple[list[Organization], list[AdminUnit]]:
    """What the inbox offers to narrow to: the central and provincial bodies in scope, and the
    bodies of the communes the user works in; provinces in scope, and the communes of the
    province when the user covers only one. Other bodies can still be given by id."""
    q = scopes.organizations_q(user, STAFF_ROLES)
    if q is None:
        return [], []
    grants = [g for g in scopes.grants_for(user) if g.role in STAFF_ROLES]
    national = (user.is_active and user.is_superuser) or any(g.unit_id is None for g in grants)
    communes = {g.unit_id for g in grants if g.unit_level == AdminLevel.COMMUNE}
    own = {g.organization_id for g in grants}
    bodies = list(
        Organization.objects.current()
        .filter(q)
        .filter(
            Q(level__in=[OrganizationLevel.CENTRAL, OrganizationLevel.PROVINCE])
            | Q(current_unit_id__in=communes)
            | Q(pk__in=own)
        )
        .only("pk", "name", "code")
        .order_by("code")[:limit]
    )
    units = AdminUnit.objects.current().only("pk", "name", "level", "code")
    provinces = {g.province_id for g in grants if g.province_id}
    if national:
        places = list(units.provinces().order_by("code"))
    elif len(provinces) == 1:
        (province,) = provinces
        places = list(
            units.filter(
                Q(pk=province) | Q(province_id=province, level=AdminLevel.COMMUNE)
            ).order_by("code")[:limit]
        )
    else:
        places = list(units.filter(Q(pk__in=provinces) | Q(pk__in=communes)).order_by("code"))
    return bodies, places


def _forward_targets_qs(user: User) -> QuerySet[Organization]:
    communes = {g.unit_id for g in scopes.grants_for(user) if g.unit_level == AdminLevel.COMMUNE}
    return Organization.objects.current().filter(
        Q(level__in=[OrganizationLevel.CENTRAL, OrganizationLevel.PROVINCE])
        | Q(current_unit_id__in=communes)
    )


def forward_targets(user: User, limit: int = 500) -> list[Organization]:
    """Bodies to forward matters to from the inbox: central and provincial bodies, and the
    bodies of the communes the user works in (sending down to a commune is done from the
    matter's own page)."""
    return list(_forward_targets_qs(user).only("pk", "name", "code").order_by("code")[:limit])


def forward_target(user: User, value: str) -> Organization | None:
    """The body chosen in the inbox's bulk forward, if it is one offered there."""
    if not value.isdigit():
        return None
    return _forward_targets_qs(user).filter(pk=int(value)).first()


def _narrow_scope(user: User) -> bool:
    """Whether the user sees only single bodies or communes (not a province, not the country):
    a few hundred to a few thousand matters."""
    if user.is_superuser:
        return False
    grants = [g for g in scopes.grants_for(user) if g.role in STAFF_ROLES]
    return bool(grants) and all(
        g.scope == Scope.UNIT or (g.unit_id is not None and g.unit_level != AdminLevel.PROVINCE)
        for g in grants
    )


def _search(qs: QuerySet[Case], q: str, *, narrow: bool) -> QuerySet[Case]:
    """Every word of `q`, diacritics ignored. In a narrow scope the words are matched on the
    scope's own rows: PostgreSQL underestimates how many matters hold common words ("đường" is
    in a quarter of them) and would AND the trigram index over the whole table with the
    scope's index (measured: 65 ms for a commune's 300 matters, against 11 ms this way). The
    expression `search_text || ''` is the same text but no index serves it."""
    if not narrow or not q.strip():
        return matching_all(qs, q)
    scanned = qs.alias(scope_text=Concat(F("search_text"), Value(""), output_field=TextField()))
    return matching_all(scanned, q, "scope_text")


def inbox(user: User, filters: InboxFilters) -> QuerySet[Case]:
    qs = visible_cases(user)
    if filters.organization:
        qs = qs.filter(organization_id__in=organization_subtree(filters.organization))
    if filters.unit:
        unit = AdminUnit.objects.filter(pk=filters.unit).first()
        qs = qs.filter(unit_subtree_q(unit)) if unit is not None else qs.none()
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.field:
        qs = qs.filter(field_id=filters.field)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    day = today()
    if filters.mine:
        qs = qs.filter(assigned_to=user)
    if filters.overdue:
        qs = qs.filter(state__in=OPEN_STATES, next_due_date__lt=day)
    if filters.due_within is not None:
        qs = qs.filter(
            state__in=OPEN_STATES,
            next_due_date__gte=day,
            next_due_date__lte=day + dt.timedelta(days=filters.due_within),
        )
    if filters.received_from:
        qs = qs.filter(received_at__date__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_at__date__lte=filters.received_to)
    if filters.figure and filters.figure_window:
        from .figure_sources import figure_q

        q = figure_q(filters.figure, Window(*filters.figure_window))
        qs = qs.filter(q) if q is not None else qs.none()
    qs = _search(qs, filters.q, narrow=_narrow_scope(user))
    return qs.select_related("organization", "unit", "field", "assigned_to").order_by(
        *_ordering(filters.sort)
    )


def assignable_officers(user: User, limit: int = 200) -> list[User]:
    """Officers of the bodies the user may assign matters in (leaders, unit administrators)."""
    from danvan.accounts.models import Assignment, Role

    q = scopes.organizations_q(user, ASSIGNER_ROLES, "organization__")
    if q is None:
        return []
    rows = (
        Assignment.objects.current()
        .filter(q, role__in=[Role.OFFICER, Role.LEADER], user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    return list({a.user_id: a.user for a in rows[:limit]}.values())


def state_counts(user: User) -> dict[str, int]:
    rows = visible_cases(user).values("state").annotate(n=Count("*"))
    return {row["state"]: row["n"] for row in rows}


def for_citizen(tracking_code: str, secret: str) -> Case | None:
    code = tracking_code.strip().upper()
    case = Case.objects.filter(tracking_code=code).select_related("unit", "organization").first()
    if case is None or not hmac.compare_digest(case.access_digest, access_digest(code, secret)):
        return None
    return case


def waiting_for_citizen(tracking_code: str, secret: str) -> SubmissionReceipt | None:
    """A submission received by the API or Open311 whose matter is still being registered."""
    code = tracking_code.strip().upper()
    receipt = SubmissionReceipt.objects.filter(tracking_code=code, case__isnull=True).first()
    if receipt is None or not hmac.compare_digest(
        receipt.access_digest, access_digest(code, secret)
    ):
        return None
    return receipt


def cases_of_account(user_id: int | None) -> QuerySet[Case]:
    """The matters a citizen sent signed in, found through the identity store's keyed hash."""
    digest = Petitioner.account_digest(user_id)
    if not digest:
        return Case.objects.none()
    return (
        Case.objects.filter(petitioner__account_index=digest)
        .select_related("organization")
        .order_by("-received_at")[:200]
    )


def waiting_for_account(user_id: int | None) -> QuerySet[SubmissionReceipt]:
    digest = Petitioner.account_digest(user_id)
    if not digest:
        return SubmissionReceipt.objects.none()
    return SubmissionReceipt.objects.filter(
        account_index=digest, registered_at__isnull=True
    ).order_by("-received_at")


def public_events(case: Case) -> QuerySet:
    return case.events.filter(visibility="public").order_by("at", "id")


def public_documents(case: Case) -> QuerySet[CaseAttachment]:
    """The documents the bodies chose to show the citizen (decisions, official letters),
    oldest first. Never the citizen's evidence, even if a row says public by mistake."""
    return (
        case.attachments.filter(public=True)
        .exclude(purpose=AttachmentPurpose.EVIDENCE)
        .only(
            "pk",
            "case_id",
            "original_name",
            "content_type",
            "size",
            "purpose",
            "document_number",
            "document_date",
            "uploaded_at",
        )
        .order_by("uploaded_at", "id")
    )


__all__ = [
    "SORTS",
    "CaseState",
    "InboxFilters",
    "for_citizen",
    "forward_targets",
    "inbox",
    "organization_subtree",
    "public_documents",
    "state_counts",
    "subtree_choices",
    "visible_cases",
]
