"""A body's due dates under directives as an iCalendar file (RFC 5545), for a calendar app:
one all-day event per step a duty requires by a date (the study session, the programme or
plan).

Written here rather than with a library (none is a dependency, and the format needs little):
lines end in CRLF and are folded at 75 octets without cutting a UTF-8 character; TEXT values
escape backslash, semicolon, comma and line breaks; an event's UID is stable for a duty and a
step, so that a calendar app updates the event it has rather than adding another when a due
date moves or a step is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.lib.dates import format_vn_date

from .models import Duty, Progress, progress

CRLF = "\r\n"
LINE_OCTETS = 75
PRODID = "-//Dân Vận Số//Directives//VI"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): \\ ; , escaped, line breaks as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded (RFC 5545 §3.1): no physical line longer than 75 octets, each
    continuation starting with one space, and never a UTF-8 character cut in two."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            # The leading space of a continuation counts towards its 75 octets.
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += octets
    parts.append(current)
    return CRLF.join(parts)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def build(events: Iterable[Event], *, name: str, stamp: dt.datetime) -> str:
    """The calendar's text: VCALENDAR with one VEVENT per event, lines folded, CRLF."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{_date(event.day)}",
            f"DTEND;VALUE=DATE:{_date(event.day + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        # A due date is a reminder, not a meeting: it does not make the day busy.
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def _domain() -> str:
    return urlsplit(settings.SITE_ROOT).hostname or "danvan"


def duty_events(duties: Iterable[Duty], *, on: dt.date) -> list[Event]:
    """An event per required step with a due date, for duties read with their document and
    body; the step's state on `on` is said in the description."""
    root = settings.SITE_ROOT.rstrip("/")
    domain = _domain()
    events: list[Event] = []
    for duty in duties:
        url = root + reverse("directives:duty", args=[duty.pk])
        symbol, body = duty.document.symbol, duty.body.name
        steps = (
            (
                "study",
                duty.requires_study,
                duty.study_due,
                duty.studied_on,
                _("Study session due: %(document)s (%(body)s)"),
            ),
            (
                "plan",
                duty.requires_plan,
                duty.plan_due,
                duty.plan_issued_on,
                _("Programme or plan due: %(document)s (%(body)s)"),
            ),
        )
        for step, required, due, done, title in steps:
            if not required or due is None:
                continue
            state = progress(required=required, due=due, done=done, on=on)
            said = str(Progress(state).label)
            if done is not None and done <= on:
                said = _("%(state)s on %(day)s") % {"state": said, "day": format_vn_date(done)}
            events.append(
                Event(
                    uid=f"duty-{duty.pk}-{step}@{domain}",
                    day=due,
                    summary=title % {"document": symbol, "body": body},
                    description=f"{duty.document.summary}\n{said}",
                    url=url,
                )
            )
    return sorted(events, key=lambda e: (e.day, e.uid))
