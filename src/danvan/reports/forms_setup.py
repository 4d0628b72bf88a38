"""Forms of the pages that set reporting up. They only read what was typed; the rules (a
weighted average needs its weight, a figure's type, one rule per kind and day…) are the
services', whose errors are put back on the form (lib.forms.add_service_errors)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.exemplars.forms import NumberTextInput, VnDateField
from danvan.lib import figures
from danvan.lib.dates import format_vn_date, today
from danvan.lib.numbers import format_vn_number, parse_vn_number
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationKind, OrganizationLevel

from .models import (
    CheckKind,
    Consolidation,
    Indicator,
    PeriodKind,
    ReportingPeriod,
    RuleKind,
    Section,
    TemplateVersion,
    Topic,
    ValueType,
)
from .services.templates import IndicatorSpec

TEXTAREA = {"rows": 3}


def _searchable(field: forms.Field) -> forms.Field:
    """A long list: a searchable select where JavaScript runs (static/danvan/select.js)."""
    field.widget.attrs["data-searchable"] = True
    return field


class TemplateForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Defining body"), queryset=Organization.objects.none(), empty_label=None
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Letters without accents, digits and hyphens, e.g. bc-dan-van-thang."),
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    applies_from = VnDateField(
        label=_("The first version applies to periods ending on or after (dd/mm/yyyy)")
    )

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = bodies  # type: ignore[attr-defined]
        _searchable(owner)
        self.initial.setdefault("applies_from", today())


class TemplateEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    active = forms.BooleanField(
        label=_("In use (new reports open for it)"),
        required=False,
        help_text=_("A template not in use opens no new reports; reports already open stay."),
    )


class ScheduleForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("Kind of period"), choices=PeriodKind.choices)
    due_days = forms.IntegerField(
        label=_("Due, days after the cut-off"),
        min_value=0,
        max_value=366,
        initial=5,
        help_text=_("Reports of a period fall due this many days after its last day."),
    )
    remind_days = forms.IntegerField(
        label=_("Reminder, days before the due date"), min_value=0, max_value=366, initial=3
    )


class SectionForm(forms.Form):
    heading = forms.CharField(
        label=_("Heading"), max_length=20, required=False, help_text=_("e.g. I, 1, a")
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    guidance = forms.CharField(
        label=_("Guidance for the bodies that report"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    narrative = forms.BooleanField(
        label=_("The section has a text written by the body"), required=False, initial=True
    )
    issue_table = forms.BooleanField(
        label=_("The section holds a table of the issues people raise"),
        required=False,
        initial=False,
    )


DEPTHS = [
    (0, _("0 — a row of its own")),
    (1, _("1 — “of which …” under the row above")),
    (2, _("2 — under a row of indent 1")),
    (3, _("3 — under a row of indent 2")),
]


def _codes(indicators: list[Indicator], empty: Any) -> list[tuple[str, Any]]:
    return [("", empty)] + [(i.code, f"{i.code} — {i.label}") for i in indicators]


def source_choices() -> list[tuple[str, Any]]:
    """The figures the platform knows, grouped as the registry groups them, each with its
    type (an indicator takes a figure of its own type)."""
    choices: list[tuple[str, Any]] = [("", _("None: the body types the figure"))]
    for group in figures.groups():
        rows = []
        for s in group.sources():
            kind = ValueType(s.value_type).label if s.value_type in ValueType.values else ""
            rows.append((s.key, f"{s.label} ({kind})" if kind else str(s.label)))
        if rows:
            choices.append((str(group.label), rows))
    return choices


class NumberField(forms.CharField):
    """A number as typed ("1.250", "2,5"); None when empty."""

    widget = NumberTextInput
    default_error_messages = {"invalid": _("Write a number, e.g. 1.250 or 2,5.")}

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        try:
            return parse_vn_number(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class IndicatorForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), empty_label=None
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Unique in the version; letters without accents, digits, _ and -."),
    )
    label = forms.CharField(label=_("Indicator"), max_length=300)
    depth = forms.TypedChoiceField(label=_("Indent"), choices=DEPTHS, coerce=int, initial=0)
    value_type = forms.ChoiceField(label=_("Type"), choices=ValueType.choices)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    definition = forms.CharField(
        label=_("Definition"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    minimum = NumberField(label=_("Smallest value"), required=False)
    maximum = NumberField(label=_("Largest value"), required=False)
    consolidation = forms.ChoiceField(
        label=_("Consolidated upward by"), choices=Consolidation.choices
    )
    weight = forms.ChoiceField(
        label=_("Weighted by (for a weighted average)"), required=False, choices=[]
    )
    numerator = forms.ChoiceField(label=_("Numerator (for a ratio)"), required=False, choices=[])
    denominator = forms.ChoiceField(
        label=_("Denominator (for a ratio)"), required=False, choices=[]
    )
    source = forms.ChoiceField(
        label=_("Filled from the platform's figure"),
        required=False,
        choices=[],
        help_text=_("Empty when the body types the figure. The figure's type is in brackets."),
    )

    def __init__(
        self,
        *args: Any,
        version: TemplateVersion,
        itself: Indicator | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        others = [i for i in version.indicators.order_by("position") if i != itself]
        none = _("None")
        for name in ("weight", "numerator", "denominator"):
            self.fields[name].choices = _codes(others, none)  # type: ignore[attr-defined]
        self.fields["source"].choices = source_choices()  # type: ignore[attr-defined]
        _searchable(self.fields["source"])
        if itself is None:
            del self.fields["section"]
        else:
            self.fields["section"].queryset = version.sections.order_by("position")  # type: ignore[attr-defined]

    def spec(self) -> IndicatorSpec:
        d = self.cleaned_data
        return IndicatorSpec(
            code=d["code"],
            label=d["label"],
            value_type=d["value_type"],
            unit=d.get("unit") or "",
            definition=d.get("definition") or "",
            depth=d["depth"],
            required=bool(d.get("required")),
            minimum=d.get("minimum"),
            maximum=d.get("maximum"),
            consolidation=d["consolidation"],
            weight=d.get("weight") or "",
            numerator=d.get("numerator") or "",
            denominator=d.get("denominator") or "",
            source=d.get("source") or "",
        )

    @staticmethod
    def initial_of(indicator: Indicator) -> dict[str, Any]:
        links = {
            "weight": indicator.weight,
            "numerator": indicator.numerator,
            "denominator": indicator.denominator,
        }
        return {
            "section": indicator.section_id,
            **{
                n: getattr(indicator, n)
                for n in (
                    "code",
                    "label",
                    "depth",
                    "value_type",
                    "unit",
                    "definition",
                    "required",
                    "consolidation",
                    "source",
                )
            },
            "minimum": _typed(indicator.minimum),
            "maximum": _typed(indicator.maximum),
            **{n: other.code if other else "" for n, other in links.items()},
        }


def _typed(value: Decimal | None) -> str:
    return format_vn_number(value) if value is not None else ""


class CheckForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CheckKind.choices, widget=forms.RadioSelect)
    subject = forms.ChoiceField(label=_("Indicator checked"), choices=[])
    parts = forms.MultipleChoiceField(
        label=_("Compared with"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("“The parts add up to the total”: the parts; “At most”: exactly one."),
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        numbers = [i for i in indicators if i.value_type != ValueType.YES_NO]
        self.fields["subject"].choices = [(i.code, f"{i.code} — {i.label}") for i in numbers]  # type: ignore[attr-defined]
        self.fields["parts"].choices = [(i.code, f"{i.code} — {i.label}") for i in numbers]  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    """The first period a version applies to, among the next periods of the template's
    kinds; the version applies to periods ending on or after that period's first day."""

    applies_from = forms.ChoiceField(
        label=_("Applies from the period"),
        choices=[],
        help_text=_(
            "Reports of this period and the later ones open with the version once published; "
            "reports already open keep theirs."
        ),
    )
    note = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args: Any, periods: list[ReportingPeriod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._starts: dict[str, dt.date] = {}
        choices = []
        for p in periods:
            value = f"{p.kind}:{p.year}:{p.number}"
            self._starts[value] = p.starts_on
            choices.append(
                (
                    value,
                    _("%(period)s (figures from %(day)s)")
                    % {"period": p.title, "day": format_vn_date(p.starts_on)},
                )
            )
        self.fields["applies_from"].choices = choices  # type: ignore[attr-defined]

    def clean_applies_from(self) -> dt.date:
        return self._starts[self.cleaned_data["applies_from"]]

    def choice_for(self, day: dt.date) -> str | None:
        """The choice whose period starts on `day`, if any (a draft's current period)."""
        return next((v for v, d in self._starts.items() if d == day), None)


def _blank(choices: list[tuple[str, Any]], empty: Any) -> list[tuple[str, Any]]:
    return [("", empty), *choices]


class RuleForm(forms.Form):
    receiver = forms.ModelChoiceField(
        label=_("Receiving body"), queryset=Organization.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("Which bodies report"), choices=RuleKind.choices, widget=forms.RadioSelect
    )
    organization_kind = forms.ChoiceField(
        label=_("Kind of body"),
        required=False,
        choices=_blank(OrganizationKind.choices, _("Any kind")),
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=_blank(OrganizationLevel.choices, _("Any level"))
    )
    chosen = forms.ModelMultipleChoiceField(
        label=_("Chosen bodies (for a chosen list)"),
        required=False,
        queryset=Organization.objects.none(),
        help_text=_("Hold Ctrl (or ⌘) to choose several, or type to search."),
    )
    on = VnDateField(label=_("The obligations start on (dd/mm/yyyy)"))

    def __init__(
        self,
        *args: Any,
        receivers: QuerySet[Organization],
        candidates: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = receivers  # type: ignore[attr-defined]
        self.fields["chosen"].queryset = candidates  # type: ignore[attr-defined]
        _searchable(self.fields["receiver"])
        _searchable(self.fields["chosen"])
        self.initial.setdefault("on", today())
        self.initial.setdefault("kind", RuleKind.CHILDREN)


class ObligationForm(forms.Form):
    reporter = forms.ModelChoiceField(
        label=_("Reporting body"), queryset=Organization.objects.none()
    )
    receiver = forms.ModelChoiceField(
        label=_("Receiving body"), queryset=Organization.objects.none(), empty_label=None
    )
    on = VnDateField(label=_("The obligation starts on (dd/mm/yyyy)"))

    def __init__(
        self,
        *args: Any,
        receivers: QuerySet[Organization],
        candidates: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = receivers  # type: ignore[attr-defined]
        self.fields["reporter"].queryset = candidates  # type: ignore[attr-defined]
        _searchable(self.fields["receiver"])
        _searchable(self.fields["reporter"])
        self.initial.setdefault("on", today())


class EndObligationForm(forms.Form):
    on = VnDateField(
        label=_("Last day of the obligation (dd/mm/yyyy)"),
        help_text=_("Its reports still open for the periods ending by this day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", today())


CUTOFF_KINDS = [(k, label) for k, label in PeriodKind.choices if k != PeriodKind.AD_HOC]


class CutoffRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of period"), choices=CUTOFF_KINDS)
    start_day = forms.IntegerField(
        label=_("First day of the figures"),
        min_value=1,
        max_value=28,
        initial=15,
        help_text=_("1 for calendar months; 15 under Nghị định 09/2019/NĐ-CP."),
    )
    starts_month_before = forms.BooleanField(
        label=_("The figures start in the month before the period"), required=False, initial=True
    )
    effective_from = VnDateField(
        label=_("Applies to periods ending on or after (dd/mm/yyyy)"),
        help_text=_("After the last period of this kind already made."),
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=200, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]


class AdHocForm(forms.Form):
    """An ad hoc report (báo cáo đột xuất) asked of every body that reports on a template."""

    label = forms.CharField(
        label=_("What the report is about"),
        max_length=200,
        help_text=_("e.g. Tình hình nhân dân dịp Tết Nguyên đán 2027"),
    )
    starts_on = VnDateField(label=_("Figures from (dd/mm/yyyy)"))
    ends_on = VnDateField(label=_("Figures up to (dd/mm/yyyy)"))
    due = VnDateField(label=_("Due on (dd/mm/yyyy)"))
