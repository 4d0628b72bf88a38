"""Citizen matters over HTTP: anyone may submit (with an Idempotency-Key, the same request
sent twice makes one matter); officers list and read the matters in their scope.

Personal data never appears here: it is read only through the officer's page, where each
reading is logged.
"""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel

from danvan.accounts.models import User
from danvan.cases import access, selectors
from danvan.cases.models import Case, CaseField, CaseKind, CaseState
from danvan.cases.models.cases import DeclaredKind
from danvan.cases.services.intake import PersonData, Submission, receive
from danvan.org.selectors import current_unit

from .auth import AUTHENTICATED, OPTIONAL_TOKEN
from .pagination import UncountedSearchPage
from .schemas import Email, ErrorOut, Phone

router = Router(tags=["cases"])


# The submission's input models are plain pydantic models, not ninja Schemas: a Schema
# validates through a wrapper meant for reading Django objects, which cost this busiest
# endpoint about a tenth of its time (counted with callgrind). Same fields, same OpenAPI.
class PersonIn(BaseModel):
    full_name: str = Field("", max_length=150)
    phone: Phone = Field("", max_length=20, description="Digits, e.g. 0912 345 678.")
    email: Email = Field("", max_length=254)
    anonymous: bool = False


class CaseIn(BaseModel):
    title: str = Field(max_length=200)
    content: str = Field(max_length=20_000)
    unit_id: int | None = Field(None, description="Today's commune or province (id).")
    address: str = Field("", max_length=300, description="Old (pre-2025) names are understood.")
    field_code: str = Field("", max_length=40)
    person: PersonIn | None = None
    consent: bool = Field(description="The citizen agrees to the processing of their data.")
    publish_content: bool = Field(
        False,
        description=(
            "The citizen agrees that the content and the answer appear on the public list "
            "(never their name). Without it the public list shows the field, place and state."
        ),
    )
    declared_kind: DeclaredKind | None = Field(
        None,
        description=(
            "What the citizen thinks the matter is ('unknown': they don't know). Kept beside "
            "the officers' classification, which is by content and never set by this."
        ),
    )


class SubmittedOut(Schema):
    tracking_code: str
    secret: str = Field(description="Shown once; with the code it opens the public page.")
    state: str
    created: bool


class DeadlineOut(Schema):
    step: str
    basis: str = Field(description="law: a legal time limit; target: the province's target")
    organization_id: int | None
    start_date: dt.date
    due_date: dt.date
    legal_basis: str
    paused_days: int
    paused_since: dt.date | None = Field(description="Set while the resolution is suspended")
    met_at: dt.datetime | None
    closed_at: dt.datetime | None


class CaseOut(Schema):
    tracking_code: str
    title: str
    kind: CaseKind
    state: CaseState
    channel: str
    received_at: dt.datetime
    unit_id: int | None
    organization_id: int | None
    field_id: int | None
    next_due_date: dt.date | None
    answered_at: dt.datetime | None
    rating: int | None


class CaseDetailOut(CaseOut):
    content: str
    public_answer: str
    deadlines: list[DeadlineOut]


class CaseFilters(Schema):
    state: CaseState | None = None
    kind: CaseKind | None = None
    overdue: bool = False
    due_within: int | None = Field(None, ge=0, le=365)
    q: str = Field("", max_length=100)


@router.post(
    "",
    response={200: SubmittedOut, 201: SubmittedOut, 422: ErrorOut},
    summary="Submit a citizen matter",
    description=(
        "Answers as soon as the submission is stored, with its tracking code and secret; the "
        "matter is registered (routed, its deadlines started) moments later in the background. "
        "Send an Idempotency-Key: the same key again returns the same code and secret."
    ),
    operation_id="submit_case",
    auth=OPTIONAL_TOKEN,
)
def submit_case(request: HttpRequest, payload: CaseIn) -> JsonResponse:
    token_user = request.auth if isinstance(request.auth, User) else None  # type: ignore[attr-defined]
    unit = current_unit(payload.unit_id) if payload.unit_id else None
    field = (
        CaseField.objects.filter(code=payload.field_code, active=True).first()
        if payload.field_code
        else None
    )
    person = payload.person or PersonIn(full_name="", phone="", email="", anonymous=False)
    result = receive(
        submission=Submission(
            title=payload.title,
            content=payload.content,
            channel="api",
            unit=unit,
            address=payload.address,
            field=field,
            person=PersonData(
                full_name=person.full_name,
                phone=person.phone,
                email=person.email,
                anonymous=person.anonymous,
                consent=payload.consent,
            ),
            publish_content=payload.publish_content,
            declared_kind=payload.declared_kind.value if payload.declared_kind else "",
        ),
        idempotency_key=request.headers.get("Idempotency-Key"),
        # Keys are scoped to the calling client; a browser session never acts for one (and a
        # signed-in citizen's account is not the machine client's).
        client=f"token:{token_user.pk}" if token_user else "anonymous",
        account=token_user,
    )
    body = {
        "tracking_code": result.tracking_code,
        "secret": result.secret,
        "state": result.state,
        "created": result.created,
    }
    # Built here rather than validated again against SubmittedOut (which documents it): this
    # is the busiest endpoint, and the body is four known values.
    return JsonResponse(
        body, status=201 if result.created else 200, json_dumps_params={"ensure_ascii": False}
    )


@router.get(
    "",
    response={200: list[CaseOut], 422: ErrorOut},
    summary="Citizen matters in the caller's scope",
    operation_id="list_cases",
    auth=AUTHENTICATED,
)
@paginate(UncountedSearchPage)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> QuerySet[Case]:
    user = request.user
    assert isinstance(user, User)
    if not user.has_perm("cases.view_case"):
        raise PermissionDenied
    return selectors.inbox(
        user,
        selectors.InboxFilters(
            state=filters.state or "",
            kind=filters.kind or "",
            overdue=filters.overdue,
            due_within=filters.due_within,
            q=filters.q,
        ),
    )


@router.get(
    "/{code}",
    response={200: CaseDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="One matter in the caller's scope, with its legal deadlines",
    operation_id="get_case",
    auth=AUTHENTICATED,
)
def get_case(request: HttpRequest, code: str) -> dict:
    case = access.case_for(request.user, code, access.Action.VIEW)
    return {
        **CaseOut.from_orm(case).dict(),
        "content": case.content,
        "public_answer": case.public_answer,
        "deadlines": list(case.deadlines.all()),
    }
