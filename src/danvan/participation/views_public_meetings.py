"""The public side of meetings: the schedule (also as an iCalendar feed a phone subscribes
to), a meeting's page where people send questions before it and read its results after,
and the public status page of commitments. Nobody signs in; questions are limited per
address and a hidden field stops simple bots."""

from __future__ import annotations

import datetime as dt
import secrets

from allauth.core import ratelimit
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from danvan.lib.dates import today
from danvan.lib.forms import add_service_errors
from danvan.lib.pagination import page_of
from danvan.org.models import AdminLevel, AdminUnit

from . import access_meetings as access
from .forms_meetings import PublicQuestionForm
from .models import CommitmentState, Meeting, MeetingKind, MeetingState, QuestionOutcome
from .selectors.meetings import commitment_counts
from .services import meetings as services

UPCOMING_DAYS_BACK = 30  # the schedule also shows what was held in the last month
FEED_DAYS_BACK = 90


def _province(request: HttpRequest) -> AdminUnit | None:
    raw = request.GET.get("tinh", "")
    if not raw.isdigit():
        return None
    return AdminUnit.objects.filter(pk=int(raw), level=AdminLevel.PROVINCE).first()


def _scheduled(
    request: HttpRequest, days_back: int
) -> tuple[QuerySet[Meeting], str, AdminUnit | None]:
    since = timezone.now() - dt.timedelta(days=days_back)
    meetings = access.public_meetings().filter(starts_at__gte=since).select_related("host", "unit")
    kind = request.GET.get("loai", "")
    if kind in MeetingKind.values:
        meetings = meetings.filter(kind=kind)
    province = _province(request)
    if province is not None:
        meetings = meetings.filter(host__province=province)
    return meetings, kind, province


def schedule_view(request: HttpRequest) -> HttpResponse:
    meetings, kind, province = _scheduled(request, UPCOMING_DAYS_BACK)
    page, query = page_of(request, Paginator(meetings.order_by("starts_at", "pk"), 30))
    feed = reverse("participation_public:schedule_ics")
    if request.GET:
        feed += "?" + request.GET.urlencode()
    return render(
        request,
        "participation/meetings/public_schedule.html",
        {
            "page": page,
            "query": query,
            "kinds": MeetingKind.choices,
            "kind": kind,
            "province": province,
            "provinces": AdminUnit.objects.current().provinces().order_by("name"),
            "feed": feed,
            "now": timezone.now(),
        },
    )


def schedule_ics_view(request: HttpRequest) -> HttpResponse:
    """The schedule as iCalendar (RFC 5545): a phone's calendar subscribes to it."""
    meetings = _scheduled(request, FEED_DAYS_BACK)[0]
    calendar = Calendar()
    calendar.add("prodid", "-//Dan Van So//lich tiep xuc//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Meetings with the people"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    host = request.get_host()
    for m in meetings.order_by("starts_at", "pk")[:500]:
        event = Event()
        event.add("uid", f"meeting-{m.key}@{host}")
        event.add("dtstamp", m.announced_at or m.created_at)
        event.add("dtstart", m.starts_at)
        event.add("dtend", m.ends_at or m.starts_at + dt.timedelta(hours=2))
        event.add("summary", f"{m.get_kind_display()}: {m.title}")
        event.add("location", m.place)
        event.add(
            "url",
            request.build_absolute_uri(reverse("participation_public:meeting", args=[m.key])),
        )
        event.add("description", f"{m.host.name}\n{m.agenda}".strip())
        if m.state == MeetingState.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-tiep-xuc.ics"'
    return response


def meeting_view(request: HttpRequest, key: str) -> HttpResponse:
    meeting = get_object_or_404(access.public_meetings().select_related("host", "unit"), key=key)
    form = PublicQuestionForm(request.POST or None, initial={"key": secrets.token_urlsafe(16)})
    status = 200
    if request.method == "POST":
        if request.POST.get("website"):  # the trap was filled: a bot; said kindly, kept nowhere
            return redirect(reverse("participation_public:meeting", args=[key]) + "?gui=1")
        if not ratelimit.consume(request, action="meeting_question"):
            form.add_error(None, _("Too many questions from this address: try again later."))
            status = 429
        elif form.is_valid():
            d = form.cleaned_data
            try:
                services.ask(meeting=meeting, text=d["text"], asked_by=d["asked_by"], key=d["key"])
                return redirect(reverse("participation_public:meeting", args=[key]) + "?gui=1#hoi")
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
        else:
            status = 400
    questions = list(
        meeting.questions.exclude(outcome=QuestionOutcome.NOT_ADMITTED)
        .select_related("commitment__owner")
        .order_by("raised_at", "pk")
    )
    return render(
        request,
        "participation/meetings/public_meeting.html",
        {
            "meeting": meeting,
            "form": form,
            "may_ask": services.may_ask(meeting),
            "sent": request.GET.get("gui") == "1",
            "questions": questions,
            "commitments": list(meeting.commitments.select_related("owner").order_by("due_on")),
            "today": today(),
        },
        status=status,
    )


def commitments_view(request: HttpRequest) -> HttpResponse:
    """Every commitment made at a public meeting, with what was done: the people follow
    what they were promised."""
    day = today()
    commitments = access.public_commitments().select_related("owner", "meeting")
    province = _province(request)
    if province is not None:
        commitments = commitments.filter(owner__province=province)
    counts = commitment_counts(commitments, day)
    show = request.GET.get("xem", "")
    if show == "qua-han":
        commitments = commitments.filter(state=CommitmentState.OPEN, due_on__lt=day)
    elif show == "dang-thuc-hien":
        commitments = commitments.filter(state=CommitmentState.OPEN)
    elif show == "da-xong":
        commitments = commitments.filter(state=CommitmentState.DONE)
    page, query = page_of(request, Paginator(commitments.order_by("due_on", "pk"), 30))
    return render(
        request,
        "participation/meetings/public_commitments.html",
        {
            "page": page,
            "query": query,
            "counts": counts,
            "show": show,
            "province": province,
            "provinces": AdminUnit.objects.current().provinces().order_by("name"),
            "today": day,
        },
    )


def evidence_view(request: HttpRequest, pk: int) -> FileResponse:
    """A done commitment's evidence file, for anyone: it was published with the commitment."""
    commitment = get_object_or_404(
        access.public_commitments().filter(state=CommitmentState.DONE), pk=pk
    )
    if not commitment.evidence_file:
        raise Http404
    return FileResponse(commitment.evidence_file.open("rb"), as_attachment=False)
