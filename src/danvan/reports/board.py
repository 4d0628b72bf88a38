"""The receiver's board: who has reported for a period — on time, late, returned, missing —
as of any date, and, for each reporting body that receives reports itself, how its own
reporters stand (the drill-down from the nation to a commune)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.lib.dates import day_start
from danvan.org.models import Organization

from .consolidation import reporters_of
from .models import EventKind, Report, ReportEvent, ReportingPeriod, ReportTemplate


class Status:
    ON_TIME = "on_time"
    LATE = "late"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    MISSING = "missing"
    WAITING = "waiting"


LABELS = {
    Status.ON_TIME: _("Submitted on time"),
    Status.LATE: _("Submitted late"),
    Status.RETURNED: _("Returned for correction"),
    Status.ACCEPTED: pgettext_lazy("report", "Accepted"),
    Status.MISSING: _("Missing (past due)"),
    Status.WAITING: _("Not yet due"),
}
ORDER = [
    Status.MISSING,
    Status.RETURNED,
    Status.LATE,
    Status.ON_TIME,
    Status.ACCEPTED,
    Status.WAITING,
]


@dataclass
class Line:
    organization: Organization
    report: Report | None
    status: str
    first_submitted: dt.datetime | None = None
    on_time: bool | None = None
    below_total: int = 0  # reports this body receives for the same template and period
    below_sent: int = 0

    @property
    def label(self) -> str:
        return str(LABELS[self.status])


@dataclass
class Board:
    receiver: Organization
    template: ReportTemplate
    period: ReportingPeriod
    as_of: dt.date
    lines: list[Line] = field(default_factory=list)

    @property
    def sent_late(self) -> int:
        """Reports first sent after their due date, whatever happened to them since."""
        return sum(1 for line in self.lines if line.on_time is False)

    def counts(self) -> list[tuple[str, str, int]]:
        found = dict.fromkeys(ORDER, 0)
        for line in self.lines:
            found[line.status] += 1
        return [(s, str(LABELS[s]), found[s]) for s in ORDER]


def board(
    receiver: Organization, template: ReportTemplate, period: ReportingPeriod, as_of: dt.date
) -> Board:
    """Four queries whatever the number of reporting bodies."""
    end = day_start(as_of + dt.timedelta(days=1))
    obligations = reporters_of(receiver, template, period)
    reports = {
        r.obligation_id: r
        for r in Report.objects.filter(
            receiver=receiver, template=template, period=period
        ).order_by()  # the model's default ordering would join the bodies for nothing
    }
    events: dict[int, list[tuple[dt.datetime, str]]] = {}
    for report_id, kind, at in (
        ReportEvent.objects.filter(
            report_id__in=[r.pk for r in reports.values()],
            kind__in=(EventKind.SUBMITTED, EventKind.RETURNED, EventKind.ACCEPTED),
            at__lt=end,
        )
        .order_by("at", "pk")
        .values_list("report_id", "kind", "at")
    ):
        events.setdefault(report_id, []).append((at, kind))
    below = {
        row["receiver_id"]: row
        for row in Report.objects.filter(
            receiver_id__in=[o.reporter_id for o in obligations], template=template, period=period
        )
        .values("receiver_id")
        .annotate(total=Count("pk"), sent=Count("pk", filter=Q(first_submitted_at__lt=end)))
        .order_by()
    }
    out = Board(receiver=receiver, template=template, period=period, as_of=as_of)
    for o in obligations:
        report = reports.get(o.pk)
        steps = events.get(report.pk, []) if report else []
        first = next((at for at, kind in steps if kind == EventKind.SUBMITTED), None)
        if first is None:
            due = report.due_on if report else period.ends_on
            status = Status.MISSING if as_of > due else Status.WAITING
            on_time = None
        else:
            assert report is not None
            on_time = timezone.localtime(first).date() <= report.due_on
            last = steps[-1][1]
            after: dict[str, str] = {
                EventKind.RETURNED: Status.RETURNED,
                EventKind.ACCEPTED: Status.ACCEPTED,
            }
            status = after.get(last, Status.ON_TIME if on_time else Status.LATE)
        counts: dict[str, Any] = dict(below.get(o.reporter_id) or {})
        out.lines.append(
            Line(
                organization=o.reporter,
                report=report,
                status=status,
                first_submitted=first,
                on_time=on_time,
                below_total=counts.get("total", 0),
                below_sent=counts.get("sent", 0),
            )
        )
    return out
