"""Review rounds (sơ kết, tổng kết): asking the bodies below for their review reports,
receiving them, and recording the conference. The compiled draft is a read
(selectors/reviews.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.emulation.models import AwardDecision
from danvan.lib.audit import audit, require
from danvan.lib.dates import format_vn_date, today
from danvan.org.models import Organization
from danvan.org.selectors import bodies_named

from ..models import (
    CascadeRule,
    Document,
    ReviewConference,
    ReviewKind,
    ReviewRound,
    ReviewSubmission,
)

MAX_FIGURES = 20


@transaction.atomic
def open_round(
    *,
    document: Document,
    caller: Organization,
    kind: str,
    title: str,
    period_from: dt.date,
    period_to: dt.date,
    due_on: dt.date,
    rule: str,
    kinds: Sequence[str] = (),
    level: str = "",
    chosen: Sequence[Organization] = (),
    years: int | None = None,
    figure_labels: Sequence[str] = (),
    on: dt.date | None = None,
    actor: User | None = None,
) -> ReviewRound:
    """Ask the bodies a rule names for their review reports of `document` by `due_on`."""
    require(actor, "directives.cascade", caller)
    day = on or today()
    labels = [label.strip() for label in figure_labels if label.strip()]
    errors: dict[str, str] = {}
    if kind not in ReviewKind.values:
        errors["kind"] = _("Choose an interim or a final review.")
    if not title.strip():
        errors["title"] = _("Give the review a title.")
    if period_to < period_from:
        errors["period_to"] = _("The period reviewed ends after it starts.")
    if due_on < day:
        errors["due_on"] = _("The due date cannot be before %(day)s.") % {
            "day": format_vn_date(day)
        }
    if len(labels) > MAX_FIGURES or len(set(labels)) != len(labels):
        errors["figure_labels"] = _("Up to %(n)s figures, each named once.") % {"n": MAX_FIGURES}
    if rule not in CascadeRule.values or (rule == CascadeRule.CHOSEN and not chosen):
        errors["rule"] = _("Choose the bodies asked for a report.")
    if errors:
        raise ValidationError(errors)
    bodies = list(
        bodies_named(
            issuer=caller,
            rule=rule,
            kinds=list(kinds),
            level=level,
            chosen=[o.pk for o in chosen],
            on=day,
        ).only("pk")
    )
    if not bodies:
        raise ValidationError({"rule": _("The rule names no body.")})
    made = ReviewRound.objects.create(
        document=document,
        caller=caller,
        kind=kind,
        years=years,
        title=title.strip(),
        period_from=period_from,
        period_to=period_to,
        due_on=due_on,
        rule=rule,
        organization_kinds=list(kinds),
        level=level,
        figure_labels=labels,
        created_by=actor,
    )
    ReviewSubmission.objects.bulk_create(
        [ReviewSubmission(round=made, body=body) for body in bodies]
    )
    audit(actor, made, ADDITION, _("%(n)s bodies asked.") % {"n": len(bodies)})
    return made


def _figures(labels: Sequence[str], given: dict[str, str]) -> dict[str, str]:
    """The figures as numbers written as text (JSON keeps no Decimal), each one asked."""
    kept: dict[str, str] = {}
    for label in labels:
        raw = (given.get(label) or "").strip().replace(".", "").replace(",", ".")
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValidationError(
                {"figures": _("“%(label)s” is not a number.") % {"label": label}}
            ) from None
        if value < 0:
            raise ValidationError({"figures": _("A figure is not below zero.")})
        kept[label] = str(value)
    return kept


@transaction.atomic
def submit(
    *,
    submission: ReviewSubmission,
    results: str,
    shortcomings: str = "",
    lessons: str = "",
    proposals: str = "",
    figures: dict[str, str] | None = None,
    on: dt.date | None = None,
    actor: User | None = None,
) -> ReviewSubmission:
    """The body's review report; sent again, it replaces the earlier one (the date kept)."""
    require(actor, "directives.fulfil", submission.body)
    locked = (
        ReviewSubmission.objects.select_for_update().select_related("round").get(pk=submission.pk)
    )
    if not results.strip():
        raise ValidationError({"results": _("Write the results achieved.")})
    locked.results = results.strip()
    locked.shortcomings = shortcomings.strip()
    locked.lessons = lessons.strip()
    locked.proposals = proposals.strip()
    locked.figures = _figures(locked.round.figure_labels, figures or {})
    locked.submitted_on = locked.submitted_on or on or today()
    locked.submitted_by = actor
    locked.save()
    audit(actor, locked, CHANGE, _("Review report sent."))
    return locked


@transaction.atomic
def record_conference(
    *,
    review: ReviewRound,
    held_on: dt.date,
    participants: int,
    place: str = "",
    commended: Sequence[AwardDecision] = (),
    note: str = "",
    actor: User | None = None,
) -> ReviewConference:
    require(actor, "directives.cascade", review.caller)
    if held_on > today():
        raise ValidationError({"held_on": _("A conference is recorded once it has been held.")})
    if participants < 1:
        raise ValidationError({"participants": _("Give the number of participants.")})
    conference, _made = ReviewConference.objects.update_or_create(
        round=review,
        defaults={
            "held_on": held_on,
            "participants": participants,
            "place": place.strip(),
            "note": note.strip(),
            "created_by": actor,
        },
    )
    conference.commended.set(commended)
    audit(
        actor, review, CHANGE, _("Conference held on %(day)s.") % {"day": format_vn_date(held_on)}
    )
    return conference
