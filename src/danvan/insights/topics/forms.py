"""The topic pages' forms: a topic's label; a training run's scope, period and size."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.org.models import AdminLevel, AdminUnit

DATE_FORMATS = ["%d/%m/%Y"]


class LabelForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=120,
        required=False,
        help_text=_("What officers call this topic; kept when the model is trained again."),
    )


class TrainForm(forms.Form):
    scope = forms.ModelChoiceField(
        label=_("Scope"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("The whole country"),
    )
    period_start = forms.DateField(
        label=_("From (dd/mm/yyyy)"), input_formats=DATE_FORMATS, widget=forms.TextInput
    )
    period_end = forms.DateField(
        label=_("To (dd/mm/yyyy)"), input_formats=DATE_FORMATS, widget=forms.TextInput
    )
    topics = forms.IntegerField(label=_("Number of topics"), min_value=2, max_value=60, initial=12)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = (  # type: ignore[attr-defined]
            AdminUnit.objects.current().filter(level=AdminLevel.PROVINCE).order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("period_start")
        end: dt.date | None = data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data
