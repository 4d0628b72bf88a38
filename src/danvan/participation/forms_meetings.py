"""The forms of meetings and commitments. A time is typed "HH:MM" beside a dd/mm/yyyy date,
as officers write them; what is kept is the moment in UTC."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.exemplars.forms import AccessibleForm, VnDateField, limited
from danvan.org.models import Organization

from .models import MeetingKind

TIME = re.compile(r"^\s*(\d{1,2})[:hg.](\d{2})\s*$")


class VnTimeField(forms.Field):
    """A time of day typed "HH:MM" (also "8h30")."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "HH:MM"})
    default_error_messages = {"invalid": _("Write the time as HH:MM, e.g. 08:00.")}

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%H:%M") if isinstance(value, dt.time) else value

    def to_python(self, value: Any) -> dt.time | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        match = TIME.match(str(value))
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return dt.time(int(match[1]), int(match[2]))


def moment(day: dt.date, time: dt.time | None) -> dt.datetime:
    """A day and a time in Vietnam, as an aware moment."""
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(8, 0)))


class MeetingForm(AccessibleForm):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    host = forms.ModelChoiceField(label=_("Held by"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("Title"), max_length=255)
    day = VnDateField(label=_("Day (dd/mm/yyyy)"))
    starts = VnTimeField(label=_("From (HH:MM)"))
    ends = VnTimeField(label=_("Until (HH:MM)"), required=False)
    place = forms.CharField(label=_("Place"), max_length=300)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    chaired_by = forms.CharField(
        label=_("Chaired by"),
        max_length=255,
        required=False,
        help_text=_("Names and positions, as announced."),
    )
    agenda = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    questions_open = forms.BooleanField(
        label=_("People may send questions online before the meeting"), required=False, initial=True
    )

    def __init__(self, *args: Any, hosts: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = limited(hosts)  # type: ignore[attr-defined]
        self.preselect_single("host")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The meeting ends after it starts."))
        return data


class QuestionForm(AccessibleForm):
    text = forms.CharField(
        label=_("Question, opinion or recommendation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    asked_by = forms.CharField(
        label=_("Asked by (as it may be shown)"),
        max_length=120,
        required=False,
        help_text=_("e.g. Ông Nguyễn Văn A, tổ dân phố 5. Leave empty to stay unnamed."),
    )


class PublicQuestionForm(QuestionForm):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    website = forms.CharField(required=False, label=_("Leave this empty"))  # a trap for bots


class AnswerForm(AccessibleForm):
    answer = forms.CharField(label=_("Answer given"), widget=forms.Textarea(attrs={"rows": 3}))


class CommitForm(AccessibleForm):
    owner = forms.ModelChoiceField(
        label=_("Body responsible"), queryset=Organization.objects.none()
    )
    text = forms.CharField(label=_("What is promised"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = VnDateField(label=_("Due on (dd/mm/yyyy)"))

    def __init__(self, *args: Any, owners: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = limited(owners)  # type: ignore[attr-defined]


class MatterForm(AccessibleForm):
    title = forms.CharField(label=_("Title of the matter"), max_length=255)
    phone = forms.CharField(
        label=_("The asker's phone"),
        max_length=20,
        required=False,
        help_text=_(
            "If they gave it, so that the answer reaches them. Kept encrypted with the "
            "matter, never shown on the meeting's pages. Without a phone or an e-mail, the "
            "matter is anonymous."
        ),
    )
    email = forms.EmailField(label=_("The asker's e-mail"), required=False)


class ReasonForm(AccessibleForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class HoldForm(AccessibleForm):
    attendance = forms.IntegerField(label=_("People attending"), min_value=0, required=False)
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )


class PublishForm(AccessibleForm):
    results = forms.CharField(
        label=_("Results to publish"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was raised, what was answered and what was promised, for the people."),
    )


class CompleteForm(AccessibleForm):
    done_on = VnDateField(label=_("Done on (dd/mm/yyyy)"))
    evidence = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence_file = forms.FileField(
        label=_("Evidence (photo, document)"),
        required=False,
        help_text=_("PDF, Word or a photo, up to 10 MB. It is shown to the public."),
    )


class RescheduleForm(AccessibleForm):
    due_on = VnDateField(label=_("New due date (dd/mm/yyyy)"))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ScheduleFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *MeetingKind.choices]
    )
