"""Reads about meetings and commitments: the rule in force for a kind and a level, whether a
meeting was announced early enough and its results published in time, how a body stands
against the yearly and monthly minimums, and the commitments' counts and lists."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.lib.dates import today
from danvan.org.models import Organization

from ..models import (
    Commitment,
    CommitmentState,
    Meeting,
    MeetingKind,
    MeetingRule,
    MeetingState,
)


def rule_for(kind: str, level: str, on: dt.date) -> MeetingRule | None:
    return (
        MeetingRule.objects.filter(kind=kind, level=level, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-valid_from")
        .first()
    )


def rules_on(on: dt.date) -> dict[tuple[str, str], MeetingRule]:
    """Every rule in force on a day, by (kind, level): one query for a whole page."""
    found: dict[tuple[str, str], MeetingRule] = {}
    for rule in (
        MeetingRule.objects.filter(valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("valid_from")
    ):
        found[(rule.kind, rule.level)] = rule
    return found


@dataclass(frozen=True)
class Timeliness:
    """How a meeting stands against its rule's notice and publication periods."""

    notice_days: int | None  # days between the announcement and the start
    notice_short: bool  # announced later than the rule asks
    publish_by: dt.date | None  # the results' last day, once held
    publish_late: bool  # not published by then (or published after)


def timeliness(meeting: Meeting, rule: MeetingRule | None, on: dt.date | None = None) -> Timeliness:
    day = on or today()
    notice = None
    short = False
    if meeting.announced_at is not None:
        notice = (
            timezone.localdate(meeting.starts_at) - timezone.localdate(meeting.announced_at)
        ).days
        short = bool(rule and rule.notice_days is not None and notice < rule.notice_days)
    publish_by = None
    late = False
    if (
        rule
        and rule.publish_within_days is not None
        and meeting.state
        in (
            MeetingState.HELD,
            MeetingState.PUBLISHED,
        )
    ):
        held_on = timezone.localdate(meeting.ends_at or meeting.starts_at)
        publish_by = held_on + dt.timedelta(days=rule.publish_within_days)
        if meeting.published_at is None:
            late = day > publish_by
        else:
            late = timezone.localdate(meeting.published_at) > publish_by
    return Timeliness(notice, short, publish_by, late)


@dataclass(frozen=True)
class Standing:
    """A body against a yearly or monthly minimum."""

    host: Organization
    kind: str
    rule: MeetingRule
    held: int
    required: int
    period: str  # "2026" or "12/2026"

    @property
    def met(self) -> bool:
        return self.held >= self.required


def standings(hosts: QuerySet[Organization], on: dt.date | None = None) -> list[Standing]:
    """For each body and each rule of its level: dialogues held this year against the yearly
    minimum, reception days held this month against the monthly one. Two queries, whatever
    the number of bodies."""
    day = on or today()
    rules = rules_on(day)
    bodies = list(hosts.order_by("name"))
    if not bodies or not rules:
        return []
    year_start = dt.date(day.year, 1, 1)
    month_start = day.replace(day=1)
    counts = (
        Meeting.objects.filter(
            host__in=bodies,
            state__in=(MeetingState.HELD, MeetingState.PUBLISHED),
            starts_at__date__gte=year_start,
        )
        .values("host_id", "kind")
        .annotate(
            year=Count("pk"),
            month=Count("pk", filter=Q(starts_at__date__gte=month_start)),
        )
        .order_by()
    )
    held: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: {"year": 0, "month": 0})
    for r in counts:
        held[(r["host_id"], r["kind"])] = {"year": r["year"], "month": r["month"]}
    out = []
    for body in bodies:
        for kind in MeetingKind.values:
            rule = rules.get((kind, body.level))
            if rule is None:
                continue
            n = held[(body.pk, kind)]
            if rule.min_per_year:
                out.append(Standing(body, kind, rule, n["year"], rule.min_per_year, str(day.year)))
            if rule.min_days_per_month:
                out.append(
                    Standing(body, kind, rule, n["month"], rule.min_days_per_month, f"{day:%m/%Y}")
                )
    return out


@dataclass(frozen=True)
class CommitmentCounts:
    open: int
    overdue: int
    done: int
    done_on_time: int
    dropped: int


def commitment_counts(
    commitments: QuerySet[Commitment], on: dt.date | None = None
) -> CommitmentCounts:
    day = on or today()
    row = commitments.aggregate(
        open=Count("pk", filter=Q(state=CommitmentState.OPEN)),
        overdue=Count("pk", filter=Q(state=CommitmentState.OPEN, due_on__lt=day)),
        done=Count("pk", filter=Q(state=CommitmentState.DONE)),
        done_on_time=Count("pk", filter=Q(state=CommitmentState.DONE, done_on__lte=F("due_on"))),
        dropped=Count("pk", filter=Q(state=CommitmentState.DROPPED)),
    )
    return CommitmentCounts(**row)


def carried(meeting: Meeting) -> QuerySet[Commitment]:
    """At a briefing: the commitments of the host's earlier meetings still under way."""
    return (
        Commitment.objects.filter(
            meeting__host_id=meeting.host_id,
            meeting__starts_at__lt=meeting.starts_at,
            state=CommitmentState.OPEN,
        )
        .select_related("owner", "meeting")
        .order_by("due_on", "pk")
    )


def state_label(commitment: Commitment, on: dt.date | None = None) -> str:
    day = on or today()
    if commitment.state == CommitmentState.OPEN and commitment.due_on < day:
        return _("Overdue")
    return str(commitment.get_state_display())
