"""Reads of a matter's deadlines and decisions as the officer's and the citizen's pages show
them: what each step is, from when it counts, until when, on which basis, and where it stands
(met on time or late, closed, suspended, overdue); and the matter's progress as a stepper.

Every due date is named after its step ("Hạn xử lý đơn", "Hạn thụ lý"...), never by the
step's stored value; when the same step appears for two bodies the body is named, so that no
two rows carry the same label. Officers see the rule the date came from (article, matter,
complexity); citizens see a plain sentence instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, npgettext, pgettext, pgettext_lazy

from danvan.deadlines.models import Complexity, DayType, DeadlineRule, Matter, Step
from danvan.lib.dates import format_vn_date, today

from .models import (
    Case,
    CaseDeadline,
    CaseDecision,
    CaseKind,
    CaseState,
    DeadlineBasis,
    DecisionKind,
    EventKind,
    Processability,
)
from .services.deadlines import pauses_of


class DueStatus(TextChoices):
    RUNNING = "running", _("Running")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    SUSPENDED = "suspended", _("Suspended")
    MET = "met", _("Met on time")
    MET_LATE = "met_late", _("Met late")
    CLOSED = "closed", _("No longer applies")


DUE_SOON_DAYS = 3
TARGET = "target"

# The due date of each step, as both pages name it.
LABELS: dict[str, Promise] = {
    Step.FILING_LIMIT: pgettext_lazy("deadline", "Filing time limit"),
    Step.HANDLING: pgettext_lazy("deadline", "Letter handling due"),
    Step.INITIAL_PROCESSING: pgettext_lazy("deadline", "Initial processing due"),
    Step.FORWARDING: pgettext_lazy("deadline", "Forwarding due"),
    Step.ACCEPTANCE: pgettext_lazy("deadline", "Acceptance due"),
    Step.RESOLUTION: pgettext_lazy("deadline", "Resolution due"),
    Step.REPLY: pgettext_lazy("deadline", "Reply due"),
    TARGET: pgettext_lazy("deadline", "Answer due: the province's target (not a legal limit)"),
}

# What the body must do by the due date, in the citizen's words ("... must <what> by ...").
CITIZEN_WHAT: dict[str, Promise] = {
    Step.HANDLING: pgettext_lazy("citizen deadline", "examine and handle your letter"),
    Step.INITIAL_PROCESSING: pgettext_lazy(
        "citizen deadline", "check your denunciation and decide whether to take it up"
    ),
    Step.FORWARDING: pgettext_lazy(
        "citizen deadline", "send your letter on to the body competent to handle it"
    ),
    Step.ACCEPTANCE: pgettext_lazy(
        "citizen deadline", "tell you whether it takes up your complaint for resolution"
    ),
    Step.RESOLUTION: pgettext_lazy(
        "citizen deadline", "resolve your matter and tell you the result"
    ),
    Step.REPLY: pgettext_lazy("citizen deadline", "reply to you about what you raised in person"),
    TARGET: pgettext_lazy(
        "citizen deadline",
        "answer you (this is the province's own target, not a time limit set by law)",
    ),
}


@dataclass(frozen=True)
class DeadlineRow:
    step: str
    label: str
    body: str
    start: dt.date
    due: dt.date
    limit: str
    basis: str  # the legal source: law or decree and article (officers only)
    is_target: bool
    status: DueStatus
    paused_days: int
    paused_since: dt.date | None
    current: bool
    rule: str = ""  # which rule row: step, matter, complexity (officers only)
    met_on: dt.date | None = None
    suspension: CaseDecision | None = None  # the open one
    pauses: tuple[tuple[dt.date, dt.date], ...] = ()  # finished: (suspended, resumed)
    extensions: tuple[CaseDecision, ...] = ()

    @property
    def body_named(self) -> bool:
        """Whether the label already names the body (the step appears for two bodies)."""
        return bool(self.body) and f"({self.body})" in self.label

    @property
    def counted(self) -> str:
        """The limit and the day it counts from: "10 working days from 05/10/2026"."""
        return pgettext("deadline", "%(limit)s from %(day)s") % {
            "limit": self.limit,
            "day": format_vn_date(self.start),
        }

    @property
    def pause_note(self) -> str:
        if self.paused_since:
            decision = self.suspension
            if decision is not None and decision.document_number:
                return pgettext(
                    "deadline",
                    "Suspended since %(day)s by decision no. %(number)s of %(date)s: the "
                    "clock is stopped until the resumption.",
                ) % {
                    "day": format_vn_date(self.paused_since),
                    "number": decision.document_number,
                    "date": format_vn_date(decision.document_date or decision.effective_on),
                }
            return str(
                _("Suspended since %(day)s: the clock is stopped until the resumption.")
                % {"day": format_vn_date(self.paused_since)}
            )
        if self.paused_days:
            periods = "; ".join(
                pgettext("deadline", "suspended from %(start)s, resumed on %(end)s")
                % {"start": format_vn_date(start), "end": format_vn_date(end)}
                for start, end in self.pauses
            )
            if periods:
                return npgettext(
                    "deadline",
                    "Includes %(n)d day of suspension, which does not count (%(periods)s).",
                    "Includes %(n)d days of suspension, which do not count (%(periods)s).",
                    self.paused_days,
                ) % {"n": self.paused_days, "periods": periods}
            return ngettext(
                "Includes %(n)d day of suspension, which does not count.",
                "Includes %(n)d days of suspension, which do not count.",
                self.paused_days,
            ) % {"n": self.paused_days}
        return ""

    @property
    def extension_notes(self) -> list[str]:
        notes = []
        for decision in self.extensions:
            day = format_vn_date(decision.document_date or decision.effective_on)
            if decision.document_number:
                notes.append(
                    pgettext("deadline", "Extended by decision no. %(number)s of %(date)s.")
                    % {"number": decision.document_number, "date": day}
                )
            else:
                notes.append(pgettext("deadline", "Extended on %(date)s.") % {"date": day})
        return notes

    @property
    def citizen_text(self) -> SafeString:
        """What the date means, in plain words; the due date (if shown) in bold."""
        what = CITIZEN_WHAT.get(self.step, pgettext_lazy("citizen deadline", "act on your matter"))
        values = {
            "body": escape(self.body or pgettext("citizen deadline", "The body handling it")),
            "what": escape(what),
            "day": format_html("<strong>{}</strong>", format_vn_date(self.due)),
            "met": escape(format_vn_date(self.met_on)),
        }
        text = {
            DueStatus.RUNNING: pgettext("citizen deadline", "%(body)s must %(what)s by %(day)s."),
            DueStatus.DUE_SOON: pgettext("citizen deadline", "%(body)s must %(what)s by %(day)s."),
            DueStatus.OVERDUE: pgettext(
                "citizen deadline",
                "%(body)s had to %(what)s by %(day)s; that date has passed.",
            ),
            DueStatus.SUSPENDED: pgettext(
                "citizen deadline",
                "The resolution is paused: the time limit stops running, and a new date is "
                "set when it resumes.",
            ),
            DueStatus.MET: pgettext(
                "citizen deadline", "Done on %(met)s, in time (the time limit was %(day)s)."
            ),
            DueStatus.MET_LATE: pgettext(
                "citizen deadline", "Done on %(met)s, after the time limit of %(day)s."
            ),
            DueStatus.CLOSED: pgettext(
                "citizen deadline",
                "The time limit of %(day)s no longer applies: the matter has ended or has "
                "taken another course.",
            ),
        }[self.status]
        return mark_safe(escape(text) % values)  # noqa: S308 - every part escaped above


def step_label(step: str, basis: str = DeadlineBasis.LAW) -> str:
    if basis == DeadlineBasis.TARGET:
        return str(LABELS[TARGET])
    if step in LABELS:
        return str(LABELS[step])
    try:
        return str(Step(step).label)
    except ValueError:
        return str(pgettext_lazy("deadline", "Time limit"))


def _limit(d: CaseDeadline) -> str:
    if d.day_type == DayType.WORKING:
        text = ngettext("%(n)d working day", "%(n)d working days", d.days)
    else:
        text = ngettext("%(n)d day", "%(n)d days", d.days)
    return text % {"n": d.days}


def _rule_text(rule: DeadlineRule | None) -> str:
    """The rule row in words: "Resolution · First complaint · Complex · remote area"."""
    if rule is None:
        return ""
    parts = [str(Step(rule.step).label)]
    if rule.matter != Matter.LETTER:
        parts.append(str(Matter(rule.matter).label))
    if rule.complexity != Complexity.NORMAL:
        parts.append(str(Complexity(rule.complexity).label))
    if rule.remote_area:
        parts.append(str(pgettext_lazy("deadline", "remote area")))
    if rule.several_places:
        parts.append(str(pgettext_lazy("deadline", "checks in several places")))
    return " · ".join(parts)


def _status(d: CaseDeadline, on: dt.date) -> DueStatus:
    if d.met_at is not None:
        return DueStatus.MET if timezone.localdate(d.met_at) <= d.due_date else DueStatus.MET_LATE
    if d.closed_at is not None:
        return DueStatus.CLOSED
    if d.paused_since is not None:
        return DueStatus.SUSPENDED
    if d.due_date < on:
        return DueStatus.OVERDUE
    if (d.due_date - on).days <= DUE_SOON_DAYS:
        return DueStatus.DUE_SOON
    return DueStatus.RUNNING


def _distinct_labels(deadlines: Sequence[CaseDeadline]) -> list[str]:
    """Each row's label; the body's name is added where a label repeats, and the day it
    counts from where even that repeats (a matter sent back to a body it left)."""
    plain = [step_label(d.step, d.basis) for d in deadlines]
    labels = [
        f"{label} ({d.organization.name})" if plain.count(label) > 1 and d.organization else label
        for label, d in zip(plain, deadlines, strict=True)
    ]
    named = list(labels)
    for i, d in enumerate(deadlines):
        if named.count(named[i]) > 1:
            counted = pgettext("deadline", "from %(day)s") % {"day": format_vn_date(d.start_date)}
            labels[i] = f"{labels[i]} ({counted})"
    return labels


def deadline_rows(case: Case, *, on: dt.date | None = None) -> list[DeadlineRow]:
    """Every body's deadlines for the matter, the current body's last; three queries at
    most (deadlines, their rules, the decisions on the period), whatever their number."""
    on = on or today()
    deadlines = list(
        case.deadlines.select_related("organization").order_by("leg", "due_date", "id")
    )
    if not deadlines:
        return []
    rule_ids = {d.rule_id for d in deadlines if d.rule_id}
    rules = DeadlineRule.objects.in_bulk(rule_ids) if rule_ids else {}
    decisions = list(case.decisions.exclude(kind=DecisionKind.WITHDRAWAL))
    finished, _since = pauses_of(decisions)
    suspensions = [x for x in decisions if x.kind == DecisionKind.SUSPENSION]
    extensions = tuple(x for x in decisions if x.kind == DecisionKind.EXTENSION)
    rows = []
    for d, label in zip(deadlines, _distinct_labels(deadlines), strict=True):
        rule = rules.get(d.rule_id) if d.rule_id else None
        # The decisions on the period apply to the resolution of the body that accepted it
        # (an accepted matter is not moved on).
        decided = d.step == Step.RESOLUTION and d.leg == case.leg
        suspension = (
            next((x for x in reversed(suspensions) if x.effective_on == d.paused_since), None)
            if d.paused_since and decided
            else None
        )
        rows.append(
            DeadlineRow(
                step=d.step,
                label=label,
                body=d.organization.name if d.organization else "",
                start=d.start_date,
                due=d.due_date,
                limit=_limit(d),
                basis=rule.legal_basis if rule is not None else d.legal_basis,
                is_target=d.basis == DeadlineBasis.TARGET,
                status=_status(d, on),
                paused_days=d.paused_days,
                paused_since=d.paused_since,
                current=d.leg == case.leg,
                rule=_rule_text(rule),
                met_on=timezone.localdate(d.met_at) if d.met_at else None,
                suspension=suspension,
                pauses=tuple(finished) if decided and d.paused_days else (),
                extensions=extensions if decided else (),
            )
        )
    return rows


def withdrawn_parts(case: Case) -> list[CaseDecision]:
    return [
        d
        for d in case.decisions.filter(kind=DecisionKind.WITHDRAWAL, whole=False)
        if d.withdrawn_part
    ]


def decisions_of(case: Case) -> list[CaseDecision]:
    return list(case.decisions.select_related("actor"))


# --- The matter's progress (components/stepper.html) ---------------------------------------


class StepState(TextChoices):
    DONE = "done", pgettext_lazy("progress step", "done")
    CURRENT = "current", pgettext_lazy("progress step", "current step")
    TODO = "todo", pgettext_lazy("progress step", "not yet")


@dataclass(frozen=True)
class ProgressStep:
    key: str
    label: str
    date: dt.date | None
    state: StepState


PROGRESS_LABELS: dict[str, Promise] = {
    "received": pgettext_lazy("progress step", "Received"),
    "classified": pgettext_lazy("progress step", "Classified"),
    "accepted": pgettext_lazy("progress step", "Accepted"),
    "resolved": pgettext_lazy("progress step", "Resolved"),
    "closed": pgettext_lazy("progress step", "Closed"),
}
# The steps that end a matter off the usual path, before it is resolved.
ENDING_LABELS: dict[str, Promise] = {
    CaseState.NOT_PROCESSABLE: pgettext_lazy("progress step", "Not processable"),
    CaseState.GUIDED: pgettext_lazy("progress step", "Guided to another body"),
    CaseState.FORWARDED: pgettext_lazy("progress step", "Forwarded"),
    CaseState.WITHDRAWN: pgettext_lazy("progress step", "Withdrawn"),
}
# Where each state of the usual path stands: received 0 ... closed 4.
_PLACE = {
    CaseState.RECEIVED: 0,
    CaseState.CLASSIFIED: 1,
    CaseState.ACCEPTED: 2,
    CaseState.IN_PROGRESS: 2,
    CaseState.EXTENDED: 2,
    CaseState.SUSPENDED: 2,
    CaseState.REOPENED: 2,
    CaseState.RESOLVED: 3,
    CaseState.CLOSED: 4,
}


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _ending(case: Case) -> str | None:
    """The state in which the matter left the usual path (before being resolved), if so."""
    if case.state in (
        CaseState.NOT_PROCESSABLE,
        CaseState.GUIDED,
        CaseState.FORWARDED,
        CaseState.WITHDRAWN,
    ):
        return case.state
    if case.state == CaseState.CLOSED and case.accepted_at is None:
        if case.processability == Processability.NOT_PROCESSABLE:
            return CaseState.NOT_PROCESSABLE
        return CaseState.GUIDED if case.answered_at else CaseState.FORWARDED
    return None


def progress_steps(case: Case) -> list[ProgressStep]:
    """Received → classified → accepted → resolved → closed, each with the day it was
    reached at the body that holds the matter now (its receipt: the first one). A matter
    that ended another way (not processable, guided, withdrawn) ends on that step, then on
    "closed" if it was closed after. One query (the classification's day)."""
    since = case.handled_since or case.received_at
    classified_at = None
    if case.state != CaseState.RECEIVED:
        classified_at = (
            case.events.filter(kind=EventKind.CLASSIFIED, at__gte=since)
            .order_by("at", "id")
            .values_list("at", flat=True)
            .first()
        )
    dates: dict[str, dt.date | None] = {
        "received": _day(case.received_at),
        "classified": _day(classified_at),
        "accepted": _day(case.accepted_at),
        "resolved": _day(case.answered_at)
        if case.state in (CaseState.RESOLVED, CaseState.CLOSED)
        else None,
        "closed": _day(case.closed_at) if case.state == CaseState.CLOSED else None,
    }
    ending = _ending(case)
    if ending is None:
        place = _PLACE.get(CaseState(case.state), 0)
        return [
            ProgressStep(
                key,
                str(label),
                dates[key] if i <= place else None,
                StepState.DONE
                if i < place
                else StepState.CURRENT
                if i == place
                else StepState.TODO,
            )
            for i, (key, label) in enumerate(PROGRESS_LABELS.items())
        ]
    # Off the usual path: the steps reached, the ending, and "closed" if it was closed.
    reached = [
        ("received", True),
        ("classified", classified_at is not None or case.kind != CaseKind.UNCLASSIFIED),
        ("accepted", case.accepted_at is not None),
    ]
    steps = [
        ProgressStep(key, str(PROGRESS_LABELS[key]), dates[key], StepState.DONE)
        for key, was in reached
        if was
    ]
    closed = case.state == CaseState.CLOSED
    ended_on = _day(case.closed_at if ending == CaseState.WITHDRAWN else case.answered_at)
    steps.append(
        ProgressStep(
            str(ending),
            str(ENDING_LABELS[ending]),
            ended_on,
            StepState.DONE if closed else StepState.CURRENT,
        )
    )
    if closed:
        steps.append(
            ProgressStep(
                "closed", str(PROGRESS_LABELS["closed"]), dates["closed"], StepState.CURRENT
            )
        )
    return steps
