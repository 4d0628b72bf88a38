"""The campaigns pages: the list with its filters and figures, the form pages (400 with the
error beside the field, nothing saved), the detail page with the roll-up, the actions, the
evidence, the .xlsx export and the award proposal — in few queries."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.campaigns.models import (
    Campaign,
    CampaignStatus,
    Evaluation,
    Measure,
    Rating,
    Result,
    Target,
)
from danvan.campaigns.services import campaigns as services
from danvan.emulation.models import AwardKind, Proposal
from tests.factories import sign_in_with_totp

from .campaign_fixtures import *  # noqa: F403 - the fixtures
from .campaign_fixtures import city_campaign, make_campaign, pdf, receipt

pytestmark = pytest.mark.django_db


def signed(client, user):  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, user)
    return client


def url(name, *args):  # type: ignore[no-untyped-def]
    return reverse(f"campaigns:{name}", args=args)


# ---- the list -----------------------------------------------------------------------------


def test_an_empty_list_offers_a_new_campaign(client, welfare):
    body = signed(client, welfare.city_officer).get(url("campaigns")).content.decode()
    assert 'data-testid="empty"' in body and 'data-testid="new-campaign"' in body


def test_the_list_shows_progress_in_few_queries(client, welfare, django_assert_max_num_queries):
    w = welfare
    for i in range(8):
        city_campaign(w, name=f"Cuộc vận động {i}")
    signed(client, w.city_officer)
    client.get(url("campaigns"))  # warm the caches (navigation, grants)
    with django_assert_max_num_queries(30) as few:
        response = client.get(url("campaigns"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="campaign-') == 8 and "<progress" in body
    for i in range(8, 20):
        city_campaign(w, name=f"Cuộc vận động {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("campaigns")).status_code == 200


def test_the_list_filters_by_folded_text_status_and_year(client, welfare):
    w = welfare
    a = city_campaign(w, name="Ngày vì người nghèo")
    b = make_campaign(w.city_front, [w.c1_front], name="Xây nhà Đại đoàn kết", launch=False)
    signed(client, w.city_officer)
    body = client.get(url("campaigns") + "?q=nha+dai+doan").content.decode()
    assert f"campaign-{b.pk}" in body and f'campaign-{a.pk}"' not in body
    body = client.get(url("campaigns") + "?status=open").content.decode()
    assert f'campaign-{a.pk}"' in body and f'campaign-{b.pk}"' not in body
    body = client.get(url("campaigns") + "?year=2026").content.decode()
    assert f'campaign-{a.pk}"' in body
    assert client.get(url("campaigns") + "?status=nonsense").status_code == 400
    assert client.get(url("campaigns") + "?figure=campaigns.land&org=x").status_code == 400


def test_a_figure_links_to_the_campaigns_behind_it(client, drive):
    w = drive.w
    services.report_result(
        actor=None,
        campaign=drive.campaign,
        organization=w.c1_front,
        measure=Measure.LAND,
        quantity="10",
        achieved_on=dt.date(2026, 3, 1),
    )
    other = city_campaign(w, name="Khác")
    q = f"?org={w.city_front.pk}&figure=campaigns.land&figure_from=01/03/2026&figure_to=31/03/2026"
    body = signed(client, w.city_officer).get(url("campaigns") + q).content.decode()
    assert f'campaign-{drive.campaign.pk}"' in body and f'campaign-{other.pk}"' not in body


def test_citizens_and_strangers_get_403_and_the_anonymous_a_sign_in(client, welfare):
    assert client.get(url("campaigns")).status_code == 302
    assert signed(client, welfare.citizen).get(url("campaigns")).status_code == 403


# ---- creating and setting up --------------------------------------------------------------


def test_a_campaign_is_created_from_the_form(client, welfare):
    w = welfare
    response = signed(client, w.city_officer).post(
        url("campaign_new"),
        {
            "name": "Ngày vì người nghèo",
            "kind": "time_bound",
            "organizer": w.city_front.pk,
            "starts_on": "01/02/2026",
            "ends_on": "31/12/2026",
            "description": "",
            "criteria": "",
        },
    )
    c = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == url("campaign_bodies", c.pk)
    assert c.organizer == w.city_front and c.created_by == w.city_officer


def test_a_wrong_campaign_form_is_400_and_saves_nothing(client, welfare):
    response = signed(client, welfare.city_officer).post(
        url("campaign_new"),
        {
            "name": "X",
            "kind": "time_bound",
            "organizer": welfare.city_front.pk,
            "starts_on": "31/12/2026",
            "ends_on": "01/01/2026",
        },
    )
    assert response.status_code == 400 and not Campaign.objects.exists()


def test_someone_keeping_no_body_cannot_open_the_new_form(client, welfare):
    assert signed(client, welfare.central_leader).get(url("campaign_new")).status_code == 200
    assert signed(client, welfare.citizen).get(url("campaign_new")).status_code == 403


def test_bodies_and_targets_are_set_from_their_pages(client, welfare):
    w = welfare
    c = make_campaign(w.city_front, [], launch=False)
    signed(client, w.city_officer)
    assert client.get(url("campaign_bodies", c.pk)).status_code == 200
    response = client.post(url("campaign_bodies", c.pk), {"bodies": [w.c1_front.pk, w.c2_front.pk]})
    assert response.status_code == 302
    assert set(c.bodies.values_list("organization_id", flat=True)) == {w.c1_front.pk, w.c2_front.pk}
    page = client.get(url("campaign_targets", c.pk))
    assert page.status_code == 200 and 'data-testid="targets"' in page.content.decode()
    ok = client.post(url("campaign_targets", c.pk), {f"t_{w.c1_front.pk}_land": "1.500"})
    assert ok.status_code == 302
    assert Target.objects.get(campaign=c).quantity == Decimal("1500")
    bad = client.post(
        url("campaign_targets", c.pk),
        {f"t_{w.c1_front.pk}_land": "-1", f"t_{w.c2_front.pk}_road": "3"},
    )
    assert bad.status_code == 400
    assert list(Target.objects.filter(campaign=c).values_list("quantity", flat=True)) == [
        Decimal("1500")
    ]


# ---- the detail page ----------------------------------------------------------------------


def test_the_detail_page_shows_the_rollup_and_the_chart(
    client, drive, django_assert_max_num_queries
):
    w = drive.w
    for _i in range(5):
        services.report_result(
            actor=None,
            campaign=drive.campaign,
            organization=w.c1_front,
            measure=Measure.LAND,
            quantity="100",
            achieved_on=dt.date(2026, 3, 1),
            evidence=pdf(),
        )
    receipt(w.c1_fund, drive.campaign, 4_000_000)
    signed(client, w.city_officer)
    client.get(url("campaign", drive.campaign.pk))
    with django_assert_max_num_queries(30):
        response = client.get(url("campaign", drive.campaign.pk))
    body = response.content.decode()
    assert response.status_code == 200
    cells = {
        k: Decimal(v)
        for k, v in re.findall(r'data-testid="cell-([^"]+)" data-achieved="([^"]+)"', body)
    }
    assert cells[f"{w.city_front.pk}-land"] == 500
    assert cells[f"{w.c1_front.pk}-money"] == 4_000_000
    assert cells[f"{w.c2_front.pk}-land"] == 0
    assert 'data-chart="campaign-progress-data"' in body
    assert body.count('data-testid="evidence"') == 5


def test_a_missing_campaign_is_404(client, welfare):
    assert signed(client, welfare.city_officer).get(url("campaign", 9999)).status_code == 404


def test_a_result_is_reported_from_the_form_once(client, drive):
    w = drive.w
    signed(client, w.c1_officer)
    form = client.get(url("campaign_result_new", drive.campaign.pk))
    assert form.status_code == 200
    key = form.context["form"].initial["idempotency_key"]
    data = {
        "organization": w.c1_front.pk,
        "measure": "land",
        "quantity": "1.500",
        "achieved_on": "01/03/2026",
        "note": "Hiến đất",
        "idempotency_key": key,
        "evidence": pdf(),
    }
    assert client.post(url("campaign_result_new", drive.campaign.pk), data).status_code == 302
    data["evidence"] = pdf()
    assert client.post(url("campaign_result_new", drive.campaign.pk), data).status_code == 302
    r = Result.objects.get()
    assert r.quantity == Decimal("1500") and r.evidence
    evidence = client.get(url("campaign_evidence", r.pk))
    assert evidence.status_code == 200
    assert signed(client, w.other_officer).get(url("campaign_evidence", r.pk)).status_code == 403


def test_money_is_refused_by_the_result_form_with_the_reason(client, drive):
    w = drive.w
    response = signed(client, w.c1_officer).post(
        url("campaign_result_new", drive.campaign.pk),
        {
            "organization": w.c1_front.pk,
            "measure": "money",
            "quantity": "1.000.000",
            "achieved_on": "01/03/2026",
        },
    )
    assert response.status_code == 400
    assert (
        response.context["form"]
        .errors["measure"][0]
        .startswith(str(response.context["form"].fields["measure"].help_text)[:20])
    )
    assert not Result.objects.exists()


def test_a_result_is_corrected_by_a_post(client, drive):
    w = drive.w
    r = services.report_result(
        actor=w.c1_officer,
        campaign=drive.campaign,
        organization=w.c1_front,
        measure=Measure.LAND,
        quantity="10",
        achieved_on=dt.date(2026, 3, 1),
    )
    signed(client, w.c1_officer)
    assert client.post(url("campaign_result_correct", r.pk), {"reason": "Nhầm"}).status_code == 302
    assert Result.objects.filter(corrects=r, quantity=Decimal("-10")).exists()
    assert client.get(url("campaign_result_correct", r.pk)).status_code == 405
    assert client.post(url("campaign_result_correct", 9999), {"reason": "x"}).status_code == 404


def test_launch_close_and_publish_are_posts_of_the_organizer(client, welfare):
    w = welfare
    c = make_campaign(w.city_front, [w.c1_front], launch=False)
    signed(client, w.c1_officer)
    assert client.post(url("campaign_launch", c.pk)).status_code == 403
    signed(client, w.city_officer)
    assert client.get(url("campaign_launch", c.pk)).status_code == 405
    assert client.post(url("campaign_launch", c.pk)).status_code == 302
    assert client.post(url("campaign_publish", c.pk), {"action": "publish"}).status_code == 302
    assert client.post(url("campaign_publish", c.pk), {"action": "x"}).status_code == 400
    assert client.post(url("campaign_close", c.pk)).status_code == 302
    c.refresh_from_db()
    assert c.status == CampaignStatus.CLOSED and c.published_at is not None


def test_evaluation_and_proposal_from_the_pages(client, drive):
    w = drive.w
    services.close(actor=None, campaign=drive.campaign)
    signed(client, w.city_officer)
    assert client.get(url("campaign_evaluate", drive.campaign.pk)).status_code == 200
    response = client.post(
        url("campaign_evaluate", drive.campaign.pk),
        {"organization": w.c1_front.pk, "rating": Rating.EXCELLENT, "remark": "Xuất sắc"},
    )
    assert response.status_code == 302
    e = Evaluation.objects.get()
    page = client.get(url("campaign", drive.campaign.pk)).content.decode()
    assert 'data-testid="propose"' in page
    assert client.get(url("campaign_propose", e.pk)).status_code == 200
    kind = AwardKind.objects.get(code="giay-khen")
    response = client.post(
        url("campaign_propose", e.pk),
        {
            "award_kind": kind.pk,
            "authority": w.city_front.pk,
            "summary": "Ủy ban MTTQ xã hoàn thành xuất sắc cuộc vận động năm 2026.",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{proposal.pk}/")
    e.refresh_from_db()
    assert e.proposal == proposal
    assert signed(client, w.c1_officer).get(url("campaign_propose", e.pk)).status_code == 403
    assert client.get(url("campaign_propose", 9999)).status_code == 404


# ---- the export ---------------------------------------------------------------------------


def test_the_rollup_exports_as_xlsx_with_formulas_escaped(client, welfare):
    w = welfare
    c = make_campaign(w.city_front, [w.city_front, w.c1_front], name='=HYPERLINK("x")')
    services.set_targets(actor=None, campaign=c, targets={(w.c1_front.pk, "land"): "4.000"})
    services.report_result(
        actor=None,
        campaign=c,
        organization=w.c1_front,
        measure="land",
        quantity="1.000",
        achieved_on=dt.date(2026, 3, 1),
    )
    response = signed(client, w.city_officer).get(url("campaign_xlsx", c.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == '\'=HYPERLINK("x")'
    c1 = next(r for r in rows if r[0] and str(r[0]).strip() == w.c1_front.name)
    assert c1[3] == 4000 and c1[6] == 1000 and c1[7] == 25
    assert signed(client, w.other_officer).get(url("campaign_xlsx", c.pk)).status_code == 403
