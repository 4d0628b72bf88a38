"""Funds as ledgers (Quỹ "Vì người nghèo", Quỹ cứu trợ, a relief fund), one per keeping body
and level.

A fund's money is its ledger: entries are only ever added (a database trigger refuses any
UPDATE of an entry; a correction is a reversing entry). Every entry carries the balance after
it, and the fund row carries the balance after its last entry: both are written in the one
transaction that adds the entry, with the fund's row locked, so the balance is always the sum
of the ledger and two officers disbursing at the same moment are served one after the other
(the second sees the first's disbursement and cannot spend the same money). `FundMonth` keeps
the month's sums by flow and purpose in that same transaction: the disclosure pages add up
thousands of rows, not millions, and still agree with the ledger to the đồng.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ._common import org_fk, unit_fk, user_fk
from .campaigns import Campaign

# Above this a disbursement waits for the fund board's approval (editable per fund).
DEFAULT_APPROVAL_THRESHOLD = 10_000_000


class FundKind(models.TextChoices):
    FOR_THE_POOR = "for_the_poor", _("Fund for the Poor")
    RELIEF = "relief", _("Relief fund")
    EPIDEMIC = "epidemic", _("Epidemic prevention fund")
    SCHOLARSHIP = "scholarship", _("Scholarship fund")
    OTHER = "other", _("Other fund")


class Fund(models.Model):
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=14, choices=FundKind.choices)
    keeper = org_fk(_("kept by"), "funds")
    # Copied from the keeper when the fund opens: the disclosure adds up by place on them.
    province = unit_fk(_("province"))
    unit = unit_fk(_("administrative unit"))
    level = models.CharField(_("level"), max_length=10, editable=False, default="")
    description = models.TextField(_("description"), blank=True)
    bank_account = models.CharField(
        _("account for donations"),
        max_length=300,
        blank=True,
        help_text=_("Account number, account name and bank, shown on the public page."),
    )
    approval_threshold = models.PositiveBigIntegerField(
        _("disbursements above this need the board's approval (đồng)"),
        default=DEFAULT_APPROVAL_THRESHOLD,
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    search_text = models.TextField(editable=False, blank=True)
    # The ledger's running state, written only by services.ledger under the fund's row lock.
    balance = models.BigIntegerField(_("balance (đồng)"), default=0, editable=False)
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    created_by = user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="camp_fund_not_overspent"),
        ]
        indexes = [
            models.Index(fields=["keeper"], name="camp_fund_keeper_idx"),
            models.Index(fields=["province", "level"], name="camp_fund_place_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class EntryKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    TRANSFER_IN = "transfer_in", _("Transfer received")
    TRANSFER_OUT = "transfer_out", _("Transfer sent")
    DISBURSEMENT = "disbursement", _("Disbursement")
    REVERSAL = "reversal", _("Reversing entry")


# The flows money takes, as the disclosure adds them up (a reversal counts in its original's).
INFLOWS = frozenset({EntryKind.RECEIPT, EntryKind.TRANSFER_IN})


class Method(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    IN_KIND = "in_kind", _("In kind")


class DonorKind(models.TextChoices):
    PERSON = "person", _("A person")
    BODY = "body", _("A body, business or group")
    ANONYMOUS = "anonymous", _("Anonymous")


class Purpose(models.TextChoices):
    HOUSE_BUILDING = "house_building", _("Building a house")
    HOUSE_REPAIR = "house_repair", _("Repairing a house")
    SCHOLARSHIP = "scholarship", _("Scholarships")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance cards")
    DISASTER_RELIEF = "disaster_relief", _("Disaster relief")
    LIVELIHOOD = "livelihood", _("Livelihoods")
    GIFTS = "gifts", _("Gifts at Tết and on holidays")
    OTHER = "other", _("Other help")


class LedgerEntry(models.Model):
    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="entries"
    )
    seq = models.PositiveBigIntegerField(_("entry number"))
    kind = models.CharField(_("kind"), max_length=14, choices=EntryKind.choices)
    # Signed đồng: money in is positive, money out negative.
    amount = models.BigIntegerField(_("amount (đồng)"))
    balance_after = models.BigIntegerField(_("balance after (đồng)"))
    entry_date = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = user_fk(_("recorded by"))
    # Copied from the fund: the national disclosure adds up by place without a join.
    province = unit_fk(_("province"))
    unit = unit_fk(_("administrative unit"))
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    # Receipts.
    method = models.CharField(_("form"), max_length=10, choices=Method.choices, blank=True)
    in_kind_items = models.TextField(_("goods received and their valuation"), blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=60, blank=True)
    donor_kind = models.CharField(_("donor"), max_length=10, choices=DonorKind.choices, blank=True)
    donor_organization = org_fk(_("donor body"), null=True)
    # A person's or a group's name as given, encrypted; only `donor_public_name` is ever
    # published, and only when the donor agreed (`donor_consent_at`).
    donor_name_enc = models.TextField(blank=True, editable=False)
    donor_public_name = models.CharField(_("name published"), max_length=200, blank=True)
    donor_consent_at = models.DateTimeField(_("consent to publish given at"), null=True, blank=True)
    # Disbursements.
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, blank=True)
    household = models.ForeignKey(
        "campaigns.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    beneficiary = models.CharField(_("beneficiary"), max_length=300, blank=True)
    decision_number = models.CharField(_("deciding document"), max_length=80, blank=True)
    decision_date = models.DateField(_("decided on"), null=True, blank=True)
    approved_by = user_fk(_("approved by"))
    # Transfers and reversals.
    transfer = models.ForeignKey(
        "campaigns.Transfer",
        verbose_name=_("transfer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    # The flow and purpose the entry counts in (a reversal: its original's).
    flow = models.CharField(max_length=14, choices=EntryKind.choices, editable=False)
    note = models.TextField(_("note"), blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["fund", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "seq"], name="camp_entry_seq_once"),
            models.UniqueConstraint(
                fields=["fund", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="camp_entry_idempotent",
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="camp_entry_not_zero"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="camp_entry_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["receipt", "transfer_in"], amount__gt=0)
                    | Q(kind__in=["transfer_out", "disbursement"], amount__lt=0)
                    | Q(kind="reversal", reverses__isnull=False)
                ),
                name="camp_entry_sign_by_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["fund", "entry_date"], name="camp_entry_fund_day_idx"),
            # The public lists of one fund (donors, decisions), newest first, a page at a time.
            models.Index(
                fields=["fund", "kind", "-entry_date", "-seq"], name="camp_entry_fund_kind_idx"
            ),
            models.Index(fields=["campaign", "flow"], name="camp_entry_campaign_idx"),
            models.Index(fields=["household"], name="camp_entry_household_idx"),
            models.Index(fields=["province", "entry_date"], name="camp_entry_prov_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.fund_id}#{self.seq}"


class FundMonth(models.Model):
    """The sums of a fund's entries in one month, by flow and purpose (kept by services.ledger
    in the entry's own transaction)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="months")
    month = models.DateField()  # the first day of the month
    flow = models.CharField(max_length=14, choices=EntryKind.choices)
    purpose = models.CharField(max_length=20, blank=True)
    # How receipts came (cash, transfer, in kind); empty for other flows.
    method = models.CharField(max_length=10, blank=True)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)
    province = unit_fk(_("province"))
    unit = unit_fk(_("administrative unit"))
    level = models.CharField(max_length=10, default="")

    class Meta:
        verbose_name = _("fund month")
        verbose_name_plural = _("fund months")
        constraints = [
            # Two partial constraints rather than NULLS NOT DISTINCT, which SQLite lacks.
            models.UniqueConstraint(
                fields=["fund", "month", "flow", "purpose", "method", "campaign"],
                condition=Q(campaign__isnull=False),
                name="camp_fund_month_once",
            ),
            models.UniqueConstraint(
                fields=["fund", "month", "flow", "purpose", "method"],
                condition=Q(campaign__isnull=True),
                name="camp_fund_month_once_no_campaign",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "month"], name="camp_fmonth_prov_idx"),
            models.Index(fields=["campaign"], name="camp_fmonth_campaign_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.fund_id} {self.month:%m/%Y} {self.flow}"


class TransferState(models.TextChoices):
    SENT = "sent", _("Sent, waiting for the receiver to reconcile")
    RECONCILED = "reconciled", _("Received and reconciled")
    REVERSED = "reversed", _("Reversed")


class Transfer(models.Model):
    """Money sent from one level's fund to another's: one entry on each side, written
    together; the receiver then reconciles it against the money that arrived."""

    from_fund = models.ForeignKey(
        Fund, verbose_name=_("from fund"), on_delete=models.PROTECT, related_name="sent"
    )
    to_fund = models.ForeignKey(
        Fund, verbose_name=_("to fund"), on_delete=models.PROTECT, related_name="received"
    )
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    sent_on = models.DateField(_("sent on"))
    reference = models.CharField(_("document or payment reference"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=TransferState.choices, default=TransferState.SENT
    )
    sent_by = user_fk(_("sent by"))
    reconciled_by = user_fk(_("reconciled by"))
    reconciled_at = models.DateTimeField(_("reconciled at"), null=True, blank=True)
    receiver_receipt_number = models.CharField(
        _("receiver's receipt number"), max_length=60, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transfer between levels")
        verbose_name_plural = _("transfers between levels")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_fund=models.F("to_fund")), name="camp_transfer_two_funds"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="camp_transfer_positive"),
        ]
        indexes = [models.Index(fields=["to_fund", "state"], name="camp_transfer_to_idx")]

    def __str__(self) -> str:
        return f"{self.from_fund_id}→{self.to_fund_id} {self.amount}"


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for the board")
    PAID = "paid", _("Approved and paid")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DisbursementRequest(models.Model):
    """A disbursement asked for: paid at once up to the fund's threshold; above it, when a
    member of the fund's board (not the one who asked) approves it."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="requests"
    )
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    household = models.ForeignKey(
        "campaigns.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    beneficiary = models.CharField(_("beneficiary"), max_length=300, blank=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("deciding document"), max_length=80, blank=True)
    decision_date = models.DateField(_("decided on"), null=True, blank=True)
    description = models.TextField(_("what it is for"), blank=True)
    paid_on = models.DateField(_("to be paid on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING
    )
    requested_by = user_fk(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("board's note"), blank=True)
    entry = models.OneToOneField(
        LedgerEntry,
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request",
    )
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("disbursement request")
        verbose_name_plural = _("disbursement requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="camp_request_idempotent",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="camp_request_positive"),
        ]
        indexes = [models.Index(fields=["fund", "state"], name="camp_request_state_idx")]

    def __str__(self) -> str:
        return f"{self.fund_id}: {self.amount}"


class BoardPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")


class BoardMember(models.Model):
    """A seat on a fund's board (Ban vận động, Ban quản lý quỹ) for a period: those in their
    seat today approve disbursements above the threshold."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.CASCADE, related_name="board"
    )
    user = user_fk(_("member"), "fund_seats", null=False)
    position = models.CharField(_("position"), max_length=10, choices=BoardPosition.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["fund", "position", "pk"]
        indexes = [models.Index(fields=["user", "fund"], name="camp_board_user_idx")]

    def __str__(self) -> str:
        return f"{self.fund_id}:{self.user_id}"


class PlaceMonth(models.Model):
    """The published funds' month sums by province, level, flow and purpose: what the national
    and provincial disclosure add up (a few thousand rows, where FundMonth holds hundreds of
    thousands at national scale). Kept by services.ledger in the entry's own transaction, and
    when a fund is published or withdrawn from publication."""

    # The fund's province id; 0 for the central funds (not a key to AdminUnit: the unique
    # key must hold on SQLite too, where NULLs are always distinct).
    province_id = models.PositiveIntegerField(default=0)
    level = models.CharField(max_length=10)
    month = models.DateField()
    flow = models.CharField(max_length=14, choices=EntryKind.choices)
    purpose = models.CharField(max_length=20, blank=True)
    amount = models.BigIntegerField(default=0)
    entries = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("place month")
        verbose_name_plural = _("place months")
        constraints = [
            models.UniqueConstraint(
                fields=["province_id", "level", "month", "flow", "purpose"],
                name="camp_place_month_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.month:%m/%Y} {self.flow}"
