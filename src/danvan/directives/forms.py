"""Forms of the directives pages. They only read what was typed; the rules (a symbol's
format, dates in order, who must act) are the services', whose errors are put back on the
form (lib.forms.add_service_errors)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.accounts.models import User
from danvan.emulation.models import AwardDecision
from danvan.exemplars.forms import AccessibleForm, NumberTextInput, VnDateField, limited
from danvan.lib.dates import today
from danvan.lib.forms import MultipleFileField
from danvan.lib.numbers import parse_vn_number
from danvan.org.models import Organization, OrganizationKind
from danvan.org.models.organizations import OrganizationLevel

from .models import (
    FRONT_KINDS,
    PLAN_KINDS,
    CascadeRule,
    Document,
    DocumentKind,
    DocumentState,
    DocumentSystem,
    LinkKind,
    ReviewKind,
    StudyForm,
    TaskState,
)
from .services.documents import DocumentSpec
from .services.plans import TaskSpec
from .services.register import OutgoingSpec

TEXTAREA = {"rows": 3}


def _searchable(field: forms.Field) -> forms.Field:
    field.widget.attrs["data-searchable"] = True
    return field


class DocumentForm(AccessibleForm):
    registrar = forms.ModelChoiceField(
        label=_("Registry of"), queryset=Organization.objects.none(), empty_label=None
    )
    symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        help_text=_(
            "As the document writes it: 25-NQ/TW, 24-KH/BTGDVTU, 1207/QĐ-UBND, 13/2023/NĐ-CP."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("As the symbol says")), *DocumentKind.choices],
    )
    signed_on = VnDateField(label=_("Date signed (dd/mm/yyyy)"))
    summary = forms.CharField(
        label=_("Summary (trích yếu)"), max_length=500, widget=forms.Textarea(attrs=TEXTAREA)
    )
    issuer = forms.ModelChoiceField(
        label=_("Issuing body of the network"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Leave empty for a central body named below."),
    )
    issuer_name = forms.CharField(
        label=_("Issuing body's name"),
        max_length=255,
        required=False,
        help_text=_(
            "e.g. Bộ Chính trị, Ban Bí thư, Ban Chấp hành Trung ương, Thủ tướng Chính phủ."
        ),
    )
    term = forms.CharField(label=_("Term (khóa)"), max_length=10, required=False)
    signer_name = forms.CharField(label=_("Signer"), max_length=150, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=150, required=False)
    effective_from = VnDateField(label=_("In force from (dd/mm/yyyy)"), required=False)
    expires_on = VnDateField(label=_("In force until (dd/mm/yyyy)"), required=False)
    file = forms.FileField(
        label=_("Full text (.docx or .pdf)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf"}),
        help_text=_("Its text becomes searchable; the file is kept as the original."),
    )
    text = forms.CharField(
        label=_("Or paste the full text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    public = forms.BooleanField(label=_("Shown on the public pages"), required=False)
    source = forms.CharField(label=_("Source"), max_length=500, required=False)

    def __init__(
        self,
        *args: Any,
        registrars: QuerySet[Organization],
        issuers: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registrar"].queryset = limited(registrars)  # type: ignore[attr-defined]
        self.fields["issuer"].queryset = limited(issuers)  # type: ignore[attr-defined]
        _searchable(self.fields["issuer"])
        self.preselect_single("registrar")

    def spec(self) -> DocumentSpec:
        d = self.cleaned_data
        return DocumentSpec(
            symbol=d["symbol"],
            signed_on=d["signed_on"],
            summary=d["summary"],
            kind=d["kind"],
            issuer=d.get("issuer"),
            issuer_name=d.get("issuer_name", ""),
            term=d["term"],
            signer_name=d["signer_name"],
            signer_title=d["signer_title"],
            effective_from=d["effective_from"],
            expires_on=d["expires_on"],
            text=d["text"],
            public=d["public"],
            source=d["source"],
        )

    @staticmethod
    def initial_of(document: Document) -> dict[str, Any]:
        return {
            "registrar": document.registrar_id,
            "symbol": document.symbol,
            "kind": document.kind,
            "signed_on": document.signed_on,
            "summary": document.summary,
            "issuer": document.issuer_id,
            "issuer_name": "" if document.issuer_id else document.issuer_name,
            "term": document.term,
            "signer_name": document.signer_name,
            "signer_title": document.signer_title,
            "effective_from": document.effective_from,
            "expires_on": document.expires_on,
            "text": "" if document.file else document.text,
            "public": document.public,
            "source": document.source,
        }


class PlanForm(DocumentForm):
    """A body's own programme or plan: its issuer and registry are the body itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("registrar", "issuer", "issuer_name"):
            del self.fields[name]
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [(k, DocumentKind(k).label) for k in sorted(PLAN_KINDS)]
        self.fields["kind"].required = True


class DocumentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.symbol} ({obj.signed_on:%d/%m/%Y}) — {obj.summary[:80]}"


class LinkForm(AccessibleForm):
    kind = forms.ChoiceField(label=_("This document"), choices=LinkKind.choices)
    target = DocumentChoice(label=_("Document"), queryset=Document.objects.none())

    def __init__(self, *args: Any, documents: QuerySet[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["target"])
        newest = documents.order_by("-signed_on", "-pk").values("pk")[:500]
        field.queryset = Document.objects.filter(pk__in=newest).order_by("-signed_on", "-pk")
        _searchable(field)


_KIND_CHOICES = [
    ("front", _("The Front and its member organizations")),
    *OrganizationKind.choices,
]


class CascadeForm(AccessibleForm):
    issuer = forms.ModelChoiceField(
        label=_("Cascading body"), queryset=Organization.objects.none(), empty_label=None
    )
    rule = forms.ChoiceField(
        label=_("Bodies that must act"), choices=CascadeRule.choices, widget=forms.RadioSelect
    )
    organization_kinds = forms.MultipleChoiceField(
        label=_("Kinds of body"),
        choices=_KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("Any level")), *OrganizationLevel.choices],
    )
    chosen = forms.ModelMultipleChoiceField(
        label=_("Chosen bodies"), queryset=Organization.objects.none(), required=False
    )
    requires_study = forms.BooleanField(label=_("Hold a study session"), required=False)
    study_due = VnDateField(label=_("Study session due (dd/mm/yyyy)"), required=False)
    requires_plan = forms.BooleanField(label=_("Issue a programme or plan"), required=False)
    plan_due = VnDateField(label=_("Programme or plan due (dd/mm/yyyy)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(
        self,
        *args: Any,
        issuers: QuerySet[Organization],
        candidates: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = limited(issuers)  # type: ignore[attr-defined]
        self.fields["chosen"].queryset = limited(candidates)  # type: ignore[attr-defined]
        _searchable(self.fields["chosen"])
        self.preselect_single("issuer")
        self.initial.setdefault("requires_study", True)
        self.initial.setdefault("requires_plan", True)
        self.initial.setdefault("rule", CascadeRule.BELOW)

    def kinds(self) -> list[str]:
        found: list[str] = []
        for k in self.cleaned_data["organization_kinds"]:
            found += list(FRONT_KINDS) if k == "front" else [k]
        return list(dict.fromkeys(found))


class StudyFormForm(AccessibleForm):
    held_on = VnDateField(label=_("Held on (dd/mm/yyyy)"))
    form = forms.ChoiceField(label=_("Form"), choices=StudyForm.choices)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    attendees = forms.IntegerField(
        label=_("Number attending"), min_value=1, widget=NumberTextInput()
    )
    party_members_attending = forms.IntegerField(
        label=_("Party members attending"), min_value=0, required=False, widget=NumberTextInput()
    )
    party_members_total = forms.IntegerField(
        label=_("Party members of the body"),
        min_value=0,
        required=False,
        widget=NumberTextInput(),
        help_text=_("With the number attending, gives the share of party members who studied."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("held_on", today())


class FindForm(AccessibleForm):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("A report, a press article or a document, with or without diacritics."),
    )
    file = forms.FileField(
        label=_("Or a file (.docx, .pdf)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste a text or choose a file."))
        return data


class ProposeForm(AccessibleForm):
    """The citations a text gave that the registry lacks, carried in the found page as JSON
    ([{symbol, issuer, date "YYYY-MM-DD", summary}]) and checked again here and by the
    service: the page is the officer's, but what it posts is not trusted."""

    MOST = 200

    registrar = forms.ModelChoiceField(
        label=_("Registry of"), queryset=Organization.objects.none(), empty_label=None
    )
    proposals = forms.CharField(widget=forms.HiddenInput, max_length=200_000)

    def __init__(self, *args: Any, registrars: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registrar"].queryset = limited(registrars)  # type: ignore[attr-defined]
        self.preselect_single("registrar")

    def clean_proposals(self) -> list[DocumentSpec]:
        unreadable = forms.ValidationError(
            _("The proposals could not be read: find the documents in the text again.")
        )
        try:
            given = json.loads(self.cleaned_data["proposals"])
        except ValueError:
            raise unreadable from None
        if not isinstance(given, list) or not given or len(given) > self.MOST:
            raise unreadable
        specs = []
        for item in given:
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) for k in ("symbol", "issuer", "date", "summary")
            ):
                raise unreadable
            try:
                signed_on = dt.date.fromisoformat(item["date"])
            except ValueError:
                raise unreadable from None
            specs.append(
                DocumentSpec(
                    symbol=item["symbol"][:60],
                    signed_on=signed_on,
                    summary=item["summary"][:500],
                    issuer_name=item["issuer"][:255],
                    note=str(_("Proposed from a text; check it before confirming.")),
                )
            )
        return specs


class RegistryFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *DocumentKind.choices]
    )
    system = forms.ChoiceField(
        label=_("System"),
        required=False,
        choices=[("", _("Party and State")), *DocumentSystem.choices],
    )
    in_force_on = VnDateField(label=_("In force on (dd/mm/yyyy)"), required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any")), *DocumentState.choices]
    )
    level = forms.ChoiceField(
        label=_("Issued at"),
        required=False,
        choices=[
            ("", _("The central and provincial levels")),
            ("commune", _("The commune level")),
            ("all", _("Every level")),
        ],
    )


class TaskForm(AccessibleForm):
    title = forms.CharField(label=_("Task"), max_length=500, widget=forms.Textarea(attrs=TEXTAREA))
    lead_body = forms.ModelChoiceField(label=_("Lead body"), queryset=Organization.objects.none())
    coordinators = forms.ModelMultipleChoiceField(
        label=_("Coordinating bodies"), queryset=Organization.objects.none(), required=False
    )
    officer = forms.ModelChoiceField(
        label=_("Responsible officer"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("An officer of the lead body; the task shows in their list."),
    )
    starts_on = VnDateField(label=_("Starts on (dd/mm/yyyy)"), required=False)
    due_on = VnDateField(label=pgettext_lazy("task", "Due on (dd/mm/yyyy)"))
    expected_output = forms.CharField(label=_("Expected output"), max_length=300, required=False)
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=100,
        initial=1,
        widget=NumberTextInput(),
        help_text=_("How much the task counts in its parent's progress (1 to 100)."),
    )

    def __init__(
        self,
        *args: Any,
        bodies: QuerySet[Organization],
        officers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead_body", "coordinators"):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = limited(bodies)
            _searchable(field)
        cast(forms.ModelChoiceField, self.fields["officer"]).queryset = officers

    def spec(self) -> TaskSpec:
        d = self.cleaned_data
        return TaskSpec(
            title=d["title"],
            lead_body=d["lead_body"],
            due_on=d["due_on"],
            starts_on=d["starts_on"],
            expected_output=d["expected_output"],
            weight=d["weight"],
            officer=d["officer"],
            coordinators=list(d["coordinators"]),
        )


class TargetForm(AccessibleForm):
    name = forms.CharField(label=_("Target"), max_length=300)
    unit = forms.CharField(label=_("Unit of measure"), max_length=40, help_text=_("e.g. %, hộ, xã"))
    target_value = forms.CharField(label=_("Target value"), widget=NumberTextInput())

    def clean_target_value(self) -> Decimal:
        return _number(self.cleaned_data["target_value"])


class TargetResultForm(AccessibleForm):
    achieved_value = forms.CharField(label=_("Achieved so far"), widget=NumberTextInput())
    achieved_on = VnDateField(label=_("As of (dd/mm/yyyy)"), required=False)

    def clean_achieved_value(self) -> Decimal:
        return _number(self.cleaned_data["achieved_value"])


def _number(text: str) -> Decimal:
    try:
        value = parse_vn_number(text)
    except (ValueError, ArithmeticError):
        value = None
    if value is None:
        raise forms.ValidationError(_("Write a number, e.g. 1.250 or 2,5."))
    return value


class ProgressForm(AccessibleForm):
    percent = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, widget=NumberTextInput()
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("From the progress (done at 100 percent)")), *TaskState.choices[:3]],
    )
    narrative = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    evidence = MultipleFileField(label=_("Evidence (photos, documents)"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("The task list with the progress written in (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class LeaderForm(AccessibleForm):
    name = forms.CharField(label=_("Leader's name"), max_length=150)
    position = forms.CharField(
        label=_("Position"), max_length=150, help_text=_("e.g. Phó Chủ tịch Ủy ban nhân dân")
    )
    valid_from = VnDateField(label=_("In charge from (dd/mm/yyyy)"))
    decision = forms.CharField(
        label=_("Assigned by (number and symbol)"), max_length=60, required=False
    )


class BlocForm(AccessibleForm):
    head_name = forms.CharField(label=_("Head of the bloc"), max_length=150)
    head_position = forms.CharField(
        label=_("Head's position"), max_length=150, initial="Phó Bí thư Thường trực Đảng ủy"
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Member bodies"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_from = VnDateField(label=_("Set up on (dd/mm/yyyy)"))
    decision = forms.CharField(
        label=_("Established by (number and symbol)"), max_length=60, required=False
    )

    def __init__(self, *args: Any, members: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["members"]).queryset = members


class OutgoingForm(AccessibleForm):
    body = forms.ModelChoiceField(
        label=_("Issuing body"), queryset=Organization.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[
            ("KH", pgettext_lazy("document type", "Plan")),
            ("CTr", pgettext_lazy("document type", "Programme")),
            ("TB", pgettext_lazy("document type", "Notice")),
            ("BC", pgettext_lazy("document type", "Report")),
            ("HD", pgettext_lazy("document type", "Guidance")),
            ("QĐ", pgettext_lazy("document type", "Decision")),
            ("CV", pgettext_lazy("document type", "Official letter")),
        ],
    )
    summary = forms.CharField(
        label=_("Summary (trích yếu)"), max_length=500, widget=forms.Textarea(attrs=TEXTAREA)
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    signer_capacity = forms.CharField(
        label=_("Signing capacity"),
        max_length=150,
        required=False,
        help_text=_("e.g. T/M BAN THƯỜNG VỤ, KT. CHỦ TỊCH"),
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=150)
    signer_name = forms.CharField(label=_("Signer"), max_length=150)
    recipients = forms.CharField(
        label=_("Recipients (“Nơi nhận”, one per line)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = limited(bodies)
        self.preselect_single("body")

    def spec(self) -> OutgoingSpec:
        d = self.cleaned_data
        return OutgoingSpec(
            kind=d["kind"],
            summary=d["summary"],
            text=d["text"],
            signer_capacity=d["signer_capacity"],
            signer_title=d["signer_title"],
            signer_name=d["signer_name"],
            recipients=d["recipients"],
        )


class ReviewForm(AccessibleForm):
    caller = forms.ModelChoiceField(
        label=_("Reviewing body"), queryset=Organization.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewKind.choices)
    years = forms.IntegerField(
        label=_("Years of implementation"),
        required=False,
        min_value=1,
        max_value=50,
        widget=NumberTextInput(),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    period_from = VnDateField(label=_("Reviewed from (dd/mm/yyyy)"))
    period_to = VnDateField(label=_("Reviewed until (dd/mm/yyyy)"))
    due_on = VnDateField(label=_("Reports due (dd/mm/yyyy)"))
    rule = forms.ChoiceField(
        label=_("Bodies asked for a report"),
        choices=CascadeRule.choices[:2],
        widget=forms.RadioSelect,
    )
    organization_kinds = forms.MultipleChoiceField(
        label=_("Kinds of body"),
        choices=_KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any level")), *OrganizationLevel.choices]
    )
    figure_labels = forms.CharField(
        label=_("Figures asked (one per line)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("e.g. Số hội nghị quán triệt; Số mô hình “Dân vận khéo”. They are added up."),
    )

    def __init__(self, *args: Any, callers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["caller"]).queryset = limited(callers)
        self.preselect_single("caller")
        self.initial.setdefault("rule", CascadeRule.BELOW)

    def kinds(self) -> list[str]:
        found: list[str] = []
        for k in self.cleaned_data["organization_kinds"]:
            found += list(FRONT_KINDS) if k == "front" else [k]
        return list(dict.fromkeys(found))

    def labels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["figure_labels"].splitlines()]


class SubmissionForm(AccessibleForm):
    results = forms.CharField(label=_("Results achieved"), widget=forms.Textarea(attrs={"rows": 6}))
    shortcomings = forms.CharField(
        label=_("Shortcomings and their causes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lessons = forms.CharField(
        label=_("Lessons learned"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    proposals = forms.CharField(
        label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, labels: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labels = labels
        for i, label in enumerate(labels):
            self.fields[f"figure_{i}"] = forms.CharField(
                label=label, required=False, widget=NumberTextInput()
            )

    def figures(self) -> dict[str, str]:
        return {label: self.cleaned_data[f"figure_{i}"] for i, label in enumerate(self.labels)}


class ConferenceForm(AccessibleForm):
    held_on = VnDateField(label=_("Held on (dd/mm/yyyy)"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    participants = forms.IntegerField(
        label=_("Participants"), min_value=1, widget=NumberTextInput()
    )
    commended = forms.ModelMultipleChoiceField(
        label=_("Award decisions for the collectives commended"),
        queryset=AwardDecision.objects.none(),
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args: Any, decisions: QuerySet[AwardDecision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["commended"])
        field.queryset = decisions
        _searchable(field)
