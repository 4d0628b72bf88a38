"""The households' services: personal data encrypted at rest and read only by the keeping
body's officers for a stated purpose, each reading logged; help recorded once, with the
"given twice by mistake" question; the same person found on another list by the index."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from danvan.campaigns import access
from danvan.campaigns.models import (
    Household,
    HouseholdDataView,
    Purpose,
    Support,
    SupportSource,
)
from danvan.campaigns.services import households as services
from danvan.campaigns.services import ledger
from tests.campaigns.household_fixtures import CCCD, DAY, NAME, NOW, add, pay_household, spec
from tests.factories import make_org

pytestmark = pytest.mark.django_db
A = access.Action


@pytest.fixture(autouse=True)
def _clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def other(amount: object = 500_000, **kw: object) -> services.SupportSpec:
    values: dict = {
        "source": SupportSource.OTHER,
        "purpose": Purpose.GIFTS,
        "amount": amount,
        "given_on": DAY,
        "description": "Quà Tết",
        **kw,
    }
    return services.SupportSpec(**values)


# ---- personal data -----------------------------------------------------------------------


def test_personal_data_is_encrypted_at_rest_and_never_in_logs(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = services.add_household(actor=w.c1_officer, keeper=w.c1_front, spec=spec())
    services.reveal(actor=w.c1_officer, household=h, purpose="Thăm hỏi trước Tết")
    services.reveal_page(actor=w.c1_officer, households=[h], purpose="Rà soát danh sách")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM campaigns_household WHERE id = %s", [h.pk])
        stored = " ".join(str(v) for v in cursor.fetchone())
        cursor.execute("SELECT * FROM campaigns_householddataview")
        views = " ".join(str(v) for line in cursor.fetchall() for v in line)
    for secret in (NAME, CCCD, "0912345678", "Chồng mất"):
        assert secret not in stored
        assert secret not in views
    assert h.head_name_enc and h.id_number_enc and h.id_number_index
    assert CCCD not in h.id_number_index
    assert str(h) == "HN-001"
    log = " ".join(LogEntry.objects.values_list("change_message", flat=True))
    assert NAME not in log and CCCD not in log
    assert h.data()["head_name"] == NAME  # and it decrypts


def test_every_reveal_is_logged_with_its_purpose(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    data = services.reveal(actor=w.c1_officer, household=h, purpose="  Thăm hỏi   trước Tết ")
    assert data["head_name"] == NAME and data["id_number"] == CCCD
    services.reveal(actor=w.c1_second_officer, household=h, purpose="Đối chiếu hồ sơ")
    views = list(HouseholdDataView.objects.order_by("pk"))
    assert [(v.viewer_id, v.household_id, v.keeper_id, v.shown) for v in views] == [
        (w.c1_officer.pk, h.pk, w.c1_front.pk, 1),
        (w.c1_second_officer.pk, h.pk, w.c1_front.pk, 1),
    ]
    assert views[0].purpose == "Thăm hỏi trước Tết"


def test_a_reveal_without_a_purpose_is_refused_and_not_logged(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    with pytest.raises(ValidationError) as refused:
        services.reveal(actor=w.c1_officer, household=h, purpose="   ")
    assert "purpose" in refused.value.message_dict
    assert not HouseholdDataView.objects.exists()


@pytest.mark.parametrize(
    "who",
    ["city_leader", "city_officer", "c1_committee_officer", "c2_officer", "other_officer"],
)
def test_only_the_keepers_officers_reveal_and_a_refusal_is_not_logged(welfare, who) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    with pytest.raises(PermissionDenied):
        services.reveal(actor=getattr(w, who), household=h, purpose="Xem")
    assert not HouseholdDataView.objects.exists()


def test_a_page_of_names_is_one_logged_reading_per_list(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    rows = [add(w.c1_front, f"HN-{n:03d}", head_name=f"Chủ hộ {n}", id_number="") for n in range(5)]
    names = services.reveal_page(actor=w.c1_officer, households=rows, purpose="Rà soát")
    assert names == {h.pk: f"Chủ hộ {n}" for n, h in enumerate(rows)}
    view = HouseholdDataView.objects.get()
    assert (view.household_id, view.shown, view.keeper_id) == (None, 5, w.c1_front.pk)


def test_a_page_of_names_leaves_out_lists_the_user_does_not_keep(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    mine, theirs = add(w.c1_front, "A-1"), add(w.c2_front, "B-1", id_number="")
    names = services.reveal_page(actor=w.c1_officer, households=[mine, theirs], purpose="Rà soát")
    assert set(names) == {mine.pk}
    assert HouseholdDataView.objects.get().shown == 1
    with pytest.raises(PermissionDenied):
        services.reveal_page(actor=w.city_leader, households=[mine, theirs], purpose="Rà soát")


# ---- the permission matrix ---------------------------------------------------------------

MATRIX = [
    # who, view, manage, personal
    ("c1_officer", True, True, True),
    ("c1_second_officer", True, True, True),
    ("c1_committee_officer", False, False, False),  # same commune, another body: not its list
    ("c1_board", False, False, False),  # a seat on the fund's board is not the list
    ("city_leader", True, False, False),  # the province's subtree: reads, no personal data
    ("city_officer", False, False, False),  # a unit grant at the city's Front: its own only
    ("central_leader", True, False, False),
    ("c2_officer", False, False, False),
    ("other_officer", False, False, False),  # another province
    ("citizen", False, False, False),
]


@pytest.mark.parametrize(("who", "view", "manage", "personal"), MATRIX)
def test_who_may_do_what_with_a_commune_list(welfare, who, view, manage, personal) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    user = getattr(w, who)
    assert access.may_household(user, h, A.VIEW) is view
    assert access.may_household(user, h, A.MANAGE) is manage
    assert access.may_household(user, h, A.PERSONAL) is personal
    assert access.households_for(user).filter(pk=h.pk).exists() is view


@pytest.mark.parametrize("who", ["city_leader", "c2_officer", "c1_committee_officer"])
def test_only_the_keepers_officers_write_the_list(welfare, who) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    user = getattr(w, who)
    with pytest.raises(PermissionDenied):
        services.add_household(actor=user, keeper=w.c1_front, spec=spec())
    h = add(w.c1_front)
    with pytest.raises(PermissionDenied):
        services.update_household(actor=user, household=h, spec=spec(village="Khác"))
    with pytest.raises(PermissionDenied):
        services.record_support(actor=user, household=h, spec=other())
    with pytest.raises(PermissionDenied):
        services.mark_left(actor=user, household=h, left_on=DAY, reason="Thoát nghèo")


# ---- the list ----------------------------------------------------------------------------


def test_a_household_takes_its_commune_and_province_from_the_keeper(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = services.add_household(actor=w.c1_officer, keeper=w.c1_front, spec=spec())
    assert h.commune_id == w.c1_unit.pk == w.c1_front.current_unit_id
    assert h.province_id == w.c1_front.province_id is not None
    assert h.created_by == w.c1_officer


def test_a_list_is_kept_by_a_commune_level_body_only(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    with pytest.raises(ValidationError) as refused:
        services.add_household(actor=w.city_officer, keeper=w.city_front, spec=spec())
    assert "keeper" in refused.value.message_dict
    assert not Household.objects.exists()


def test_a_code_is_unique_per_list_not_across_lists(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    add(w.c1_front, "X-1")
    with pytest.raises(ValidationError) as refused:
        add(w.c1_front, "X-1")
    assert "code" in refused.value.message_dict
    add(w.c2_front, "X-1")  # another commune's list has its own codes
    b = add(w.c1_front, "X-2", id_number="")
    with pytest.raises(ValidationError):
        services.update_household(actor=w.c1_officer, household=b, spec=spec("X-1"))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id_number", "12345"),
        ("phone", "abc"),
        ("members", 0),
        ("list_year", 1990),
        ("head_name", "  "),
        ("category", "rich"),
        ("code", ""),
    ],
)
def test_bad_values_are_refused_beside_their_field(welfare, field, value) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        add(welfare.c1_front, **{field: value})
    assert field in refused.value.message_dict


def test_an_update_rewrites_the_encrypted_data_and_its_index(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    before = h.id_number_index
    services.update_household(
        actor=w.c1_officer, household=h, spec=spec(head_name="Lê Văn Cường", id_number="")
    )
    h.refresh_from_db()
    assert h.data()["head_name"] == "Lê Văn Cường"
    assert h.id_number_index == "" != before


def test_a_household_that_left_keeps_its_history(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    services.record_support(actor=w.c1_officer, household=h, spec=other())
    services.mark_left(actor=w.c1_officer, household=h, left_on=DAY, reason="Thoát nghèo năm 2026")
    h.refresh_from_db()
    assert h.left_on == DAY and h.left_reason == "Thoát nghèo năm 2026"
    assert h.support.count() == 1
    with pytest.raises(ValidationError):
        services.mark_left(actor=w.c1_officer, household=h, left_on=DAY, reason="Lần nữa")
    with pytest.raises(ValidationError) as refused:
        services.record_support(
            actor=w.c1_officer, household=h, spec=other(given_on=DAY + dt.timedelta(days=1))
        )
    assert "given_on" in refused.value.message_dict


# ---- the same person on another list -----------------------------------------------------


def test_the_same_person_is_found_on_another_list_by_the_index(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    here = add(w.c1_front, "A-1")
    there = add(w.other_front, "TQ-9")
    found = services.find_same_person(actor=w.c1_officer, id_number=f" {CCCD} ", exclude=here)
    assert found == [services.SamePerson(w.other_front.name, "TQ-9")]
    assert services.also_listed(actor=w.c1_officer, household=here) == found
    assert services.find_same_person(actor=w.c1_officer, id_number="") == []
    services.mark_left(actor=None, household=there, left_on=DAY, reason="Chuyển đi")
    assert services.find_same_person(actor=w.c1_officer, id_number=CCCD, exclude=here) == []
    with pytest.raises(PermissionDenied):
        services.find_same_person(actor=w.citizen, id_number=CCCD)


# ---- help recorded -----------------------------------------------------------------------


def test_help_from_a_campaign_or_elsewhere_is_recorded(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    women = make_org(unit=w.c1_unit, name="Hội Liên hiệp Phụ nữ xã")
    s = services.record_support(
        actor=w.c1_officer, household=h, spec=other("1.500.000", given_by=women)
    )
    assert (s.amount, s.source, s.given_by, s.recorded_by) == (
        1_500_000,
        SupportSource.OTHER,
        women,
        w.c1_officer,
    )
    in_kind = services.record_support(
        actor=w.c1_officer,
        household=h,
        spec=other("", purpose=Purpose.LIVELIHOOD, description="Một con bò giống"),
    )
    assert in_kind.amount == 0 and in_kind.given_by == w.c1_front


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"source": SupportSource.FUND}, "source"),
        ({"source": SupportSource.CAMPAIGN}, "campaign"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "1,5"}, "amount"),
        ({"amount": "", "description": ""}, "description"),
        ({"purpose": "party"}, "purpose"),
        ({"given_on": DAY + dt.timedelta(days=3)}, "given_on"),
    ],
)
def test_bad_help_is_refused_beside_its_field(welfare, changes, field) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    with pytest.raises(ValidationError) as refused:
        services.record_support(actor=w.c1_officer, household=h, spec=other(**changes))
    assert field in refused.value.message_dict
    assert not Support.objects.exists()


def test_help_for_the_same_purpose_asks_to_confirm_it_is_not_given_twice(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    pay_household(w.c1_fund, h, w.c1_officer, purpose=Purpose.GIFTS)
    with pytest.raises(ValidationError) as asked:
        services.record_support(actor=w.c1_officer, household=h, spec=other())
    assert "confirm_repeat" in asked.value.message_dict
    assert "09/03/2026" in asked.value.message_dict["confirm_repeat"][0]
    assert Support.objects.filter(source=SupportSource.OTHER).count() == 0
    services.record_support(actor=w.c1_officer, household=h, spec=other(), confirm_repeat=True)
    # Another purpose asks nothing.
    services.record_support(
        actor=w.c1_officer, household=h, spec=other(purpose=Purpose.SCHOLARSHIP)
    )
    assert Support.objects.filter(household=h).count() == 3


def test_a_form_sent_twice_records_the_help_once(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    key = "k-0001"
    first = services.record_support(
        actor=w.c1_officer, household=h, spec=other(), idempotency_key=key
    )
    again = services.record_support(
        actor=w.c1_officer, household=h, spec=other(), idempotency_key=key
    )
    assert again.pk == first.pk
    assert Support.objects.count() == 1


def test_cancelled_help_is_kept_and_no_longer_counted_as_given(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    s = services.record_support(actor=w.c1_officer, household=h, spec=other())
    with pytest.raises(ValidationError):
        services.cancel_support(actor=w.c1_officer, support=s, reason=" ")
    services.cancel_support(actor=w.c1_officer, support=s, reason="Ghi nhầm hộ")
    s.refresh_from_db()
    assert s.cancelled_at is not None
    assert ledger.earlier_support(h, Purpose.GIFTS, on=DAY) == []
    with pytest.raises(ValidationError):
        services.cancel_support(actor=w.c1_officer, support=s, reason="Lần nữa")
    # The repeat question no longer fires for the cancelled record.
    services.record_support(actor=w.c1_officer, household=h, spec=other())


def test_help_paid_from_a_fund_is_cancelled_in_the_fund_only(welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    pay_household(w.c1_fund, h, w.c1_officer)
    paid = Support.objects.get(household=h)
    assert paid.source == SupportSource.FUND and paid.entry is not None
    with pytest.raises(ValidationError):
        services.cancel_support(actor=w.c1_officer, support=paid, reason="Nhầm")
    with pytest.raises(PermissionDenied):
        services.cancel_support(actor=w.city_leader, support=paid, reason="Nhầm")
