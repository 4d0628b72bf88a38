"""The periodic report of a fund (báo cáo thu, chi quỹ) for a month, a quarter or a year:
balance at the start, received by form (cash, transfer, goods), transfers from and to other
levels, spent by purpose, balance at the end — which always equals the start plus what came
in less what went out, to the đồng — and the period's entries.

Two forms of the same figures: .xlsx (lib.spreadsheets: typed cells, text escaped so nothing
runs as a formula) and .docx, the official paper in the keeping body's layout
(org.letterhead: a Party body per Hướng dẫn 36-HD/VPTW, the Front and State bodies per Nghị
định 30/2020/NĐ-CP), written in Vietnamese whatever the reader's language.

The report is public for a published fund, so it shows what the disclosure shows: a donor's
name only with consent, a household only by its village and category.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, CharField, F, QuerySet, Sum, When
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.shared import Cm

from danvan.lib import documents as layout
from danvan.lib.dates import format_vn_date, today
from danvan.lib.documents import Signature, System
from danvan.lib.numbers import format_vn_number
from danvan.lib.spreadsheets import Column, Kind, XlsxWriter
from danvan.lib.text import fold
from danvan.org.letterhead import headed, system_of
from danvan.org.models import OrganizationKind

from .models import EntryKind, Fund, FundMonth, LedgerEntry, Method, Purpose
from .selectors.disclosure import beneficiary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FIRST_YEAR = 2000
_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])))?$")


class PeriodError(ValueError):
    """A period the report cannot be made for (the message is for the reader)."""


@dataclass(frozen=True)
class Period:
    kind: str  # "month", "quarter", "year"
    year: int
    number: int  # the month (1–12) or quarter (1–4); 0 for a year

    @property
    def start(self) -> dt.date:
        if self.kind == "month":
            return dt.date(self.year, self.number, 1)
        if self.kind == "quarter":
            return dt.date(self.year, 3 * self.number - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        index = self.start.year * 12 + self.start.month - 1 + months
        return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)

    @property
    def slug(self) -> str:
        """ "2026-Q1", "2026-03", "2026": as the address takes it."""
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("month %(month)s/%(year)s") % {"month": self.number, "year": self.year}
        if self.kind == "quarter":
            return _("quarter %(q)s/%(year)s") % {"q": ROMAN[self.number], "year": self.year}
        return _("year %(year)s") % {"year": self.year}

    @property
    def phrase_vn(self) -> str:
        if self.kind == "month":
            return f"tháng {self.number} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {ROMAN[self.number]} năm {self.year}"
        return f"năm {self.year}"


def parse_period(text: str, *, day: dt.date | None = None) -> Period:
    """ "2026-Q1", "2026-03" or "2026"; a period that has not begun, or before 2000, is
    refused (PeriodError with a message for the reader)."""
    day = day or today()
    match = _PERIOD.match((text or "").strip())
    if match is None:
        raise PeriodError(
            _("Give the period as a year (2026), a quarter (2026-Q1) or a month (2026-03).")
        )
    year, month, quarter = int(match[1]), match[2], match[3]
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise PeriodError(_("A month runs from 01 to 12."))
        period = Period("month", year, int(month))
    elif quarter is not None:
        period = Period("quarter", year, int(quarter))
    else:
        period = Period("year", year, 0)
    if year < FIRST_YEAR or period.start > day:
        raise PeriodError(_("There is no report for a period that has not begun."))
    return period


def default_period(day: dt.date | None = None) -> Period:
    """The last full quarter before `day`."""
    day = day or today()
    quarter = (day.month - 1) // 3 + 1
    return (
        Period("quarter", day.year, quarter - 1)
        if quarter > 1
        else Period("quarter", day.year - 1, 4)
    )


def recent_periods(day: dt.date | None = None) -> list[Period]:
    """What the fund's page offers: the current and last quarters, the last six months, this
    year and last year."""
    day = day or today()
    quarter = (day.month - 1) // 3 + 1
    out = [Period("quarter", day.year, quarter), default_period(day)]
    index = day.year * 12 + day.month - 1
    out += [Period("month", (index - k) // 12, (index - k) % 12 + 1) for k in range(6)]
    out += [Period("year", day.year, 0), Period("year", day.year - 1, 0)]
    return out


# ---- the figures -------------------------------------------------------------------------


@dataclass
class FundReport:
    fund: Fund
    period: Period
    opening: int
    by_form: dict[str, int] = field(default_factory=dict)  # Method → received
    transferred_in: int = 0
    transferred_out: int = 0  # positive
    by_purpose: dict[str, int] = field(default_factory=dict)  # Purpose → spent (positive)

    @property
    def received(self) -> int:
        return sum(self.by_form.values())

    @property
    def spent(self) -> int:
        return sum(self.by_purpose.values())

    @property
    def closing(self) -> int:
        return (
            self.opening + self.received + self.transferred_in - self.transferred_out - self.spent
        )


def _period_entries(fund: Fund, period: Period) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(
        fund=fund, entry_date__gte=period.start, entry_date__lte=period.end
    )


def fund_report(fund: Fund, period: Period) -> FundReport:
    """The period's figures: the opening balance from the month sums before it (periods are
    whole months), the flows from the period's entries of this one fund."""
    opening = FundMonth.objects.filter(fund=fund, month__lt=period.start).aggregate(
        s=Sum("amount")
    )["s"]
    report = FundReport(fund=fund, period=period, opening=int(opening or 0))
    # A reversal keeps its original's flow and purpose; its form is its original's.
    form = Case(
        When(kind=EntryKind.REVERSAL, then=F("reverses__method")),
        default=F("method"),
        output_field=CharField(),
    )
    rows = (
        _period_entries(fund, period)
        .annotate(form=form)
        .values("flow", "purpose", "form")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        amount = int(row["total"] or 0)
        if row["flow"] == EntryKind.RECEIPT:
            key = row["form"] or Method.CASH
            report.by_form[key] = report.by_form.get(key, 0) + amount
        elif row["flow"] == EntryKind.TRANSFER_IN:
            report.transferred_in += amount
        elif row["flow"] == EntryKind.TRANSFER_OUT:
            report.transferred_out -= amount
        elif row["flow"] == EntryKind.DISBURSEMENT:
            key = row["purpose"] or Purpose.OTHER
            report.by_purpose[key] = report.by_purpose.get(key, 0) - amount
    return report


def filename(fund: Fund, period: Period, suffix: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", fold(fund.name)).strip("-")[:60] or "quy"
    return f"bao-cao-thu-chi-{name}-{period.slug}.{suffix}"


# ---- the entries, as the public may read them --------------------------------------------


def _reversed(entry: LedgerEntry) -> bool:
    try:
        return entry.reversed_by is not None
    except ObjectDoesNotExist:
        return False


def _who(entry: LedgerEntry) -> str:
    if entry.kind == EntryKind.RECEIPT:
        # A gift taken back (recorded by mistake) is not one to acknowledge by name.
        if entry.donor_public_name and entry.donor_consent_at and not _reversed(entry):
            return entry.donor_public_name
        return _("Donor not named")
    if entry.kind == EntryKind.REVERSAL:
        return _("Reverses entry no. %(seq)s") % {
            "seq": entry.reverses.seq if entry.reverses else "?"
        }
    return beneficiary(entry)


def _document(entry: LedgerEntry) -> str:
    if entry.kind == EntryKind.RECEIPT:
        return entry.receipt_number
    if entry.decision_date:
        return f"{entry.decision_number} ({format_vn_date(entry.decision_date)})".strip()
    return entry.decision_number


def _entry_rows(fund: Fund, period: Period) -> Iterator[list[object]]:
    kinds, forms, purposes = dict(EntryKind.choices), dict(Method.choices), dict(Purpose.choices)
    entries = _period_entries(fund, period).select_related("household", "reverses", "reversed_by")
    entries = entries.order_by("seq")
    for e in entries.iterator(chunk_size=2000):
        yield [
            e.seq,
            e.entry_date,
            str(kinds.get(e.kind, e.kind)),
            str(forms.get(e.method, "")) if e.method else None,
            str(purposes.get(e.purpose, "")) if e.purpose else None,
            _who(e) or None,
            _document(e) or None,
            e.amount if e.amount > 0 else None,
            -e.amount if e.amount < 0 else None,
            e.balance_after,
        ]


# ---- .xlsx -------------------------------------------------------------------------------


def _summary_lines(report: FundReport) -> list[tuple[str, int, bool]]:
    """(label, amount, bold) in the report's order."""
    forms, purposes = dict(Method.choices), dict(Purpose.choices)
    lines = [(_("Balance at the start of the period"), report.opening, True)]
    lines.append((_("Received"), report.received, True))
    lines += [(f"  {forms[m]}", report.by_form.get(m, 0), False) for m in Method.values]
    lines.append((_("Transfers received from other levels"), report.transferred_in, True))
    lines.append((_("Transfers sent to other levels"), report.transferred_out, True))
    lines.append((_("Spent"), report.spent, True))
    lines += [
        (f"  {purposes[p]}", report.by_purpose[p], False)
        for p in Purpose.values
        if report.by_purpose.get(p)
    ]
    lines.append((_("Balance at the end of the period"), report.closing, True))
    return lines


def report_xlsx(fund: Fund, period: Period) -> tempfile.SpooledTemporaryFile:
    report = fund_report(fund, period)
    book = XlsxWriter()
    sheet = book.sheet(_("Summary"), widths=[48, 20])
    sheet.append([_("Fund report: %(fund)s") % {"fund": fund.name}], look="title")
    sheet.append([_("Kept by"), fund.keeper.name])
    sheet.append(
        [
            _("Period"),
            f"{period.label} ({format_vn_date(period.start)} – {format_vn_date(period.end)})",
        ]
    )
    sheet.append([_("Made on"), today()])
    sheet.append([])
    sheet.append([_("Item"), _("Amount (đồng)")], look="header")
    for label, amount, bold in _summary_lines(report):
        sheet.append([label, amount], look="total" if bold else None)
    book.table(
        _("Entries"),
        [
            Column(pgettext("ledger", "No."), Kind.PLAIN),
            Column(_("Date"), Kind.DATE),
            Column(_("Kind")),
            Column(_("Form")),
            Column(_("Purpose")),
            Column(_("Donor or beneficiary")),
            Column(_("Receipt or deciding document")),
            Column(_("In (đồng)"), Kind.NUMBER),
            Column(_("Out (đồng)"), Kind.NUMBER),
            Column(_("Balance after (đồng)"), Kind.NUMBER),
        ],
        _entry_rows(fund, period),
        preamble=[[fund.name], [period.label]],
    )
    return book.spooled()


# ---- .docx (the official paper, in Vietnamese) -------------------------------------------

FORM_VN: dict[str, str] = {
    Method.CASH: "Tiền mặt",
    Method.TRANSFER: "Chuyển khoản",
    Method.IN_KIND: "Hiện vật (quy ra tiền)",
}
PURPOSE_VN: dict[str, str] = {
    Purpose.HOUSE_BUILDING: "Xây nhà",
    Purpose.HOUSE_REPAIR: "Sửa chữa nhà",
    Purpose.SCHOLARSHIP: "Học bổng",
    Purpose.HEALTH_INSURANCE: "Thẻ bảo hiểm y tế",
    Purpose.DISASTER_RELIEF: "Cứu trợ thiên tai",
    Purpose.LIVELIHOOD: "Hỗ trợ sinh kế",
    Purpose.GIFTS: "Quà Tết, ngày lễ",
    Purpose.OTHER: "Hỗ trợ khác",
}
CATEGORY_VN = {
    "poor": "hộ nghèo",
    "near_poor": "hộ cận nghèo",
    "meritorious": "gia đình người có công",
    "hardship": "hộ có hoàn cảnh khó khăn",
    "lonely_elderly": "người cao tuổi cô đơn",
    "disabled": "người khuyết tật",
    "orphan": "trẻ mồ côi",
    "disaster": "bị thiên tai",
}


def excerpt(fund: Fund, period: Period) -> str:
    """ "Thu, chi Quỹ Vì người nghèo xã A quý I năm 2026"."""
    name = fund.name.strip()
    if not fold(name).startswith("quy"):
        name = f"Quỹ {name}"
    return f"Thu, chi {name} {period.phrase_vn}"


def _signer(fund: Fund, system: System) -> Signature:
    keeper = fund.keeper
    capacity, title = {
        OrganizationKind.FATHERLAND_FRONT: ("TM. Ban Thường trực", "Chủ tịch"),
        OrganizationKind.PEOPLES_COMMITTEE: ("TM. Ủy ban nhân dân", "Chủ tịch"),
        OrganizationKind.PARTY_COMMITTEE: ("T/M Ban Thường vụ", "Bí thư"),
    }.get(keeper.kind, ("", "Trưởng ban" if system == System.PARTY else "Thủ trưởng"))
    party = system == System.PARTY
    return Signature(
        title=title,
        capacity=capacity,
        distribution=[
            "Cấp trên trực tiếp (để báo cáo),",
            "Niêm yết công khai,",
            "Lưu Văn phòng." if party else "Lưu: VT.",
        ],
        system=system,
    )


def _vn_what(entry: LedgerEntry) -> str:
    what = PURPOSE_VN.get(entry.purpose, "")
    if entry.kind == EntryKind.REVERSAL and entry.reverses is not None:
        # A payment taken back in this period: it lowers the period's spending.
        return f"Điều chỉnh giảm khoản chi số {entry.reverses.seq} ({what})"
    return what


def _vn_who(entry: LedgerEntry) -> str:
    household = entry.household
    if household is None:
        return entry.beneficiary
    return ", ".join(x for x in (CATEGORY_VN.get(household.category, ""), household.village) if x)


def report_docx(fund: Fund, period: Period) -> bytes:
    report = fund_report(fund, period)
    document, system = headed(fund.keeper, day=today())
    layout.title(document, system, "Báo cáo", excerpt(fund, period))
    layout.body_paragraph(
        document,
        f"{fund.keeper.name} báo cáo công khai tình hình thu, chi {fund.name} "
        f"từ ngày {format_vn_date(period.start)} đến ngày {format_vn_date(period.end)} như sau:",
    )
    money = format_vn_number
    rows: list[list[str]] = [["I", "Số dư đầu kỳ", money(report.opening)]]
    bold = [0]
    rows.append(["II", "Thu trong kỳ", money(report.received)])
    bold.append(len(rows) - 1)
    rows += [
        [f"{i}", FORM_VN[m], money(report.by_form.get(m, 0))]
        for i, m in enumerate(Method.values, 1)
    ]
    rows.append(["III", "Nhận từ quỹ cấp khác", money(report.transferred_in)])
    bold.append(len(rows) - 1)
    rows.append(["IV", "Chuyển cho quỹ cấp khác", money(report.transferred_out)])
    bold.append(len(rows) - 1)
    rows.append(["V", "Chi trong kỳ", money(report.spent)])
    bold.append(len(rows) - 1)
    spent = [p for p in Purpose.values if report.by_purpose.get(p)]
    rows += [[f"{i}", PURPOSE_VN[p], money(report.by_purpose[p])] for i, p in enumerate(spent, 1)]
    rows.append(["VI", "Số dư cuối kỳ (I + II + III − IV − V)", money(report.closing)])
    bold.append(len(rows) - 1)
    layout.grid(
        document,
        ["TT", "Nội dung", "Số tiền (đồng)"],
        rows,
        widths=[Cm(1.5), Cm(10), Cm(5)],
        numeric=[2],
        bold_rows=bold,
    )
    payments = list(
        _period_entries(fund, period)
        .filter(flow=EntryKind.DISBURSEMENT)
        .select_related("household", "reverses")
        .order_by("entry_date", "seq")
    )
    if payments:
        layout.body_paragraph(document, "Các khoản chi trong kỳ:", bold=True)
        layout.grid(
            document,
            ["TT", "Ngày", "Nội dung chi", "Người, nơi nhận", "Quyết định", "Số tiền (đồng)"],
            [
                [
                    str(i),
                    format_vn_date(e.entry_date),
                    _vn_what(e),
                    _vn_who(e),
                    _document(e),
                    money(-e.amount),
                ]
                for i, e in enumerate(payments, 1)
            ],
            widths=[Cm(1), Cm(2.3), Cm(3), Cm(4.2), Cm(3), Cm(3)],
            numeric=[5],
            size=11,
        )
    layout.body_paragraph(
        document,
        f"Số dư quỹ đến ngày {format_vn_date(period.end)}: {money(report.closing)} đồng.",
    )
    layout.signature(document, _signer(fund, system_of(fund.keeper)))
    return layout.to_bytes(document)
