"""Campaigns over HTTP (staff only): who reads and reports what, as a matrix of person ×
(list, read, results, report) — 404 for a campaign the caller does not read, 403 for one they
read but may not report on, 401 anonymous; the targets and the progress rolled up the levels;
results reported once for a request sent twice with one Idempotency-Key; 400 per field with
nothing changed; lists that cost the same queries whatever the page size."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from danvan.campaigns.models import CampaignKind, CampaignStatus, Measure, Method, Result
from danvan.campaigns.services import campaigns as services
from tests.api.helpers import assert_error, error_fields
from tests.api.test_funds_endpoint import auth, expect, post
from tests.campaigns.campaign_fixtures import city_campaign, make_campaign, receipt
from tests.campaigns.conftest import Welfare, make_welfare

pytestmark = pytest.mark.django_db

URL = "/api/v1/campaigns"
NOW = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def w(db) -> Welfare:  # type: ignore[no-untyped-def]
    return make_welfare()


@pytest.fixture
def campaign(w):  # type: ignore[no-untyped-def]
    """The city's Front organizes; the city's and two communes' Fronts take part; launched."""
    return city_campaign(w)


def land(org_id: int, quantity: object = "1500", **extra: object) -> dict[str, object]:
    return {
        "organization": org_id,
        "measure": Measure.LAND,
        "quantity": quantity,
        "achieved_on": "05/03/2026",
        "note": "Hiến đất mở rộng đường thôn",
        **extra,
    }


# --- Who reads and reports what -----------------------------------------------------------------

# person → (lists it, reads it, reads its results, reports land for the first commune's Front)
MATRIX = [
    ("city_officer", (True, 200, 200, 201)),  # the organizer's own officer
    ("city_leader", (True, 200, 200, 201)),
    ("c1_officer", (True, 200, 200, 201)),  # the participating body's own officer
    ("c2_officer", (True, 200, 200, 403)),  # takes part, but not for the first commune
    ("central_leader", (True, 200, 200, 403)),  # reads the whole country, reports nothing
    ("c1_committee_officer", (False, 404, 404, 404)),  # a body not taking part
    ("other_officer", (False, 404, 404, 404)),  # another province
    ("citizen", (None, 403, 403, 403)),
    ("anonymous", (None, 401, 401, 401)),
]


@pytest.mark.parametrize(("who", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_who_lists_reads_and_reports_a_campaign(client, w, campaign, who, expected) -> None:  # type: ignore[no-untyped-def]
    listed, detail, results, reports = expected
    user = None if who == "anonymous" else getattr(w, who)
    headers = auth(user)
    found = client.get(URL, **headers)
    if listed is None:
        expect(found, 401 if user is None else 403)
    else:
        assert (campaign.pk in [c["id"] for c in found.json()["items"]]) is listed
    expect(client.get(f"{URL}/{campaign.pk}", **headers), detail)
    expect(client.get(f"{URL}/{campaign.pk}/results", **headers), results)
    expect(post(client, f"{URL}/{campaign.pk}/results", land(w.c1_front.pk), headers), reports)
    assert Result.objects.filter(campaign=campaign).count() == (1 if reports == 201 else 0)


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", ""), ("get", "/{c}"), ("get", "/{c}/results"), ("post", "/{c}/results")],
)
def test_every_campaigns_endpoint_needs_a_signed_in_caller(client, campaign, method, path) -> None:  # type: ignore[no-untyped-def]
    url = URL + path.format(c=campaign.pk)
    response = (
        client.get(url)
        if method == "get"
        else client.post(url, {}, content_type="application/json")
    )
    assert_error(response, 401, "not_authenticated")


def test_a_draft_is_read_by_the_organizers_side_only(client, w) -> None:  # type: ignore[no-untyped-def]
    draft = make_campaign(w.city_front, [w.c1_front], name="Cứu trợ lũ lụt", launch=False)
    assert client.get(f"{URL}/{draft.pk}", **auth(w.city_officer)).status_code == 200
    assert_error(client.get(f"{URL}/{draft.pk}", **auth(w.c1_officer)), 404, "not_found")


def test_the_list_filters_by_status_kind_province_and_words(client, w, campaign) -> None:  # type: ignore[no-untyped-def]
    draft = make_campaign(w.city_front, [w.c1_front], name="Cứu trợ lũ lụt", launch=False)
    headers = auth(w.city_officer)

    def ids(**params: object) -> list[int]:
        response = client.get(URL, params, **headers)
        assert response.status_code == 200, response.content
        return [c["id"] for c in response.json()["items"]]

    assert set(ids()) == {campaign.pk, draft.pk}
    assert ids(status=CampaignStatus.OPEN) == [campaign.pk]
    assert ids(status=CampaignStatus.DRAFT) == [draft.pk]
    assert ids(kind=CampaignKind.EMERGENCY) == []
    assert set(ids(province="01")) == {campaign.pk, draft.pk}
    assert ids(province="08") == []
    assert ids(province="99") == []  # no such province: nothing, not an error
    assert ids(q="cuu tro lu") == [draft.pk]  # without diacritics
    assert_error(client.get(URL, {"status": "lost"}, **headers), 422, "invalid")


# --- One campaign and its progress -------------------------------------------------------------


def test_a_campaign_shows_its_targets_and_progress_rolled_up_the_levels(
    client, w, campaign
) -> None:  # type: ignore[no-untyped-def]
    services.report_result(
        actor=None,
        campaign=campaign,
        organization=w.c1_front,
        measure=Measure.LAND,
        quantity="1.500",
        achieved_on=dt.date(2026, 3, 5),
    )
    receipt(w.c1_fund, campaign, amount=5_000_000)
    receipt(w.c1_fund, campaign, amount=2_000_000, method=Method.IN_KIND)
    body = client.get(f"{URL}/{campaign.pk}", **auth(w.c1_officer)).json()
    assert body["status"] == CampaignStatus.OPEN and body["organizer"]["id"] == w.city_front.pk
    assert {b["id"] for b in body["bodies"]} == {w.city_front.pk, w.c1_front.pk, w.c2_front.pk}
    targets = {
        (t["organization"]["id"], t["measure"]): Decimal(t["quantity"]) for t in body["targets"]
    }
    assert targets[(w.c1_front.pk, Measure.LAND)] == 4000
    assert len(targets) == 5
    rows = {r["organization"]["id"]: r for r in body["progress"]}
    assert rows[w.city_front.pk]["depth"] == 0 and rows[w.c1_front.pk]["depth"] == 1

    def cell(cells: list[dict], measure: str) -> dict:  # type: ignore[type-arg]
        return next(c for c in cells if c["measure"] == measure)

    c1_land = cell(rows[w.c1_front.pk]["cells"], Measure.LAND)
    assert Decimal(c1_land["done"]) == 1500 and Decimal(c1_land["percent"]) == Decimal("37.5")
    assert c1_land["unit"]
    c1_money = cell(rows[w.c1_front.pk]["cells"], Measure.MONEY)
    assert Decimal(c1_money["done"]) == 5_000_000 and Decimal(c1_money["percent"]) == 25
    assert Decimal(cell(rows[w.c1_front.pk]["cells"], Measure.IN_KIND)["done"]) == 2_000_000
    # The city's row counts its subtree: the commune's land against the city's target.
    city_land = cell(rows[w.city_front.pk]["cells"], Measure.LAND)
    assert Decimal(city_land["done"]) == 1500 and Decimal(city_land["percent"]) == 15
    c2_land = cell(rows[w.c2_front.pk]["cells"], Measure.LAND)
    assert Decimal(c2_land["done"]) == 0 and Decimal(c2_land["target"]) == 5000
    assert Decimal(cell(body["total"], Measure.LAND)["done"]) == 1500
    assert body["may_manage"] is False and body["may_report"] is True
    assert [b["id"] for b in body["reporting_bodies"]] == [w.c1_front.pk]
    organizer = client.get(f"{URL}/{campaign.pk}", **auth(w.city_officer)).json()
    assert organizer["may_manage"] is True
    assert {b["id"] for b in organizer["reporting_bodies"]} == {
        w.city_front.pk,
        w.c1_front.pk,
        w.c2_front.pk,
    }


# --- Reporting results -------------------------------------------------------------------------


def test_a_result_sent_twice_with_one_key_is_recorded_once(client, w, campaign) -> None:  # type: ignore[no-untyped-def]
    url = f"{URL}/{campaign.pk}/results"
    headers = auth(w.c1_officer)
    first = post(client, url, land(w.c1_front.pk), headers, key="ket-qua-1")
    again = post(client, url, land(w.c1_front.pk), headers, key="ket-qua-1")
    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Result.objects.filter(campaign=campaign).count() == 1
    body = first.json()
    assert Decimal(body["quantity"]) == 1500 and body["achieved_on"] == "2026-03-05"
    assert body["organization"]["id"] == w.c1_front.pk and body["evidence_url"] is None
    other = post(client, url, land(w.c1_front.pk), auth(w.c1_officer), key="ket-qua-2")
    assert other.status_code == 201
    assert Result.objects.filter(campaign=campaign).count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"measure": Measure.MONEY}, "measure"),  # counted from the funds' ledgers
        ({"achieved_on": "11/03/2026"}, "achieved_on"),  # tomorrow in Hà Nội
        ({"achieved_on": "15/01/2026"}, "achieved_on"),  # before the campaign started
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "-3"}, "quantity"),
        ({"organization": "committee"}, "organization"),  # not taking part
        ({"organization": 999_999}, "organization"),
    ],
)
def test_a_refused_result_is_400_beside_its_field_and_changes_nothing(
    client, w, campaign, change, field
) -> None:  # type: ignore[no-untyped-def]
    if change.get("organization") == "committee":
        change = {"organization": w.c1_committee.pk}
    body = {**land(w.c1_front.pk), **change}
    response = post(client, f"{URL}/{campaign.pk}/results", body, auth(w.city_officer))
    found = assert_error(response, 400, "invalid")
    assert field in error_fields(found)
    assert all(e["message"].strip() for e in found["errors"])
    assert not Result.objects.exists()


def test_a_closed_campaign_takes_no_more_results(client, w, campaign) -> None:  # type: ignore[no-untyped-def]
    services.close(actor=None, campaign=campaign)
    response = post(
        client, f"{URL}/{campaign.pk}/results", land(w.c1_front.pk), auth(w.city_officer)
    )
    assert assert_error(response, 400, "invalid")["detail"].strip()
    assert not Result.objects.exists()


def test_the_results_are_latest_first_and_filter_by_body_and_measure(client, w, campaign) -> None:  # type: ignore[no-untyped-def]
    url = f"{URL}/{campaign.pk}/results"
    headers = auth(w.city_officer)
    for org, measure in (
        (w.c1_front, Measure.LAND),
        (w.c2_front, Measure.LABOUR),
        (w.c2_front, Measure.LAND),
    ):
        assert (
            post(client, url, land(org.pk, measure=measure, quantity=10), headers).status_code
            == 201
        )
    everything = client.get(url, **headers).json()
    assert everything["count"] == 3
    assert [r["organization"]["id"] for r in everything["items"]] == [
        w.c2_front.pk,
        w.c2_front.pk,
        w.c1_front.pk,
    ]
    assert client.get(url, {"organization": w.c2_front.pk}, **headers).json()["count"] == 2
    assert client.get(url, {"measure": Measure.LAND}, **headers).json()["count"] == 2
    assert everything["items"][0]["reported_by"] == w.city_officer.get_full_name()


def test_campaign_lists_cost_the_same_queries_whatever_the_page_size(
    client, w, campaign, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(3):
        make_campaign(w.city_front, [w.c1_front], name=f"Cuộc vận động {i}")
        services.report_result(
            actor=None,
            campaign=campaign,
            organization=w.c1_front if i % 2 else w.c2_front,
            measure=Measure.HOUSES,
            quantity=i + 1,
            achieved_on=dt.date(2026, 3, 1),
        )
    headers = auth(w.city_leader)

    def run(url: str, size: int) -> tuple[int, int]:
        client.get(url, **headers)  # the token's first use of the minute is written down
        with django_assert_max_num_queries(20) as captured:
            response = client.get(url, {"page_size": size}, **headers)
        assert response.status_code == 200, response.content
        return len(captured.captured_queries), len(response.json()["items"])

    for url, large in ((URL, 4), (f"{URL}/{campaign.pk}/results", 3)):
        small, big = run(url, 1), run(url, 50)
        assert (small[1], big[1]) == (1, large), url
        assert small[0] == big[0], url
