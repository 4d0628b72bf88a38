"""The forms of the community teams' pages. They only read what was typed (dates dd/mm/yyyy,
counts as 1.250); the rules are services.teams', whose errors are put back on the form."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.exemplars.forms import AccessibleForm, VnDateField, limited
from danvan.lib.numbers import parse_vn_number
from danvan.org.models import AdminUnit, Organization

from .models import MemberRole, TaskState, TeamKind, TeamTask
from .selectors.teams import ACTIVE, DISSOLVED
from .services.teams import ActivitySpec, MemberSpec, TeamSpec


def _text(label: Any, rows: int = 3, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class CountField(forms.CharField):
    """A whole number, 0 or more, as typed ("1.250"); empty reads as 0."""

    default_error_messages = {"invalid": _("Write a whole number, 0 or more.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int:
        text = super().clean(value)
        try:
            number = parse_vn_number(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number is None:
            return 0
        if number < 0 or number != number.to_integral_value():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


class TeamFilter(forms.Form):
    """The list's filter panel: read for its widgets; selectors.TeamFilters reads the query."""

    q = forms.CharField(label=_("Name or area contains"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *TeamKind.choices]
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Active and dissolved")),
            (ACTIVE, _("Active")),
            (DISSOLVED, _("Dissolved")),
        ],
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)

    def __init__(
        self, *args: Any, provinces: list[AdminUnit], communes: list[AdminUnit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, units in (("province", provinces), ("commune", communes)):
            self.fields[name].choices = [("", _("All")), *((str(u.pk), u.name) for u in units)]  # type: ignore[attr-defined]
        if len(provinces) < 2:
            del self.fields["province"]


class TeamForm(AccessibleForm):
    organization = forms.ModelChoiceField(
        label=_("Set up by"), queryset=Organization.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name of the team"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=TeamKind.choices)
    area = forms.CharField(
        label=_("Area"), max_length=300, help_text=_("Village, residential group")
    )
    founded_on = VnDateField(label=_("Set up on (dd/mm/yyyy)"))
    founding_decision = forms.CharField(
        label=_("Founding decision"),
        max_length=120,
        required=False,
        help_text=_("Number and date, e.g. 12/QĐ-UBND of 03/02/2026"),
    )
    description = _text(_("Tasks of the team"), rows=4)

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = limited(bodies)  # type: ignore[attr-defined]
        self.preselect_single("organization")

    def spec(self) -> TeamSpec:
        d = self.cleaned_data
        return TeamSpec(
            name=d["name"],
            kind=d["kind"],
            area=d["area"],
            founded_on=d["founded_on"],
            founding_decision=d["founding_decision"],
            description=d["description"],
        )


class MemberForm(AccessibleForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    occupation = forms.CharField(label=_("Occupation or position"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("Kept encrypted; shown only to the officers who manage the team."),
    )
    joined_on = VnDateField(label=_("Joined on (dd/mm/yyyy)"))

    def spec(self) -> MemberSpec:
        d = self.cleaned_data
        return MemberSpec(
            full_name=d["full_name"],
            role=d["role"],
            occupation=d["occupation"],
            phone=d["phone"],
            joined_on=d["joined_on"],
        )


class LeaveForm(AccessibleForm):
    left_on = VnDateField(label=_("Left on (dd/mm/yyyy)"))


class TaskForm(AccessibleForm):
    title = forms.CharField(label=_("Task"), max_length=300)
    description = _text(_("Details"))
    assigned_on = VnDateField(label=_("Given on (dd/mm/yyyy)"))
    due_on = VnDateField(label=_("Due on (dd/mm/yyyy)"), required=False)


class DoneForm(AccessibleForm):
    done_on = VnDateField(label=_("Done on (dd/mm/yyyy)"))


class DissolveForm(AccessibleForm):
    dissolved_on = VnDateField(
        label=_("Dissolved on (dd/mm/yyyy)"),
        help_text=_("Its current members leave and its open tasks are cancelled on that day."),
    )


class TaskChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.title


class ActivityForm(AccessibleForm):
    # Made when the form is first shown and sent back with it: a form sent twice (a double
    # tap, a retry on a weak connection) logs one activity.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    held_on = VnDateField(label=_("Held on (dd/mm/yyyy)"))
    title = forms.CharField(label=_("Activity"), max_length=300)
    task = TaskChoice(
        label=_("For the task"),
        required=False,
        queryset=TeamTask.objects.none(),
        empty_label=_("No particular task"),
    )
    description = _text(_("What was done"), rows=4)
    participants = CountField(label=_("Members taking part"))
    people_reached = CountField(label=_("People reached"))
    households_visited = CountField(label=_("Households visited"))

    def __init__(self, *args: Any, tasks: QuerySet[TeamTask], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks.exclude(state=TaskState.CANCELLED)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def spec(self) -> ActivitySpec:
        d = self.cleaned_data
        return ActivitySpec(
            held_on=d["held_on"],
            title=d["title"],
            description=d["description"],
            participants=d["participants"],
            people_reached=d["people_reached"],
            households_visited=d["households_visited"],
            task=d["task"],
        )
