"""The public pages of funds and campaigns: open to anyone without signing in, in the shell,
published records only (404 otherwise), no personal data in the HTML, cacheable, and a
national page whose number of queries does not grow with the funds or their entries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.campaigns.models import DonorKind, FundKind, Method
from danvan.campaigns.services import ledger
from danvan.lib.text import fold
from tests.campaigns.disclosure_fixtures import (
    HIDDEN_FUND_DONOR,
    NEVER_PUBLIC,
    clock,
    received,
    spent,
    tell,
)
from tests.factories import make_org, sign_in_with_totp, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(welfare):  # type: ignore[no-untyped-def]
    with clock():
        yield tell(welfare)


def _value(html: str, testid: str, attr: str = "data-value") -> int:
    found = re.search(rf'data-testid="{testid}"[^>]*?{attr}="(-?\d+)"', html)
    assert found, testid
    return int(found[1])


def test_the_national_page_shows_the_ledgers_figures_to_anyone(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("campaigns_public:funds"))
    assert response.status_code == 200
    html = response.content.decode()
    published = [f.pk for f in story.published]
    assert _value(html, "figure-received") == received(fund__in=published)
    assert _value(html, "figure-spent") == spent(fund__in=published)
    assert _value(html, "figure-balance") == sum(f.balance for f in story.published)
    assert 'data-testid="net-transfers"' in html
    assert 'data-place="01"' in html and 'href="?province=01"' in html
    for fund in story.published:
        assert reverse("campaigns_public:fund", args=[fund.pk]) in html
    assert reverse("campaigns_public:fund", args=[welfare.other_fund.pk]) not in html
    assert 'data-chart="fund-months-data"' in html and "fund-purposes-data" in html
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_the_province_view_lists_its_communes(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("campaigns_public:funds"), {"province": "01"})
    assert response.status_code == 200
    html = response.content.decode()
    code = welfare.c1_unit.code
    row = re.search(rf'data-place="{code}" data-received="(\d+)" data-spent="(\d+)"', html)
    assert row and int(row[1]) == received(fund=welfare.c1_fund)
    assert int(row[2]) == spent(fund=welfare.c1_fund)
    assert client.get(reverse("campaigns_public:funds"), {"province": "99x"}).status_code == 404


def test_the_fund_list_searches_without_accents(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    url = reverse("campaigns_public:funds")
    html = client.get(url, {"q": fold(welfare.c1_unit.name)}).content.decode()
    assert f'data-fund="{welfare.c1_fund.pk}"' in html
    assert f'data-fund="{welfare.city_fund.pk}"' not in html
    html = client.get(reverse("campaigns_public:funds"), {"q": "zzz"}).content.decode()
    assert 'data-testid="no-funds"' in html


def test_a_funds_page_adds_up_and_names_no_one_without_consent(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    fund = welfare.c1_fund
    response = client.get(reverse("campaigns_public:fund", args=[fund.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert _value(html, "figure-received") == received(fund=fund)
    assert _value(html, "figure-spent") == spent(fund=fund)
    assert _value(html, "figure-balance") == fund.balance
    donors = [int(x) for x in re.findall(r'data-testid="donor" data-amount="(\d+)"', html)]
    others = _value(html, "donors-others", "data-amount")
    assert (
        sum(donors) + others == _value(html, "donors-total", "data-amount") == received(fund=fund)
    )
    decisions = [int(x) for x in re.findall(r'data-testid="decision" data-amount="(\d+)"', html)]
    assert sum(decisions) == spent(fund=fund)
    assert "Nguyễn Văn An" in html and "Thôn Đông" in html
    for secret in NEVER_PUBLIC:
        assert secret not in html
    assert "1234567890 Vietcombank" in html
    assert reverse("campaigns_public:fund_report_xlsx", args=[fund.pk]) in html
    assert reverse("campaigns_public:fund_report_docx", args=[fund.pk]) in html


def test_the_donor_list_is_paged(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    with clock():
        for n in range(25):
            ledger.record_receipt(
                actor=None,
                fund=welfare.c2_fund,
                spec=ledger.ReceiptSpec(
                    amount=1_000 + n,
                    entry_date=dt.date(2026, 4, 1),
                    method=Method.CASH,
                    donor_kind=DonorKind.PERSON,
                    donor_name=f"Người ủng hộ {n}",
                    publish_name=True,
                ),
            )
    url = reverse("campaigns_public:fund", args=[welfare.c2_fund.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"donors": 2}).content.decode()
    assert first.count('data-testid="donor"') == 20
    assert second.count('data-testid="donor"') == 26 - 20
    assert "donors=2" in first


def test_unpublished_funds_and_campaigns_are_not_found(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    assert (
        client.get(reverse("campaigns_public:fund", args=[welfare.other_fund.pk])).status_code
        == 404
    )
    assert client.get(reverse("campaigns_public:fund", args=[987654])).status_code == 404
    draft = story.draft_campaign
    assert client.get(reverse("campaigns_public:campaign", args=[draft.pk])).status_code == 404
    html = client.get(reverse("campaigns_public:funds")).content.decode()
    assert HIDDEN_FUND_DONOR not in html and welfare.other_fund.name not in html


def test_a_fund_published_for_later_is_not_shown_yet(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    from danvan.campaigns.models import Fund

    Fund.objects.filter(pk=welfare.c2_fund.pk).update(
        published_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    )
    assert (
        client.get(reverse("campaigns_public:fund", args=[welfare.c2_fund.pk])).status_code == 404
    )


def test_the_campaign_pages_show_what_published_funds_received(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    published = [f.pk for f in story.published]
    c = story.campaign
    html = client.get(reverse("campaigns_public:campaigns")).content.decode()
    assert (
        f'data-campaign="{c.pk}" data-received="{received(fund__in=published, campaign=c)}"' in html
    )
    assert story.draft_campaign.name not in html
    assert (
        client.get(reverse("campaigns_public:campaigns"), {"q": "ngay vi nguoi ngheo"}).status_code
        == 200
    )
    response = client.get(reverse("campaigns_public:campaign", args=[c.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert _value(html, "figure-received") == received(fund__in=published, campaign=c)
    assert _value(html, "figure-in-kind") == 2_000_000
    assert _value(html, "figure-spent") == spent(fund__in=published, campaign=c)
    assert 'data-measure="land" data-result="180' in html
    for secret in NEVER_PUBLIC:
        assert secret not in html


def test_signed_in_staff_see_the_same_page_never_stored(client, welfare, story) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.c1_officer)
    response = client.get(reverse("campaigns_public:fund", args=[welfare.c1_fund.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def _page_queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("campaigns_public:funds")).status_code == 200
    return len(queries)


def test_the_national_page_asks_as_many_queries_for_many_funds_as_for_few(
    client, welfare, story
) -> None:  # type: ignore[no-untyped-def]
    _page_queries(client)  # the shell's once-per-process look-ups
    few = _page_queries(client)
    with clock():
        for n, code in enumerate(("08", "01", "01")):
            keeper = make_org(unit=unit(code), name=f"Mặt trận thêm {n}")
            fund = ledger.open_fund(
                actor=None,
                keeper=keeper,
                spec=ledger.FundSpec(
                    name=f"Quỹ thêm {n}", kind=FundKind.RELIEF, opened_on=dt.date(2025, 1, 1)
                ),
            )
            ledger.publish_fund(actor=None, fund=fund, published=True)
            for day in (dt.date(2025, 11, 3), dt.date(2026, 1, 3), dt.date(2026, 4, 3)):
                ledger.record_receipt(
                    actor=None,
                    fund=fund,
                    spec=ledger.ReceiptSpec(
                        amount=500_000,
                        entry_date=day,
                        method=Method.CASH,
                        donor_kind=DonorKind.ANONYMOUS,
                    ),
                )
    assert _page_queries(client) == few
    assert few <= 8
