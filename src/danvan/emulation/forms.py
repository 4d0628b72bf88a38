"""Officer forms for emulation and awards. They only read what was typed; the rules (who, in
which state, which values) are the services', whose errors are put back on the form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.exemplars.forms import AccessibleForm, NumberTextInput, VnDateField, limited
from danvan.lib.dates import today
from danvan.lib.forms import MultipleFileField, add_service_errors
from danvan.org.models import EmulationCluster, Organization

from .models import AwardCategory, AwardKind, DocumentType, Movement, RecipientKind
from .services import CriterionInput, DecisionRecipientInput
from .services._common import typed


class MovementForm(AccessibleForm):
    organization = forms.ModelChoiceField(
        label=_("Launching body"), queryset=Organization.objects.none()
    )
    name = forms.CharField(label=_("Name of the movement"), max_length=300)
    start_date = VnDateField(label=_("Starts on (dd/mm/yyyy)"))
    end_date = VnDateField(label=_("Ends on (dd/mm/yyyy)"), required=False)
    description = forms.CharField(
        label=_("Description (purpose, who takes part, how)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    criteria = forms.CharField(
        label=_("Criteria: one per line, “name | highest score”"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "Công tác dân vận | 30"}),
    )

    def __init__(self, *args: Any, bodies: QuerySet[Organization] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bodies is None:  # editing: the launching body stays
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = limited(bodies)  # type: ignore[attr-defined]
            self.preselect_single("organization")

    def criteria_list(self) -> list[CriterionInput]:
        rows = []
        for line in self.cleaned_data.get("criteria", "").splitlines():
            if not line.strip():
                continue
            name, _sep, top = line.rpartition("|")
            if not _sep:
                name, top = line, ""
            rows.append(CriterionInput(name=name.strip(), max_score=top.strip()))
        return rows

    @staticmethod
    def criteria_text(movement: Movement) -> str:
        return "\n".join(f"{c.name} | {typed(c.max_score)}" for c in movement.criteria.all())


class RegistrationForm(AccessibleForm):
    organization = forms.ModelChoiceField(
        label=_("Registering body"), queryset=Organization.objects.none()
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    commitments = forms.CharField(
        label=_("Commitments and targets"), widget=forms.Textarea(attrs={"rows": 4})
    )
    target_title = forms.ModelChoiceField(
        label=_("Title aimed for"),
        required=False,
        queryset=AwardKind.objects.filter(active=True, category=AwardCategory.TITLE),
    )

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = limited(bodies)  # type: ignore[attr-defined]
        self.preselect_single("organization")
        self.initial.setdefault("year", today().year)


class OpenScoringForm(AccessibleForm):
    cluster = forms.ModelChoiceField(
        label=_("Emulation cluster or bloc"), queryset=EmulationCluster.objects.none()
    )

    def __init__(self, *args: Any, clusters: QuerySet[EmulationCluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters  # type: ignore[attr-defined]


class ScoresForm(AccessibleForm):
    """One input per criterion, for the self-assessed or the assessed column."""

    def __init__(self, *args: Any, criteria: list[Any], column: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.CharField(
                label=_("%(name)s (0–%(max)s)") % {"name": c.name, "max": typed(c.max_score)},
                required=False,
                max_length=10,
                widget=NumberTextInput(),
            )
        self.column = column

    def scores(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}", "").strip() for c in self.criteria}


class ProposalStartForm(AccessibleForm):
    """Step one: who proposes and which award (the competent bodies depend on both)."""

    proposer = forms.ModelChoiceField(
        label=_("Proposing body"), queryset=Organization.objects.none()
    )
    award_kind = forms.ModelChoiceField(
        label=_("Award"), queryset=AwardKind.objects.filter(active=True)
    )

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposer"].queryset = limited(bodies)  # type: ignore[attr-defined]
        self.preselect_single("proposer")


class ProposalForm(AccessibleForm):
    authority = forms.ModelChoiceField(
        label=_("Granting body (competent for this award)"),
        queryset=Organization.objects.none(),
    )
    year = forms.IntegerField(label=_("Year of the achievements"), min_value=2000, max_value=2100)
    reference = forms.CharField(
        label=_("Submission number (e.g. 45/TTr-UBND)"), required=False, max_length=60
    )
    summary = forms.CharField(
        label=_("Summary of achievements"), widget=forms.Textarea(attrs={"rows": 4})
    )
    movement = forms.ModelChoiceField(
        label=_("Movement (optional)"), required=False, queryset=Movement.objects.none()
    )
    exemplar = forms.IntegerField(
        label=_("Number of a “Dân vận khéo” model (optional)"), required=False, min_value=1
    )

    def __init__(
        self,
        *args: Any,
        authorities: QuerySet[Organization],
        movements: QuerySet[Movement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities  # type: ignore[attr-defined]
        self.fields["movement"].queryset = movements  # type: ignore[attr-defined]
        self.preselect_single("authority")
        self.initial.setdefault("year", today().year)


class RecipientForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RecipientKind.choices)
    organization = forms.ModelChoiceField(
        label=_("A body of the platform (collectives)"),
        required=False,
        queryset=Organization.objects.none(),
    )
    name = forms.CharField(
        label=_("Name of the collective or person"), required=False, max_length=255
    )
    position = forms.CharField(label=_("Position (individuals)"), required=False, max_length=150)
    unit_name = forms.CharField(label=_("Unit"), required=False, max_length=255)
    achievements = forms.CharField(
        label=_("Achievements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    public_consent = forms.BooleanField(
        label=_("The person agrees that their name is published on the honor roll"),
        required=False,
    )
    reward_amount = forms.CharField(
        label=_("Reward (VND)"), required=False, max_length=20, widget=NumberTextInput()
    )

    def __init__(
        self, *args: Any, bodies: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["organization"].queryset = limited(bodies)  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        d = self.cleaned_data
        return not (d.get("name", "").strip() or d.get("organization"))

    def as_input(self) -> DecisionRecipientInput:
        d = self.cleaned_data
        return DecisionRecipientInput(
            kind=d["kind"],
            name=d.get("name", ""),
            organization=d.get("organization"),
            position=d.get("position", ""),
            unit_name=d.get("unit_name", ""),
            achievements=d.get("achievements", ""),
            public_consent=bool(d.get("public_consent")),
            reward_amount=d.get("reward_amount", ""),
        )


class BaseRecipientFormSet(forms.BaseFormSet):
    def __init__(
        self, *args: Any, bodies: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        self.bodies = bodies
        self.service_errors: list[str] = []
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "bodies": self.bodies}

    def recipients(self) -> list[DecisionRecipientInput]:
        return [f.as_input() for f in self.forms if f.is_valid() and not f.is_blank()]


def put_errors(form: forms.Form, recipients: BaseRecipientFormSet, error: ValidationError) -> None:
    """A service's errors back on the page: the recipients' above the recipient rows, the
    rest on the form."""
    recipients.service_errors = []
    if hasattr(error, "error_dict") and "recipients" in error.error_dict:
        recipients.service_errors = error.message_dict["recipients"]
        rest = {k: v for k, v in error.error_dict.items() if k != "recipients"}
        if rest:
            add_service_errors(form, ValidationError(rest))
        return
    add_service_errors(form, error)


RecipientFormSet = cast(
    type[BaseRecipientFormSet],
    forms.formset_factory(RecipientForm, formset=BaseRecipientFormSet, extra=3, max_num=100),
)


class DocumentForm(AccessibleForm):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    # Not "files": a form keeps its uploads in `files`.
    upload = MultipleFileField(label=_("Files (PDF, DOCX, JPG or PNG; up to 5 of 10 MB each)"))


class NoteForm(AccessibleForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(AccessibleForm):
    """The decision as signed. Without a proposal, the body and the award are chosen here."""

    authority = forms.ModelChoiceField(
        label=_("Signing body"), queryset=Organization.objects.none()
    )
    award_kind = forms.ModelChoiceField(
        label=_("Award"), queryset=AwardKind.objects.filter(active=True)
    )
    number = forms.CharField(label=_("Number and symbol (e.g. 123/QĐ-UBND)"), max_length=60)
    signed_on = VnDateField(label=_("Date signed (dd/mm/yyyy)"))
    subject = forms.CharField(
        label=_("Excerpt (“Về việc …”; empty: “Về việc tặng” and the award)"),
        required=False,
        max_length=300,
    )
    decider_title = forms.CharField(
        label=_("Deciding authority (empty: from the signing body)"),
        required=False,
        max_length=255,
    )
    grounds = forms.CharField(
        label=_("Legal grounds, one per line (empty: the Law and Decree 98/2023)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    signing_capacity = forms.CharField(
        label=_("Signing capacity (e.g. KT. CHỦ TỊCH; empty when the head signs)"),
        required=False,
        max_length=150,
    )
    signer_title = forms.CharField(label=_("Signer's title (e.g. Phó Chủ tịch)"), max_length=150)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150)
    place_name = forms.CharField(
        label=_("Place name on the document (empty: the body's place)"),
        required=False,
        max_length=100,
    )
    distribution = forms.CharField(
        label=_("Distribution (“Nơi nhận”), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        authorities: QuerySet[Organization] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if authorities is None:  # from a proposal: its body and award
            del self.fields["authority"]
            del self.fields["award_kind"]
        else:
            self.fields["authority"].queryset = limited(authorities)  # type: ignore[attr-defined]
            self.preselect_single("authority")
        self.initial.setdefault("signed_on", today())


__all__ = [
    "DecisionForm",
    "DocumentForm",
    "MovementForm",
    "NoteForm",
    "OpenScoringForm",
    "ProposalForm",
    "ProposalStartForm",
    "RecipientFormSet",
    "RegistrationForm",
    "ScoresForm",
    "put_errors",
]
