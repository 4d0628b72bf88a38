"""A campaign of Hà Nội's Front for the campaigns tests: the city's Front organizes, the city
Front and two communes' Fronts take part, targets set, launched; a day to live on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.campaigns.models import Campaign, CampaignKind, DonorKind, Measure, Method
from danvan.campaigns.services import campaigns as services
from danvan.campaigns.services import ledger
from danvan.org.models import Organization
from tests.campaigns.conftest import Welfare

NOW = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội
TODAY = dt.date(2026, 3, 10)
STARTS = dt.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def make_campaign(
    organizer: Organization,
    bodies: list[Organization],
    *,
    name: str = "Ngày vì người nghèo năm 2026",
    launch: bool = True,
    targets: dict[tuple[int, str], object] | None = None,
) -> Campaign:
    campaign = services.create_campaign(
        actor=None,
        spec=services.CampaignSpec(
            name=name,
            kind=CampaignKind.TIME_BOUND,
            organizer=organizer,
            starts_on=STARTS,
            ends_on=dt.date(2026, 12, 31),
            description="Vận động ủng hộ Quỹ Vì người nghèo, hiến đất làm đường.",
        ),
    )
    services.set_bodies(actor=None, campaign=campaign, bodies=bodies)
    if targets:
        services.set_targets(actor=None, campaign=campaign, targets=targets)
    if launch:
        campaign = services.launch(actor=None, campaign=campaign)
    return campaign


@dataclass
class Drive:
    w: Welfare
    campaign: Campaign


def city_campaign(w: Welfare, **kw: object) -> Campaign:
    return make_campaign(
        w.city_front,
        [w.city_front, w.c1_front, w.c2_front],
        targets={
            (w.city_front.pk, Measure.LAND): "10.000",
            (w.city_front.pk, Measure.MONEY): "100.000.000",
            (w.c1_front.pk, Measure.LAND): "4.000",
            (w.c1_front.pk, Measure.MONEY): "20.000.000",
            (w.c2_front.pk, Measure.LAND): "5.000",
        },
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def drive(welfare: Welfare) -> Drive:
    return Drive(welfare, city_campaign(welfare))


def receipt(fund, campaign, amount=5_000_000, method=Method.CASH, day=dt.date(2026, 3, 1), **kw):  # type: ignore[no-untyped-def]
    spec = ledger.ReceiptSpec(
        amount=amount,
        entry_date=day,
        method=method,
        donor_kind=DonorKind.ANONYMOUS,
        campaign=campaign,
        in_kind_items="200 bao gạo, trị giá theo hóa đơn" if method == Method.IN_KIND else "",
        **kw,
    )
    return ledger.record_receipt(actor=None, fund=fund, spec=spec)


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4 " + name.encode() + b"\n%%EOF\n", content_type="application/pdf"
    )
