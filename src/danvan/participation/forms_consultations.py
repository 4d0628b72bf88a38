"""The forms of consultations: the officers' (a consultation, the draft's upload, a part,
hiding a comment, answering it) and the public's (a comment, an e-mail and its code). The
services check everything again; these say what is missing beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.exemplars.forms import AccessibleForm, VnDateField, limited
from danvan.org.models import Organization

from .models import AnswerOutcome, DraftPart, PartKind, Stance

DOCX_ACCEPT = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ConsultationForm(AccessibleForm):
    body = forms.ModelChoiceField(
        label=_("Drafting body"), queryset=Organization.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title of the draft"), max_length=300)
    document_kind = forms.CharField(
        label=_("Kind of document"),
        max_length=100,
        required=False,
        help_text=_("e.g. Nghị quyết, Quyết định, Quy định"),
    )
    document_number = forms.CharField(label=_("Number and symbol"), max_length=60, required=False)
    summary = forms.CharField(
        label=pgettext_lazy("consultation", "Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the draft is about and why the people's comments are asked."),
    )
    opens_on = VnDateField(label=_("Open from (dd/mm/yyyy)"))
    closes_on = VnDateField(label=_("Open until (dd/mm/yyyy)"))
    citizens_may_comment = forms.BooleanField(
        label=_("Citizens may comment"), required=False, initial=True
    )
    organizations_may_comment = forms.BooleanField(
        label=_("Organizations may comment"), required=False, initial=True
    )
    file = forms.FileField(
        label=_("The draft (.docx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": DOCX_ACCEPT}),
        help_text=_(
            "Split into chapters, sections, articles, clauses and points, which you can "
            "then correct. You may also add the parts by hand."
        ),
    )

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = limited(bodies)  # type: ignore[attr-defined]
        self.preselect_single("body")


class UploadForm(AccessibleForm):
    file = forms.FileField(
        label=_("The draft (.docx)"),
        widget=forms.ClearableFileInput(attrs={"accept": DOCX_ACCEPT}),
        help_text=_("Replaces the parts there are now."),
    )


class PartForm(AccessibleForm):
    kind = forms.ChoiceField(label=_("Kind of part"), choices=PartKind.choices)
    number = forms.CharField(
        label=pgettext_lazy("part of a draft", "Number"),
        max_length=20,
        required=False,
        help_text=_("e.g. I, 3, 2, a"),
    )
    heading = forms.CharField(
        label=pgettext_lazy("part of a draft", "Heading"), max_length=500, required=False
    )
    text = forms.CharField(
        label=pgettext_lazy("part of a draft", "Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AddPartForm(PartForm):
    after = forms.ModelChoiceField(
        label=_("Put it after"),
        queryset=DraftPart.objects.none(),
        required=False,
        empty_label=_("At the end"),
    )

    def __init__(self, *args: Any, parts: QuerySet[DraftPart], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["after"].queryset = parts  # type: ignore[attr-defined]
        self.fields["after"].label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.label} {p.heading}".strip()
        )


class HideForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=500,
        help_text=_("The author reads it beside their comment."),
    )


class AnswerForm(AccessibleForm):
    outcome = forms.ChoiceField(
        label=_("Answer"), choices=AnswerOutcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Acceptance or explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class CommentForm(AccessibleForm):
    stance = forms.ChoiceField(
        label=_("Your opinion"), choices=Stance.choices, widget=forms.RadioSelect
    )
    proposed_wording = forms.CharField(
        label=_("Proposed wording"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How you would write it, if you would change it."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    display_name = forms.CharField(
        label=_("Name shown with your comment"),
        max_length=120,
        required=False,
        help_text=_("Your name or a pen name; it is public. Your e-mail address is never shown."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organization = forms.ModelChoiceField(
        label=_("Comment for"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Myself, as a citizen"),
    )

    def __init__(
        self, *args: Any, bodies: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = limited(bodies)  # type: ignore[attr-defined]


class EmailForm(AccessibleForm):
    email = forms.CharField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a code to it. It is kept encrypted and never shown."),
    )


class CodeForm(AccessibleForm):
    code = forms.CharField(
        label=_("The code in the e-mail"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
