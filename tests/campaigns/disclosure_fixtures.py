"""A quarter of money through the welfare funds, for the disclosure and fund-report tests.

On 15/04/2026 (so the default report is the first quarter): the city's and both Hà Nội
communes' funds are published, the Tuyên Quang commune's is not. The first commune's fund
receives from a donor who agreed to be named, one who did not, an anonymous one, goods from
a body, and a gift later reversed; the city sends it money (reconciled) and sends the second
commune money it then reverses; it pays a house repair for a household (whose head's name
must never show) and a scholarship later reversed; in April it pays gifts and sends money to
the unpublished fund. A published campaign and a draft one tag some entries; a body reports
land and a correction of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import time_machine
from django.db.models import Q, Sum
from django.utils import timezone

from danvan.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    DonorKind,
    EntryKind,
    Fund,
    Household,
    HouseholdCategory,
    LedgerEntry,
    Measure,
    Method,
    Purpose,
    Result,
    Target,
)
from danvan.campaigns.services import ledger
from danvan.lib.text import fold
from tests.factories import unit

NOW = dt.datetime(2026, 4, 15, 3, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 4, 15)
SECRET_DONOR = "Trần Thị Kín Đáo"
REVERSED_DONOR = "Phạm Văn Đã Rút"
HIDDEN_FUND_DONOR = "Đỗ Văn Quỹ Ẩn"
HOUSEHOLD_HEAD = "Lê Văn Hộ Nghèo"
NAMED_DONOR = "Nguyễn Văn An"
FORMULA_DONOR = '=HYPERLINK("http://x","y")'
NEVER_PUBLIC = (SECRET_DONOR, REVERSED_DONOR, HIDDEN_FUND_DONOR, HOUSEHOLD_HEAD)


@dataclass
class Story:
    published: list[Fund]
    campaign: Campaign
    draft_campaign: Campaign
    household: Household


def clock() -> time_machine.travel:
    return time_machine.travel(NOW, tick=False)


def _gift(amount: int, day: dt.date, **kw: object) -> ledger.ReceiptSpec:
    values: dict = {
        "amount": amount,
        "entry_date": day,
        "method": Method.CASH,
        "donor_kind": DonorKind.PERSON,
        "donor_name": NAMED_DONOR,
        **kw,
    }
    return ledger.ReceiptSpec(**values)


def tell(w) -> Story:  # type: ignore[no-untyped-def]
    """The quarter's entries (call inside `clock()`)."""
    hanoi = unit("01")
    for fund in (w.city_fund, w.c1_fund, w.c2_fund):
        ledger.publish_fund(actor=None, fund=fund, published=True)
    Fund.objects.filter(pk=w.c1_fund.pk).update(bank_account="1234567890 Vietcombank")
    campaign = Campaign.objects.create(
        name="Ngày vì người nghèo 2026",
        kind=CampaignKind.TIME_BOUND,
        organizer=w.city_front,
        province=hanoi,
        starts_on=dt.date(2026, 1, 1),
        status=CampaignStatus.OPEN,
        published_at=timezone.now(),
        search_text=fold("Ngày vì người nghèo 2026"),
    )
    draft = Campaign.objects.create(
        name="Cuộc vận động chưa công bố",
        kind=CampaignKind.EMERGENCY,
        organizer=w.city_front,
        province=hanoi,
        starts_on=dt.date(2026, 1, 1),
        status=CampaignStatus.DRAFT,
        search_text=fold("Cuộc vận động chưa công bố"),
    )
    household = Household(
        keeper=w.c1_front,
        commune=w.c1_unit,
        province=hanoi,
        code="HN-001",
        category=HouseholdCategory.POOR,
        list_year=2026,
        village="Thôn Đông",
    )
    household.set_data(head_name=HOUSEHOLD_HEAD, address="Số 1 ngõ 2")
    household.save()

    c1, c2, city, other = w.c1_fund, w.c2_fund, w.city_fund, w.other_fund
    r = ledger.record_receipt
    r(
        actor=None,
        fund=c1,
        spec=_gift(5_000_000, dt.date(2026, 1, 10), publish_name=True, campaign=campaign),
    )
    r(actor=None, fund=c1, spec=_gift(3_000_000, dt.date(2026, 2, 1), donor_name=SECRET_DONOR))
    r(
        actor=None,
        fund=c1,
        spec=_gift(1_250_000, dt.date(2026, 2, 3), donor_kind=DonorKind.ANONYMOUS, donor_name=""),
    )
    goods = _gift(
        2_000_000,
        dt.date(2026, 2, 5),
        method=Method.IN_KIND,
        in_kind_items="100 kg gạo, 2.000.000 đồng",
        donor_kind=DonorKind.BODY,
        donor_name="Hợp tác xã Thành Công",
        publish_name=True,
        campaign=campaign,
    )
    r(actor=None, fund=c1, spec=goods)
    wrong = r(
        actor=None,
        fund=c1,
        spec=_gift(
            700_000,
            dt.date(2026, 2, 6),
            donor_name=REVERSED_DONOR,
            publish_name=True,
            campaign=campaign,
        ),
    )
    ledger.reverse_entry(actor=None, entry=wrong, reason="Ghi nhầm", on=dt.date(2026, 3, 2))
    r(
        actor=None,
        fund=c1,
        spec=_gift(600_000, dt.date(2026, 3, 3), donor_name=FORMULA_DONOR, publish_name=True),
    )
    r(
        actor=None,
        fund=c2,
        spec=_gift(
            4_000_000,
            dt.date(2026, 1, 12),
            method=Method.TRANSFER,
            donor_name="Công ty TNHH An Phát",
            publish_name=True,
        ),
    )
    r(
        actor=None,
        fund=city,
        spec=_gift(
            20_000_000,
            dt.date(2026, 1, 20),
            donor_name="Ngân hàng Đầu tư",
            publish_name=True,
            campaign=campaign,
        ),
    )
    r(
        actor=None,
        fund=other,
        spec=_gift(
            9_999_000,
            dt.date(2026, 1, 25),
            donor_name=HIDDEN_FUND_DONOR,
            publish_name=True,
            campaign=campaign,
        ),
    )

    sent = ledger.send_transfer(
        actor=None,
        from_fund=city,
        to_fund=c1,
        amount=6_000_000,
        sent_on=dt.date(2026, 2, 10),
        reference="05/QĐ-MTTQ",
    )
    ledger.reconcile_transfer(actor=None, transfer=sent, receipt_number="PT-12")
    mistaken = ledger.send_transfer(
        actor=None, from_fund=city, to_fund=c2, amount=1_000_000, sent_on=dt.date(2026, 2, 11)
    )
    ledger.reverse_transfer(
        actor=None, transfer=mistaken, reason="Chuyển nhầm", on=dt.date(2026, 2, 12)
    )

    pay = ledger.request_disbursement
    pay(
        actor=None,
        fund=c1,
        spec=ledger.DisbursementSpec(
            amount=8_000_000,
            purpose=Purpose.HOUSE_REPAIR,
            household=household,
            beneficiary=HOUSEHOLD_HEAD,
            campaign=campaign,
            decision_number="07/QĐ-MTTQ",
            decision_date=dt.date(2026, 2, 28),
            paid_on=dt.date(2026, 3, 1),
        ),
    )
    school = pay(
        actor=None,
        fund=c1,
        spec=ledger.DisbursementSpec(
            amount=1_500_000,
            purpose=Purpose.SCHOLARSHIP,
            beneficiary="Trường Tiểu học số 1",
            paid_on=dt.date(2026, 3, 4),
        ),
    )
    assert school.entry is not None
    ledger.reverse_entry(actor=None, entry=school.entry, reason="Trả lại", on=dt.date(2026, 3, 5))
    pay(
        actor=None,
        fund=city,
        spec=ledger.DisbursementSpec(
            amount=2_500_000,
            purpose=Purpose.DISASTER_RELIEF,
            beneficiary="Xã bị lũ",
            paid_on=dt.date(2026, 3, 20),
        ),
    )
    pay(
        actor=None,
        fund=c1,
        spec=ledger.DisbursementSpec(
            amount=500_000,
            purpose=Purpose.GIFTS,
            beneficiary="Người cao tuổi thôn Tây",
            paid_on=dt.date(2026, 4, 2),
        ),
    )
    ledger.send_transfer(
        actor=None, from_fund=c1, to_fund=other, amount=300_000, sent_on=dt.date(2026, 4, 3)
    )

    Result.objects.create(
        campaign=campaign,
        organization=w.c1_front,
        measure=Measure.LAND,
        quantity=150,
        achieved_on=dt.date(2026, 3, 1),
    )
    first = Result.objects.create(
        campaign=campaign,
        organization=w.c2_front,
        measure=Measure.LAND,
        quantity=40,
        achieved_on=dt.date(2026, 3, 2),
    )
    Result.objects.create(
        campaign=campaign,
        organization=w.c2_front,
        measure=Measure.LAND,
        quantity=-10,
        corrects=first,
        achieved_on=dt.date(2026, 3, 3),
    )
    Result.objects.create(
        campaign=draft,
        organization=w.c2_front,
        measure=Measure.LAND,
        quantity=999,
        achieved_on=dt.date(2026, 3, 3),
    )
    Target.objects.create(
        campaign=campaign, organization=w.c1_front, measure=Measure.LAND, quantity=500
    )
    for fund in (city, c1, c2, other):
        fund.refresh_from_db()
    return Story(
        published=[city, c1, c2], campaign=campaign, draft_campaign=draft, household=household
    )


# ---- the ledger added up independently of the month sums -----------------------------------


def entries(**filters: object):  # type: ignore[no-untyped-def]
    return LedgerEntry.objects.filter(**filters)


def total(qs) -> int:  # type: ignore[no-untyped-def]
    return int(qs.aggregate(s=Sum("amount"))["s"] or 0)


def of_kind(kind: str) -> Q:
    """Entries of a kind and the reversals of such entries (by the original's kind, not by the
    `flow` column the month sums use)."""
    return Q(kind=kind) | Q(kind=EntryKind.REVERSAL, reverses__kind=kind)


def received(**filters: object) -> int:
    return total(entries(**filters).filter(of_kind(EntryKind.RECEIPT)))


def spent(**filters: object) -> int:
    return -total(entries(**filters).filter(of_kind(EntryKind.DISBURSEMENT)))


def transferred_in(**filters: object) -> int:
    return total(entries(**filters).filter(of_kind(EntryKind.TRANSFER_IN)))


def transferred_out(**filters: object) -> int:
    return -total(entries(**filters).filter(of_kind(EntryKind.TRANSFER_OUT)))


def balance(**filters: object) -> int:
    return total(entries(**filters))
