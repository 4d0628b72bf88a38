"""The households pages: who sees which list and which data (the matrix), the heads' names
only after a logged reading, the household's history with what every fund and campaign gave,
recording and cancelling help, and a list that costs the same queries however long."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from danvan.campaigns.models import Household, HouseholdDataView, Purpose, Support, SupportSource
from danvan.campaigns.services import households as services
from danvan.campaigns.services import ledger
from tests.campaigns.household_fixtures import CCCD, DAY, NAME, NOW, add, pay_household
from tests.factories import sign_in_with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def support(h: Household, amount: int = 300_000, **kw: object) -> Support:
    values: dict = {
        "source": SupportSource.OTHER,
        "purpose": Purpose.GIFTS,
        "amount": amount,
        "given_on": DAY,
        "description": "Quà",
        **kw,
    }
    return services.record_support(
        actor=None, household=h, spec=services.SupportSpec(**values), confirm_repeat=True
    )


# ---- the matrix --------------------------------------------------------------------------

# who, list shows the household, detail, reveal form, edit/record help
PAGES = [
    ("c1_officer", True, 200, True, 200),
    ("c1_committee_officer", False, 403, False, 403),  # same commune, another body
    ("city_leader", True, 200, False, 403),  # the province: the list without personal data
    ("c2_officer", False, 403, False, 403),
    ("other_officer", False, 403, False, 403),  # another province
]


@pytest.mark.parametrize(("who", "listed", "detail", "reveal", "write"), PAGES)
def test_who_sees_what_on_the_pages(client, welfare, who, listed, detail, reveal, write) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    sign_in_with_totp(client, getattr(w, who))
    page = client.get(reverse("campaigns:households"))
    assert page.status_code == 200
    assert (h.code.encode() in page.content) is listed
    assert NAME.encode() not in page.content
    response = client.get(reverse("campaigns:household", args=[h.pk]))
    assert response.status_code == detail
    if detail == 200:
        assert NAME.encode() not in response.content
        assert (b'data-testid="reveal-form"' in response.content) is reveal
    for name in ("household_edit", "support_new"):
        assert client.get(reverse(f"campaigns:{name}", args=[h.pk])).status_code == write
    assert not HouseholdDataView.objects.exclude(viewer=w.c1_officer).exists()


def test_a_citizen_sees_nothing_and_a_visitor_is_sent_to_sign_in(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    assert client.get(reverse("campaigns:households")).status_code == 302
    client.force_login(w.citizen)
    assert client.get(reverse("campaigns:households")).status_code == 403
    assert client.get(reverse("campaigns:household", args=[h.pk])).status_code == 403


def test_a_missing_household_is_404(client, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    assert client.get(reverse("campaigns:household", args=[999_999])).status_code == 404


def test_the_province_cannot_reveal_by_posting(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    sign_in_with_totp(client, w.city_leader)
    response = client.post(
        reverse("campaigns:household", args=[h.pk]), {"action": "reveal", "purpose": "Xem"}
    )
    assert response.status_code == 403
    assert not HouseholdDataView.objects.exists()


# ---- personal data on the pages ----------------------------------------------------------


def test_the_keeper_reveals_a_household_with_a_purpose_and_it_is_logged(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    sign_in_with_totp(client, w.c1_officer)
    url = reverse("campaigns:household", args=[h.pk])
    empty = client.post(url, {"action": "reveal", "purpose": ""})
    assert empty.status_code == 400
    assert not HouseholdDataView.objects.exists()
    shown = client.post(url, {"action": "reveal", "purpose": "Thăm hỏi trước Tết"})
    assert shown.status_code == 200
    assert NAME.encode() in shown.content and CCCD.encode() in shown.content
    view = HouseholdDataView.objects.get()
    assert (view.viewer, view.household, view.purpose) == (w.c1_officer, h, "Thăm hỏi trước Tết")


def test_heads_names_show_on_the_list_only_after_a_logged_reading(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    for n in range(3):
        add(w.c1_front, f"HN-{n}", head_name=f"Chủ hộ số {n}", id_number="")
    sign_in_with_totp(client, w.c1_officer)
    url = reverse("campaigns:households")
    page = client.get(url)
    assert b'data-testid="names-form"' in page.content
    assert "Chủ hộ số 1".encode() not in page.content
    assert not HouseholdDataView.objects.exists()
    named = client.get(url, {"category": "poor", "purpose": "Rà soát cuối năm"})
    assert named.status_code == 200
    assert "Chủ hộ số 1".encode() in named.content
    view = HouseholdDataView.objects.get()
    assert (view.household, view.shown, view.keeper) == (None, 3, w.c1_front)
    # The province leader has no names form, and asking by address shows nothing.
    sign_in_with_totp(client, w.city_leader)
    theirs = client.get(url, {"purpose": "Xem"})
    assert b'data-testid="names-form"' not in theirs.content
    assert "Chủ hộ số 1".encode() not in theirs.content
    assert HouseholdDataView.objects.count() == 1


def test_editing_shows_the_data_and_logs_the_reading(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    sign_in_with_totp(client, w.c1_officer)
    url = reverse("campaigns:household_edit", args=[h.pk])
    form = client.get(url)
    assert NAME.encode() in form.content
    assert HouseholdDataView.objects.filter(household=h).count() == 1
    data = {
        "code": "HN-001",
        "category": "near_poor",
        "list_year": 2026,
        "village": "Thôn Đông",
        "members": 3,
        "head_name": "Nguyễn Thị Hoa",
        "id_number": CCCD,
        "address": "",
        "phone": "",
        "circumstances": "",
    }
    assert client.post(url, {**data, "members": 0}).status_code == 400
    assert client.post(url, data).status_code == 302
    h.refresh_from_db()
    assert (h.category, h.members) == ("near_poor", 3)


def test_adding_a_household_warns_when_the_person_is_on_another_list(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    add(w.other_front, "TQ-7")
    sign_in_with_totp(client, w.c1_officer)
    data = {
        "keeper": w.c1_front.pk,
        "code": "HN-100",
        "category": "poor",
        "list_year": 2026,
        "village": "Thôn Bắc",
        "members": 2,
        "head_name": NAME,
        "id_number": CCCD,
        "address": "",
        "phone": "",
        "circumstances": "",
    }
    response = client.post(reverse("campaigns:household_new"), data, follow=True)
    assert response.status_code == 200
    h = Household.objects.get(keeper=w.c1_front)
    assert response.redirect_chain[-1][0] == reverse("campaigns:household", args=[h.pk])
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings and "TQ-7" in warnings[0]
    assert b'data-testid="also-listed"' in response.content
    duplicate = client.post(reverse("campaigns:household_new"), data)
    assert duplicate.status_code == 400
    assert Household.objects.filter(keeper=w.c1_front).count() == 1


# ---- history and help --------------------------------------------------------------------


def test_the_history_shows_fund_disbursements_campaign_help_and_cancellations(
    client, welfare
) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    request = pay_household(w.c1_fund, h, w.c1_officer, amount=2_000_000)
    mistaken = support(h, 300_000)
    services.cancel_support(actor=None, support=mistaken, reason="Ghi nhầm")
    support(h, 700_000, purpose=Purpose.SCHOLARSHIP)
    sign_in_with_totp(client, w.city_leader)  # the province reads the history too
    page = client.get(reverse("campaigns:household", args=[h.pk]))
    assert page.status_code == 200
    history = page.context["history"]
    kept = [(s.source, s.amount) for s in history.support if s.cancelled_at is None]
    assert sorted(kept) == [("fund", 2_000_000), ("other", 700_000)]
    assert history.by_year == [{"year": 2026, "total": 2_700_000, "records": 2}]
    assert w.c1_fund.name.encode() in page.content
    assert b"data-cancelled" in page.content and b"<del>" in page.content
    assert b"2.700.000" in page.content
    # A reversed disbursement is struck through too, and no longer counted.
    ledger.reverse_entry(actor=w.c1_officer, entry=request.entry, reason="Chi nhầm")  # type: ignore[attr-defined]
    page = client.get(reverse("campaigns:household", args=[h.pk]))
    assert page.context["history"].total == 700_000


def test_recording_help_asks_to_confirm_a_repeat_then_records_once(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    support(h, 200_000)
    sign_in_with_totp(client, w.c1_officer)
    url = reverse("campaigns:support_new", args=[h.pk])
    form = client.get(url)
    assert form.status_code == 200
    key = form.context["form"].initial["idempotency_key"]
    data = {
        "idempotency_key": key,
        "source": "other",
        "purpose": "gifts",
        "amount": "500.000",
        "description": "Quà Tết",
        "given_on": "09/03/2026",
        "given_by": w.c1_front.pk,
    }
    asked = client.post(url, data)
    assert asked.status_code == 400
    assert "confirm_repeat" in asked.context["form"].errors
    assert Support.objects.filter(household=h).count() == 1
    done = client.post(url, {**data, "confirm_repeat": "on"})
    assert done.status_code == 302
    again = client.post(url, {**data, "confirm_repeat": "on"})  # sent twice
    assert again.status_code == 302
    assert list(Support.objects.filter(household=h).values_list("amount", flat=True)) == [
        500_000,
        200_000,
    ]


def test_cancel_and_leave_from_the_household_page(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    s = support(h)
    sign_in_with_totp(client, w.c1_officer)
    cancel = reverse("campaigns:support_cancel", args=[s.pk])
    assert client.post(cancel, {"reason": ""}).status_code == 400
    assert client.post(cancel, {"reason": "Ghi nhầm hộ"}).status_code == 302
    assert client.post(cancel, {"reason": "Lần nữa"}).status_code == 400
    left = reverse("campaigns:household_left", args=[h.pk])
    assert client.post(left, {"left_on": "32/13/2026", "reason": "x"}).status_code == 400
    assert client.post(left, {"left_on": "01/03/2026", "reason": "Thoát nghèo"}).status_code == 302
    h.refresh_from_db()
    assert h.left_on is not None
    # Off the list by default; shown with "left".
    page = client.get(reverse("campaigns:households"))
    assert h.code.encode() not in page.content
    page = client.get(reverse("campaigns:households"), {"state": "left"})
    assert h.code.encode() in page.content


def test_the_province_cannot_cancel_help(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    s = support(add(w.c1_front))
    sign_in_with_totp(client, w.city_leader)
    response = client.post(reverse("campaigns:support_cancel", args=[s.pk]), {"reason": "x"})
    assert response.status_code == 403
    s.refresh_from_db()
    assert s.cancelled_at is None


# ---- the list ----------------------------------------------------------------------------


def test_figures_and_filters_of_the_list(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    helped = add(w.c1_front, "A-1", id_number="")
    add(w.c1_front, "A-2", id_number="", category="near_poor", village="Thôn Nam")
    support(helped, 400_000)
    sign_in_with_totp(client, w.c1_officer)
    url = reverse("campaigns:households")
    page = client.get(url)
    figures = page.context["figures"]
    assert (figures.on_list, figures.nothing_this_year) == (2, 1)
    assert [(v, n) for v, _label, n in figures.by_category] == [("poor", 1), ("near_poor", 1)]
    assert b"?category=near_poor" in page.content
    codes = {h.code for h, _name in client.get(url, {"nothing": "on"}).context["rows"]}
    assert codes == {"A-2"}
    codes = {h.code for h, _name in client.get(url, {"village": "nam"}).context["rows"]}
    assert codes == {"A-2"}
    rows = client.get(url, {"category": "poor"}).context["rows"]
    assert [(h.code, h.received) for h, _name in rows] == [("A-1", 400_000)]
    assert client.get(url, {"category": "nonsense"}).status_code == 400


def test_an_empty_list_offers_import_and_add(client, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    page = client.get(reverse("campaigns:households"))
    assert b'data-testid="empty"' in page.content
    assert reverse("campaigns:household_import").encode() in page.content
    assert reverse("campaigns:household_new").encode() in page.content


def test_the_list_costs_the_same_queries_for_5_or_40_households(
    client, welfare, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    for n in range(5):
        support(add(w.c1_front, f"Q-{n:03d}", id_number=""))
    sign_in_with_totp(client, w.c1_officer)
    url = reverse("campaigns:households")
    with django_assert_max_num_queries(24) as few:
        assert client.get(url, {"purpose": "Rà soát"}).status_code == 200
    for n in range(5, 40):
        support(add(w.c1_front, f"Q-{n:03d}", id_number=""))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {"purpose": "Rà soát"})
    assert len(page.context["rows"]) == 40


def test_the_summary_adds_up_help_by_purpose(client, welfare) -> None:  # type: ignore[no-untyped-def]
    w = welfare
    h = add(w.c1_front)
    pay_household(w.c1_fund, h, w.c1_officer, amount=1_000_000)
    support(h, 250_000)
    sign_in_with_totp(client, w.city_leader)
    page = client.get(reverse("campaigns:households_summary"))
    assert page.status_code == 200
    s = page.context["summary"]
    assert s.total == 1_250_000 and s.households_helped == 1
    assert {r["value"]: r["total"] for r in s.by_purpose} == {
        "house_repair": 1_000_000,
        "gifts": 250_000,
    }
    assert {r["value"]: r["total"] for r in s.by_source} == {"fund": 1_000_000, "other": 250_000}
