"""Building a survey: its sections and questions, their choices, rows and display
conditions; opening and closing it. What a survey asks is frozen once it has answers: the
first change after that copies the version and changes the copy (decision 0024)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit, require
from danvan.org.models import Organization

from ..library import criterion_of, library
from ..models import (
    CHOICE_KINDS,
    Choice,
    ConditionKind,
    MatrixRow,
    Question,
    QuestionKind,
    Section,
    Survey,
    SurveyState,
    SurveyVersion,
)

MOST_CHOICES = 50


@dataclass(frozen=True)
class QuestionSpec:
    """A question as the builder gives it. `choices` for one, several, a ranking and a
    matrix's columns; `rows` for a matrix; the last choice asks for words when
    `other_last` ("Khác (ghi rõ)")."""

    kind: str
    text: str
    help_text: str = ""
    required: bool = False
    choices: Sequence[str] = field(default_factory=tuple)
    other_last: bool = False
    rows: Sequence[str] = field(default_factory=tuple)
    scale_max: int = 5
    low_label: str = ""
    high_label: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    max_choices: int | None = None
    code: str = ""


def _checked(spec: QuestionSpec) -> dict[str, str]:
    errors: dict[str, str] = {}
    if spec.kind not in QuestionKind.values:
        errors["kind"] = _("Choose the type of question.")
        return errors
    if not spec.text.strip():
        errors["text"] = _("Write the question.")
    choices = [c.strip() for c in spec.choices if c.strip()]
    rows = [r.strip() for r in spec.rows if r.strip()]
    if spec.kind in CHOICE_KINDS and len(choices) < 2:
        errors["choices"] = _("Give at least two choices, one per line.")
    if len(choices) > MOST_CHOICES or len(rows) > MOST_CHOICES:
        errors["choices"] = _("At most %(n)s choices or rows.") % {"n": MOST_CHOICES}
    if len(set(choices)) != len(choices):
        errors["choices"] = _("Each choice once.")
    if spec.kind == QuestionKind.MATRIX and not rows:
        errors["rows"] = _("Give the matrix's rows, one per line.")
    if spec.kind == QuestionKind.RATING and not 2 <= spec.scale_max <= 10:
        errors["scale_max"] = _("A rating goes from 1 to between 2 and 10.")
    if (
        spec.min_value is not None
        and spec.max_value is not None
        and spec.min_value > spec.max_value
    ):
        errors["max_value"] = _("The largest number is at least the smallest.")
    multiple = spec.kind == QuestionKind.MULTIPLE
    if multiple and spec.max_choices is not None and not 1 <= spec.max_choices <= len(choices):
        errors["max_choices"] = _("Between 1 and the number of choices.")
    return errors


def _draft(survey: Survey) -> SurveyVersion:
    """The version a change goes to: the latest, or a copy of it once it has answers."""
    latest = (
        SurveyVersion.objects.select_for_update().filter(survey=survey).order_by("-number").first()
    )
    if latest is None:
        return SurveyVersion.objects.create(survey=survey, number=1)
    if latest.frozen_at is None:
        return latest
    return _copy(latest)


def _copy(old: SurveyVersion) -> SurveyVersion:
    new = SurveyVersion.objects.create(survey=old.survey, number=old.number + 1)
    sections = {}
    for s in old.sections.all():
        sections[s.pk] = Section.objects.create(
            version=new, position=s.position, title=s.title, description=s.description
        )
    questions: dict[int, Question] = {}
    choices: dict[int, Choice] = {}
    conditions: list[tuple[Question, int, int | None]] = []
    for q in old.questions.prefetch_related("choices", "rows").order_by("position"):
        was, olds, rows = q.pk, list(q.choices.all()), list(q.rows.all())
        if q.shown_if_id:
            conditions.append((q, q.shown_if_id, q.shown_if_choice_id))
        q.pk, q._state.adding = None, True
        q.version = new
        q.section = sections.get(q.section_id) if q.section_id else None
        q.shown_if, q.shown_if_choice = None, None
        q.save()
        questions[was] = q
        for c in olds:
            choices[c.pk] = Choice.objects.create(
                question=q, position=c.position, text=c.text, free_text=c.free_text
            )
        MatrixRow.objects.bulk_create(
            MatrixRow(question=q, position=r.position, text=r.text) for r in rows
        )
    for q, source, choice in conditions:
        q.shown_if = questions.get(source)
        q.shown_if_choice = choices.get(choice) if choice else None
        q.save(update_fields=["shown_if", "shown_if_choice"])
    return new


def _in_draft(question: Question) -> Question:
    """The question as it stands in the version a change goes to."""
    version = _draft(question.version.survey)
    if version.pk == question.version_id:
        return question
    return version.questions.get(position=question.position)


@transaction.atomic
def create_survey(
    *,
    owner: Organization,
    title: str,
    description: str = "",
    public_link: bool = True,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    actor: User | None = None,
) -> Survey:
    require(actor, "surveys.add_survey", owner)
    if not title.strip():
        raise ValidationError({"title": _("Give the survey a title.")})
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("A survey closes on or after the day it opens.")})
    survey = Survey.objects.create(
        owner=owner,
        title=title.strip(),
        description=description.strip(),
        public_link=public_link,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor,
    )
    SurveyVersion.objects.create(survey=survey, number=1)
    audit(actor, survey, ADDITION)
    return survey


@transaction.atomic
def add_section(
    *, survey: Survey, title: str, description: str = "", actor: User | None = None
) -> Section:
    require(actor, "surveys.change_survey", survey)
    if not title.strip():
        raise ValidationError({"title": _("Give the section a title.")})
    version = _draft(survey)
    last = version.sections.aggregate(m=Max("position"))["m"] or 0
    section = Section.objects.create(
        version=version, position=last + 1, title=title.strip(), description=description
    )
    audit(actor, survey, CHANGE, _("Section added: %(title)s") % {"title": section.title})
    return section


def _apply(question: Question, spec: QuestionSpec) -> None:
    question.kind = spec.kind
    question.text = spec.text.strip()
    question.help_text = spec.help_text.strip()
    question.required = spec.required
    question.scale_max = spec.scale_max
    question.low_label = spec.low_label.strip()
    question.high_label = spec.high_label.strip()
    question.min_value = spec.min_value
    question.max_value = spec.max_value
    question.max_choices = spec.max_choices if spec.kind == QuestionKind.MULTIPLE else None
    question.code = spec.code.strip()


def _set_choices(question: Question, spec: QuestionSpec) -> None:
    question.choices.all().delete()
    question.rows.all().delete()
    if question.kind in CHOICE_KINDS:
        texts = [c.strip() for c in spec.choices if c.strip()]
        Choice.objects.bulk_create(
            Choice(
                question=question,
                position=i,
                text=text,
                free_text=spec.other_last and i == len(texts) and question.kind != "matrix",
            )
            for i, text in enumerate(texts, start=1)
        )
    if question.kind == QuestionKind.MATRIX:
        MatrixRow.objects.bulk_create(
            MatrixRow(question=question, position=i, text=text)
            for i, text in enumerate((r.strip() for r in spec.rows if r.strip()), start=1)
        )


@transaction.atomic
def add_question(
    *,
    survey: Survey,
    spec: QuestionSpec,
    section: Section | None = None,
    actor: User | None = None,
) -> Question:
    require(actor, "surveys.change_survey", survey)
    if errors := _checked(spec):
        raise ValidationError(errors)
    version = _draft(survey)
    if section is not None and section.version_id != version.pk:
        section = version.sections.filter(position=section.position).first()
    last = version.questions.aggregate(m=Max("position"))["m"] or 0
    question = Question(version=version, section=section, position=last + 1)
    _apply(question, spec)
    question.save()
    _set_choices(question, spec)
    audit(actor, survey, CHANGE, _("Question added: %(text)s") % {"text": question.text})
    return question


@transaction.atomic
def change_question(
    *, question: Question, spec: QuestionSpec, actor: User | None = None
) -> Question:
    survey = question.version.survey
    require(actor, "surveys.change_survey", survey)
    if errors := _checked(spec):
        raise ValidationError(errors)
    target = _in_draft(question)
    kind_changed = target.kind != spec.kind
    _apply(target, spec)
    target.save()
    _set_choices(target, spec)
    if kind_changed:
        # A condition on this question's choices no longer means anything.
        Question.objects.filter(shown_if=target).update(
            shown_if=None, shown_if_kind="", shown_if_choice=None
        )
    audit(actor, survey, CHANGE, _("Question changed: %(text)s") % {"text": target.text})
    return target


@transaction.atomic
def remove_question(*, question: Question, actor: User | None = None) -> None:
    survey = question.version.survey
    require(actor, "surveys.change_survey", survey)
    target = _in_draft(question)
    Question.objects.filter(shown_if=target).update(
        shown_if=None, shown_if_kind="", shown_if_choice=None
    )
    audit(actor, survey, CHANGE, _("Question removed: %(text)s") % {"text": target.text})
    target.delete()


@transaction.atomic
def set_condition(
    *,
    question: Question,
    depends_on: Question | None,
    kind: str = "",
    choice: Choice | None = None,
    actor: User | None = None,
) -> Question:
    """Show `question` only when `depends_on` (an earlier question) was answered, or not, or
    has `choice`, or not. `depends_on` None: always shown."""
    survey = question.version.survey
    require(actor, "surveys.change_survey", survey)
    target = _in_draft(question)
    if depends_on is None:
        target.shown_if, target.shown_if_kind, target.shown_if_choice = None, "", None
        target.save(update_fields=["shown_if", "shown_if_kind", "shown_if_choice"])
        return target
    source = target.version.questions.filter(position=depends_on.position).first()
    if source is None or source.position >= target.position:
        raise ValidationError({"depends_on": _("A question depends only on one asked before it.")})
    if kind not in ConditionKind.values:
        raise ValidationError({"kind": _("Choose the condition.")})
    picked = None
    if kind in (ConditionKind.EQUALS, ConditionKind.NOT_EQUALS):
        if source.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) or choice is None:
            raise ValidationError(
                {"choice": _("Choose one of the choices of the question it depends on.")}
            )
        picked = source.choices.filter(position=choice.position, text=choice.text).first()
        if picked is None:
            raise ValidationError(
                {"choice": _("Choose one of the choices of the question it depends on.")}
            )
    target.shown_if, target.shown_if_kind, target.shown_if_choice = source, kind, picked
    target.save(update_fields=["shown_if", "shown_if_kind", "shown_if_choice"])
    audit(actor, survey, CHANGE, _("Condition set on: %(text)s") % {"text": target.text})
    return target


@transaction.atomic
def open_survey(*, survey: Survey, actor: User | None = None) -> Survey:
    require(actor, "surveys.change_survey", survey)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    latest = locked.versions.order_by("-number").first()
    if latest is None or not latest.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    if locked.state != SurveyState.OPEN:
        locked.state = SurveyState.OPEN
        locked.save(update_fields=["state"])
        audit(actor, locked, CHANGE, _("Opened."))
    return locked


@transaction.atomic
def close_survey(*, survey: Survey, actor: User | None = None) -> Survey:
    require(actor, "surveys.change_survey", survey)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.state != SurveyState.CLOSED:
        locked.state = SurveyState.CLOSED
        locked.save(update_fields=["state"])
        audit(actor, locked, CHANGE, _("Closed."))
    return locked


@transaction.atomic
def add_from_library(*, survey: Survey, criteria: Sequence[str], actor: User | None = None) -> int:
    """Add the library's criteria as sections of coded 1–5 ratings, in the library's order.
    A criterion the survey already asks is skipped: adding twice adds nothing. Returns the
    number of questions added."""
    require(actor, "surveys.change_survey", survey)
    known = library()
    chosen = set(criteria)
    if not chosen or any(known.criterion(code) is None for code in chosen):
        raise ValidationError({"criteria": _("Choose one or more criteria of the library.")})
    latest = survey.versions.order_by("-number").first()
    asked = (
        {criterion_of(code) for code in latest.questions.values_list("code", flat=True)}
        if latest is not None
        else set()
    )
    added = 0
    for criterion in known.criteria:
        if criterion.code not in chosen or criterion.code in asked:
            continue
        section = add_section(survey=survey, title=criterion.title, actor=actor)
        for n, text in enumerate(criterion.items, 1):
            add_question(
                survey=survey,
                section=section,
                spec=QuestionSpec(
                    kind=QuestionKind.RATING,
                    text=text,
                    scale_max=known.scale_max,
                    low_label=known.low_label,
                    high_label=known.high_label,
                    code=criterion.item_code(n),
                ),
                actor=actor,
            )
            added += 1
    return added
