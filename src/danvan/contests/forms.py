"""Forms for contests. They only read what was typed; the rules are the services', whose
errors are put back on the form (lib.forms.add_service_errors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.exemplars.forms import AccessibleForm, NumberTextInput, VnDateField, limited
from danvan.lib.dates import today
from danvan.org.models import EmulationCluster, Organization

from . import services
from .models import Aggregation, Criterion, MemberRole, RoundKind, Team


class ContestForm(AccessibleForm):
    organizer = forms.ModelChoiceField(
        label=_("Organizing body"), queryset=Organization.objects.none()
    )
    name = forms.CharField(label=_("Name of the contest"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    registration_deadline = VnDateField(
        label=_("Registration closes on (dd/mm/yyyy)"), required=False
    )
    aggregation = forms.ChoiceField(
        label=_("How the judges' scores are combined"),
        choices=Aggregation.choices,
        widget=forms.RadioSelect,
    )
    trim_min_judges = forms.IntegerField(
        label=_("Drop the highest and lowest score from this many judges"), min_value=3
    )
    tie_break_best_judge = forms.BooleanField(
        label=_("After the tie-break criteria, the best judge's total breaks ties"),
        required=False,
    )
    advance_count = forms.IntegerField(
        label=_("Teams advancing from each preliminary round"), min_value=1
    )
    first_prizes = forms.IntegerField(label=_("First prizes"), min_value=1)
    second_prizes = forms.IntegerField(label=_("Second prizes"), min_value=0)
    third_prizes = forms.IntegerField(label=_("Third prizes"), min_value=0)
    consolation_prizes = forms.IntegerField(label=_("Consolation prizes"), min_value=0)

    def __init__(
        self, *args: Any, bodies: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["organizer"]
        else:
            self.fields["organizer"].queryset = limited(bodies)  # type: ignore[attr-defined]
            self.preselect_single("organizer")
        defaults = services.ContestSettings(name="", year=today().year)
        for name in self.fields:
            if hasattr(defaults, name) and name not in ("name",):
                self.initial.setdefault(name, getattr(defaults, name))

    def settings(self) -> services.ContestSettings:
        d = self.cleaned_data
        return services.ContestSettings(
            name=d["name"],
            year=d["year"],
            description=d.get("description") or "",
            aggregation=d["aggregation"],
            trim_min_judges=d["trim_min_judges"],
            tie_break_best_judge=bool(d.get("tie_break_best_judge")),
            advance_count=d["advance_count"],
            first_prizes=d["first_prizes"],
            second_prizes=d["second_prizes"],
            third_prizes=d["third_prizes"],
            consolation_prizes=d["consolation_prizes"],
            registration_deadline=d.get("registration_deadline"),
        )


class CriterionForm(AccessibleForm):
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    max_score = forms.CharField(
        label=_("Highest score"), max_length=10, required=False, widget=NumberTextInput()
    )
    weight = forms.CharField(
        label=_("Weight"), max_length=10, required=False, widget=NumberTextInput()
    )
    tie_break = forms.IntegerField(
        label=_("Tie-break order (1 first; empty: none)"),
        required=False,
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=3, max_num=30)


def criteria_initial(criteria: list[Criterion]) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "max_score": f"{c.max_score.normalize():f}",
            "weight": f"{c.weight.normalize():f}",
            "tie_break": c.tie_break,
        }
        for c in criteria
    ]


def criteria_input(formset: Any) -> list[services.CriterionInput]:
    rows = []
    for form in formset.forms:
        d = form.cleaned_data
        if not (d.get("name") or "").strip():
            continue
        rows.append(
            services.CriterionInput(
                name=d["name"],
                max_score=d.get("max_score") or "",
                weight=d.get("weight") or "1",
                tie_break=d.get("tie_break"),
            )
        )
    return rows


class RoundForm(AccessibleForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices)
    name = forms.CharField(label=_("Name of the round"), max_length=200)
    cluster = forms.ModelChoiceField(
        label=_("Emulation cluster (preliminary rounds)"),
        required=False,
        queryset=EmulationCluster.objects.none(),
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Or a group of bodies (preliminary rounds)"),
        required=False,
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    held_on = VnDateField(label=_("Date (dd/mm/yyyy)"), required=False)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        clusters: QuerySet[EmulationCluster],
        bodies: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters  # type: ignore[attr-defined]
        self.fields["bodies"].queryset = limited(bodies)  # type: ignore[attr-defined]


class RoundEditForm(AccessibleForm):
    name = forms.CharField(label=_("Name of the round"), max_length=200)
    held_on = VnDateField(label=_("Date (dd/mm/yyyy)"), required=False)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)


class JudgeForm(AccessibleForm):
    username = forms.CharField(
        label=_("Judge's account (user name or e-mail)"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    is_head = forms.BooleanField(label=_("Head judge"), required=False)


class EnterTeamForm(AccessibleForm):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class TeamForm(AccessibleForm):
    organization = forms.ModelChoiceField(
        label=_("Registering body"), queryset=Organization.objects.none()
    )
    name = forms.CharField(label=_("Team name"), max_length=200)
    performance_title = forms.CharField(
        label=_("Title of the performance (sketch, presentation…)"), max_length=300
    )

    def __init__(
        self, *args: Any, bodies: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = limited(bodies)  # type: ignore[attr-defined]
            self.preselect_single("organization")


class MemberForm(AccessibleForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    role = forms.ChoiceField(
        label=_("Role in the team"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )


MembersFormSet = forms.formset_factory(MemberForm, extra=4, max_num=30)


def members_input(formset: Any) -> list[services.MemberInput]:
    return [
        services.MemberInput(
            full_name=f.cleaned_data.get("full_name") or "",
            position=f.cleaned_data.get("position") or "",
            role=f.cleaned_data.get("role") or MemberRole.MEMBER,
        )
        for f in formset.forms
        if (f.cleaned_data.get("full_name") or "").strip()
    ]


class ScoreForm(AccessibleForm):
    """One team's scores on the judge's sheet: a field per criterion."""

    def __init__(self, *args: Any, criteria: list[Criterion], team: Team, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"t{team.pk}")
        super().__init__(*args, **kwargs)
        self.team = team
        self.criteria = criteria
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.CharField(
                label=_("%(name)s (0–%(max)s)")
                % {"name": c.name, "max": f"{c.max_score.normalize():f}"},
                required=False,
                max_length=10,
                widget=NumberTextInput(),
            )

    def scores(self) -> dict[int, str]:
        return {c.pk: (self.cleaned_data.get(f"c{c.pk}") or "").strip() for c in self.criteria}
