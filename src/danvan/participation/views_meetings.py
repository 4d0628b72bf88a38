"""The officers' pages of meetings and commitments: the list with each body's standing
against the legal minimums, planning a meeting, the meeting's page where questions are
answered, promised or turned into matters, and the commitments followed to done. Who may
do what is `access_meetings`'s; every write is a service; bad input comes back with status
400 and the error beside the field."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.lib.access import user_allowed
from danvan.lib.dates import today
from danvan.lib.forms import add_service_errors, form_page
from danvan.lib.pagination import page_of
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE
from danvan.org.models import Organization
from danvan.org.selectors import organization_subtree

from . import access_meetings as access
from . import meeting_exports
from .forms_meetings import (
    AnswerForm,
    CommitForm,
    CompleteForm,
    HoldForm,
    MatterForm,
    MeetingForm,
    PublishForm,
    QuestionForm,
    ReasonForm,
    RescheduleForm,
    moment,
)
from .models import (
    CommitmentState,
    Meeting,
    MeetingKind,
    MeetingQuestion,
    MeetingState,
    QuestionOutcome,
)
from .selectors.meetings import carried, commitment_counts, rules_on, standings, timeliness
from .services import meetings as services


def _staff(request: HttpRequest) -> User:
    return cast(User, user_allowed(request, "participation.view_meeting"))


def _crumbs(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Meetings with the people"), reverse("participation:meetings")), *steps]


@login_required
def meetings_view(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    meetings = (
        access.meetings_for(user)
        .select_related("host")
        .annotate(
            asked=Count("questions", distinct=True), promised=Count("commitments", distinct=True)
        )
    )
    kind = request.GET.get("kind", "")
    if kind in MeetingKind.values:
        meetings = meetings.filter(kind=kind)
    state = request.GET.get("state", "")
    if state in MeetingState.values:
        meetings = meetings.filter(state=state)
    page, query = page_of(request, Paginator(meetings.order_by("-starts_at", "-pk"), 25))
    hosts = access.hosts_for(user)
    return render(
        request,
        "participation/meetings/list.html",
        {
            "page": page,
            "query": query,
            "kinds": MeetingKind.choices,
            "states": MeetingState.choices,
            "kind": kind,
            "state": state,
            "can_add": hosts.exists(),
            "standings": standings(hosts),
            "counts": commitment_counts(access.commitments_for(user)),
        },
    )


def _spec(d: dict[str, Any]) -> services.MeetingSpec:
    return services.MeetingSpec(
        kind=d["kind"],
        title=d["title"],
        starts_at=moment(d["day"], d["starts"]),
        ends_at=moment(d["day"], d["ends"]) if d.get("ends") else None,
        place=d["place"],
        agenda=d["agenda"],
        chaired_by=d["chaired_by"],
        online_link=d["online_link"],
        questions_open=d["questions_open"],
    )


@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    hosts = access.hosts_for(user)
    if not hosts.exists():
        raise PermissionDenied
    form = MeetingForm(request.POST or None, hosts=hosts, initial={"kind": request.GET.get("kind")})

    def save(d: dict[str, Any]) -> str:
        meeting = services.create_meeting(host=d["host"], spec=_spec(d), actor=user)
        messages.success(
            request, _("The meeting is planned. Announce it to put it on the public schedule.")
        )
        return reverse("participation:meeting", args=[meeting.pk])

    return form_page(
        request,
        form,
        save,
        template="participation/meetings/form.html",
        context={
            "title": _("Plan a meeting"),
            "submit": _("Plan the meeting"),
            "crumbs": _crumbs(),
            "back": reverse("participation:meetings"),
        },
    )


@login_required
def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    meeting = access.meeting_for(user, pk, access.Action.EDIT)
    local = timezone.localtime(meeting.starts_at)
    initial = {
        "kind": meeting.kind,
        "host": meeting.host_id,
        "title": meeting.title,
        "day": local.date(),
        "starts": local.time(),
        "ends": timezone.localtime(meeting.ends_at).time() if meeting.ends_at else None,
        "place": meeting.place,
        "online_link": meeting.online_link,
        "chaired_by": meeting.chaired_by,
        "agenda": meeting.agenda,
        "questions_open": meeting.questions_open,
    }
    form = MeetingForm(
        request.POST or None,
        hosts=Organization.objects.filter(pk=meeting.host_id),
        initial=initial,
    )

    def save(d: dict[str, Any]) -> str:
        services.change_meeting(meeting=meeting, spec=_spec(d), actor=user)
        messages.success(request, _("The meeting is changed."))
        return reverse("participation:meeting", args=[meeting.pk])

    return _meeting_form(request, meeting, form, save, _("Change the meeting"), _("Save"))


def _meeting_form(
    request: HttpRequest,
    meeting: Meeting,
    form: Any,
    save: Any,
    title: str,
    submit: str,
) -> HttpResponse:
    """A form page under a meeting: its trail and its way back."""
    here = reverse("participation:meeting", args=[meeting.pk])
    return form_page(
        request,
        form,
        save,
        template="participation/meetings/form.html",
        context={
            "title": title,
            "submit": submit,
            "crumbs": _crumbs((meeting.title, here)),
            "back": here,
        },
    )


def _owners(meeting: Meeting) -> Any:
    """The bodies a commitment may be given to: the host and the bodies under it."""
    return Organization.objects.filter(pk__in=organization_subtree(meeting.host_id)).order_by(
        "name"
    )


@login_required
def meeting_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    meeting = access.meeting_for(user, pk)
    can_edit = access.may_meeting(user, meeting, access.Action.EDIT)
    questions = list(
        meeting.questions.select_related("case", "commitment__owner").order_by("raised_at", "pk")
    )
    rule = rules_on(timezone.localdate(meeting.starts_at)).get((meeting.kind, meeting.host.level))
    return render(
        request,
        "participation/meetings/meeting.html",
        {
            "meeting": meeting,
            "can_edit": can_edit,
            "questions": questions,
            "pending": sum(q.outcome == QuestionOutcome.PENDING for q in questions),
            "commitments": list(meeting.commitments.select_related("owner", "question")),
            "carried": list(carried(meeting)) if meeting.kind == MeetingKind.BRIEFING else [],
            "rule": rule,
            "timely": timeliness(meeting, rule),
            "question_form": QuestionForm(),
            "commit_form": CommitForm(owners=_owners(meeting), initial={"owner": meeting.host_id}),
            "public_url": request.build_absolute_uri(
                reverse("participation_public:meeting", args=[meeting.key])
            ),
            "crumbs": _crumbs(),
            "today": today(),
        },
    )


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    return redirect(reverse("participation:meeting", args=[meeting.pk]) + anchor)


def _refused(request: HttpRequest, meeting: Meeting, form: Any, title: str) -> HttpResponse:
    """A form of the meeting page that did not pass: shown alone, with its errors, 400."""
    return render(
        request,
        "participation/meetings/form.html",
        {
            "form": form,
            "title": title,
            "submit": _("Save"),
            "crumbs": _crumbs((meeting.title, reverse("participation:meeting", args=[meeting.pk]))),
            "back": reverse("participation:meeting", args=[meeting.pk]),
        },
        status=400,
    )


@login_required
@require_POST
def state_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _staff(request)
    meeting = access.meeting_for(user, pk, access.Action.EDIT)
    try:
        if action == "announce":
            services.announce(meeting=meeting, actor=user)
            messages.success(request, _("Announced: the meeting is on the public schedule."))
        elif action == "cancel":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return _refused(request, meeting, form, _("Cancel the meeting"))
            services.cancel(meeting=meeting, reason=form.cleaned_data["reason"], actor=user)
            messages.info(request, _("The meeting is cancelled."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(meeting)


@login_required
def hold_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    meeting = access.meeting_for(user, pk, access.Action.EDIT)
    form = HoldForm(request.POST or None, initial={"minutes": meeting.minutes})

    def save(d: dict[str, Any]) -> str:
        services.hold(meeting=meeting, attendance=d["attendance"], minutes=d["minutes"], actor=user)
        messages.success(request, _("Recorded as held."))
        return reverse("participation:meeting", args=[meeting.pk])

    return _meeting_form(request, meeting, form, save, _("Record the meeting as held"), _("Record"))


@login_required
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    meeting = access.meeting_for(user, pk, access.Action.EDIT)
    form = PublishForm(
        request.POST or None, initial={"results": meeting.results or meeting.minutes}
    )

    def save(d: dict[str, Any]) -> str:
        services.publish_results(meeting=meeting, results=d["results"], actor=user)
        messages.success(request, _("The results are published on the meeting's public page."))
        return reverse("participation:meeting", args=[meeting.pk])

    return _meeting_form(request, meeting, form, save, _("Publish the results"), _("Publish"))


@login_required
@require_POST
def add_question_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    meeting = access.meeting_for(user, pk, access.Action.EDIT)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.record_question(
                meeting=meeting,
                text=form.cleaned_data["text"],
                asked_by=form.cleaned_data["asked_by"],
                actor=user,
            )
            messages.success(request, _("The question is recorded."))
            return _back(meeting, "#questions")
        except ValidationError as error:
            add_service_errors(form, error)
    return _refused(request, meeting, form, _("Record a question"))


HANDLINGS = {
    "answer": (AnswerForm, _("Answer the question")),
    "commit": (CommitForm, _("Turn the question into a commitment")),
    "matter": (MatterForm, _("Turn the question into a citizen matter")),
    "decline": (ReasonForm, _("Not take up the question")),
}


@login_required
def handle_view(request: HttpRequest, pk: int, how: str) -> HttpResponse:
    """One question dealt with one way: answered, promised, made a matter, or not taken up."""
    user = _staff(request)
    question = get_object_or_404(MeetingQuestion.objects.select_related("meeting"), pk=pk)
    meeting = access.meeting_for(user, question.meeting_id, access.Action.EDIT)
    if how not in HANDLINGS:
        raise PermissionDenied
    form_class, title = HANDLINGS[how]
    extra = {"owners": _owners(meeting)} if how == "commit" else {}
    initial = {"owner": meeting.host_id, "text": question.text} if how == "commit" else {}
    if how == "matter":
        initial = {"title": question.text[:120]}
    form = form_class(request.POST or None, initial=initial, **extra)

    def save(d: dict[str, Any]) -> str:
        if how == "answer":
            services.answer_question(question=question, answer=d["answer"], actor=user)
            messages.success(request, _("The answer is recorded."))
        elif how == "commit":
            services.commit(
                meeting=meeting,
                question=question,
                owner=d["owner"],
                text=d["text"],
                due_on=d["due_on"],
                actor=user,
            )
            messages.success(
                request, _("The commitment is recorded and shown on the public status page.")
            )
        elif how == "matter":
            done = services.to_matter(
                question=question,
                title=d["title"],
                phone=d["phone"],
                email=d["email"],
                actor=user,
            )
            messages.success(
                request,
                _("Matter %(code)s is created from the question.")
                % {"code": done.case.tracking_code},  # type: ignore[union-attr]
            )
        else:
            services.not_admitted(question=question, reason=d["reason"], actor=user)
            messages.info(request, _("The question is marked as not taken up."))
        return reverse("participation:meeting", args=[meeting.pk]) + "#questions"

    return form_page(
        request,
        form,
        save,
        template="participation/meetings/form.html",
        context={
            "title": title,
            "intro": question.text,
            "submit": _("Save"),
            "crumbs": _crumbs((meeting.title, reverse("participation:meeting", args=[meeting.pk]))),
            "back": reverse("participation:meeting", args=[meeting.pk]) + "#questions",
        },
    )


@login_required
def commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A commitment made at the meeting on its own, not from a question."""
    user = _staff(request)
    meeting = access.meeting_for(user, pk, access.Action.EDIT)
    form = CommitForm(
        request.POST or None, owners=_owners(meeting), initial={"owner": meeting.host_id}
    )

    def save(d: dict[str, Any]) -> str:
        services.commit(
            meeting=meeting, owner=d["owner"], text=d["text"], due_on=d["due_on"], actor=user
        )
        messages.success(
            request, _("The commitment is recorded and shown on the public status page.")
        )
        return reverse("participation:meeting", args=[meeting.pk]) + "#commitments"

    return _meeting_form(request, meeting, form, save, _("Record a commitment"), _("Record"))


@login_required
def commitments_view(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    day = today()
    commitments = access.commitments_for(user).select_related("owner", "meeting")
    show = request.GET.get("show", "open")
    if show == "overdue":
        commitments = commitments.filter(state=CommitmentState.OPEN, due_on__lt=day)
    elif show in CommitmentState.values:
        commitments = commitments.filter(state=show)
    page, query = page_of(request, Paginator(commitments.order_by("due_on", "pk"), 25))
    return render(
        request,
        "participation/meetings/commitments.html",
        {
            "page": page,
            "query": query,
            "show": show,
            "counts": commitment_counts(access.commitments_for(user), day),
            "today": day,
            "crumbs": _crumbs(),
        },
    )


@login_required
def commitment_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    commitment = access.commitment_for(user, pk)
    can_edit = access.may_commitment(user, commitment, access.Action.EDIT)
    forms = {
        "complete": CompleteForm(prefix="complete", initial={"done_on": today()}),
        "reschedule": RescheduleForm(prefix="reschedule"),
        "withdraw": ReasonForm(prefix="withdraw"),
    }
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action not in forms:
            return redirect(reverse("participation:commitment", args=[commitment.pk]))
        form = (
            type(forms[action])(request.POST, request.FILES, prefix=action)
            if action == "complete"
            else type(forms[action])(request.POST, prefix=action)
        )
        forms[action] = form
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "complete":
                    services.complete(
                        commitment=commitment,
                        done_on=d["done_on"],
                        evidence=d["evidence"],
                        evidence_file=d.get("evidence_file"),
                        actor=user,
                    )
                    messages.success(
                        request, _("Marked done; the public status page shows what was done.")
                    )
                elif action == "reschedule":
                    services.reschedule(
                        commitment=commitment, due_on=d["due_on"], reason=d["reason"], actor=user
                    )
                    messages.success(request, _("The due date is changed."))
                else:
                    services.withdraw(commitment=commitment, reason=d["reason"], actor=user)
                    messages.info(request, _("The commitment is withdrawn."))
                return redirect(reverse("participation:commitment", args=[commitment.pk]))
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    return render(
        request,
        "participation/meetings/commitment.html",
        {
            "commitment": commitment,
            "can_edit": can_edit and commitment.state == CommitmentState.OPEN,
            "forms": forms,
            "today": today(),
            "crumbs": _crumbs((_("Commitments"), reverse("participation:commitments"))),
        },
        status=status,
    )


@login_required
def commitments_export_view(request: HttpRequest) -> FileResponse:
    user = _staff(request)
    commitments = (
        access.commitments_for(user).select_related("owner", "meeting").order_by("due_on", "pk")
    )
    return FileResponse(
        meeting_exports.commitments_xlsx(commitments),
        as_attachment=True,
        filename=f"cam-ket-{today():%Y%m%d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
def meeting_docx_view(request: HttpRequest, pk: int) -> FileResponse:
    user = _staff(request)
    meeting = access.meeting_for(user, pk)
    return FileResponse(
        meeting_exports.meeting_docx(meeting),
        as_attachment=True,
        filename=f"ket-qua-{meeting.key}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
