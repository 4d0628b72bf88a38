"""Directing documents and their cascade over HTTP, read-only, for other systems: the registry
(search ignoring diacritics, filters, a document with its links and its standing today), a
directive's compliance matrix as of any date (JSON and CSV), the caller's duties with their
study sessions, and the plans at work with their targets and tasks.

Who sees what is decided by `danvan.directives.access` only, as on the pages: a document or a
duty the caller may not see is answered 404, as if it did not exist; the matrix counts only
the duties the caller sees. The CSV file is written by `danvan.lib.spreadsheets` (UTF-8 with a
BOM, dates dd/mm/yyyy, text that a spreadsheet would run as a formula escaped with an
apostrophe).
"""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import datetime as dt
from collections.abc import Iterator
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.directives import access
from danvan.directives.models import (
    Document,
    DocumentKind,
    DocumentState,
    DocumentSystem,
    Duty,
    LinkKind,
    Progress,
    ProgressRule,
    StudyForm,
    StudySession,
    Target,
    Task,
    TaskState,
    TaskStatus,
    Workplan,
    progress,
)
from danvan.directives.selectors import compliance
from danvan.directives.selectors import documents as selectors
from danvan.directives.selectors import plans as plan_selectors
from danvan.lib.dates import today
from danvan.lib.spreadsheets import Column, Kind, csv_chunks
from danvan.org.models import AdminUnit

from .auth import AUTHENTICATED, staff_user
from .pagination import Page, UncountedSearchPage
from .schemas import (
    CSV_CONTENT_TYPE,
    CSV_RESPONSE,
    AsOfDate,
    ErrorOut,
    Id,
    OrganizationRefOut,
    UnitRefOut,
)

router = Router(tags=["directives"])


StandingKey = Literal["in_force", "not_yet", "expired", "replaced"]
STANDING_DESCRIPTION = (
    "Today: in_force; not_yet (before its effective date); expired (after its expiry date); "
    "replaced (a document replacing it is in force)."
)


# --- Reading helpers over the access module -------------------------------------------------


def _staff(request: HttpRequest) -> User:
    return staff_user(request, "directives")


def _document(user: User, document_id: int) -> Document:
    try:
        return access.document_for(user, document_id)
    except PermissionDenied:
        # The API does not say whether a document out of the caller's reach exists.
        raise Http404 from None


def _duty(user: User, duty_id: int) -> Duty:
    try:
        return access.duty_for(user, duty_id)
    except PermissionDenied:
        raise Http404 from None


# --- Shapes -----------------------------------------------------------------------------------


class DocumentRefOut(Schema):
    id: int
    system: DocumentSystem
    kind: DocumentKind
    symbol: str = Field(description="Number and symbol, e.g. 25-NQ/TW.")
    signed_on: dt.date
    issuer_name: str
    summary: str


class DocumentOut(DocumentRefOut):
    issuer: OrganizationRefOut | None = Field(
        description="The issuing body when it is a body of the network; null: a central body "
        "named in issuer_name."
    )
    term: str = Field(description="Party documents: the term, e.g. XIII.")
    signer_name: str
    signer_title: str
    effective_from: dt.date | None = Field(description="Null: in force from the date signed.")
    in_force_from: dt.date
    expires_on: dt.date | None
    replaced_from: dt.date | None = Field(
        description="The first day a document replacing this one came into force, if any."
    )
    standing: StandingKey = Field(description=STANDING_DESCRIPTION)
    state: DocumentState = Field(description="proposed: found cited in a text, not confirmed.")
    public: bool = Field(description="Shown on the public pages.")
    registrar: OrganizationRefOut = Field(description="The body whose officers keep the entry.")
    source: str
    pages: int

    @staticmethod
    def resolve_replaced_from(obj: Document) -> dt.date | None:
        return getattr(obj, "replaced_from", None)

    @staticmethod
    def resolve_standing(obj: Document) -> str:
        return selectors.standing(obj, today())


class DocumentLinkOut(Schema):
    kind: LinkKind
    direction: Literal["outgoing", "incoming"] = Field(
        description="outgoing: this document <kind> the other; incoming: the other <kind> this."
    )
    label: str = Field(description="The link read from this document, e.g. “Replaced by”.")
    document: DocumentRefOut


class DocumentDetailOut(DocumentOut):
    text: str = Field(description="The full text, as read from the file or typed.")
    links: list[DocumentLinkOut] = Field(description="Links to documents the caller may see.")


class DocumentFilters(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Words to find in the symbol, summary, issuer or full text, without regard "
        "to diacritics: 'nghi quyet 25 dan van' finds 'Nghị quyết 25-NQ/TW … dân vận'.",
    )
    kind: DocumentKind | None = None
    system: DocumentSystem | None = None
    state: DocumentState | None = None
    in_force_on: AsOfDate = Field(
        None, description="Only documents in force on this day (yyyy-mm-dd or dd/mm/yyyy)."
    )
    level: Literal["upper", "commune", "all"] = Field(
        "upper",
        description="upper: issued at the central and provincial levels (the default); commune: "
        "by communes and districts (their hundreds of plans); all: every level.",
    )


class StepOut(Schema):
    required: int = Field(description="Bodies that must do the step.")
    on_time: int
    late: int = Field(description="Done after the due date.")
    overdue: int = Field(description="Not done, past the due date.")
    pending: int = Field(description="Not done, not yet due.")
    done: int
    share: float | None = Field(description="done / required; null when none is required.")


class MatrixRowOut(Schema):
    kind: Literal["central", "province", "unit", "body", "total"] = Field(
        description="central: the central bodies; province / unit: an administrative unit "
        "(key is its id, drill down with ?province= or ?unit=); body: one body (key is its id, "
        "duty_id its duty); total: the sum of the rows."
    )
    key: int | None
    label: str
    bodies: int = Field(description="Duties counted (one per body).")
    duty_id: int | None
    study: StepOut = Field(description="The study session (học tập, quán triệt).")
    plan: StepOut = Field(description="The body's own programme or plan.")


class MatrixOut(Schema):
    document: DocumentRefOut
    on: dt.date
    scope: Literal["nation", "province", "unit"]
    province: UnitRefOut | None
    unit: UnitRefOut | None
    rows: list[MatrixRowOut]
    total: MatrixRowOut


class MatrixFilters(Schema):
    on: AsOfDate = Field(
        None,
        description="Count the steps as they stood on this day (yyyy-mm-dd or dd/mm/yyyy); "
        "today by default.",
    )
    province: Id | None = Field(None, description="A row per body and commune of this province.")
    unit: Id | None = Field(
        None, description="A row per body of this commune (wins over province)."
    )


class DutyStepOut(Schema):
    required: bool
    due: dt.date | None
    done_on: dt.date | None
    state: Progress = Field(description="Where the step stands today.")


class DutyOut(Schema):
    id: int
    document: DocumentRefOut
    body: OrganizationRefOut
    cascade_id: int
    cascaded_by: OrganizationRefOut
    cascaded_on: dt.date
    study: DutyStepOut
    plan: DutyStepOut
    plan_document: DocumentRefOut | None = Field(description="The programme or plan registered.")

    @staticmethod
    def resolve_cascaded_by(obj: Duty) -> Any:
        return obj.cascade.issuer

    @staticmethod
    def resolve_cascaded_on(obj: Duty) -> dt.date:
        return obj.cascade.started_on

    @staticmethod
    def resolve_study(obj: Duty) -> dict[str, Any]:
        return _step(obj.requires_study, obj.study_due, obj.studied_on)

    @staticmethod
    def resolve_plan(obj: Duty) -> dict[str, Any]:
        return _step(obj.requires_plan, obj.plan_due, obj.plan_issued_on)

    @staticmethod
    def resolve_plan_document(obj: Duty) -> Document | None:
        return obj.plan


class StudySessionOut(Schema):
    id: int
    held_on: dt.date
    form: StudyForm
    place: str
    attendees: int
    party_members_attending: int | None
    party_members_total: int | None
    note: str


class DutyDetailOut(DutyOut):
    sessions: list[StudySessionOut] = Field(
        description="Study sessions the body held, newest first."
    )


class DutyFilters(Schema):
    mine: bool = Field(
        True,
        description="true: the duties of the caller's own bodies (what they must do); false: "
        "every duty the caller sees (the bodies they cover, and those they cascaded to).",
    )
    document: Id | None = None
    body: Id | None = None
    overdue: bool | None = Field(None, description="true: only duties with a step past due today.")


def _step(required: bool, due: dt.date | None, done: dt.date | None) -> dict[str, Any]:
    return {
        "required": required,
        "due": due,
        "done_on": done,
        "state": progress(required=required, due=due, done=done, on=today()),
    }


# --- Documents --------------------------------------------------------------------------------


def _listed(documents: QuerySet[Document]) -> QuerySet[Document]:
    return selectors.with_replacement(documents.select_related("issuer", "registrar")).defer(
        "text", "text_folded", "search_text"
    )


@router.get(
    "/documents",
    response={200: list[DocumentOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The registry of directing documents the caller may read, newest first",
    operation_id="list_directive_documents",
    auth=AUTHENTICATED,
)
@paginate(UncountedSearchPage)
def list_documents(request: HttpRequest, filters: Query[DocumentFilters]) -> QuerySet[Document]:
    user = _staff(request)
    found = selectors.search(
        access.documents_for(user),
        q=filters.q,
        kind=filters.kind or "",
        system=filters.system or "",
        state=filters.state or "",
        standing_on=filters.in_force_on,
        level="" if filters.level == "upper" else filters.level,
    )
    return _listed(found).order_by("-signed_on", "-pk")


@router.get(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One directing document with its full text, its standing today and its links",
    operation_id="get_directive_document",
    auth=AUTHENTICATED,
)
def get_document(request: HttpRequest, document_id: Id) -> Document:
    user = _staff(request)
    document = _document(user, document_id)
    annotated = selectors.with_replacement(
        Document.objects.select_related("issuer", "registrar").filter(pk=document.pk)
    ).get()
    annotated.links = [  # type: ignore[attr-defined]
        {
            "kind": link.kind,
            "direction": "outgoing" if link.outgoing else "incoming",
            "label": link.label,
            "document": link.other,
        }
        for link in selectors.links_of(document, access.documents_for(user))
    ]
    return annotated


# --- The compliance matrix --------------------------------------------------------------------


def _unit(pk: int | None) -> AdminUnit | None:
    if pk is None:
        return None
    found = AdminUnit.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _matrix(request: HttpRequest, document_id: int, filters: MatrixFilters) -> compliance.Matrix:
    user = _staff(request)
    document = _document(user, document_id)
    unit = _unit(filters.unit)
    province = None if unit is not None else _unit(filters.province)
    return compliance.matrix(
        document=document,
        duties=access.duties_for(user),
        on=filters.on or today(),
        province=province,
        unit=unit,
    )


def _steps(step: compliance.Step) -> dict[str, Any]:
    return {
        "required": step.required,
        "on_time": step.on_time,
        "late": step.late,
        "overdue": step.overdue,
        "pending": step.pending,
        "done": step.done,
        "share": step.share,
    }


def _matrix_row(row: compliance.Row) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "key": row.key,
        "label": row.label,
        "bodies": row.bodies,
        "duty_id": row.duty_id,
        "study": _steps(row.steps["study"]),
        "plan": _steps(row.steps["plan"]),
    }


@router.get(
    "/documents/{document_id}/compliance",
    response={200: MatrixOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Who has done what for a directive as of a day: a row per province (the nation), "
    "per body and commune (?province=), or per body (?unit=), over the duties the caller sees",
    operation_id="get_directive_compliance",
    auth=AUTHENTICATED,
)
def get_compliance(
    request: HttpRequest, document_id: Id, filters: Query[MatrixFilters]
) -> dict[str, Any]:
    matrix = _matrix(request, document_id, filters)
    return {
        "document": matrix.document,
        "on": matrix.on,
        "scope": matrix.scope,
        "province": matrix.province,
        "unit": matrix.unit,
        "rows": [_matrix_row(r) for r in matrix.rows],
        "total": _matrix_row(matrix.total),
    }


STEP_FIELDS = ("required", "on_time", "late", "overdue", "pending")
MATRIX_COLUMNS = [
    Column("kind"),
    Column("key", Kind.PLAIN),
    Column("label"),
    Column("bodies", Kind.NUMBER),
    *(Column(f"{step}_{name}", Kind.NUMBER) for step in compliance.STEPS for name in STEP_FIELDS),
    Column("duty_id", Kind.PLAIN),
]


def _matrix_rows(matrix: compliance.Matrix) -> Iterator[list[object]]:
    for row in [*matrix.rows, matrix.total]:
        yield [
            row.kind,
            row.key,
            row.label,
            row.bodies,
            *(getattr(row.steps[step], name) for step in compliance.STEPS for name in STEP_FIELDS),
            row.duty_id,
        ]


@router.get(
    "/documents/{document_id}/compliance.csv",
    response={200: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The same matrix as CSV, its total in the last row",
    operation_id="get_directive_compliance_csv",
    auth=AUTHENTICATED,
    openapi_extra=CSV_RESPONSE,
)
def get_compliance_csv(
    request: HttpRequest, document_id: Id, filters: Query[MatrixFilters]
) -> StreamingHttpResponse:
    matrix = _matrix(request, document_id, filters)
    response = StreamingHttpResponse(
        csv_chunks(MATRIX_COLUMNS, _matrix_rows(matrix)), content_type=CSV_CONTENT_TYPE
    )
    name = f"chi-dao-{matrix.document.pk}-tien-do-{matrix.on:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Duties -----------------------------------------------------------------------------------


def _duties(user: User) -> QuerySet[Duty]:
    return access.duties_for(user).select_related("document", "body", "cascade__issuer", "plan")


@router.get(
    "/duties",
    response={200: list[DutyOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Duties under directives: the caller's own bodies' (the default), or every duty "
    "the caller sees, with where each step stands today",
    operation_id="list_directive_duties",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_duties(request: HttpRequest, filters: Query[DutyFilters]) -> QuerySet[Duty]:
    user = _staff(request)
    duties = _duties(user)
    if filters.mine:
        duties = duties.filter(body__in=access.bodies_for(user, access.WRITER_ROLES))
    if filters.document:
        duties = duties.filter(document_id=filters.document)
    if filters.body:
        duties = duties.filter(body_id=filters.body)
    if filters.overdue is not None:
        late = compliance.overdue(Duty.objects.all(), today()).values("pk")
        duties = duties.filter(pk__in=late) if filters.overdue else duties.exclude(pk__in=late)
    return duties.order_by("-document__signed_on", "document_id", "body__name", "pk")


@router.get(
    "/duties/{duty_id}",
    response={200: DutyDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One duty with the study sessions its body held",
    operation_id="get_directive_duty",
    auth=AUTHENTICATED,
)
def get_duty(request: HttpRequest, duty_id: Id) -> Duty:
    duty = _duty(_staff(request), duty_id)
    duty.sessions = list(  # type: ignore[attr-defined]
        StudySession.objects.filter(document_id=duty.document_id, body_id=duty.body_id).order_by(
            "-held_on", "-pk"
        )
    )
    return duty


# --- Plans at work and their tasks ------------------------------------------------------------


class TargetOut(Schema):
    id: int
    name: str
    unit: str
    target_value: str = Field(description="A decimal number written as a string.")
    achieved_value: str | None
    achieved_on: dt.date | None

    @staticmethod
    def resolve_target_value(obj: Target) -> str:
        return str(obj.target_value)

    @staticmethod
    def resolve_achieved_value(obj: Target) -> str | None:
        return None if obj.achieved_value is None else str(obj.achieved_value)


class TaskOut(Schema):
    id: int
    plan: DocumentRefOut = Field(description="The programme or plan the task belongs to.")
    parent_id: int | None
    number: str = Field(description="Its place in the plan's tree: 2.3.1.")
    title: str
    lead_body: OrganizationRefOut
    officer_id: int | None = Field(description="The responsible officer's account, if named.")
    starts_on: dt.date | None
    due_on: dt.date
    expected_output: str
    weight: int
    state: TaskState
    status: TaskStatus = Field(description="The state read against today: done late, overdue.")
    done_on: dt.date | None
    reported_percent: int | None = Field(description="Progress the lead body reported.")
    computed_percent: str | None = Field(
        description="For a task with sub-tasks: the weighted average of its sub-tasks."
    )

    @staticmethod
    def resolve_plan(obj: Task) -> Document:
        return obj.workplan.document

    @staticmethod
    def resolve_status(obj: Task) -> str:
        return obj.status_on(today())

    @staticmethod
    def resolve_computed_percent(obj: Task) -> str | None:
        return None if obj.computed_percent is None else str(obj.computed_percent)


class PlanOut(Schema):
    document: DocumentRefOut
    body: OrganizationRefOut
    progress_rule: ProgressRule
    goals: str
    percent: str | None = Field(description="The whole plan's progress (its top tasks).")
    targets: list[TargetOut]
    tasks: list[TaskOut]


class TaskFilters(Schema):
    mine: bool = Field(
        False, description="true: only the open tasks the caller or the caller's bodies lead."
    )
    plan: Id | None = Field(None, description="The plan document's id.")
    lead_body: Id | None = None
    overdue: bool | None = Field(None, description="true: open tasks past due today.")


def _tasks(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related("workplan__document", "lead_body")


@router.get(
    "/plans/{document_id}",
    response={200: PlanOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A programme or plan at work: its targets, its task tree and its progress",
    operation_id="get_directive_plan",
    auth=AUTHENTICATED,
)
def get_plan(request: HttpRequest, document_id: Id) -> dict[str, Any]:
    user = _staff(request)
    document = _document(user, document_id)
    workplan = Workplan.objects.select_related("body").filter(document=document).first()
    if workplan is None:
        raise Http404
    lines = plan_selectors.tree(workplan, today())
    percent = plan_selectors.percent(lines)
    return {
        "document": document,
        "body": workplan.body,
        "progress_rule": workplan.progress_rule,
        "goals": workplan.goals,
        "percent": None if percent is None else str(percent),
        "targets": list(workplan.targets.all()),
        "tasks": [line.task for line in lines],
    }


@router.get(
    "/tasks",
    response={200: list[TaskOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Tasks of the plans the caller may read; the caller's own open tasks with mine=true",
    operation_id="list_directive_tasks",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_tasks(request: HttpRequest, filters: Query[TaskFilters]) -> QuerySet[Task]:
    user = _staff(request)
    tasks = access.my_tasks(user) if filters.mine else access.tasks_for(user)
    if filters.plan:
        tasks = tasks.filter(workplan__document_id=filters.plan)
    if filters.lead_body:
        tasks = tasks.filter(lead_body_id=filters.lead_body)
    if filters.overdue is not None:
        late = plan_selectors.overdue(Task.objects.all(), today()).values("pk")
        tasks = tasks.filter(pk__in=late) if filters.overdue else tasks.exclude(pk__in=late)
    return _tasks(tasks).order_by("due_on", "workplan_id", "path", "pk")


@router.get(
    "/tasks/{task_id}",
    response={200: TaskOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One task",
    operation_id="get_directive_task",
    auth=AUTHENTICATED,
)
def get_task(request: HttpRequest, task_id: Id) -> Task:
    user = _staff(request)
    try:
        return access.task_for(user, task_id)
    except PermissionDenied:
        raise Http404 from None
