"""Forms of the households pages. They read what was typed; the rules are
services.households' (and services.household_import's), whose errors come back beside the
fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.exemplars.forms import AccessibleForm, NumberTextInput, VnDateField
from danvan.org.models import Organization

from .models import Campaign, HouseholdCategory, Purpose, SupportSource
from .selectors.households import State


class KeeperChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class HouseholdFilter(forms.Form):
    code = forms.CharField(label=_("Code contains"), required=False, max_length=40)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *HouseholdCategory.choices],
    )
    village = forms.CharField(
        label=_("Village or residential group"), required=False, max_length=150
    )
    list_year = forms.TypedChoiceField(
        label=_("Year of the list"), required=False, coerce=int, empty_value=None
    )
    state = forms.ChoiceField(
        label=_("On the list"),
        required=False,
        choices=[
            (State.ON_LIST, _("On the list today")),
            (State.LEFT, _("Left the list")),
            (State.ALL, _("All")),
        ],
    )
    nothing = forms.BooleanField(label=_("Received nothing this year"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["list_year"].choices = [  # type: ignore[attr-defined]
            ("", _("All years")),
            *[(y, str(y)) for y in years],
        ]


class PurposeForm(forms.Form):
    """Why personal data is read: logged with the reading (Luật 91/2025/QH15)."""

    purpose = forms.CharField(
        label=_("Why do you need the personal data?"),
        max_length=200,
        help_text=_("For example: visiting the household before Tết. Your reading is logged."),
    )


class HouseholdForm(AccessibleForm):
    keeper = KeeperChoice(label=_("List of"), queryset=Organization.objects.none())
    code = forms.CharField(label=_("Code on the list"), max_length=40)
    category = forms.ChoiceField(label=_("Category"), choices=HouseholdCategory.choices)
    list_year = forms.IntegerField(label=_("Year of the list"), min_value=1900, max_value=2999)
    village = forms.CharField(
        label=_("Village or residential group"), max_length=150, required=False
    )
    members = forms.IntegerField(label=_("Members"), min_value=1, max_value=99, initial=1)
    head_name = forms.CharField(label=_("Head of the household"), max_length=150)
    id_number = forms.CharField(
        label=_("Identity number (CCCD)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    circumstances = forms.CharField(
        label=_("Circumstances"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, keepers: QuerySet[Organization] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if keepers is None:  # editing: the list does not change
            del self.fields["keeper"]
        else:
            self.fields["keeper"].queryset = keepers  # type: ignore[attr-defined]
            self.preselect_single("keeper")


class LeftForm(AccessibleForm):
    left_on = VnDateField(label=_("Left the list on (dd/mm/yyyy)"))
    reason = forms.CharField(
        label=_("Why it left the list"),
        max_length=300,
        help_text=_("For example: out of poverty in the year's review; moved away."),
    )


class SupportForm(AccessibleForm):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    source = forms.ChoiceField(
        label=_("Where the help came from"),
        choices=[
            (SupportSource.CAMPAIGN, SupportSource.CAMPAIGN.label),
            (SupportSource.OTHER, SupportSource.OTHER.label),
        ],
        widget=forms.RadioSelect,
        help_text=_("Help paid out of a fund is recorded in the fund and shows here by itself."),
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.none(), required=False
    )
    purpose = forms.ChoiceField(label=_("What the help was for"), choices=Purpose.choices)
    amount = forms.CharField(
        label=_("Value (đồng)"),
        required=False,
        max_length=30,
        widget=NumberTextInput(),
        help_text=_("For goods, their value; leave empty if they were not valued."),
    )
    description = forms.CharField(label=_("What was given"), max_length=300, required=False)
    given_on = VnDateField(label=_("Given on (dd/mm/yyyy)"))
    given_by = KeeperChoice(
        label=_("Given by"), queryset=Organization.objects.none(), required=False
    )
    confirm_repeat = forms.BooleanField(
        label=_("I have checked: this is not the same help given twice"), required=False
    )

    def __init__(
        self,
        *args: Any,
        campaigns: QuerySet[Campaign],
        givers: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["given_by"].queryset = givers  # type: ignore[attr-defined]


class CancelSupportForm(forms.Form):
    reason = forms.CharField(label=_("Why is this record cancelled?"), max_length=300)


class ImportForm(AccessibleForm):
    keeper = KeeperChoice(label=_("List of"), queryset=Organization.objects.none())
    file = forms.FileField(
        label=_("The list (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("Start from the template: one household a row, the header on the first row."),
    )

    def __init__(self, *args: Any, keepers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keeper"].queryset = keepers  # type: ignore[attr-defined]
        self.preselect_single("keeper")


class ConfirmImportForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
