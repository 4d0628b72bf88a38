"""The officer's side: the inbox, entering a matter received in person, and working on one."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from danvan.accounts.models import User
from danvan.deadlines.selectors import is_remote
from danvan.lib.dates import format_vn_date, parse_vn_date
from danvan.lib.forms import add_service_errors
from danvan.lib.pagination import UncountedPaginator, page_of

from . import access, exports, selectors
from .deadline_selectors import deadline_rows, decisions_of, withdrawn_parts
from .duplicates import likely_duplicates, similar_cases
from .forms import (
    AnswerForm,
    ClassifyForm,
    DocumentForm,
    ExtendForm,
    GuideForm,
    NoteForm,
    NotProcessableForm,
    OfficerEntryForm,
    ReopenForm,
    ResumeForm,
    RevealForm,
    SuspendForm,
    TransferForm,
    WithdrawForm,
)
from .models import Case, CaseEvent, CaseField, CaseKind, CaseState, Channel
from .rules import can_see_petitioner
from .services import documents, identity, transfers, workflow
from .services.attachments import check_files
from .services.intake import PersonData, Submission, record
from .services.merging import merge_duplicates, merge_group

logger = logging.getLogger(__name__)


@login_required
def attachment_view(request: HttpRequest, code: str, pk: int) -> FileResponse:
    case = _case_for(request, code)
    attachment = get_object_or_404(case.attachments, pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def _user(request: HttpRequest) -> User:
    # Every view here is behind login_required, so the user is a real account.
    return cast(User, request.user)


def _case_for(request: HttpRequest, code: str) -> Case:
    return access.case_for(
        request.user,
        code,
        access.Action.VIEW,
        Case.objects.select_related("unit", "organization", "field", "assigned_to"),
    )


OUT_OF_SCOPE = gettext_lazy("This body or area is not within your scope: nothing is shown for it.")


def _filters(
    request: HttpRequest, found: dict[str, object] | None = None
) -> tuple[selectors.InboxFilters, list[str]]:
    """The inbox's filters from the query string, and what is wrong with them. `found`, when
    given, receives the body and the area the filters name (for the chips)."""
    g, errors = request.GET, []

    def date(name: str):
        if not g.get(name):
            return None
        try:
            return parse_vn_date(g[name])
        except ValueError:
            errors.append(_("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": g[name]})
            return None

    def subtree(name: str, find: Callable[[User, int], object | None]) -> int | None:
        value = g.get(name, "")
        if not value:
            return None
        if value.isdigit() and (thing := find(_user(request), int(value))) is not None:
            if found is not None:
                found[name] = thing
            return int(value)
        errors.append(str(OUT_OF_SCOPE))
        # Nothing rather than everything: a filter that cannot be used must not widen the list
        # (no body or place has a negative id).
        return -1

    due = g.get("due_within", "")
    field = g.get("field", "")
    figure, window = g.get("figure", "")[:80], None
    if figure:
        first, last = date("figure_from"), date("figure_to")
        if first and last:
            window = (first, last)
        else:
            figure = ""
            errors.append(_("A figure needs the first and last day of its period."))
    sort = g.get("sort", "")
    return selectors.InboxFilters(
        state=g.get("state", "") if g.get("state") in CaseState.values else "",
        kind=g.get("kind", "") if g.get("kind") in CaseKind.values else "",
        channel=g.get("channel", "") if g.get("channel") in Channel.values else "",
        field=int(field) if field.isdigit() else None,
        overdue=g.get("overdue") == "1",
        mine=g.get("assigned") == "me",
        due_within=int(due) if due.isdigit() and int(due) <= 365 else None,
        q=g.get("q", "")[:100],
        received_from=date("received_from"),
        received_to=date("received_to"),
        sort=sort if sort in selectors.SORTS else selectors.DEFAULT_SORT,
        organization=subtree("org", selectors.organization_in_scope),
        unit=subtree("unit", selectors.unit_in_scope),
        figure=figure,
        figure_window=window,
    ), errors


@dataclass(frozen=True)
class Chip:
    """An active filter, shown outside the folded panel, with the link that removes it."""

    label: str
    value: str
    remove: str


def filter_chips(
    request: HttpRequest,
    filters: selectors.InboxFilters,
    named: dict[str, object],
    fields: list[CaseField],
) -> list[Chip]:
    def without(*names: str) -> str:
        query = request.GET.copy()
        for name in (*names, "page"):
            query.pop(name, None)
        return "?" + query.urlencode() if query else "?"

    def chip(label: str, value: object, *names: str) -> Chip:
        return Chip(label=label, value=str(value), remove=without(*names))

    chips = []
    if filters.q.strip():
        chips.append(chip(_("Search"), f"“{filters.q.strip()}”", "q"))
    if filters.state:
        chips.append(chip(_("State"), CaseState(filters.state).label, "state"))
    if filters.kind:
        chips.append(chip(_("Kind"), CaseKind(filters.kind).label, "kind"))
    if filters.channel:
        chips.append(chip(_("Channel"), Channel(filters.channel).label, "channel"))
    if filters.field:
        name = next((f.name for f in fields if f.pk == filters.field), filters.field)
        chips.append(chip(_("Field"), name, "field"))
    if filters.mine:
        chips.append(chip(_("Assigned to me"), "", "assigned"))
    if filters.overdue:
        chips.append(chip(_("Overdue"), "", "overdue"))
    if filters.due_within is not None:
        days = ngettext("%(n)d day", "%(n)d days", filters.due_within) % {"n": filters.due_within}
        chips.append(chip(_("Due within"), days, "due_within"))
    if filters.received_from:
        chips.append(
            chip(_("Received from"), format_vn_date(filters.received_from), "received_from")
        )
    if filters.received_to:
        chips.append(chip(_("Received until"), format_vn_date(filters.received_to), "received_to"))
    for key, label in (("org", _("Body and those under it")), ("unit", _("Area"))):
        if key in named:
            chips.append(chip(label, getattr(named[key], "name", ""), key))
    return chips


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.view_case"):
        raise PermissionDenied
    named: dict[str, object] = {}
    filters, errors = _filters(request, named)
    cases = selectors.inbox(_user(request), filters)
    fields = list(CaseField.objects.filter(active=True))
    # A search is not counted (see lib.pagination); a plain list is, from the scope's index.
    paginator: Paginator | UncountedPaginator[Case] = (
        UncountedPaginator(cases, 25) if filters.q.strip() else Paginator(cases, 25)
    )
    page, query = page_of(request, paginator)
    user = _user(request)
    # The option lists are long (a province's communes, hundreds of bodies) and change only
    # with the organization network: the template caches their HTML for five minutes per
    # user and calls these only when it has to.
    choices = SimpleLazyObject(lambda: selectors.subtree_choices(user))
    return render(
        request,
        "cases/officer/inbox.html",
        {
            "page": page,
            "filters": filters,
            "errors": errors,
            "query": query,
            "counts": selectors.state_counts(_user(request)),
            "states": CaseState.choices,
            "kinds": CaseKind.choices,
            "channels": Channel.choices,
            "fields": fields,
            "chips": filter_chips(request, filters, named, fields),
            "officers": selectors.assignable_officers(_user(request)),
            "bodies": lambda: choices[0],
            "places": lambda: choices[1],
            "sorts": list(selectors.SORT_LABELS.items()),
            "can_forward": user.has_perm("cases.change_case"),
            "forward_targets": lambda: selectors.forward_targets(user),
            "can_export_personal": user.has_perm("cases.export_petitioners"),
        },
    )


@login_required
def export_view(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if not request.user.has_perm("cases.view_case"):
        raise PermissionDenied
    user = _user(request)
    filters, errors = _filters(request)
    if str(OUT_OF_SCOPE) in errors:
        raise PermissionDenied(OUT_OF_SCOPE)
    cases = selectors.inbox(user, filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    # Senders' details only when asked for, and only in the rows the user may see (each
    # one logged as a reading of personal data).
    viewer = user if request.GET.get("with_personal") == "1" else None
    purpose = _("Export of the inbox with senders' details (%(format)s)") % {"format": fmt.upper()}
    if viewer is not None:
        stamp += "-ca-nhan"
    if fmt == "xlsx":
        return FileResponse(
            exports.xlsx_file(cases, viewer=viewer, purpose=purpose),
            as_attachment=True,
            filename=f"don-thu-{stamp}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response = StreamingHttpResponse(
        exports.csv_chunks(cases, viewer=viewer, purpose=purpose), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="don-thu-{stamp}.csv"'
    return response


@login_required
def bulk_view(request: HttpRequest) -> HttpResponse:
    """Assign several matters to one officer, or forward them to one body: all or none."""
    user = _user(request)
    if request.method != "POST":
        return redirect("cases:inbox")
    if request.POST.get("action") == "forward":
        return _bulk_forward(request, user)
    codes = request.POST.getlist("codes")[:200]
    officer = User.objects.filter(pk=request.POST.get("officer") or 0, is_active=True).first()
    if not codes or officer is None:
        messages.error(request, _("Choose the matters and the officer."))
        return redirect("cases:inbox")
    cases = list(selectors.visible_cases(user).filter(tracking_code__in=codes))
    try:
        with transaction.atomic():
            for case in cases:
                workflow.assign(actor=user, case=case, officer=officer)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("%(n)s matters assigned to %(name)s.") % {"n": len(cases), "name": officer}
        )
    return redirect("cases:inbox")


def _bulk_forward(request: HttpRequest, user: User) -> HttpResponse:
    codes = list(dict.fromkeys(request.POST.getlist("codes")))[:200]
    to = selectors.forward_target(user, request.POST.get("to", ""))
    if not codes or to is None:
        messages.error(request, _("Choose the matters and the body to forward them to."))
        return redirect("cases:inbox")
    found = {
        c.tracking_code: c
        for c in selectors.visible_cases(user)
        .filter(tracking_code__in=codes)
        .select_related("organization")
    }
    missing = [code for code in codes if code not in found]
    if missing:
        messages.error(
            request,
            _("Nothing was forwarded: matter %(code)s is not among your matters.")
            % {"code": missing[0]},
        )
        return redirect("cases:inbox")
    try:
        transfers.forward_many(
            actor=user,
            cases=[found[code] for code in codes],
            to=to,
            note=request.POST.get("note", "")[:1000],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        messages.success(
            request, _("%(n)s matters forwarded to %(name)s.") % {"n": len(codes), "name": to.name}
        )
    return redirect("cases:inbox")


def _entry_form(form: OfficerEntryForm) -> OfficerEntryForm:
    """The province's communes follow the chosen province (htmx; without JavaScript, after
    "Check for earlier matters"), in a searchable list."""
    if "province" in form.fields and "unit" in form.fields:
        form.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse("cases:communes"),
                "hx-target": f"#{form['unit'].id_for_label}",
                "hx-trigger": "change",
            }
        )
        _searchable(form, "unit")
    return form


@login_required
def new_case_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.add_case"):
        raise PermissionDenied
    form = _entry_form(OfficerEntryForm(request.POST or None, request.FILES or None))
    if request.method == "POST" and "check_duplicates" in request.POST:
        # Before recording: earlier matters from the same person, at the same place or with
        # similar text, among those the officer may see (nothing is saved).
        form.is_valid()
        d = getattr(form, "cleaned_data", {})
        suggestions = similar_cases(
            text=f"{d.get('title', '')} {d.get('content', '')} {d.get('address', '')}",
            unit=d.get("unit"),
            phone=d.get("phone", ""),
            email=d.get("email", ""),
            id_number=d.get("id_number", ""),
            user=_user(request),
        )
        # Shown again as typed, without the errors a half-filled form would show.
        form = _entry_form(OfficerEntryForm(initial=request.POST.dict()))
        return render(
            request,
            "cases/officer/new.html",
            {"form": form, "suggestions": suggestions, "checked": True},
        )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = record(
                actor=_user(request),
                submission=Submission(
                    title=d["title"],
                    content=d["content"],
                    channel=d["channel"],
                    unit=d["unit"],
                    address=d["address"],
                    field=d["field"],
                    received_at=d["received_at"],
                    person=PersonData(
                        full_name=d["full_name"],
                        phone=d["phone"],
                        email=d["email"],
                        id_number=d["id_number"],
                        anonymous=d["anonymous"],
                        consent=d["consent"],
                    ),
                    publish_content=d["publish_content"],
                ),
                files=check_files(d["attachments"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Recorded as %(code)s. Give the citizen this code and the secret %(secret)s.")
                % {"code": result.case.tracking_code, "secret": result.secret},
            )
            return redirect("cases:detail", code=result.case.tracking_code)
    return render(request, "cases/officer/new.html", {"form": form})


@dataclass
class TimelineGroup:
    """Consecutive events of one person on one day: the timeline names the person once."""

    day: dt.date
    actor: User | None
    events: list[CaseEvent]


def timeline_groups(events: Iterable[CaseEvent]) -> list[TimelineGroup]:
    def key(e: CaseEvent) -> tuple[dt.date, int | None]:
        return timezone.localdate(e.at), e.actor_id

    groups = []
    for (day, _actor_id), items in itertools.groupby(events, key=key):
        rows = list(items)
        groups.append(TimelineGroup(day=day, actor=rows[0].actor, events=rows))
    return groups


def _searchable(form: Any, *names: str) -> Any:
    """Mark long selects for the searchable widget (static/danvan/select.js): a plain select
    without JavaScript."""
    for name in names:
        form.fields[name].widget.attrs["data-searchable"] = True
    return form


def _action(
    request: HttpRequest, case: Case, form: Any, do: Callable[[dict], object], done: str
) -> bool:
    if not form.is_valid():
        return False
    try:
        do(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return False
    messages.success(request, done)
    return True


@dataclass
class ClassifySuggestions:
    """What the classification form shows of the insights' suggestions (decision 0029)."""

    shown: list[Any]  # insights.services.suggestions.Shown
    notice: str = ""  # "too_few": not enough labelled matters yet; "unsure": none confident
    used: bool = False  # the officer asked to pre-fill the form with them


def _classify_suggestions(
    request: HttpRequest, case: Case, form: ClassifyForm
) -> ClassifySuggestions:
    """Suggest the field and kind of a matter not yet classified. A suggestion never decides:
    the officer's "use the suggestion" (a plain link, no JavaScript needed) only pre-fills the
    form, and the officer still submits it. A failing classifier never stops the intake."""
    if case.kind != CaseKind.UNCLASSIFIED:
        return ClassifySuggestions(shown=[])
    from danvan.insights.selectors import suggestions as insight_selectors
    from danvan.insights.services import suggestions as insight_services

    try:
        shown = insight_services.suggest_for_case(case=case)
    except Exception:  # a broken artifact must not keep the officer from classifying
        logger.exception("suggestions failed for %s", case.tracking_code)
        return ClassifySuggestions(shown=[])
    if not shown:
        trained = insight_selectors.has_active_run()
        return ClassifySuggestions(shown=[], notice="unsure" if trained else "too_few")
    used = request.method == "GET" and request.GET.get("use_suggestion") == "1"
    if used and not form.is_bound:
        for s in shown:
            form.initial[s.target] = s.form_value
    return ClassifySuggestions(shown=shown, used=used)


@login_required
def detail_view(request: HttpRequest, code: str) -> HttpResponse:
    case = _case_for(request, code)
    user = _user(request)
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if action else None
    forms = {
        "classify": ClassifyForm(
            data if action == "classify" else None,
            initial={
                "kind": case.kind,
                "field": case.field_id,
                "complexity": case.complexity,
                # The list proposes the flag for a new matter; once classified, the
                # officer's choice stands.
                "remote_area": case.remote_area
                if case.kind != CaseKind.UNCLASSIFIED
                else is_remote(unit_id=case.unit_id, on=timezone.localdate(case.received_at)),
                "complaint_round": case.complaint_round,
                "several_places": case.several_places,
                "outside_competence": case.outside_competence,
            },
        ),
        "not_processable": NotProcessableForm(data if action == "not_processable" else None),
        "answer": AnswerForm(data if action == "answer" else None),
        "note": NoteForm(data if action == "note" else None),
        "reveal": RevealForm(data if action == "reveal" else None),
        "transfer": _searchable(
            TransferForm(
                data if action in ("forward", "return_down") else None,
                province_id=case.province_id,
            ),
            "to",
        ),
        "guide": GuideForm(data if action == "guide" else None),
        "document": DocumentForm(
            data if action == "document" else None,
            request.FILES if action == "document" else None,
        ),
        "extend": ExtendForm(data if action == "extend" else None),
        "suspend": SuspendForm(data if action == "suspend" else None),
        "resume": ResumeForm(data if action == "resume" else None),
        "withdraw": WithdrawForm(data if action == "withdraw" else None),
        "reopen": ReopenForm(data if action == "reopen" else None),
    }
    petitioner = None
    if action:
        try:
            done = _perform(request, case, action, forms)
        except PermissionDenied:
            raise
        if done is True:
            # After a forward the matter may have left this officer's scope.
            if not user.has_perm("cases.view_case", case):
                return redirect("cases:inbox")
            return redirect("cases:detail", code=case.tracking_code)
        if isinstance(done, dict):
            petitioner = done
    events = list(case.events.select_related("actor").order_by("at", "id"))
    actions = workflow.actions_for(case)
    can_change = user.has_perm("cases.change_case", case)
    classify_suggestions = (
        _classify_suggestions(request, case, forms["classify"])
        if can_change and "classify" in actions
        else ClassifySuggestions(shown=[])
    )
    return render(
        request,
        "cases/officer/detail.html",
        {
            "case": case,
            "forms": forms,
            "petitioner": petitioner,
            "timeline": timeline_groups(events),
            "deadlines": deadline_rows(case),
            "decisions": decisions_of(case),
            "withdrawn": withdrawn_parts(case),
            "actions": actions,
            "classify_suggestions": classify_suggestions,
            "attachments": case.attachments.select_related("uploaded_by").order_by(
                "uploaded_at", "id"
            ),
            "can_change": can_change,
            "can_add_document": user.has_perm("cases.add_document", case),
            "can_see_petitioner": can_see_petitioner(user, case),
            "suggestions": likely_duplicates(case=case, user=user),
            "merge_reason": request.POST.get("reason", "") if action == "merge" else "",
            "merge_chosen": request.POST.getlist("duplicates") if action == "merge" else [],
        },
    )


def _merge(request: HttpRequest, actor: User, case: Case) -> bool:
    """Mark matters as duplicates: the ones ticked among the suggestions (`duplicates`)
    together with this one, or this one as a duplicate of one earlier matter (`primary`).
    The service (merging) picks the main matter of a ticked group, checks and records it."""
    visible = selectors.visible_cases(actor)
    reason = request.POST.get("reason", "")
    try:
        if "primary" in request.POST:
            primary = visible.filter(tracking_code=request.POST.get("primary", "")).first()
            if primary is None:
                messages.error(request, _("Choose the earlier matter this one duplicates."))
                return False
            marked = merge_duplicates(
                actor=actor, primary=primary, duplicates=[case], reason=reason
            )
        else:
            codes = [c for c in request.POST.getlist("duplicates")[:20] if c != case.tracking_code]
            chosen = list(visible.filter(tracking_code__in=codes)) if codes else []
            if not chosen:
                messages.error(request, _("Tick the matters that are the same as this one."))
                return False
            marked = merge_group(actor=actor, cases=[case, *chosen], reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    main = cast(Case, marked[0].duplicate_of)  # the service always sets it
    count = len(marked)
    messages.success(
        request,
        ngettext(
            "%(n)d matter marked as a duplicate of %(code)s.",
            "%(n)d matters marked as duplicates of %(code)s.",
            count,
        )
        % {"n": count, "code": main.tracking_code},
    )
    return True


def _perform(request: HttpRequest, case: Case, action: str, forms: dict) -> bool | dict:
    actor = _user(request)
    move = transfers.forward if action == "forward" else transfers.return_down
    # action → (its form, what it does with the form's data, what the officer is told). The
    # classification and period-decision forms name their fields as the services' arguments.
    with_form: dict[str, tuple[str, Callable[[dict], object], str]] = {
        "classify": (
            "classify",
            lambda d: workflow.classify(actor=actor, case=case, **d),
            _("Classified."),
        ),
        "not_processable": (
            "not_processable",
            lambda d: workflow.mark_not_processable(
                actor=actor, case=case, reason=d["reason"], answer=d["answer"]
            ),
            _("Marked not processable."),
        ),
        "answer": (
            "answer",
            lambda d: workflow.answer(actor=actor, case=case, text=d["text"]),
            _("Answer published."),
        ),
        "forward": (
            "transfer",
            lambda d: move(
                actor=actor,
                case=case,
                to=d["to"],
                note=d["note"],
                document_number=d["document_number"],
                document_date=d["document_date"],
            ),
            _("The matter has been sent on."),
        ),
        "guide": (
            "guide",
            lambda d: transfers.guide(
                actor=actor, case=case, to_name=d["to_name"], answer=d["answer"]
            ),
            _("The citizen has been guided."),
        ),
        "document": (
            "document",
            lambda d: documents.attach_document(
                actor=actor,
                case=case,
                files=check_files(d["attachments"]),
                purpose=d["purpose"],
                document_number=d["document_number"],
                document_date=d["document_date"],
                public=d["public"],
            ),
            _("Document attached."),
        ),
        "extend": (
            "extend",
            lambda d: workflow.extend(actor=actor, case=case, **d),
            _("The resolution period has been extended."),
        ),
        "suspend": (
            "suspend",
            lambda d: workflow.suspend(actor=actor, case=case, **d),
            _("The resolution has been suspended: its clock is stopped."),
        ),
        "resume": (
            "resume",
            lambda d: workflow.resume(actor=actor, case=case, **d),
            _("The resolution has been resumed: its due date is moved by the days suspended."),
        ),
        "withdraw": (
            "withdraw",
            lambda d: workflow.withdraw(actor=actor, case=case, **d),
            _("The withdrawal has been recorded."),
        ),
        "reopen": (
            "reopen",
            lambda d: workflow.reopen(actor=actor, case=case, reason=d["reason"]),
            _("The matter has been reopened."),
        ),
        "note": (
            "note",
            lambda d: workflow.add_note(actor=actor, case=case, text=d["text"]),
            _("Note added."),
        ),
    }
    with_form["return_down"] = with_form["forward"]
    if action in with_form:
        key, do, done = with_form[action]
        return _action(request, case, forms[key], do, done)
    if action == "merge":
        return _merge(request, actor, case)
    simple = {
        "accept": (workflow.accept, _("Accepted for resolution.")),
        "close": (workflow.close, _("Closed.")),
        "take": (None, _("Assigned to you.")),
    }
    if action in simple:
        fn, done = simple[action]
        try:
            if fn is None:
                workflow.assign(actor=actor, case=case, officer=actor)
            else:
                fn(actor=actor, case=case)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return False
        messages.success(request, done)
        return True
    if action == "reveal" and forms["reveal"].is_valid():
        return identity.reveal_petitioner(
            actor=actor,
            case=case,
            purpose=forms["reveal"].cleaned_data["purpose"],
        )
    return False
