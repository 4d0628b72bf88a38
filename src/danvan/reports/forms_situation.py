"""The form of one row of the table of issues (a report on the people's situation)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.lib.numbers import parse_vn_number
from danvan.org.models import AdminUnit

from .models import Severity, Trend
from .services.situation import MAX_PEOPLE, IssueFields

TEXTAREA = {"rows": 3}


class IssueForm(forms.Form):
    topic = forms.CharField(
        label=_("Issue raised"),
        max_length=255,
        help_text=_("What people raise, in a few words (e.g. land clearance compensation)."),
    )
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("— the whole area —"),
    )
    people_affected = forms.CharField(
        label=_("People affected"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("About how many people; leave empty if not known."),
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, initial=Severity.MEDIUM
    )
    trend = forms.ChoiceField(
        label=_("Trend since the last report"), choices=Trend.choices, initial=Trend.NEW
    )
    handling = forms.CharField(
        label=_("Handling proposed"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, places: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["place"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = places if places is not None else AdminUnit.objects.none()

    def clean_people_affected(self) -> int | None:
        raw = self.cleaned_data.get("people_affected") or ""
        try:
            value = parse_vn_number(raw)
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not a number."), params={"value": raw}
            ) from None
        if value is None:
            return None
        if value != value.to_integral_value() or not 0 <= value <= MAX_PEOPLE:
            raise forms.ValidationError(_("Give a whole number of people from 0 to 100,000,000."))
        return int(value)

    def fields_given(self) -> IssueFields:
        d = self.cleaned_data
        return IssueFields(
            topic=d["topic"],
            place=d.get("place"),
            people_affected=d.get("people_affected"),
            severity=d["severity"],
            trend=d["trend"],
            handling=d.get("handling") or "",
            details=d.get("details") or "",
        )
