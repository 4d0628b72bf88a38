"""Officer forms for "Dân vận khéo" models: registering one, and each step after it.

The forms only read what was typed; the rules (who, in which state, which values) are the
services' (`services.py`), whose errors are put back on the form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.lib.dates import format_vn_date, parse_vn_date, today
from danvan.lib.forms import MultipleFileField
from danvan.org.models import Organization

from .models import (
    Criterion,
    EvidenceKind,
    Exemplar,
    ExemplarField,
    ExemplarKind,
    Metric,
    ReviewOutcome,
    SubField,
)
from .showcase import format_value

# A body list longer than this is not a usable <select> on a phone; the rest are reached by
# the staff of those bodies themselves.
MAX_BODIES = 300


def limited(bodies: QuerySet[Organization]) -> QuerySet[Organization]:
    """The first MAX_BODIES bodies by name, as a queryset a choice field can still filter."""
    ordered = bodies.order_by("name", "pk")
    return Organization.objects.filter(pk__in=ordered.values("pk")[:MAX_BODIES]).order_by(
        "name", "pk"
    )


class VnDateField(forms.Field):
    """A date typed as dd/mm/yyyy (ISO yyyy-mm-dd is understood too)."""

    widget = forms.TextInput(
        attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"}
    )
    default_error_messages = {"invalid": _("Write the date as dd/mm/yyyy.")}

    def prepare_value(self, value: Any) -> Any:
        return format_vn_date(value) if isinstance(value, dt.date) else value

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_vn_date(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class NumberTextInput(forms.TextInput):
    """A number as a Vietnamese officer writes it (1.250 or 2,5): read by the service."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class AccessibleForm(forms.Form):
    """Marks fields with errors for assistive technology (aria-invalid, aria-describedby
    pointing at the error text rendered by exemplars/officer/_fields.html)."""

    def preselect_single(self, name: str) -> None:
        """When there is only one body to choose, it is chosen (a commune officer acts for
        one body)."""
        if self.is_bound or name in self.initial:
            return
        few = list(self.fields[name].queryset[:2])  # type: ignore[attr-defined]
        if len(few) == 1:
            self.initial[name] = few[0].pk

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        names = [field] if field else []
        if isinstance(error, forms.ValidationError) and hasattr(error, "error_dict"):
            names = list(error.error_dict)
        elif isinstance(error, dict):
            names = list(error)
        for name in names:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"


class SubFieldChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({ExemplarField(obj.field).label})"


class RegisterForm(AccessibleForm):
    organization = forms.ModelChoiceField(
        label=_("Registering body"), queryset=Organization.objects.none()
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ExemplarKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Name of the model"), max_length=300)
    holder_name = forms.CharField(
        label=_("Collective or person the model belongs to"), max_length=200
    )
    public_consent = forms.BooleanField(
        label=_("The person agrees that their name is shown publicly (individuals only)"),
        required=False,
    )
    field = forms.ChoiceField(label=_("Field"), choices=ExemplarField.choices)
    subfields = SubFieldChoice(
        label=_("Sub-fields (of the chosen field)"),
        required=False,
        queryset=SubField.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    year = forms.IntegerField(label=_("Year registered"), min_value=2000, max_value=2100)
    period_start = VnDateField(label=_("Built from (dd/mm/yyyy)"), required=False)
    period_end = VnDateField(label=_("Built until (dd/mm/yyyy)"), required=False)
    description = forms.CharField(
        label=_("Description (what was done, how the people took part)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    latitude = forms.FloatField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude (optional)"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = limited(bodies)  # type: ignore[attr-defined]
        self.preselect_single("organization")
        self.initial.setdefault("year", today().year)
        self.initial.setdefault("kind", ExemplarKind.COLLECTIVE)
        # The service reports every result's error under "results": shown above the figures.
        self.results_errors: list[str] = []
        for metric in Metric:
            self.fields[f"result_{metric.value}"] = forms.CharField(
                label=metric.label, required=False, max_length=30, widget=NumberTextInput()
            )

    def result_fields(self) -> list[forms.BoundField]:
        return [self[f"result_{m.value}"] for m in Metric]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("result_")]

    def results(self) -> dict[str, str]:
        """The measures given, as typed (the service reads 1.250 as 1250)."""
        d = self.cleaned_data
        given = {m.value: (d.get(f"result_{m.value}") or "").strip() for m in Metric}
        return {metric: value for metric, value in given.items() if value}


class EditForm(RegisterForm):
    """The registration's fields, filled in from the model; the registering body stays."""

    def __init__(self, *args: Any, exemplar: Exemplar, **kwargs: Any) -> None:
        initial = {
            name: getattr(exemplar, name)
            for name in (
                "kind",
                "name",
                "holder_name",
                "public_consent",
                "field",
                "year",
                "period_start",
                "period_end",
                "description",
                "latitude",
                "longitude",
            )
        }
        initial["subfields"] = list(exemplar.subfields.all())
        for r in exemplar.results.all():
            initial[f"result_{r.metric}"] = format_value(r.value)
        super().__init__(*args, bodies=Organization.objects.none(), initial=initial, **kwargs)
        del self.fields["organization"]


class EvaluateForm(AccessibleForm):
    by = forms.ModelChoiceField(label=_("Evaluating body"), queryset=Organization.objects.none())
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["by"].queryset = bodies  # type: ignore[attr-defined]
        self.preselect_single("by")
        self.criteria = list(Criterion.objects.filter(active=True))
        for c in self.criteria:
            self.fields[f"score_{c.code}"] = forms.CharField(
                label=_("%(name)s (0–%(max)d points)") % {"name": c.name, "max": c.max_score},
                max_length=10,
                widget=NumberTextInput(),
            )
        # The scores after the body, the comment last.
        self.order_fields(["by", *(f"score_{c.code}" for c in self.criteria), "comment"])

    def scores(self) -> dict[str, str]:
        return {c.code: self.cleaned_data[f"score_{c.code}"].strip() for c in self.criteria}


class RecognizeForm(AccessibleForm):
    by = forms.ModelChoiceField(label=_("Recognizing body"), queryset=Organization.objects.none())
    decision_number = forms.CharField(label=_("Decision number (e.g. 125/QĐ-BTGDV)"), max_length=60)
    decision_date = VnDateField(label=_("Decision date (dd/mm/yyyy)"))

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["by"].queryset = bodies  # type: ignore[attr-defined]
        self.preselect_single("by")


class ReplicationForm(AccessibleForm):
    organization = forms.ModelChoiceField(
        label=_("Adopting body"), queryset=Organization.objects.none()
    )
    adopted_on = VnDateField(label=_("Adopted on (dd/mm/yyyy)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = limited(bodies)  # type: ignore[attr-defined]
        self.initial.setdefault("adopted_on", today())


class ReviewForm(AccessibleForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    reviewed_on = VnDateField(label=_("Reviewed on (dd/mm/yyyy)"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reviewed_on", today())


class EvidenceForm(AccessibleForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    uploads = MultipleFileField(
        label=_(
            "Files (photos: JPG, PNG, WEBP up to 5 MB; documents: PDF, JPG, PNG, DOCX up to 10 MB)"
        ),
        accept=".jpg,.jpeg,.png,.webp,.pdf,.docx",
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)
    public = forms.BooleanField(label=_("Show the photos in the public showcase"), required=False)


class InquiryForm(AccessibleForm):
    asking_body = forms.ModelChoiceField(label=_("Your body"), queryset=Organization.objects.none())
    question = forms.CharField(
        label=_("Your question (how it started, costs, how the people took part…)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asking_body"].queryset = limited(bodies)  # type: ignore[attr-defined]
        self.preselect_single("asking_body")


class AnswerForm(AccessibleForm):
    answer = forms.CharField(
        label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


__all__ = [
    "AnswerForm",
    "EditForm",
    "EvaluateForm",
    "EvidenceForm",
    "InquiryForm",
    "RecognizeForm",
    "RegisterForm",
    "ReplicationForm",
    "ReviewForm",
    "VnDateField",
]
