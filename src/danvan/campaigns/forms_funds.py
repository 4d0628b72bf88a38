"""The officers' forms of funds. They only read what was typed: amounts are parsed and
checked by the ledger services (whose errors come back beside the field), dates are typed
dd/mm/yyyy. Forms that write money carry a hidden idempotency key made when the form is
shown, so a double submit records once."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.exemplars.forms import AccessibleForm, NumberTextInput, VnDateField, limited
from danvan.lib.dates import today
from danvan.lib.numbers import parse_vn_number
from danvan.org.models import AdminUnit, Organization
from danvan.org.models.organizations import OrganizationLevel

from .models import (
    BoardPosition,
    Campaign,
    DonorKind,
    EntryKind,
    Fund,
    FundKind,
    Household,
    Method,
    Purpose,
)

# A <select> longer than this is not usable on a phone; officers type the code to narrow.
MAX_OPTIONS = 500


def capped(rows: QuerySet[Any], order: tuple[str, ...] = ("-pk",)) -> QuerySet[Any]:
    """The first MAX_OPTIONS rows, as a queryset a choice field can still filter."""
    first = rows.order_by(*order).values("pk")[:MAX_OPTIONS]
    return rows.model.objects.filter(pk__in=first).order_by(*order)


def _amount(label: Any, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=30,
        widget=NumberTextInput(),
        help_text=kw.pop("help_text", _("In whole đồng, e.g. 1.500.000.")),
        **kw,
    )


def _text(label: Any, rows: int = 3, required: bool = False, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kw
    )


class IdempotentForm(AccessibleForm):
    """A form whose POST is recorded once: the key is made when the form is first shown
    and kept by the browser through every re-display."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


# ---- filters -------------------------------------------------------------------------------


class FundFilterForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *FundKind.choices]
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[
            ("", _("All levels")),
            *[c for c in OrganizationLevel.choices if c[0] != OrganizationLevel.DISTRICT],
        ],
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=AdminUnit.objects.none(),
        empty_label=_("All provinces"),
    )
    org = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = (  # type: ignore[attr-defined]
            AdminUnit.objects.current().provinces().order_by("name")
        )


class LedgerFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of entry"),
        required=False,
        choices=[("", _("All entries")), *EntryKind.choices],
    )
    date_from = VnDateField(label=_("From (dd/mm/yyyy)"), required=False)
    date_to = VnDateField(label=_("To (dd/mm/yyyy)"), required=False)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        required=False,
        queryset=Campaign.objects.none(),
        empty_label=_("All campaigns"),
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), required=False, choices=[("", _("All purposes")), *Purpose.choices]
    )

    def __init__(self, *args: Any, campaigns: QuerySet[Campaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = capped(campaigns)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data


# ---- a fund and its board ------------------------------------------------------------------


class FundForm(AccessibleForm):
    keeper = forms.ModelChoiceField(
        label=_("Kept by"), queryset=Organization.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name of the fund"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=FundKind.choices)
    opened_on = VnDateField(label=_("Opened on (dd/mm/yyyy)"))
    approval_threshold = _amount(
        _("Disbursements above this need the board's approval (đồng)"),
        required=False,
        help_text=_("Leave empty for 10.000.000 đồng."),
    )
    bank_account = forms.CharField(
        label=_("Account for donations"),
        required=False,
        max_length=300,
        help_text=_("Account number, account name and bank, shown on the public page."),
    )
    description = _text(_("Description"), rows=4)

    def __init__(
        self, *args: Any, keepers: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if keepers is None:  # editing: the keeper does not change
            del self.fields["keeper"]
        else:
            self.fields["keeper"].queryset = limited(keepers)  # type: ignore[attr-defined]
            self.preselect_single("keeper")
        if not self.is_bound:
            self.initial.setdefault("opened_on", today())

    def clean_approval_threshold(self) -> int | None:
        raw = self.cleaned_data.get("approval_threshold") or ""
        try:
            value = parse_vn_number(raw)
        except ValueError:
            value = None
            bad = True
        else:
            bad = value is not None and (value < 0 or value != value.to_integral_value())
        if bad:
            raise forms.ValidationError(_("Enter the amount in đồng, e.g. 10.000.000."))
        return None if value is None else int(value)


class SeatForm(AccessibleForm):
    username = forms.CharField(
        label=_("Member's account (user name)"),
        max_length=150,
        help_text=_("The user name they sign in with; the account must be active."),
    )
    position = forms.ChoiceField(label=_("Position"), choices=BoardPosition.choices)
    starts_on = VnDateField(label=_("From (dd/mm/yyyy)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("starts_on", today())


class EndSeatForm(forms.Form):
    ends_on = VnDateField(label=_("Until (dd/mm/yyyy)"))


# ---- money ---------------------------------------------------------------------------------


class DonorBodyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ReceiptForm(IdempotentForm):
    amount = _amount(_("Amount or value (đồng)"))
    entry_date = VnDateField(label=_("Received on (dd/mm/yyyy)"))
    method = forms.ChoiceField(label=_("Form"), choices=Method.choices, widget=forms.RadioSelect)
    in_kind_items = _text(
        _("Goods received and their valuation"),
        help_text=_("For gifts in kind: what, how many, and how they were valued."),
    )
    donor_kind = forms.ChoiceField(
        label=_("Donor"), choices=DonorKind.choices, widget=forms.RadioSelect
    )
    donor_name = forms.CharField(
        label=_("Donor's name"),
        required=False,
        max_length=200,
        help_text=_("Kept encrypted; published only with the donor's consent."),
    )
    donor_organization = DonorBodyChoice(
        label=_("Donor body (if it is in the list)"),
        required=False,
        queryset=Organization.objects.none(),
        empty_label=_("— not in the list —"),
    )
    publish_name = forms.BooleanField(
        label=_("The donor agrees that their name is published in the acknowledgement list"),
        required=False,
    )
    receipt_number = forms.CharField(label=_("Receipt number"), required=False, max_length=60)
    campaign = forms.ModelChoiceField(
        label=_("Campaign (if the gift answers one)"),
        required=False,
        queryset=Campaign.objects.none(),
        empty_label=_("— none —"),
    )
    note = _text(_("Note"), rows=2)

    def __init__(
        self,
        *args: Any,
        campaigns: QuerySet[Campaign],
        donor_bodies: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["donor_organization"].queryset = limited(donor_bodies)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("entry_date", today())
            self.initial.setdefault("method", Method.CASH)
            self.initial.setdefault("donor_kind", DonorKind.PERSON)


class HouseholdChoice(forms.ModelChoiceField):
    """A household by its code, village and category: never a name in the options."""

    def label_from_instance(self, obj: Any) -> str:
        parts = [obj.code, obj.village, obj.get_category_display()]
        return " · ".join(str(p) for p in parts if p)


class DisbursementForm(IdempotentForm):
    amount = _amount(_("Amount (đồng)"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    household = HouseholdChoice(
        label=_("Household on the list"),
        required=False,
        queryset=Household.objects.none(),
        empty_label=_("— not a listed household —"),
        help_text=_("By code, village and category."),
    )
    beneficiary = forms.CharField(
        label=_("Beneficiary (when not a listed household)"), required=False, max_length=300
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        required=False,
        queryset=Campaign.objects.none(),
        empty_label=_("— none —"),
    )
    decision_number = forms.CharField(
        label=_("Deciding document number"), required=False, max_length=80
    )
    decision_date = VnDateField(label=_("Decided on (dd/mm/yyyy)"), required=False)
    description = _text(_("What it is for"))
    paid_on = VnDateField(
        label=_("Paid on (dd/mm/yyyy)"),
        required=False,
        help_text=_("Empty: the day it is paid (today, or when the board approves)."),
    )
    confirm_repeat = forms.BooleanField(
        label=_("I have checked: this is not the same help given twice"), required=False
    )

    def __init__(
        self,
        *args: Any,
        campaigns: QuerySet[Campaign],
        households: QuerySet[Household],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        field = self.fields["household"]
        field.queryset = households  # type: ignore[attr-defined]
        field.widget.attrs["data-searchable"] = "1"

    @property
    def main_fields(self) -> list[Any]:
        return [f for f in self if f.name != "confirm_repeat"]

    @property
    def asks_confirmation(self) -> bool:
        """The service found earlier help of the same purpose, or the officer confirmed."""
        return bool(self["confirm_repeat"].errors) or bool(
            self.is_bound and self.data.get("confirm_repeat")
        )


class TransferForm(IdempotentForm):
    to_fund = forms.ModelChoiceField(
        label=_("Send to the fund"), queryset=Fund.objects.none(), empty_label=None
    )
    amount = _amount(_("Amount (đồng)"))
    sent_on = VnDateField(label=_("Sent on (dd/mm/yyyy)"))
    reference = forms.CharField(
        label=_("Document or payment reference"), required=False, max_length=120
    )
    note = _text(_("Note"), rows=2)

    def __init__(self, *args: Any, targets: QuerySet[Fund], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_fund"]
        field.queryset = targets  # type: ignore[attr-defined]
        field.label_from_instance = lambda f: f"{f.name} ({f.keeper.name})"  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("sent_on", today())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class ReconcileForm(forms.Form):
    receipt_number = forms.CharField(label=_("Our receipt number"), required=False, max_length=60)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note of the board"), required=False, max_length=2000)
