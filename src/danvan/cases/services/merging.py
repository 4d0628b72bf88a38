"""Merging duplicate matters (đơn trùng): each duplicate points at one main matter.

Nothing is moved: attachments, events and answers stay on their matter. Groups are one level
deep — a duplicate of a duplicate is a duplicate of the main matter — so there are no cycles.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import User

from ..models import Case, CaseEvent, EventKind, Visibility
from .workflow import _require

REASON_MAX = Case._meta.get_field("duplicate_reason").max_length or 200


def _locked(pk: int) -> Case:
    return Case.objects.select_for_update().get(pk=pk)


def _root(case: Case) -> Case:
    """The main matter of `case`'s group, locked. The loop guards against rows written by
    hand; this service never makes chains."""
    seen = {case.pk}
    while case.duplicate_of_id is not None and case.duplicate_of_id not in seen:
        case = _locked(case.duplicate_of_id)
        seen.add(case.pk)
    return case


@transaction.atomic
def merge_duplicates(
    *, actor: User, primary: Case, duplicates: Iterable[Case], reason: str
) -> list[Case]:
    """Mark each of `duplicates` as a duplicate of `primary` (or of the matter `primary` is
    itself a duplicate of). Returns the duplicates as saved."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why these matters are duplicates.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason within %(n)d characters.") % {"n": REASON_MAX}}
        )
    given = list({c.pk: c for c in duplicates}.values())
    if not given:
        raise ValidationError({"duplicates": _("Choose at least one duplicate matter.")})

    ids = {primary.pk, *(c.pk for c in given)}
    fresh = {c.pk: c for c in Case.objects.select_for_update().filter(pk__in=ids)}
    root = _root(fresh[primary.pk])
    dups = [fresh[c.pk] for c in given]
    for case in {c.pk: c for c in (fresh[primary.pk], root, *dups)}.values():
        _require(actor, "cases.change_case", case)
    for dup in dups:
        if dup.pk in (primary.pk, root.pk):
            raise ValidationError(
                {
                    "duplicates": _(
                        "A matter cannot be a duplicate of itself or of its own duplicate."
                    )
                }
            )
    # A duplicate that is itself the main matter of a group would make a chain.
    dup_ids = {d.pk for d in dups}
    heads = set(
        Case.objects.filter(duplicate_of_id__in=dup_ids)
        .exclude(pk__in=dup_ids)
        .values_list("duplicate_of_id", flat=True)
    )
    if heads:
        codes = ", ".join(sorted(d.tracking_code for d in dups if d.pk in heads))
        raise ValidationError(
            {
                "duplicates": _(
                    "%(codes)s already has duplicates of its own: choose it as the main "
                    "matter instead."
                )
                % {"codes": codes}
            }
        )

    for dup in dups:
        dup.duplicate_of, dup.duplicate_reason = root, reason
        dup._history_user = actor  # type: ignore[attr-defined]
        dup.save(update_fields=["duplicate_of", "duplicate_reason", "updated_at"])
        CaseEvent.objects.create(
            case=dup,
            kind=EventKind.NOTE,
            visibility=Visibility.INTERNAL,
            actor=actor,
            text=_("Marked as a duplicate of %(code)s: %(reason)s")
            % {"code": root.tracking_code, "reason": reason},
        )
    CaseEvent.objects.create(
        case=root,
        kind=EventKind.NOTE,
        visibility=Visibility.INTERNAL,
        actor=actor,
        text=_("Marked as duplicates of this matter: %(codes)s. %(reason)s")
        % {"codes": ", ".join(d.tracking_code for d in dups), "reason": reason},
    )
    # The caller's objects show the change too.
    for case in given:
        case.duplicate_of, case.duplicate_reason = root, reason
    return dups


__all__ = ["merge_duplicates"]


def merge_group(*, actor: User, cases: list[Case], reason: str) -> list[Case]:
    """Mark matters found to be the same as one group (the matter page's ticked
    suggestions): the main matter is the one that already has duplicates, else the earliest
    received; the others become its duplicates (merge_duplicates checks and records it)."""
    heads = set(
        Case.objects.filter(duplicate_of__in=cases).values_list("duplicate_of_id", flat=True)
    )
    primary = min([c for c in cases if c.pk in heads] or cases, key=lambda c: (c.received_at, c.pk))
    return merge_duplicates(
        actor=actor,
        primary=primary,
        duplicates=[c for c in cases if c.pk != primary.pk],
        reason=reason,
    )
