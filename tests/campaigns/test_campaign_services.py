"""Campaign services: set-up, targets typed the Vietnamese way, results and their
corrections, idempotent reports, evaluation and the award proposal made in emulation; every
refusal a ValidationError (or PermissionDenied) that changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    Evaluation,
    Measure,
    Rating,
    Result,
    Target,
)
from danvan.campaigns.services import campaigns as services
from danvan.emulation.models import AwardKind, Proposal, ProposalState

from .campaign_fixtures import *  # noqa: F403 - the fixtures
from .campaign_fixtures import STARTS, TODAY, make_campaign, pdf

pytestmark = pytest.mark.django_db
LAND = Measure.LAND


def report(d, user=None, body=None, **kw):  # type: ignore[no-untyped-def]
    values = {
        "actor": user,
        "campaign": d.campaign,
        "organization": body or d.w.c1_front,
        "measure": LAND,
        "quantity": "1.500",
        "achieved_on": dt.date(2026, 3, 1),
        **kw,
    }
    return services.report_result(**values)


# ---- set-up -------------------------------------------------------------------------------


def test_campaign_takes_the_organizers_province_and_folded_search_text(welfare):
    c = services.create_campaign(
        actor=welfare.city_officer,
        spec=services.CampaignSpec(
            name="Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
            kind=CampaignKind.STANDING,
            organizer=welfare.city_front,
            starts_on=STARTS,
            description="Hiến đất làm đường",
        ),
    )
    assert c.province_id == welfare.city_front.province_id
    assert c.status == CampaignStatus.DRAFT
    assert "doan ket" in c.search_text and "hien dat" in c.search_text
    assert LogEntry.objects.filter(object_id=str(c.pk)).exists()


def test_only_the_organizers_own_people_create_its_campaign(welfare):
    spec = services.CampaignSpec(
        name="Ngày vì người nghèo",
        kind=CampaignKind.TIME_BOUND,
        organizer=welfare.city_front,
        starts_on=STARTS,
    )
    for outsider in (welfare.c1_officer, welfare.other_officer, welfare.citizen):
        with pytest.raises(PermissionDenied):
            services.create_campaign(actor=outsider, spec=spec)
    assert not Campaign.objects.exists()


def test_a_campaign_cannot_end_before_it_starts(welfare):
    spec = services.CampaignSpec(
        name="Cứu trợ",
        kind=CampaignKind.EMERGENCY,
        organizer=welfare.city_front,
        starts_on=STARTS,
        ends_on=STARTS - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as e:
        services.create_campaign(actor=welfare.city_officer, spec=spec)
    assert "ends_on" in e.value.message_dict


def test_targets_are_read_as_typed_in_vietnamese(drive):
    w = drive.w
    services.set_targets(
        actor=w.city_officer,
        campaign=drive.campaign,
        targets={(w.c2_front.pk, Measure.ROAD): "12,5", (w.c2_front.pk, LAND): "1.500"},
    )
    got = {
        (t.organization_id, t.measure): t.quantity
        for t in Target.objects.filter(campaign=drive.campaign)
    }
    assert got[(w.c2_front.pk, Measure.ROAD)] == Decimal("12.5")
    assert got[(w.c2_front.pk, LAND)] == Decimal("1500")
    assert got[(w.city_front.pk, Measure.MONEY)] == Decimal("100000000")


def test_an_empty_target_removes_it(drive):
    w = drive.w
    services.set_targets(
        actor=w.city_officer, campaign=drive.campaign, targets={(w.c1_front.pk, LAND): ""}
    )
    assert not Target.objects.filter(campaign=drive.campaign, organization=w.c1_front, measure=LAND)


@pytest.mark.parametrize(
    "raw",
    ["-5", "abc", "1,234", "12.345,678", "1,5"],
    ids=["negative", "text", "3dec", "3dec2", "money-decimal"],
)
def test_one_wrong_target_saves_none(drive, raw):
    w = drive.w
    before = list(Target.objects.filter(campaign=drive.campaign).values_list("pk", "quantity"))
    measure = Measure.MONEY if raw == "1,5" else LAND
    if raw == "1,234":
        raw = "1,234"  # three decimals
    with pytest.raises(ValidationError) as e:
        services.set_targets(
            actor=w.city_officer,
            campaign=drive.campaign,
            targets={(w.c2_front.pk, Measure.ROAD): "7", (w.c1_front.pk, measure): raw},
        )
    assert f"t_{w.c1_front.pk}_{measure}" in e.value.message_dict
    after = list(Target.objects.filter(campaign=drive.campaign).values_list("pk", "quantity"))
    assert after == before


def test_targets_only_for_participating_bodies(drive):
    w = drive.w
    with pytest.raises(ValidationError):
        services.set_targets(
            actor=w.city_officer, campaign=drive.campaign, targets={(w.other_front.pk, LAND): "5"}
        )


def test_a_participating_body_cannot_set_targets(drive):
    w = drive.w
    with pytest.raises(PermissionDenied):
        services.set_targets(
            actor=w.c1_officer, campaign=drive.campaign, targets={(w.c1_front.pk, LAND): "1"}
        )


def test_launch_close_and_publish_move_the_campaign_on(welfare):
    w = welfare
    c = make_campaign(w.city_front, [w.c1_front], launch=False)
    with pytest.raises(ValidationError):
        services.publish(actor=w.city_officer, campaign=c, published=True)
    c = services.launch(actor=w.city_officer, campaign=c)
    assert c.status == CampaignStatus.OPEN
    with pytest.raises(ValidationError):
        services.launch(actor=w.city_officer, campaign=c)
    c = services.publish(actor=w.city_officer, campaign=c, published=True)
    assert c.published_at is not None
    c = services.close(actor=w.city_officer, campaign=c)
    assert c.status == CampaignStatus.CLOSED
    c = services.publish(actor=w.city_officer, campaign=c, published=False)
    assert c.published_at is None
    with pytest.raises(PermissionDenied):
        services.publish(actor=w.c1_officer, campaign=c, published=True)


def test_a_campaign_without_bodies_is_not_launched(welfare):
    c = make_campaign(welfare.city_front, [], launch=False)
    with pytest.raises(ValidationError):
        services.launch(actor=welfare.city_officer, campaign=c)
    c.refresh_from_db()
    assert c.status == CampaignStatus.DRAFT


def test_a_body_with_results_stays_in_the_campaign(drive):
    w = drive.w
    report(drive, w.c1_officer)
    with pytest.raises(ValidationError):
        services.set_bodies(actor=w.city_officer, campaign=drive.campaign, bodies=[w.c2_front])
    assert drive.campaign.bodies.count() == 3


# ---- results ------------------------------------------------------------------------------


def test_a_commune_officer_reports_its_result_with_evidence(drive):
    w = drive.w
    r = report(drive, w.c1_officer, evidence=pdf(), note="Hộ ông A hiến 1.500 m²")
    assert r.quantity == Decimal("1500.00")
    assert r.reported_by == w.c1_officer
    assert r.evidence.name.endswith(".pdf")


def test_the_organizers_officer_reports_for_a_participating_body(drive):
    r = report(drive, drive.w.city_officer, body=drive.w.c2_front)
    assert r.organization == drive.w.c2_front


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"measure": Measure.MONEY}, "measure"),
        ({"measure": Measure.IN_KIND}, "measure"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "-3"}, "quantity"),
        ({"quantity": "nhiều"}, "quantity"),
        ({"achieved_on": TODAY + dt.timedelta(days=1)}, "achieved_on"),
        ({"achieved_on": STARTS - dt.timedelta(days=1)}, "achieved_on"),
    ],
    ids=["money", "in-kind", "zero", "negative", "text", "future", "before-start"],
)
def test_a_wrong_result_is_refused_and_nothing_recorded(drive, change, field):
    with pytest.raises(ValidationError) as e:
        report(drive, drive.w.c1_officer, **change)
    assert field in e.value.message_dict
    assert not Result.objects.exists()


def test_evidence_that_is_not_a_document_is_refused(drive):
    fake = SimpleUploadedFile(
        "bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as e:
        report(drive, drive.w.c1_officer, evidence=fake)
    assert "evidence" in e.value.message_dict
    assert not Result.objects.exists()


@pytest.mark.parametrize("who", ["c2_officer", "other_officer", "citizen", "central_leader"])
def test_others_cannot_report_a_communes_result(drive, who):
    with pytest.raises(PermissionDenied):
        report(drive, getattr(drive.w, who), body=drive.w.c1_front)
    assert not Result.objects.exists()


def test_a_body_outside_the_campaign_cannot_report(drive):
    with pytest.raises(ValidationError):
        report(drive, drive.w.other_officer, body=drive.w.other_front)


def test_no_results_before_launch_or_after_close(welfare):
    w = welfare
    c = make_campaign(w.city_front, [w.c1_front], launch=False)

    class D:
        campaign = c

    D.w = w  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        report(D, w.c1_officer)
    services.launch(actor=None, campaign=c)
    services.close(actor=None, campaign=c)
    with pytest.raises(ValidationError):
        report(D, w.c1_officer)
    assert not Result.objects.exists()


def test_a_result_sent_twice_with_one_key_is_recorded_once(drive):
    first = report(drive, drive.w.c1_officer, idempotency_key="k-1")
    again = report(drive, drive.w.c1_officer, idempotency_key="k-1")
    assert first.pk == again.pk
    assert Result.objects.count() == 1
    report(drive, drive.w.c1_officer, idempotency_key="k-2")
    assert Result.objects.count() == 2


def test_a_correction_is_a_negative_row_made_once(drive):
    w = drive.w
    r = report(drive, w.c1_officer)
    fix = services.correct_result(actor=w.c1_officer, result=r, reason="Nhập nhầm số")
    assert fix.quantity == -r.quantity and fix.corrects == r
    with pytest.raises(ValidationError):
        services.correct_result(actor=w.c1_officer, result=r, reason="Lần nữa")
    with pytest.raises(ValidationError):
        services.correct_result(actor=w.c1_officer, result=fix, reason="Sửa bản sửa")
    assert Result.objects.count() == 2


def test_a_correction_needs_a_reason_and_the_bodys_people(drive):
    w = drive.w
    r = report(drive, w.c1_officer)
    with pytest.raises(ValidationError):
        services.correct_result(actor=w.c1_officer, result=r, reason=" ")
    with pytest.raises(PermissionDenied):
        services.correct_result(actor=w.c2_officer, result=r, reason="Không phải của tôi")
    assert Result.objects.count() == 1


# ---- evaluation and awards ----------------------------------------------------------------


def test_evaluation_waits_for_the_close_and_computes_the_share_met(drive):
    w = drive.w
    report(drive, w.c1_officer, quantity="3.000")  # 75 % of 4.000 m²
    with pytest.raises(ValidationError):
        services.evaluate(
            actor=w.city_officer, campaign=drive.campaign, organization=w.c1_front, rating="good"
        )
    services.close(actor=w.city_officer, campaign=drive.campaign)
    e = services.evaluate(
        actor=w.city_officer,
        campaign=drive.campaign,
        organization=w.c1_front,
        rating=Rating.GOOD,
        remark="Tích cực",
    )
    # land 75 %, money 0 % (nothing received): averaged.
    assert e.achieved_percent == Decimal("37.5")
    with pytest.raises(PermissionDenied):
        services.evaluate(
            actor=w.c1_officer, campaign=drive.campaign, organization=w.c1_front, rating="excellent"
        )
    assert Evaluation.objects.get().rating == Rating.GOOD


def test_an_excellent_body_is_proposed_for_an_award_in_emulation(drive):
    w = drive.w
    services.close(actor=w.city_officer, campaign=drive.campaign)
    e = services.evaluate(
        actor=w.city_officer,
        campaign=drive.campaign,
        organization=w.c1_front,
        rating=Rating.EXCELLENT,
    )
    kind = AwardKind.objects.get(code="giay-khen")
    proposal = services.propose_for_award(
        actor=w.city_officer, evaluation=e, award_kind=kind, authority=w.city_front
    )
    assert isinstance(proposal, Proposal)
    assert proposal.state == ProposalState.DRAFT
    assert proposal.proposer == w.city_front
    assert list(proposal.recipients.values_list("organization_id", flat=True)) == [w.c1_front.pk]
    e.refresh_from_db()
    assert e.proposal == proposal
    with pytest.raises(ValidationError):
        services.propose_for_award(
            actor=w.city_officer, evaluation=e, award_kind=kind, authority=w.city_front
        )
    with pytest.raises(ValidationError):  # the rating stays once proposed
        services.evaluate(
            actor=w.city_officer, campaign=drive.campaign, organization=w.c1_front, rating="good"
        )
    assert Proposal.objects.count() == 1


def test_only_an_excellent_evaluation_is_proposed(drive):
    w = drive.w
    services.close(actor=w.city_officer, campaign=drive.campaign)
    e = services.evaluate(
        actor=w.city_officer, campaign=drive.campaign, organization=w.c2_front, rating=Rating.DONE
    )
    with pytest.raises(ValidationError):
        services.propose_for_award(
            actor=w.city_officer,
            evaluation=e,
            award_kind=AwardKind.objects.get(code="giay-khen"),
            authority=w.city_front,
        )
    assert not Proposal.objects.exists()
