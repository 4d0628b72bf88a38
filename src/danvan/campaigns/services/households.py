"""The commune's list of households in need and the help each received outside the funds.

Personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15) is written encrypted
(`Household.set_data`) and read only here, by the keeping body's own officers, for a stated
purpose, each reading logged in `HouseholdDataView` — as cases.services.identity does for
petitioners. Help paid out of a fund is written by services.ledger with its ledger entry;
help from a campaign or elsewhere is recorded here, with the same "given twice by mistake"
check (`ledger.earlier_support`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib import crypto
from danvan.lib.audit import audit
from danvan.lib.dates import today
from danvan.lib.numbers import format_vn_number, parse_vn_number
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationLevel

from .. import access
from ..models import (
    Campaign,
    Household,
    HouseholdCategory,
    HouseholdDataView,
    Purpose,
    Support,
    SupportSource,
)
from ._common import MAX_AMOUNT, require
from .ledger import earlier_support

A = access.Action

FIRST_YEAR = 2000  # lists older than this are not typed in: a year before it is a typo
MAX_MEMBERS = 99
MAX_LENGTH = {
    "code": 40,
    "village": 150,
    "head_name": 150,
    "id_number": 12,
    "address": 300,
    "phone": 20,
    "circumstances": 2000,
}
# Citizen identity card (CCCD, 12 digits) or the old identity card (CMND, 9 digits).
ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")
PHONE = re.compile(r"^\+?\d{8,15}$")


@dataclass(frozen=True, kw_only=True)
class HouseholdSpec:
    code: str
    category: str
    list_year: int
    village: str = ""
    members: int = 1
    head_name: str = ""
    id_number: str = ""
    address: str = ""
    phone: str = ""
    circumstances: str = ""

    def personal(self) -> dict[str, str]:
        return {
            "head_name": self.head_name,
            "id_number": normalize_id(self.id_number),
            "address": self.address,
            "phone": normalize_phone(self.phone),
            "circumstances": self.circumstances,
        }


def normalize_id(value: str) -> str:
    return "".join(value.split())


def normalize_phone(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit() or ch == "+")


def spec_errors(spec: HouseholdSpec) -> dict[str, str]:
    """What is wrong with a household's data, by field (the import checks rows with it too)."""
    errors: dict[str, str] = {}
    if not spec.code.strip():
        errors["code"] = _("Give the household's code on the list.")
    if spec.category not in HouseholdCategory.values:
        errors["category"] = _("Choose the household's category.")
    if not FIRST_YEAR <= spec.list_year <= today().year + 1:
        errors["list_year"] = _("Give the year of the list, between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": today().year + 1,
        }
    if not 1 <= spec.members <= MAX_MEMBERS:
        errors["members"] = _("A household has between 1 and %(max)s members.") % {
            "max": MAX_MEMBERS
        }
    if not spec.head_name.strip():
        errors["head_name"] = _("Give the name of the head of the household.")
    id_number = normalize_id(spec.id_number)
    if id_number and not ID_NUMBER.match(id_number):
        errors["id_number"] = _(
            "An identity number has 12 digits (citizen identity card) or 9 (old identity card)."
        )
    phone = normalize_phone(spec.phone)
    if spec.phone.strip() and not PHONE.match(phone):
        errors["phone"] = _("Enter a phone number of digits only, e.g. 0912345678.")
    for name, limit in MAX_LENGTH.items():
        if name not in errors and len(str(getattr(spec, name)).strip()) > limit:
            errors[name] = _("At most %(max)s characters.") % {"max": limit}
    return errors


def check_keeper(keeper: Organization) -> None:
    """Lists are kept by a commune-level body: the commune knows its households."""
    if keeper.level != OrganizationLevel.COMMUNE or keeper.current_unit_id is None:
        raise ValidationError(
            {"keeper": _("Lists of households are kept by a commune-level body.")}
        )


def _code_taken(keeper: Organization, code: str, *, but: int | None = None) -> bool:
    rows = Household.objects.filter(keeper=keeper, code=code)
    if but is not None:
        rows = rows.exclude(pk=but)
    return rows.exists()


def _code_error(code: str) -> ValidationError:
    return ValidationError(
        {"code": _("The code %(code)s is already on this list.") % {"code": code}}
    )


def _fill(household: Household, spec: HouseholdSpec) -> None:
    household.code = spec.code.strip()
    household.category = spec.category
    household.list_year = spec.list_year
    household.village = spec.village.strip()
    household.members = spec.members
    household.set_data(**spec.personal())


def _save(household: Household) -> None:
    try:
        with transaction.atomic():  # a savepoint: a racing twin leaves the outer one usable
            household.save()
    except IntegrityError:
        raise _code_error(household.code) from None


@transaction.atomic
def add_household(*, actor: User | None, keeper: Organization, spec: HouseholdSpec) -> Household:
    if actor is not None:
        require(
            access.may_household_list(actor, keeper, A.MANAGE),
            _("Only the keeping body's officers add households to its list."),
        )
    check_keeper(keeper)
    if errors := spec_errors(spec):
        raise ValidationError(errors)
    if _code_taken(keeper, spec.code.strip()):
        raise _code_error(spec.code.strip())
    household = Household(
        keeper=keeper,
        commune_id=keeper.current_unit_id,
        province_id=keeper.province_id,
        created_by=actor,
    )
    _fill(household, spec)
    _save(household)
    audit(actor, household, ADDITION, _("Household added to the list."))
    return household


@transaction.atomic
def update_household(*, actor: User | None, household: Household, spec: HouseholdSpec) -> Household:
    if actor is not None:
        require(access.may_household(actor, household, A.MANAGE))
    if errors := spec_errors(spec):
        raise ValidationError(errors)
    if _code_taken(household.keeper, spec.code.strip(), but=household.pk):
        raise _code_error(spec.code.strip())
    _fill(household, spec)
    _save(household)
    audit(actor, household, CHANGE, _("Household's record corrected."))
    return household


@transaction.atomic
def mark_left(
    *, actor: User | None, household: Household, left_on: dt.date, reason: str
) -> Household:
    """The household left the list (out of poverty, moved away, died): kept with its history."""
    if actor is not None:
        require(access.may_household(actor, household, A.MANAGE))
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why the household left the list.")
    elif len(reason.strip()) > 300:
        errors["reason"] = _("At most %(max)s characters.") % {"max": 300}
    if left_on > today():
        errors["left_on"] = _("The date cannot be in the future.")
    if household.left_on is not None:
        errors["left_on"] = _("This household has already left the list.")
    if errors:
        raise ValidationError(errors)
    household.left_on, household.left_reason = left_on, reason.strip()
    household.save(update_fields=["left_on", "left_reason", "updated_at"])
    audit(actor, household, CHANGE, _("Left the list on %(day)s.") % {"day": f"{left_on:%d/%m/%Y}"})
    return household


# ---- help from campaigns and elsewhere ---------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SupportSpec:
    source: str
    purpose: str
    amount: object  # whole đồng as typed; 0 for help in kind that was not valued
    given_on: dt.date
    description: str = ""
    given_by: Organization | None = None
    campaign: Campaign | None = None


def _value_of(raw: object) -> int:
    wrong = ValidationError({"amount": _("Enter the value in whole đồng, e.g. 1.500.000.")})
    try:
        value = parse_vn_number(raw)
    except ValueError:
        raise wrong from None
    if value is None:
        return 0  # help in kind, not valued
    if value != value.to_integral_value():
        raise wrong
    if value < 0:
        raise ValidationError({"amount": _("The value cannot be negative.")})
    if value > MAX_AMOUNT:
        raise ValidationError({"amount": _("This amount is too large: check the figure.")})
    return int(value)


def _check_support(actor: User | None, household: Household, spec: SupportSpec) -> int:
    errors: dict[str, str] = {}
    amount = 0
    try:
        amount = _value_of(spec.amount)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if spec.source == SupportSource.FUND:
        errors["source"] = _(
            "Help from a fund is recorded by paying it out of the fund: it then shows here."
        )
    elif spec.source not in SupportSource.values:
        errors["source"] = _("Say where the help came from.")
    elif spec.source == SupportSource.CAMPAIGN and spec.campaign is None:
        errors["campaign"] = _("Choose the campaign the help came from.")
    if (
        spec.campaign is not None
        and actor is not None
        and not access.may_campaign(actor, spec.campaign, A.VIEW)
    ):
        errors["campaign"] = _("Choose the campaign the help came from.")
    if spec.purpose not in Purpose.values:
        errors["purpose"] = _("Choose what the help was for.")
    if "amount" not in errors and amount == 0 and not spec.description.strip():
        errors["description"] = _("Without a value in đồng, say what was given.")
    if len(spec.description.strip()) > 300:
        errors["description"] = _("At most %(max)s characters.") % {"max": 300}
    if spec.given_on > today():
        errors["given_on"] = _("The date cannot be in the future.")
    elif spec.given_on.year < FIRST_YEAR:
        errors["given_on"] = _("Check the date.")
    elif household.left_on is not None and spec.given_on > household.left_on:
        errors["given_on"] = _("The household left the list on %(day)s.") % {
            "day": f"{household.left_on:%d/%m/%Y}"
        }
    if errors:
        raise ValidationError(errors)
    return amount


def repeat_warning(household: Household, purpose: str, on: dt.date) -> str:
    """The "already helped for this" question of ledger.earlier_support, or ""."""
    earlier = earlier_support(household, purpose, on=on)
    if not earlier:
        return ""
    last = earlier[0]
    return _(
        "This household already received help for the same purpose on "
        "%(day)s (%(amount)s đồng). Check that this is not given twice by "
        "mistake, then confirm."
    ) % {"day": f"{last.given_on:%d/%m/%Y}", "amount": format_vn_number(last.amount)}


@transaction.atomic
def record_support(
    *,
    actor: User | None,
    household: Household,
    spec: SupportSpec,
    confirm_repeat: bool = False,
    idempotency_key: str = "",
) -> Support:
    """Help from a campaign or another source that did not pass through a fund."""
    if actor is not None:
        require(access.may_household(actor, household, A.MANAGE))
    key = idempotency_key.strip()[:64]
    # One household's help is recorded one at a time, so two officers cannot both pass the
    # repeat check, and a form sent twice finds its first sending.
    Household.objects.select_for_update().filter(pk=household.pk).first()
    if key and (done := Support.objects.filter(household=household, idempotency_key=key).first()):
        return done
    amount = _check_support(actor, household, spec)
    if not confirm_repeat and (warning := repeat_warning(household, spec.purpose, spec.given_on)):
        raise ValidationError({"confirm_repeat": warning})
    support = Support.objects.create(
        household=household,
        given_on=spec.given_on,
        source=spec.source,
        purpose=spec.purpose,
        amount=amount,
        description=spec.description.strip(),
        given_by=spec.given_by or household.keeper,
        campaign=spec.campaign,
        idempotency_key=key,
        recorded_by=actor,
    )
    audit(actor, household, CHANGE, _("Support %(support)d recorded.") % {"support": support.pk})
    return support


@transaction.atomic
def cancel_support(*, actor: User | None, support: Support, reason: str) -> Support:
    """A record made by mistake: kept, struck through, no longer counted."""
    support = (
        Support.objects.select_for_update().select_related("household__keeper").get(pk=support.pk)
    )
    if actor is not None:
        require(access.may_household(actor, support.household, A.MANAGE))
    if support.source == SupportSource.FUND:
        raise ValidationError(
            _("Help paid from a fund is corrected by reversing its ledger entry, in the fund.")
        )
    if support.cancelled_at is not None:
        raise ValidationError(_("This record has already been cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the record is cancelled.")})
    support.cancelled_at = timezone.now()
    support.save(update_fields=["cancelled_at"])
    audit(
        actor,
        support.household,
        CHANGE,
        f"support {support.pk} cancelled: {reason.strip()[:300]}",
    )
    return support


# ---- personal data -----------------------------------------------------------------------


def _purpose(text: str) -> str:
    purpose = " ".join(text.split())
    if not purpose:
        raise ValidationError({"purpose": _("Say why you need to see the personal data.")})
    return purpose[:200]


@transaction.atomic
def reveal(*, actor: User, household: Household, purpose: str) -> dict[str, str]:
    """One household's personal data, after checking the right and logging the reading."""
    require(
        access.may_household(actor, household, A.PERSONAL),
        _("Only the keeping body's officers see the households' personal data."),
    )
    HouseholdDataView.objects.create(
        viewer=actor, purpose=_purpose(purpose), keeper_id=household.keeper_id, household=household
    )
    return household.data()


@transaction.atomic
def reveal_page(*, actor: User, households: Sequence[Household], purpose: str) -> dict[int, str]:
    """The heads' names of a page of the list: one logged reading per list shown (`shown`
    households each); the households of lists the user does not keep stay hidden."""
    text = _purpose(purpose)
    by_keeper: dict[int, list[Household]] = defaultdict(list)
    allowed: dict[int, bool] = {}
    for household in households:
        keeper_id = household.keeper_id
        if keeper_id not in allowed:
            allowed[keeper_id] = access.may_household(actor, household, A.PERSONAL)
        if allowed[keeper_id]:
            by_keeper[keeper_id].append(household)
    if not by_keeper:
        require(False, _("Only the keeping body's officers see the households' personal data."))
    HouseholdDataView.objects.bulk_create(
        HouseholdDataView(viewer=actor, purpose=text, keeper_id=keeper_id, shown=len(rows))
        for keeper_id, rows in by_keeper.items()
    )
    return {h.pk: crypto.decrypt(h.head_name_enc) for rows in by_keeper.values() for h in rows}


@dataclass(frozen=True)
class SamePerson:
    keeper: str  # the body whose list holds the person
    code: str


def find_same_person(
    *, actor: User | None, id_number: str, exclude: Household | None = None
) -> list[SamePerson]:
    """The other lists, in any commune, on which this identity number stands today: found by
    its keyed hash, so nothing is decrypted and nothing but a list's name and code is told."""
    if actor is not None:
        require(access.writes_anywhere(actor))
    digest = crypto.blind_index(normalize_id(id_number), kind="id_number")
    if not digest:
        return []
    rows = Household.objects.filter(id_number_index=digest, left_on__isnull=True).select_related(
        "keeper"
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return [SamePerson(h.keeper.name, h.code) for h in rows.order_by("keeper__name", "code")[:20]]


def also_listed(*, actor: User, household: Household) -> list[SamePerson]:
    """The other lists on which this household's head stands today, by the stored index."""
    require(access.may_household(actor, household, A.MANAGE))
    if not household.id_number_index:
        return []
    rows = (
        Household.objects.filter(id_number_index=household.id_number_index, left_on__isnull=True)
        .exclude(pk=household.pk)
        .select_related("keeper")
        .order_by("keeper__name", "code")[:20]
    )
    return [SamePerson(h.keeper.name, h.code) for h in rows]


def same_person_warning(found: Sequence[SamePerson]) -> str:
    if not found:
        return ""
    lists = "; ".join(f"{p.keeper} ({p.code})" for p in found)
    return _(
        "This identity number is already on the list of %(lists)s: check that the help is "
        "not given twice."
    ) % {"lists": lists}
