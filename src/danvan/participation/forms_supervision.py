"""The officers' forms of supervision and critique. The services check everything again; the
forms only read what was typed (dates dd/mm/yyyy, files through lib.uploads in the service)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.exemplars.forms import AccessibleForm, VnDateField, limited
from danvan.org.models import Organization

from .models import (
    BoardKind,
    Consultation,
    CritiqueForm,
    Delegation,
    Finding,
    RecommendationState,
    SupervisionForm,
)
from .models.supervision import reply_days, response_days

FILE_ACCEPT = ".pdf,.docx,.jpg,.jpeg,.png"
MAX_CONSULTATIONS = 200  # a select stays usable on a phone


def bodies_near(organizer: Organization) -> QuerySet[Organization]:
    """The bodies a Front body's supervision may reach: those of its province (or, for a
    central body, the central bodies), as a limited, ordered list."""
    if organizer.province_id:
        rows = Organization.objects.filter(province_id=organizer.province_id)
    else:
        rows = Organization.objects.filter(level=organizer.level)
    return limited(rows)


def _file(label: Any) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
        help_text=_("PDF, Word (.docx), JPG or PNG, at most 10 MB."),
    )


def _text(label: Any, rows: int = 4, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class ProgrammeFilter(forms.Form):
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    form = forms.ChoiceField(
        label=_("Form of supervision"),
        required=False,
        choices=[("", _("All forms")), *SupervisionForm.choices],
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]  # type: ignore[attr-defined]


class ProgrammeForm(AccessibleForm):
    organizer = forms.ModelChoiceField(
        label=_("Conducted by"), queryset=Organization.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)
    subject = _text(_("What is supervised"), required=False)
    form = forms.ChoiceField(label=_("Form of supervision"), choices=SupervisionForm.choices)
    plan_number = forms.CharField(label=_("Plan number"), max_length=60, required=False)
    plan_date = VnDateField(label=_("Plan date (dd/mm/yyyy)"), required=False)
    response_days = forms.IntegerField(
        label=_("Days the supervised bodies have to respond"),
        min_value=1,
        max_value=365,
        help_text=_(
            "Each recommendation's due date is this many days after it is sent, unless you "
            "set another. The legal limit is not confirmed: check the texts in force."
        ),
    )

    def __init__(self, *args: Any, organizers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = limited(organizers)  # type: ignore[attr-defined]
        self.preselect_single("organizer")
        self.fields["response_days"].initial = response_days()


class DelegationForm(AccessibleForm):
    name = forms.CharField(label=_("Name of the delegation"), max_length=200)
    head_name = forms.CharField(label=_("Head of the delegation"), max_length=200)
    member_names = _text(_("Members, one per line"), rows=4, required=False)
    bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies supervised"),
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    starts_on = VnDateField(label=_("From (dd/mm/yyyy)"))
    ends_on = VnDateField(label=_("To (dd/mm/yyyy)"))

    def __init__(self, *args: Any, organizer: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = bodies_near(organizer)  # type: ignore[attr-defined]


class FindingForm(AccessibleForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Organization.objects.none())
    delegation = forms.ModelChoiceField(
        label=_("Delegation"),
        queryset=Delegation.objects.none(),
        required=False,
        empty_label=_("— none (study of documents) —"),
    )
    text = _text(_("What was found"), rows=5)
    found_on = VnDateField(label=_("Date (dd/mm/yyyy)"))

    def __init__(
        self, *args: Any, organizer: Organization, delegations: QuerySet[Delegation], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["body"].queryset = bodies_near(organizer)  # type: ignore[attr-defined]
        self.fields["delegation"].queryset = delegations  # type: ignore[attr-defined]


class RecommendationForm(AccessibleForm):
    addressed_to = forms.ModelChoiceField(
        label=_("Addressed to"), queryset=Organization.objects.none()
    )
    finding = forms.ModelChoiceField(
        label=_("From the finding"),
        queryset=Finding.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    text = _text(_("Recommendation"), rows=5)
    sent_on = VnDateField(label=_("Sent on (dd/mm/yyyy)"))
    due_on = VnDateField(
        label=_("Response due (dd/mm/yyyy)"),
        required=False,
        help_text=_("Leave empty for the programme's number of days after sending."),
    )

    def __init__(
        self, *args: Any, organizer: Organization, findings: QuerySet[Finding], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["addressed_to"].queryset = bodies_near(organizer)  # type: ignore[attr-defined]
        self.fields["finding"].queryset = findings  # type: ignore[attr-defined]


class ResponseForm(AccessibleForm):
    text = _text(_("Response"), rows=5)
    responded_on = VnDateField(label=_("Date of the response (dd/mm/yyyy)"))
    file = _file(_("Evidence (the response letter, a report)"))


class CloseForm(AccessibleForm):
    outcome = forms.ChoiceField(
        label=_("Assessment"),
        widget=forms.RadioSelect,
        choices=[
            (RecommendationState.DONE, _("Done: the recommendation was carried out")),
            (RecommendationState.NOT_ACCEPTED, _("Not accepted")),
        ],
    )
    note = _text(_("Note"), rows=3, required=False)


class ConsultationChoiceField(forms.ModelChoiceField):
    """A consultation named by its draft's title and its drafting body."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} — {obj.body.name}"


def consultations_of(
    readable: QuerySet[Consultation], drafting_body: Organization | int | None = None
) -> QuerySet[Consultation]:
    """The consultations offered beside a critique: those the user reads (the caller passes
    access_consultations.consultations_for), of the drafting body when one is chosen, the
    newest first, at most MAX_CONSULTATIONS."""
    rows = readable
    if drafting_body is not None:
        rows = rows.filter(body=drafting_body)
    newest = rows.order_by("-opens_on", "-pk").values("pk")[:MAX_CONSULTATIONS]
    return (
        Consultation.objects.filter(pk__in=newest)
        .select_related("body")
        .order_by("-opens_on", "-pk")
    )


class NewCritiqueForm(AccessibleForm):
    organizer = forms.ModelChoiceField(
        label=_("Conducted by"), queryset=Organization.objects.none(), empty_label=None
    )
    draft_title = forms.CharField(label=_("Draft"), max_length=300)
    drafting_body = forms.ModelChoiceField(
        label=_("Drafting body"), queryset=Organization.objects.none()
    )
    form = forms.ChoiceField(label=_("Form of critique"), choices=CritiqueForm.choices)
    received_on = VnDateField(label=_("Draft received on (dd/mm/yyyy)"))
    consultation = ConsultationChoiceField(
        label=_("Consultation on the same draft"),
        queryset=Consultation.objects.none(),
        required=False,
        empty_label=_("— none —"),
        help_text=_(
            "The drafting body's consultation of the people on this draft, if there is one "
            "you may read."
        ),
    )
    reply_days = forms.IntegerField(
        label=_("Days the drafter has to reply"),
        min_value=1,
        max_value=365,
        help_text=_("The legal limit is not confirmed: check the texts in force."),
    )

    def __init__(
        self,
        *args: Any,
        organizers: QuerySet[Organization],
        consultations: QuerySet[Consultation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = limited(organizers)  # type: ignore[attr-defined]
        self.preselect_single("organizer")
        self.fields["reply_days"].initial = reply_days()
        first = limited(organizers).first()
        drafters = bodies_near(first) if first else Organization.objects.none()
        self.fields["drafting_body"].queryset = drafters  # type: ignore[attr-defined]
        # Without JavaScript the drafting body is chosen in the same form: a bound form keeps
        # the consultations of the body typed, the service checks the pair again.
        chosen = self.data.get("drafting_body") if self.is_bound else None
        body = int(chosen) if chosen and str(chosen).isdigit() else None
        readable = consultations if consultations is not None else Consultation.objects.none()
        self.fields["consultation"].queryset = consultations_of(readable, body)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        consultation, body = data.get("consultation"), data.get("drafting_body")
        if consultation is not None and body is not None and consultation.body_id != body.pk:
            self.add_error("consultation", _("Choose a consultation of the drafting body."))
        return data


class CritiqueConsultationForm(AccessibleForm):
    """Link (or unlink) the drafting body's consultation on the draft of a critique."""

    consultation = ConsultationChoiceField(
        label=_("Consultation on the same draft"),
        queryset=Consultation.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )

    def __init__(
        self,
        *args: Any,
        consultations: QuerySet[Consultation],
        drafting_body: Organization,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = consultations_of(consultations, drafting_body)  # type: ignore[attr-defined]


class SendCritiqueForm(AccessibleForm):
    number = forms.CharField(label=_("Critique document number"), max_length=60)
    sent_on = VnDateField(label=_("Sent on (dd/mm/yyyy)"))
    reply_due_on = VnDateField(
        label=_("Reply due (dd/mm/yyyy)"),
        required=False,
        help_text=_("Leave empty for the critique's number of days after sending."),
    )
    file = _file(_("Critique document"))


class ReplyForm(AccessibleForm):
    text = _text(_("The drafter's reply"), rows=5)
    replied_on = VnDateField(label=_("Reply date (dd/mm/yyyy)"))
    file = _file(_("Reply document"))


class BoardForm(AccessibleForm):
    commune_body = forms.ModelChoiceField(
        label=_("Organized by"), queryset=Organization.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Kind of board"), choices=BoardKind.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    project = forms.CharField(
        label=_("Investment project supervised"),
        max_length=300,
        required=False,
        help_text=_("For a community investment supervision board."),
    )
    members = _text(_("Members, one per line (name — role)"), rows=5)
    term_from = VnDateField(label=_("Term from (dd/mm/yyyy)"))
    term_to = VnDateField(label=_("Term to (dd/mm/yyyy)"))

    def __init__(self, *args: Any, organizers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune_body"].queryset = limited(organizers)  # type: ignore[attr-defined]
        self.preselect_single("commune_body")


class BoardReportForm(AccessibleForm):
    period_from = VnDateField(label=_("Period from (dd/mm/yyyy)"))
    period_to = VnDateField(label=_("Period to (dd/mm/yyyy)"))
    text = _text(_("Report"), rows=6)
    findings_count = forms.IntegerField(label=_("Number of findings"), min_value=0, initial=0)
    file = _file(_("Report file"))
