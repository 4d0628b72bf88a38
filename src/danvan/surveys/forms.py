"""The officers' forms: a survey, a question, the results' filter. The answer form is drawn
from `sheet` (its names are the answer sheet's)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.exemplars.forms import AccessibleForm, NumberTextInput, VnDateField, limited
from danvan.lib.numbers import parse_vn_number
from danvan.org.models import AdminLevel, AdminUnit, Organization

from .library import library
from .models import ConditionKind, Question, QuestionKind
from .services.building import QuestionSpec


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SurveyForm(AccessibleForm):
    owner = forms.ModelChoiceField(
        label=_("Conducted by"), queryset=Organization.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the survey is for and how long it takes; shown above the questions."),
    )
    public_link = forms.BooleanField(
        label=_("Anyone with the link or the QR code may answer"), required=False, initial=True
    )
    opens_on = VnDateField(label=_("Open from (dd/mm/yyyy)"), required=False)
    closes_on = VnDateField(label=_("Open until (dd/mm/yyyy)"), required=False)

    def __init__(self, *args: Any, owners: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = limited(owners)  # type: ignore[attr-defined]
        self.preselect_single("owner")


class _Number(forms.CharField):
    widget = NumberTextInput

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        try:
            return parse_vn_number(super().to_python(value))
        except ValueError:
            raise forms.ValidationError(_("Write a number, e.g. 3.545 or 12,5.")) from None


class QuestionForm(AccessibleForm):
    kind = forms.ChoiceField(label=_("Type of question"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Explanation"), max_length=300, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For one choice, several choices, a ranking, and a matrix's columns."),
    )
    other_last = forms.BooleanField(
        label=_("The last choice asks for words (“Khác (ghi rõ)”)"), required=False
    )
    rows = forms.CharField(
        label=_("Matrix rows, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scale_max = forms.IntegerField(
        label=_("Highest rating"), min_value=2, max_value=10, initial=5, required=False
    )
    low_label = forms.CharField(
        label=_("Name of the lowest rating"),
        max_length=60,
        required=False,
        help_text=_("e.g. Rất không hài lòng"),
    )
    high_label = forms.CharField(
        label=_("Name of the highest rating"),
        max_length=60,
        required=False,
        help_text=_("e.g. Rất hài lòng"),
    )
    min_value = _Number(label=_("Smallest number"), required=False)
    max_value = _Number(label=_("Largest number"), required=False)
    max_choices = forms.IntegerField(
        label=_("Most choices one may tick"), min_value=1, max_value=50, required=False
    )

    def spec(self) -> QuestionSpec:
        d = self.cleaned_data
        return QuestionSpec(
            kind=d["kind"],
            text=d["text"],
            help_text=d["help_text"],
            required=d["required"],
            choices=_lines(d["choices"]),
            other_last=d["other_last"],
            rows=_lines(d["rows"]),
            scale_max=d["scale_max"] or 5,
            low_label=d["low_label"],
            high_label=d["high_label"],
            min_value=d["min_value"],
            max_value=d["max_value"],
            max_choices=d["max_choices"],
        )


class ResultsFilter(forms.Form):
    body = forms.ModelChoiceField(
        label=_("About the body"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All bodies"),
    )
    since = VnDateField(label=_("From (dd/mm/yyyy)"), required=False)
    until = VnDateField(label=_("To (dd/mm/yyyy)"), required=False)

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = limited(bodies)  # type: ignore[attr-defined]


class CodesForm(AccessibleForm):
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=1000, initial=50)
    batch = forms.CharField(
        label=_("For (a note to find the batch again)"),
        max_length=100,
        required=False,
        help_text=_("e.g. Slips for the one-stop shop, December"),
    )


class QuestionEditForm(QuestionForm):
    """A question changed, and when it is shown: always, or depending on an earlier one."""

    shown_if = forms.TypedChoiceField(
        label=_("Shown"), required=False, coerce=int, empty_value=None
    )
    shown_if_kind = forms.ChoiceField(
        label=_("When the question it depends on"),
        required=False,
        choices=[("", "—"), *ConditionKind.choices],
    )
    shown_if_choice = forms.TypedChoiceField(
        label=_("The choice"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("For “has this choice” and “does not have this choice”."),
    )

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        earlier = [
            q
            for q in question.version.questions.prefetch_related("choices").order_by("position")
            if q.position < question.position
        ]
        choices = list(question.choices.all())  # read once for the two fields below
        kwargs.setdefault(
            "initial",
            {
                "kind": question.kind,
                "text": question.text,
                "help_text": question.help_text,
                "required": question.required,
                "choices": "\n".join(c.text for c in choices),
                "other_last": any(c.free_text for c in choices),
                "rows": "\n".join(r.text for r in question.rows.all()),
                "scale_max": question.scale_max,
                "low_label": question.low_label,
                "high_label": question.high_label,
                "min_value": question.min_value,
                "max_value": question.max_value,
                "max_choices": question.max_choices,
                "shown_if": question.shown_if_id,
                "shown_if_kind": question.shown_if_kind,
                "shown_if_choice": question.shown_if_choice_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.earlier = {q.pk: q for q in earlier}
        self.fields["shown_if"].choices = [  # type: ignore[attr-defined]
            ("", _("Always")),
            *[
                (q.pk, _("Depending on question %(n)s: %(text)s") % {"n": i, "text": q.text})
                for i, q in enumerate(earlier, 1)
            ],
        ]
        self.fields["shown_if_choice"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[
                (c.pk, f"{i}. {c.text}")
                for i, q in enumerate(earlier, 1)
                for c in q.choices.all()
                if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
            ],
        ]


class IndexFilter(forms.Form):
    """The index page's period (a quarter or a whole year) and, for the nation's staff, the
    province whose bodies to show."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Whole year")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )
    province = forms.ModelChoiceField(
        label=_("Province or city"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("Whole country, by province"),
    )

    def __init__(self, *args: Any, years: list[int], nation: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        if nation:
            provinces = AdminUnit.objects.filter(level=AdminLevel.PROVINCE).current()
            self.fields["province"].queryset = provinces.order_by("name")  # type: ignore[attr-defined]
        else:
            del self.fields["province"]


class LibraryForm(AccessibleForm):
    """Which criteria of the question library to add to a survey, each as a section."""

    criteria = forms.MultipleChoiceField(
        label=_("Criteria to add"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each criterion is added as a section of 1–5 ratings that the satisfaction index reads."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = [  # type: ignore[attr-defined]
            (c.code, f"{c.family.upper()} — {c.title} ({len(c.items)})") for c in library().criteria
        ]
