"""The public disclosure over HTTP: anyone reads it without signing in; published funds and
campaigns only (an unpublished one is 404); totals that add up to the ledgers to the đồng,
counted here from the entries themselves; donors named only with their consent; decisions
that never name a household; lists that cost the same queries whatever the page size."""

from __future__ import annotations

import pytest

from danvan.campaigns.models import Purpose
from danvan.lib.text import fold
from tests.api.helpers import assert_error
from tests.campaigns.conftest import make_welfare
from tests.campaigns.disclosure_fixtures import (
    FORMULA_DONOR,
    HOUSEHOLD_HEAD,
    NAMED_DONOR,
    NEVER_PUBLIC,
    balance,
    clock,
    received,
    spent,
    tell,
    transferred_in,
    transferred_out,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/disclosure"


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with clock():
        yield


@pytest.fixture
def story(db):  # type: ignore[no-untyped-def]
    w = make_welfare()
    return w, tell(w)


def get(client, path: str, **params: object):  # type: ignore[no-untyped-def]
    response = client.get(URL + path, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_every_disclosure_endpoint_is_public_and_never_shows_a_private_name(client, story) -> None:  # type: ignore[no-untyped-def]
    w, told = story
    paths = [
        "/funds",
        "/funds?province=01",
        "/funds/list",
        f"/funds/{w.c1_fund.pk}",
        f"/funds/{w.c1_fund.pk}/donors",
        f"/funds/{w.c1_fund.pk}/disbursements",
        "/campaigns",
        f"/campaigns/{told.campaign.pk}",
    ]
    for path in paths:
        response = client.get(URL + path)
        assert response.status_code == 200, (path, response.content)
        text = response.content.decode()
        for name in NEVER_PUBLIC:
            assert name not in text, (path, name)
    schema = client.get("/api/openapi.json").json()["paths"]
    public = [op for p, ops in schema.items() if p.startswith(URL) for op in ops.values()]
    assert len(public) == 7
    assert not any(op.get("security") for op in public)


def test_the_national_totals_add_up_to_the_published_ledgers(client, story) -> None:  # type: ignore[no-untyped-def]
    _w, told = story
    published = [f.pk for f in told.published]
    body = get(client, "/funds")
    assert body["province"] is None and body["as_of"] == "2026-04-15"
    assert body["funds"] == 3
    totals = body["totals"]
    assert totals["received"] == received(fund__in=published) == 35_850_000
    assert totals["spent"] == spent(fund__in=published)
    assert totals["transferred_in"] == transferred_in(fund__in=published)
    assert totals["transferred_out"] == transferred_out(fund__in=published)
    assert totals["balance"] == balance(fund__in=published)
    hanoi = [p for p in body["places"] if p["unit"] and p["unit"]["code"] == "01"]
    assert len(hanoi) == 1 and len(body["places"]) == 1  # the unpublished province is not there
    assert hanoi[0]["funds"] == 3 and hanoi[0]["received"] == totals["received"]
    assert sum(p["spent"] for p in body["purposes"]) == totals["spent"]
    assert {p["purpose"] for p in body["purposes"]} == {
        Purpose.HOUSE_REPAIR,
        Purpose.DISASTER_RELIEF,
        Purpose.GIFTS,
    }
    assert len(body["months"]) == 12
    assert sum(m["received"] for m in body["months"]) == totals["received"]
    assert sum(m["spent"] for m in body["months"]) == totals["spent"]


def test_a_province_by_code_is_shown_by_commune_and_an_unknown_one_is_404(client, story) -> None:  # type: ignore[no-untyped-def]
    w, _told = story
    body = get(client, "/funds", province="01")
    assert body["province"]["code"] == "01"
    communes = {p["unit"]["id"]: p for p in body["places"] if p["unit"]}
    assert communes[w.c1_unit.pk]["received"] == received(fund=w.c1_fund)
    assert communes[w.c2_unit.pk]["received"] == received(fund=w.c2_fund)
    assert_error(client.get(URL + "/funds", {"province": "99"}), 404, "not_found")
    assert get(client, "/funds", province="08")["funds"] == 0  # Tuyên Quang: none published


def test_the_list_of_published_funds_filters_by_province_and_words(client, story) -> None:  # type: ignore[no-untyped-def]
    w, _told = story
    ids = {f["id"] for f in get(client, "/funds/list")["items"]}
    assert ids == {w.city_fund.pk, w.c1_fund.pk, w.c2_fund.pk}
    found = get(client, "/funds/list", q=fold(w.c1_unit.name))  # without diacritics
    assert [f["id"] for f in found["items"]] == [w.c1_fund.pk] and found["count"] == 1
    assert get(client, "/funds/list", province="08")["count"] == 0


def test_a_published_fund_adds_up_to_its_ledger(client, story) -> None:  # type: ignore[no-untyped-def]
    w, _told = story
    fund = w.c1_fund
    body = get(client, f"/funds/{fund.pk}")
    assert body["balance"] == fund.balance == balance(fund=fund)
    assert body["totals"] == {
        "received": received(fund=fund),
        "transferred_in": transferred_in(fund=fund),
        "transferred_out": transferred_out(fund=fund),
        "spent": spent(fund=fund),
        "balance": balance(fund=fund),
    }
    assert body["bank_account"] == "1234567890 Vietcombank"
    thanks = body["acknowledgement"]
    assert thanks["named_total"] + thanks["others_total"] == thanks["received"]
    assert thanks["received"] == received(fund=fund)
    assert thanks["named_count"] == 3  # the reversed gift is not thanked
    assert body["report_xlsx_url"].endswith(".xlsx")
    assert sum(p["spent"] for p in body["purposes"]) == spent(fund=fund)


def test_the_donor_list_names_only_those_who_agreed(client, story) -> None:  # type: ignore[no-untyped-def]
    w, _told = story
    body = get(client, f"/funds/{w.c1_fund.pk}/donors")
    assert [d["name"] for d in body["items"]] == [
        FORMULA_DONOR,
        "Hợp tác xã Thành Công",
        NAMED_DONOR,
    ]
    goods = body["items"][1]
    assert (
        goods["in_kind"] is True and goods["amount"] == 2_000_000 and goods["day"] == "2026-02-05"
    )
    paged = get(client, f"/funds/{w.c1_fund.pk}/donors", page=2, page_size=2)
    assert paged["count"] == 3 and [d["name"] for d in paged["items"]] == [NAMED_DONOR]


def test_the_decisions_stand_and_show_a_household_by_village_and_category(client, story) -> None:  # type: ignore[no-untyped-def]
    w, told = story
    body = get(client, f"/funds/{w.c1_fund.pk}/disbursements")
    rows = body["items"]
    assert [r["purpose"] for r in rows] == [Purpose.GIFTS, Purpose.HOUSE_REPAIR]  # not reversed
    house = rows[1]
    assert house["amount"] == 8_000_000 and house["decision_number"] == "07/QĐ-MTTQ"
    assert house["beneficiary"].startswith("Thôn Đông")
    assert HOUSEHOLD_HEAD not in house["beneficiary"]
    assert house["campaign"] == told.campaign.name
    assert sum(r["amount"] for r in rows) == spent(fund=w.c1_fund)


def test_an_unpublished_fund_or_campaign_is_404_as_if_it_did_not_exist(client, story) -> None:  # type: ignore[no-untyped-def]
    w, told = story
    for path in (
        f"/funds/{w.other_fund.pk}",
        f"/funds/{w.other_fund.pk}/donors",
        f"/funds/{w.other_fund.pk}/disbursements",
        "/funds/999999",
        f"/campaigns/{told.draft_campaign.pk}",
        "/campaigns/999999",
    ):
        assert_error(client.get(URL + path), 404, "not_found")
    assert_error(client.get(URL + "/funds/0"), 422, "invalid")


def test_a_published_campaign_shows_what_published_funds_received_and_the_results(
    client, story
) -> None:  # type: ignore[no-untyped-def]
    w, told = story
    listed = get(client, "/campaigns")
    assert [c["id"] for c in listed["items"]] == [told.campaign.pk]
    published = [f.pk for f in told.published]
    expected = received(fund__in=published, campaign=told.campaign)
    assert listed["items"][0]["received"] == expected == 27_000_000
    body = get(client, f"/campaigns/{told.campaign.pk}")
    assert body["received"] == expected
    assert body["in_kind"] == 2_000_000 and body["money"] == expected - 2_000_000
    assert body["spent"] == spent(fund__in=published, campaign=told.campaign) == 8_000_000
    assert {s["fund"]["id"] for s in body["funds"]} == {w.city_fund.pk, w.c1_fund.pk}
    land = next(r for r in body["results"] if r["measure"] == "land")
    assert float(land["result"]) == 180 and float(land["target"]) == 500
    assert get(client, "/campaigns", q="nguoi ngheo")["count"] == 1
    assert get(client, "/campaigns", q="chua cong bo")["count"] == 0


def test_public_lists_cost_the_same_queries_whatever_the_page_size(
    client, story, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    w, _told = story

    def run(path: str, size: int) -> tuple[int, int]:
        with django_assert_max_num_queries(10) as captured:
            response = client.get(URL + path, {"page_size": size})
        assert response.status_code == 200
        return len(captured.captured_queries), len(response.json()["items"])

    for path, large in (
        ("/funds/list", 3),
        (f"/funds/{w.c1_fund.pk}/donors", 3),
        (f"/funds/{w.c1_fund.pk}/disbursements", 2),
        ("/campaigns", 1),
    ):
        small, big = run(path, 1), run(path, 50)
        assert (small[1], big[1]) == (1, large), path
        assert small[0] == big[0], path
