"""The officers' forms of campaigns. They read what was typed (dates dd/mm/yyyy, numbers
"1.500" or "12,5"); the services check everything again."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from danvan.emulation.models import AwardKind, Movement
from danvan.exemplars.forms import AccessibleForm, VnDateField, limited
from danvan.lib.numbers import format_vn_number
from danvan.org.models import AdminUnit, Organization

from .models import (
    LEDGER_MEASURES,
    CampaignKind,
    CampaignStatus,
    Measure,
    Rating,
)
from .selectors.campaigns import MEASURES, REPORTED_MEASURES, unit_of

FILE_ACCEPT = ".pdf,.docx,.jpg,.jpeg,.png"
LEDGER_WHY = _(
    "Money and goods in kind are counted from the funds' ledgers: record them as a receipt "
    "of the fund, marked with this campaign."
)


def _text(label: Any, rows: int = 4, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


def new_key() -> str:
    return uuid.uuid4().hex


class CampaignFilter(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CampaignStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *CampaignKind.choices]
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=AdminUnit.objects.none(),
        empty_label=_("All provinces"),
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(
        self, *args: Any, years: list[int], provinces: QuerySet[AdminUnit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]  # type: ignore[attr-defined]
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]


class CampaignForm(AccessibleForm):
    name = forms.CharField(label=_("Name of the campaign"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    organizer = forms.ModelChoiceField(
        label=_("Organized by"), queryset=Organization.objects.none(), empty_label=None
    )
    starts_on = VnDateField(label=_("Starts on (dd/mm/yyyy)"))
    ends_on = VnDateField(
        label=_("Ends on (dd/mm/yyyy)"),
        required=False,
        help_text=_("Leave empty for a standing campaign."),
    )
    description = _text(_("What the campaign asks people to do"))
    criteria = _text(_("Criteria for the evaluation"))
    movement = forms.ModelChoiceField(
        label=_("Emulation movement"),
        queryset=Movement.objects.none(),
        required=False,
        empty_label=_("— none —"),
        help_text=_("The movement the campaign's awards are proposed in."),
    )

    def __init__(
        self,
        *args: Any,
        organizers: QuerySet[Organization],
        movements: QuerySet[Movement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = limited(organizers)  # type: ignore[attr-defined]
        self.fields["movement"].queryset = movements.order_by("-start_date", "pk")[:200]  # type: ignore[attr-defined]
        self.preselect_single("organizer")


class BodiesForm(AccessibleForm):
    bodies = forms.ModelMultipleChoiceField(
        label=_("Participating bodies"),
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12, "data-searchable": "1"}),
        help_text=_("The bodies under the organizer. Hold Ctrl (or ⌘) to choose several."),
    )

    def __init__(self, *args: Any, choices: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = choices  # type: ignore[attr-defined]


class TargetsForm(forms.Form):
    """One field per participating body and measure: `t_<body>_<measure>`."""

    def __init__(
        self,
        *args: Any,
        bodies: list[Organization],
        current: dict[tuple[int, str], Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.grid: list[tuple[Organization, list[str]]] = []
        for body in bodies:
            names = []
            for measure in MEASURES:
                name = f"t_{body.pk}_{measure}"
                value = current.get((body.pk, measure))
                self.fields[name] = forms.CharField(
                    label=f"{body.name}: {Measure(measure).label} ({unit_of(measure)})",
                    required=False,
                    max_length=30,
                    initial=format_vn_number(value) if value is not None else "",
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
                )
                names.append(name)
            self.grid.append((body, names))

    def rows(self) -> list[tuple[Organization, list[forms.BoundField]]]:
        return [(body, [self[n] for n in names]) for body, names in self.grid]

    def targets(self) -> dict[tuple[int, str], object]:
        made: dict[tuple[int, str], object] = {}
        for body, names in self.grid:
            for name in names:
                measure = name.split("_", 2)[2]
                made[(body.pk, measure)] = self.cleaned_data.get(name, "")
        return made


class MeasureField(forms.ChoiceField):
    """The measures a body reports; money and goods in kind are refused with the reason."""

    def validate(self, value: Any) -> None:
        if value in LEDGER_MEASURES:
            raise forms.ValidationError(LEDGER_WHY, code="ledger")
        super().validate(value)


class ResultForm(AccessibleForm):
    organization = forms.ModelChoiceField(
        label=_("Body"), queryset=Organization.objects.none(), empty_label=None
    )
    measure = MeasureField(
        label=_("What was achieved"),
        choices=[
            (m, format_lazy("{} ({})", Measure(m).label, unit_of(m))) for m in REPORTED_MEASURES
        ],
        help_text=LEDGER_WHY,
    )
    quantity = forms.CharField(
        label=_("Quantity"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("In the measure's unit: e.g. 1.500 (m²) or 2,5 (km)."),
    )
    achieved_on = VnDateField(label=_("Achieved on (dd/mm/yyyy)"))
    note = _text(_("Details"), rows=3)
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
        help_text=_("Minutes, a photo or a list: PDF, Word (.docx), JPG or PNG, at most 10 MB."),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args: Any, bodies: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            pk__in=[b.pk for b in bodies]
        ).order_by("name")
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", new_key())
        if len(bodies) == 1 and not self.is_bound:
            self.initial["organization"] = bodies[0].pk


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Why the result is corrected"), max_length=500)


class EvaluationForm(AccessibleForm):
    organization = forms.ModelChoiceField(
        label=_("Body"), queryset=Organization.objects.none(), empty_label=None
    )
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    remark = _text(_("Remarks"), rows=4)

    def __init__(self, *args: Any, bodies: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            pk__in=[b.pk for b in bodies]
        ).order_by("name")


class ProposalForm(AccessibleForm):
    award_kind = forms.ModelChoiceField(
        label=_("Award"), queryset=AwardKind.objects.none(), empty_label=None
    )
    authority = forms.ModelChoiceField(
        label=_("Granting body"), queryset=Organization.objects.none(), empty_label=None
    )
    summary = _text(_("Achievements, in short"), rows=4, required=True)

    def __init__(
        self,
        *args: Any,
        kinds: QuerySet[AwardKind],
        authorities: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_kind"].queryset = kinds  # type: ignore[attr-defined]
        self.fields["authority"].queryset = authorities  # type: ignore[attr-defined]
