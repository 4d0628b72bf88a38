"""The figures of citizen matters that reports are filled with (lib.figures registry).

Every figure is one filter (`figure_q`) over the matters a body answers for — the body, the
bodies under it and the former bodies whose records roll up to them (the inbox's "body"
filter, `org.selectors.organization_subtree`), so across reorganizations — and counted as of the
end of the window from the matters' own timestamps: counting again later gives the same
figure. The inbox applies the same filter (`?figure=…`), so the list behind a figure holds
exactly the matters counted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from danvan.lib import figures
from danvan.lib.dates import day_start
from danvan.org.selectors import organization_subtree

from .figure_selectors import late_deadline
from .models import Case, CaseDeadline, CaseField, CaseKind, CaseState, Channel, DeadlineBasis

GROUP = "cases"
RESOLVED_STATES = (CaseState.RESOLVED, CaseState.CLOSED)
KINDS = [k for k in CaseKind if k != CaseKind.UNCLASSIFIED]


def _bounds(window: figures.Window) -> tuple[dt.datetime, dt.datetime]:
    return day_start(window.starts_on), day_start(window.ends_on + dt.timedelta(days=1))


def _overdue_at_end(end: dt.datetime, last_day: dt.date) -> Q:
    """Open when the window closed, with a legal due date before its last day still unmet."""
    late = CaseDeadline.objects.filter(
        case=OuterRef("pk"), basis=DeadlineBasis.LAW, due_date__lt=last_day
    ).filter(
        (Q(met_at__isnull=True) | Q(met_at__gte=end))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    )
    return (
        Q(received_at__lt=end)
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        & Q(Exists(late))
    )


def figure_q(key: str, window: figures.Window) -> Q | None:
    """The matters behind one figure; None for a key that is not one of ours."""
    start, end = _bounds(window)
    received = Q(received_at__gte=start, received_at__lt=end)
    parts = key.split(".")[1:]
    match parts:
        case ["received"]:
            return received
        case ["received", "kind", kind] if kind in CaseKind.values:
            return received & Q(kind=kind)
        case ["received", "channel", channel] if channel in Channel.values:
            return received & Q(channel=channel)
        case ["received", "field", code]:
            return received & Q(field__code=code)
        case ["accepted"]:
            return Q(accepted_at__gte=start, accepted_at__lt=end)
        case ["resolved"]:
            return Q(closed_at__gte=start, closed_at__lt=end, state__in=RESOLVED_STATES)
        case ["resolved", "on_time"]:
            return Q(closed_at__gte=start, closed_at__lt=end, state__in=RESOLVED_STATES) & ~Q(
                late_deadline()
            )
        case ["overdue"]:
            return _overdue_at_end(end, window.ends_on)
        case ["rated"] | ["rating_average"]:
            return Q(rated_at__gte=start, rated_at__lt=end, rating__isnull=False)
        case ["satisfied"]:
            return Q(rated_at__gte=start, rated_at__lt=end, rating__gte=4)
    return None


def _sources() -> list[figures.Source]:
    count = "count"
    made = [
        figures.Source(
            f"{GROUP}.received",
            _("Matters received"),
            count,
            _("matters"),
            _("Received in the period, by the body and the bodies under it."),
        ),
    ]
    made += [
        figures.Source(
            f"{GROUP}.received.kind.{k.value}",
            _("Matters received: %(kind)s") % {"kind": k.label},
            count,
            _("matters"),
        )
        for k in KINDS
    ]
    made += [
        figures.Source(
            f"{GROUP}.received.channel.{c.value}",
            _("Matters received: %(channel)s") % {"channel": c.label},
            count,
            _("matters"),
        )
        for c in Channel
    ]
    made += [
        figures.Source(
            f"{GROUP}.received.field.{code}",
            _("Matters received, field: %(field)s") % {"field": name},
            count,
            _("matters"),
        )
        for code, name in CaseField.objects.order_by("position", "name").values_list("code", "name")
    ]
    made += [
        figures.Source(
            f"{GROUP}.accepted",
            _("Matters accepted for resolution"),
            count,
            _("matters"),
            _("Formally accepted (thụ lý) in the period."),
        ),
        figures.Source(
            f"{GROUP}.resolved",
            _("Matters resolved"),
            count,
            _("matters"),
            _("Resolved or closed in the period."),
        ),
        figures.Source(
            f"{GROUP}.resolved.on_time",
            _("Matters resolved on time"),
            count,
            _("matters"),
            _("Resolved in the period with every legal due date met."),
        ),
        figures.Source(
            f"{GROUP}.overdue",
            _("Matters overdue at the end of the period"),
            count,
            _("matters"),
            _("Open on the last day of the period, past a legal due date."),
        ),
        figures.Source(
            f"{GROUP}.rated",
            _("Answers rated by citizens"),
            count,
            _("ratings"),
        ),
        figures.Source(
            f"{GROUP}.rating_average",
            _("Average satisfaction rating"),
            "decimal",
            _("points (1–5)"),
            _("Average of the ratings given in the period."),
        ),
        figures.Source(
            f"{GROUP}.satisfied",
            _("Citizens satisfied (rating 4 or 5)"),
            count,
            _("ratings"),
        ),
    ]
    return made


def _count(organization_id: int, window: figures.Window, keys: set[str]) -> dict[str, Decimal]:
    start, end = _bounds(window)
    # Only matters that touch the window: received before its end and not closed before
    # its start (every figure above is about such matters).
    cases = Case.objects.filter(
        organization_id__in=organization_subtree(organization_id), received_at__lt=end
    ).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start) | Q(rated_at__gte=start))
    aggregates: dict[str, Count | Avg] = {}
    aliases: dict[str, str] = {}
    for i, key in enumerate(sorted(keys)):
        q = figure_q(key, window)
        if q is None:
            continue
        alias = f"f{i}"
        aliases[alias] = key
        if key.endswith(".rating_average"):
            aggregates[alias] = Avg("rating", filter=q)
        else:
            aggregates[alias] = Count("pk", filter=q)
    if not aggregates:
        return {}
    row = cases.aggregate(**aggregates)
    values: dict[str, Decimal] = {}
    for alias, key in aliases.items():
        value = row[alias]
        if value is None:
            # No rating in the window: no average (0 would read as a rating).
            values[key] = Decimal(0) if not key.endswith(".rating_average") else None  # type: ignore[assignment]
        else:
            values[key] = (
                Decimal(str(round(value, 2))) if isinstance(value, float) else Decimal(value)
            )
    return values


def register() -> None:
    figures.register(
        figures.Group(
            name=GROUP,
            label=_("Citizens' matters"),
            sources=_sources,
            count=_count,
            records_url=figures.records_at("cases:inbox", figure_q),
        )
    )
