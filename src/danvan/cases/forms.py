from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.lib.forms import MultipleFileField
from danvan.org.models import AdminLevel, AdminUnit, Organization

from .models import AttachmentPurpose, CaseField, CaseKind, ComplaintRound, NotProcessableReason
from .models.cases import Complexity, DeclaredKind
from .services.places import commune_at

# The kinds as the public form offers them: each with what it means, in plain words.
DECLARED_KIND_CHOICES = [
    (
        DeclaredKind.FEEDBACK,
        _("Feedback: you tell the authorities about something that is happening"),
    ),
    (
        DeclaredKind.PROPOSAL,
        _("Proposal: you suggest how something should be done or changed"),
    ),
    (
        DeclaredKind.COMPLAINT,
        _(
            "Complaint: you ask for a decision or an act of an administrative body or official "
            "that harms your rights to be reviewed"
        ),
    ),
    (
        DeclaredKind.DENUNCIATION,
        _("Denunciation: you report a violation of the law by an official, body or person"),
    ),
    (DeclaredKind.MIXED, _("Several of these")),
    (DeclaredKind.UNKNOWN, _("I don't know")),
]


class SubmissionForm(forms.Form):
    """The public form: phone-first, a few fields, a place from today's units or an address."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    title = forms.CharField(label=_("Short title"), max_length=200)
    content = forms.CharField(
        label=_("What happened, and what do you ask?"), widget=forms.Textarea(attrs={"rows": 6})
    )
    declared_kind = forms.ChoiceField(
        label=_("What kind of matter do you think it is? (optional)"),
        required=False,
        choices=DECLARED_KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Choose one of the kinds in the list, or “I don't know”.")
        },
    )
    # A point pinned on the map (pin-map.js); optional, and only ever set by the map.
    latitude = forms.FloatField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("The point on the map could not be read: place it again.")},
    )
    longitude = forms.FloatField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("The point on the map could not be read: place it again.")},
    )
    province = forms.ModelChoiceField(
        label=_("Province or city"), required=False, queryset=AdminUnit.objects.none()
    )
    unit = forms.ModelChoiceField(
        label=_("Commune, ward or special zone"), required=False, queryset=AdminUnit.objects.none()
    )
    address = forms.CharField(
        label=_("Address (old names are understood)"), required=False, max_length=300
    )
    field = forms.ModelChoiceField(
        label=_("Field"), required=False, queryset=CaseField.objects.filter(active=True)
    )
    anonymous = forms.BooleanField(label=_("Send anonymously"), required=False)
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    attachments = MultipleFileField(
        label=_("Attachments (PDF, JPG, PNG, DOCX; up to 5 files of 10 MB)"), required=False
    )
    consent = forms.BooleanField(
        label=_("I agree that my personal data are processed to handle this matter."),
        required=False,
    )
    # Asked apart from the consent above, and never ticked in advance.
    survey_consent = forms.BooleanField(
        label=_("Send me a short satisfaction survey when my matter closes."),
        help_text=_(
            "It comes to your e-mail address with a one-time code. Your answer is anonymous: "
            "it cannot be traced to you or to your matter. Not sent if you send anonymously."
        ),
        required=False,
    )
    publish_content = forms.BooleanField(
        label=_(
            "Publish what I wrote and the answer on the public list of matters (without my "
            "name or contact details)."
        ),
        help_text=_(
            "If you do not tick this, the public list shows only the field, the commune or "
            "ward and the state of your matter. Denunciations are never published."
        ),
        required=False,
        # The consequence, shown under the box, is read out with it.
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_publish_content_help"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = AdminUnit.objects.current()
        self.fields["province"].queryset = current.provinces().order_by("name")  # type: ignore[attr-defined]
        province_id = self.data.get("province") or self.initial.get("province")
        communes = current.communes().order_by("name")
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            communes.filter(province_id=province_id)
            if str(province_id or "").isdigit()
            else communes.none()
        )
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if self.has_error("latitude") or self.has_error("longitude"):
            data["latitude"] = data["longitude"] = None
        elif (latitude is None) != (longitude is None):
            self.add_error("latitude", _("The point on the map could not be read: place it again."))
        elif latitude is not None and longitude is not None:
            pinned = commune_at(latitude, longitude)
            if pinned is None:
                self.add_error(
                    "latitude",
                    _(
                        "The point on the map is outside Viet Nam, so it was removed. Place "
                        "it again inside Viet Nam, or just choose the commune or ward."
                    ),
                )
            elif data.get("unit") is None:
                # No commune chosen (the page ran without its script): the point's.
                data["unit"] = pinned
        return data


class OfficerEntryForm(SubmissionForm):
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[("in_person", _("Received in person")), ("letter", _("Paper letter"))],
    )
    received_at = forms.DateTimeField(label=_("Date received (dd/mm/yyyy hh:mm)"))
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The public form's declared kind, map pin and survey consent are not (yet) part of an
        # officer's entry.
        for name in ("declared_kind", "latitude", "longitude", "survey_consent"):
            del self.fields[name]
        self.fields["consent"].label = _("The citizen agreed to the processing of their data.")
        self.fields["publish_content"].label = _(
            "The citizen agreed in writing to publish the content (without their name)."
        )


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind (by content, not by title)"),
        choices=[c for c in CaseKind.choices if c[0] != "unclassified"],
    )
    field = forms.ModelChoiceField(
        label=_("Field"), required=False, queryset=CaseField.objects.filter(active=True)
    )
    complaint_round = forms.ChoiceField(
        label=_("For a complaint: first or second complaint"),
        choices=ComplaintRound.choices,
        initial=ComplaintRound.FIRST,
    )
    complexity = forms.ChoiceField(
        label=_("Complexity"),
        choices=Complexity.choices,
        help_text=_(
            "A complex complaint gets the longer limit; a denunciation gets a longer limit only "
            "by an extension decision."
        ),
    )
    remote_area = forms.BooleanField(
        label=_("Remote area with difficult travel (ticked when the commune is on the list)"),
        required=False,
    )
    several_places = forms.BooleanField(
        label=_("For a denunciation: checks in several places"), required=False
    )
    outside_competence = forms.BooleanField(
        label=_(
            "Outside this body's competence: to be forwarded (denunciation, feedback, proposal)"
        ),
        required=False,
    )


class NotProcessableForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=NotProcessableReason.choices)
    answer = forms.CharField(
        label=_("Explanation for the citizen"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer to the citizen (public)"), widget=forms.Textarea(attrs={"rows": 5})
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note (never shown to the citizen)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TrackForm(forms.Form):
    tracking_code = forms.CharField(label=_("Tracking code"), max_length=20)
    secret = forms.CharField(label=_("Secret"), max_length=20)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, _("5 — very satisfied")),
            (4, _("4 — satisfied")),
            (3, _("3 — neutral")),
            (2, _("2 — unsatisfied")),
            (1, _("1 — very unsatisfied")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("Why do you need the sender's details?"), max_length=200)


__all__ = ["AdminLevel"]


class TransferForm(forms.Form):
    """Forward to, or send down to, a body of the platform (bodies of the matter's province)."""

    to = forms.ModelChoiceField(label=_("Body"), queryset=Organization.objects.none())
    document_number = forms.CharField(label=_("Document number"), required=False, max_length=60)
    document_date = forms.DateField(label=_("Document date (dd/mm/yyyy)"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, province_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = (  # type: ignore[attr-defined]
            Organization.objects.current().filter(province_id=province_id).order_by("level", "name")
        )


class GuideForm(forms.Form):
    to_name = forms.CharField(label=_("Competent body (outside the platform)"), max_length=255)
    answer = forms.CharField(
        label=_("What the citizen should do (public)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(forms.Form):
    """A document the body attaches after intake: a decision, an official letter."""

    purpose = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[
            (AttachmentPurpose.DECISION, AttachmentPurpose.DECISION.label),
            (AttachmentPurpose.OTHER, AttachmentPurpose.OTHER.label),
            (AttachmentPurpose.EVIDENCE, _("Evidence collected")),
        ],
    )
    document_number = forms.CharField(
        label=_("Document number (e.g. 1207/QĐ-UBND)"), required=False, max_length=100
    )
    document_date = forms.DateField(label=_("Document date (dd/mm/yyyy)"), required=False)
    attachments = MultipleFileField(label=_("Files (PDF, JPG, PNG, DOCX; up to 5 files of 10 MB)"))
    public = forms.BooleanField(
        label=_("Show on the citizen's page (never for evidence)"), required=False
    )


class DecisionDocumentForm(forms.Form):
    """The written decision the laws require: its number and date."""

    document_number = forms.CharField(
        label=_("Decision number (e.g. 15/QĐ-UBND)"), max_length=100, required=True
    )
    document_date = forms.DateField(label=_("Decision date (dd/mm/yyyy)"), required=True)


class ExtendForm(DecisionDocumentForm):
    reason = forms.CharField(
        label=_("Why the resolution period is extended (shown to the citizen)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SuspendForm(DecisionDocumentForm):
    reason = forms.CharField(
        label=_("Why the resolution is suspended (shown to the citizen)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    effective_on = forms.DateField(
        label=_("Suspended from (dd/mm/yyyy; empty: the decision's date)"), required=False
    )


class ResumeForm(DecisionDocumentForm):
    effective_on = forms.DateField(
        label=_("Resumed from (dd/mm/yyyy; empty: the decision's date)"), required=False
    )
    reason = forms.CharField(
        label=_("Note for the citizen"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(forms.Form):
    whole = forms.TypedChoiceField(
        label=_("What is withdrawn"),
        coerce=lambda value: value == "whole",
        widget=forms.RadioSelect,
        choices=[("whole", _("The whole complaint")), ("part", _("Part of the complaint"))],
        initial="part",
    )
    withdrawn_part = forms.CharField(
        label=_("The part withdrawn (it will not be resolved)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    document_number = forms.CharField(
        label=_("The complainant's letter of withdrawal: number or reference"),
        required=False,
        max_length=100,
    )
    effective_on = forms.DateField(
        label=_("Withdrawn on (dd/mm/yyyy; empty for today)"), required=False
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the matter is reopened (shown to the citizen)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
