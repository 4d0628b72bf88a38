"""Request and response shapes of the API, shared by the routers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from danvan.accounts.models import Role, Scope
from danvan.lib.contacts import is_email, is_phone
from danvan.lib.dates import parse_vn_date
from danvan.org import selectors
from danvan.org.models import AdminLevel, AdminUnit, SuccessionKind, UnitSuccession
from danvan.org.models.organizations import OrganizationKind, OrganizationLevel

# Database keys are signed 64-bit: anything larger would overflow in the driver (a 500),
# so it is refused as invalid input instead.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _parse_date(value: Any) -> Any:
    # Officers type dd/mm/yyyy, programs send ISO: accept both, and nothing looser
    # (pydantic alone would also take Unix timestamps).
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return parse_vn_date(value)
        except ValueError:
            raise PydanticCustomError(
                "date_format", "Input should be a date as yyyy-mm-dd or dd/mm/yyyy"
            ) from None
    return value


AsOfDate = Annotated[dt.date | None, BeforeValidator(_parse_date)]


# A citizen's contacts, empty or checked. The messages are for people, so translated (at
# validation time, in the request's language); the error types are for programs.
def _email(value: str) -> str:
    if value and not is_email(value):
        raise PydanticCustomError("email", _("Enter a valid e-mail address, e.g. ten@example.vn."))
    return value


def _phone(value: str) -> str:
    if value and not is_phone(value):
        raise PydanticCustomError(
            "phone", _("Enter a phone number with its digits, e.g. 0912 345 678.")
        )
    return value


Email = Annotated[str, AfterValidator(_email)]
Phone = Annotated[str, AfterValidator(_phone)]

AS_OF_DESCRIPTION = (
    "Only records in force on this day (yyyy-mm-dd or dd/mm/yyyy); today by default."
)
Q_DESCRIPTION = (
    "Words to find in the name, without regard to diacritics: 'dak lak' finds 'Đắk Lắk'."
)


# --- errors ---------------------------------------------------------------------------------


class FieldErrorOut(Schema):
    loc: list[str] = Field(description="Where the error is, e.g. ['query', 'level'].")
    field: str
    message: str
    type: str


class FigureOut(Schema):
    """One row of report figures: a category and how many."""

    key: str
    label: str
    count: int


class ErrorOut(Schema):
    detail: str = Field(description="A message for people, in the user's language.")
    code: str = Field(description="A stable code for programs, e.g. 'not_found', 'invalid'.")
    errors: list[FieldErrorOut] = Field(default_factory=list)


# --- references -----------------------------------------------------------------------------


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class OrganizationRefOut(Schema):
    id: int
    code: str
    name: str


# --- units ----------------------------------------------------------------------------------


class UnitFilters(Schema):
    level: AdminLevel | None = None
    parent: Id | None = Field(None, description="Only the children of this unit (its id).")
    q: str = Field("", max_length=200, description=Q_DESCRIPTION)
    as_of: AsOfDate = Field(None, description=AS_OF_DESCRIPTION)


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind_name: str
    level: AdminLevel
    parent_id: int | None
    province_id: int | None
    current_id: int | None = Field(
        description="The unit in force today that this unit's records roll up to."
    )
    valid_from: dt.date | None
    valid_to: dt.date | None


class SuccessionOut(Schema):
    """One link of a reorganization, seen from the unit asked for: the unit at the other end."""

    id: int
    code: str
    name: str
    kind: SuccessionKind
    is_default: bool = Field(description="The successor that old records roll up to.")
    effective_date: dt.date


def _successor(link: UnitSuccession) -> dict[str, Any]:
    return _link(link, link.successor)


def _predecessor(link: UnitSuccession) -> dict[str, Any]:
    return _link(link, link.predecessor)


def _link(link: UnitSuccession, other: AdminUnit) -> dict[str, Any]:
    return {
        "id": other.pk,
        "code": other.code,
        "name": other.name,
        "kind": link.kind,
        "is_default": link.is_default,
        "effective_date": link.effective_date,
    }


class UnitDetailOut(UnitOut):
    successors: list[SuccessionOut]
    predecessors: list[SuccessionOut]

    @staticmethod
    def resolve_successors(unit: AdminUnit) -> list[dict[str, Any]]:
        return [_successor(link) for link in selectors.successors_of(unit)]

    @staticmethod
    def resolve_predecessors(unit: AdminUnit) -> list[dict[str, Any]]:
        return [_predecessor(link) for link in selectors.predecessors_of(unit)]


# --- organizations --------------------------------------------------------------------------


class OrganizationFilters(Schema):
    level: OrganizationLevel | None = None
    kind: OrganizationKind | None = None
    unit: Id | None = Field(
        None, description="Bodies of this territory (its id), or whose territory maps to it."
    )
    province: Id | None = Field(None, description="Bodies whose records roll up to this province.")
    parent: Id | None = Field(None, description="Only the bodies directly under this one.")
    q: str = Field("", max_length=200, description=Q_DESCRIPTION)
    as_of: AsOfDate = Field(None, description=AS_OF_DESCRIPTION)


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: OrganizationKind
    level: OrganizationLevel
    unit_id: int | None = Field(description="The territory; empty for central bodies.")
    province_id: int | None
    parent_id: int | None
    current_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class OrganizationDetailOut(OrganizationOut):
    unit: UnitRefOut | None
    parent: OrganizationRefOut | None


# --- the signed-in user ---------------------------------------------------------------------


class AssignmentOut(Schema):
    organization: OrganizationRefOut
    role: Role
    scope: Scope
    title: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    assignments: list[AssignmentOut]


# A list offered as CSV as well: its content type, and how the OpenAPI document shows it.
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CSV_RESPONSE = {
    "responses": {
        200: {  # ninja's own key for the status (a "200" would be a second, duplicate key)
            "description": "CSV (UTF-8 with a BOM), one header row.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}
