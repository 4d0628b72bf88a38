"""A body's due dates as an iCalendar file (RFC 5545): its structure, lines of at most 75
octets folded without cutting a character, CRLF, TEXT escaping, UIDs stable per duty and step,
and who may download it (those who see the body's duties; the others get 404)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from danvan.directives import calendar
from danvan.directives.models import CascadeRule, Duty
from danvan.directives.services import cascade as services
from danvan.org.models import OrganizationKind
from danvan.org.models.organizations import OrganizationLevel
from tests.factories import UserFactory, sign_in

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 10, 3, tzinfo=dt.UTC)


def unfold(text: str) -> list[str]:
    """The content lines of an iCalendar text, checked on the way: CRLF only, every physical
    line at most 75 octets."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode("utf-8")) <= 75 for line in physical), [
        line for line in physical if len(line.encode("utf-8")) > 75
    ]
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(char)
    return "".join(out)


def events(lines: list[str]) -> list[dict[str, str]]:
    """The VEVENTs as {name (with parameters): value}, after checking the nesting."""
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            found.append(current)
            current = None
        elif current is not None:
            name, _sep, value = line.partition(":")
            current[name] = value
    assert current is None
    return found


# --- The format -------------------------------------------------------------------------------


def test_text_values_are_escaped() -> None:
    assert calendar.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert unescape(calendar.escape_text("a,b;c\\d\ne")) == "a,b;c\\d\ne"


def test_long_lines_fold_at_75_octets_without_cutting_a_character() -> None:
    line = "SUMMARY:" + "Hạn quán triệt Nghị quyết, kế hoạch thực hiện; " * 6
    folded = calendar.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 3
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line
    assert calendar.fold("SHORT:x") == "SHORT:x"
    exactly = "X:" + "a" * 73
    assert calendar.fold(exactly) == exactly and calendar.fold(exactly + "ă").count("\r\n") == 1


def test_a_calendar_of_events_parses() -> None:
    text = calendar.build(
        [
            calendar.Event(
                uid="duty-1-study@example.vn",
                day=dt.date(2026, 3, 15),
                summary="Hạn học tập: 236-KL/TW (Đảng ủy xã A, huyện B; tỉnh C)",
                description="Dòng một\nDòng hai \\ hết",
            )
        ],
        name="Lịch, hạn",
        stamp=NOW,
    )
    lines = unfold(text)
    assert "X-WR-CALNAME:Lịch\\, hạn" in lines
    [event] = events(lines)
    assert event["UID"] == "duty-1-study@example.vn"
    assert event["DTSTART;VALUE=DATE"] == "20260315"
    assert event["DTEND;VALUE=DATE"] == "20260316"
    assert event["DTSTAMP"] == "20260410T030000Z"
    assert unescape(event["SUMMARY"]) == "Hạn học tập: 236-KL/TW (Đảng ủy xã A, huyện B; tỉnh C)"
    assert unescape(event["DESCRIPTION"]) == "Dòng một\nDòng hai \\ hết"


# --- The feed ---------------------------------------------------------------------------------


@pytest.fixture
def cascaded(directing):  # type: ignore[no-untyped-def]
    d = directing
    # A summary and a body name with every character TEXT escapes, long enough to fold.
    d.directive.summary = "Về tiếp tục thực hiện Chỉ thị số 49-CT/TW; kết luận, chỉ đạo \\ mới\nhết"
    d.directive.save(update_fields=["summary"])
    d.a1.name = "Đảng ủy phường Ba Đình, Hà Nội; khóa XIII"
    d.a1.save(update_fields=["name"])
    services.cascade(
        document=d.directive,
        issuer=d.central,
        rule=CascadeRule.BELOW,
        kinds=[OrganizationKind.PARTY_COMMITTEE],
        level=OrganizationLevel.PROVINCE,
        study_due=dt.date(2026, 3, 15),
        plan_due=dt.date(2026, 4, 30),
        on=dt.date(2026, 1, 26),
    )
    hanoi = Duty.objects.get(document=d.directive, body=d.hanoi_committee)
    services.cascade(
        document=d.directive,
        issuer=d.hanoi_committee,
        parent_duty=hanoi,
        rule=CascadeRule.BELOW,
        kinds=[OrganizationKind.PARTY_COMMITTEE],
        level=OrganizationLevel.COMMUNE,
        requires_plan=False,
        study_due=dt.date(2026, 5, 15),
        on=dt.date(2026, 4, 1),
    )
    return d


def _url(body) -> str:  # type: ignore[no-untyped-def]
    return reverse("directives_public:calendar", args=[body.pk])


def _get(client, user, body):  # type: ignore[no-untyped-def]
    sign_in(client, user)
    with time_machine.travel(NOW):
        return client.get(_url(body))


def test_a_bodys_due_dates_as_an_ics_file(client, cascaded) -> None:  # type: ignore[no-untyped-def]
    d = cascaded
    response = _get(client, d.hanoi_officer, d.hanoi_committee)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    found = events(unfold(response.content.decode("utf-8")))
    duty = Duty.objects.get(document=d.directive, body=d.hanoi_committee)
    host = "@"
    assert [(e["UID"].split(host)[0], e["DTSTART;VALUE=DATE"]) for e in found] == [
        (f"duty-{duty.pk}-study", "20260315"),
        (f"duty-{duty.pk}-plan", "20260430"),
    ]
    assert all("236-KL/TW" in e["SUMMARY"] for e in found)
    assert unescape(found[0]["DESCRIPTION"]).startswith(d.directive.summary)
    assert found[0]["URL"].endswith(reverse("directives:duty", args=[duty.pk]))
    # The same events the next time: a calendar app updates them rather than adding others.
    again = events(unfold(_get(client, d.hanoi_officer, d.hanoi_committee).content.decode()))
    assert [e["UID"] for e in again] == [e["UID"] for e in found]


def test_escaping_and_folding_in_the_feed(client, cascaded) -> None:  # type: ignore[no-untyped-def]
    d = cascaded
    text = _get(client, d.a1_officer, d.a1).content.decode("utf-8")
    lines = unfold(text)
    [event] = events(lines)  # no plan required of the communes: one event
    assert "\\;" in event["SUMMARY"] and "\\," in event["SUMMARY"]
    assert unescape(event["SUMMARY"]).endswith(f"({d.a1.name})")
    assert "\\n" in event["DESCRIPTION"] and "\\\\" in event["DESCRIPTION"]
    assert unescape(event["DESCRIPTION"]).startswith(d.directive.summary + "\n")
    assert any(line.startswith(" ") for line in text.split("\r\n"))  # something was folded


def test_a_commune_gets_its_own_calendar_only_a_province_its_subtree(client, cascaded) -> None:  # type: ignore[no-untyped-def]
    d = cascaded
    assert _get(client, d.a1_officer, d.a1).status_code == 200
    assert _get(client, d.a1_officer, d.a2).status_code == 404
    assert _get(client, d.a1_officer, d.hanoi_committee).status_code == 404
    assert _get(client, d.hanoi_leader, d.a1).status_code == 200
    assert _get(client, d.hanoi_officer, d.a2).status_code == 200  # it cascaded to A2
    assert _get(client, d.tq_officer, d.a1).status_code == 404
    assert _get(client, d.tq_officer, d.hanoi_committee).status_code == 404
    assert _get(client, d.central_officer, d.a1).status_code == 200
    assert _get(client, d.central_officer, d.b1).status_code == 404  # no duty at all
    assert _get(client, UserFactory(), d.a1).status_code == 404


def test_the_calendar_needs_a_session(client, cascaded) -> None:  # type: ignore[no-untyped-def]
    response = client.get(_url(cascaded.a1))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
