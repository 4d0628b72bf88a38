"""Shapes of the surveys API: a survey and what it asks (enough for another system to draw the
answer form and build an answer sheet), its results, the satisfaction index and the question
library."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BaseModel, StringConstraints

from danvan.surveys.models import Channel, ConditionKind, QuestionKind, Survey, SurveyState
from danvan.surveys.services.answering import is_open

from . import AsOfDate, Id, OrganizationRefOut

# --- a survey and its questions ---------------------------------------------------------------


class SurveyOut(Schema):
    id: int
    title: str
    state: SurveyState
    owner: OrganizationRefOut = Field(description="The body conducting the survey.")
    opens_on: dt.date | None
    closes_on: dt.date | None
    public_link: bool = Field(
        description="Anyone with the link may answer; otherwise only with a one-time code."
    )
    is_open: bool = Field(description="Open for answers today (its state and its dates).")
    key: str = Field(description="The public key: POST /api/v1/surveys/public/{key}/responses.")
    created_at: dt.datetime
    responses: int = Field(description="Responses received, every version.")
    last_response_at: dt.datetime | None

    @staticmethod
    def resolve_is_open(obj: Survey) -> bool:
        return is_open(obj)

    @staticmethod
    def resolve_responses(obj: Survey) -> int:
        return int(getattr(obj, "response_count", 0))

    @staticmethod
    def resolve_last_response_at(obj: Survey) -> dt.datetime | None:
        return getattr(obj, "last_response", None)


class ChoiceOut(Schema):
    id: int
    position: int
    text: str
    free_text: bool = Field(
        description='Asks for words too (“Other, please say”): sent as "q<id>-other".'
    )


class MatrixRowOut(Schema):
    id: int
    position: int
    text: str
    name: str = Field(description='The answer sheet\'s name for the row: "q<id>-r<row id>".')


class ConditionOut(Schema):
    question_id: int = Field(description="The earlier question the condition reads.")
    kind: ConditionKind
    choice_id: int | None = Field(description="For equals / not_equals: the choice tested.")


class QuestionOut(Schema):
    id: int
    number: int = Field(description="Its number on the form, from 1.")
    section_id: int | None
    kind: QuestionKind
    text: str
    help_text: str
    required: bool = Field(description="An answer is required when the question is shown.")
    name: str = Field(description='The answer sheet\'s name: "q<id>".')
    scale_max: int | None = Field(description="A rating: 1 to this.")
    low_label: str
    high_label: str
    min_value: str | None = Field(description="A number's bounds, as decimal strings.")
    max_value: str | None
    max_choices: int | None = Field(description="Several choices: at most this many.")
    code: str = Field(description="The question library's item (e.g. sipas.staff.1), or empty.")
    shown_if: ConditionOut | None = Field(description="Shown only when this holds; null: always.")
    choices: list[ChoiceOut] = Field(description="A choice question's choices; a matrix's columns.")
    rows: list[MatrixRowOut] = Field(description="A matrix's rows.")


class SectionOut(Schema):
    id: int
    position: int
    title: str
    description: str


class SurveyDetailOut(SurveyOut):
    description: str
    version: int | None = Field(description="The latest version's number (its questions below).")
    sections: list[SectionOut]
    questions: list[QuestionOut]


class SurveyFilters(Schema):
    state: SurveyState | None = None
    owner: Id | None = Field(None, description="Only the surveys this body conducts (its id).")


# --- answering --------------------------------------------------------------------------------

AnswerValue = (
    Annotated[str, StringConstraints(max_length=20_000)]
    | int
    | float
    | Annotated[
        list[Annotated[str, StringConstraints(max_length=20_000)] | int | float],
        Field(max_length=60),
    ]
)
SheetName = Annotated[str, StringConstraints(max_length=40)]


class ResponseIn(BaseModel):
    key: str = Field(
        min_length=1,
        max_length=64,
        description="The submission's own key, chosen by the sender: sent again with the same "
        "key, the response first kept is returned (200) and nothing is added.",
    )
    channel: Literal["link", "code"] = Field(
        "link", description="link: the public link; code: with a one-time code (`code`)."
    )
    code: str = Field("", max_length=20, description="The one-time code, for channel code.")
    answers: dict[SheetName, AnswerValue] = Field(
        description='The answer sheet: "q<id>" → the rating, number or words, a choice\'s id, '
        'the chosen ids (several), or the ids in ranked order; "q<id>-other" → the words of a '
        'choice that asks for them; "q<id>-r<row id>" → a matrix row\'s chosen column (id).',
    )


class ResponseOut(Schema):
    id: int
    survey_id: int
    version: int
    channel: Channel
    submitted_at: dt.datetime
    created: bool = Field(description="false: the same key was sent before; nothing was added.")


# --- results ----------------------------------------------------------------------------------


class ResultsFilters(Schema):
    body: Id | None = Field(
        None, description="Only the responses about this body (the survey's or one under it)."
    )
    since: AsOfDate = Field(None, description="Responses from this day (yyyy-mm-dd or dd/mm/yyyy).")
    until: AsOfDate = Field(None, description="Responses up to this day, included.")


class CountOut(Schema):
    choice_id: int
    row_id: int | None = Field(description="A matrix: the row; null otherwise.")
    count: int


class RatingCountOut(Schema):
    rating: int
    count: int


class PlaceOut(Schema):
    choice_id: int
    mean_place: float = Field(description="A ranking: the choice's mean place (1 = first).")


class GroupOut(Schema):
    label: str = Field(description="The group's commonest wording.")
    count: int
    examples: list[str]


class QuestionResultOut(Schema):
    question_id: int
    number: int
    kind: QuestionKind
    text: str
    answered: int = Field(description="Responses that answered the question.")
    counts: list[CountOut] = Field(description="Choices (per matrix row): how many chose each.")
    distribution: list[RatingCountOut] = Field(description="A rating: how many gave each value.")
    mean: float | None = Field(description="A rating's or a number's mean.")
    rated: int
    satisfied: int = Field(description="Ratings above the middle of the scale.")
    satisfied_share: float = Field(description="satisfied / rated, per cent, one decimal.")
    places: list[PlaceOut]
    words: list[str] = Field(description="The latest words given, newest first (at most 20).")
    groups: list[GroupOut] = Field(description="Free text: the latest answers grouped by wording.")
    grouped_from: int = Field(description="How many of the latest answers the groups are of.")


class ResultsOut(Schema):
    survey_id: int
    version: int
    responses: int = Field(description="Responses the filters keep.")
    questions: list[QuestionResultOut]


# --- the satisfaction index -------------------------------------------------------------------


class IndexFilters(Schema):
    year: int | None = Field(
        None, ge=2000, le=2100, description="The year; the current quarter when not given."
    )
    quarter: int | None = Field(None, ge=1, le=4, description="1–4; the whole year when empty.")
    province: Id | None = Field(
        None,
        description="Staff covering the whole country: one province's bodies instead of the "
        "provinces (its id).",
    )


class EstimateOut(Schema):
    n: int = Field(description="Responses counted.")
    value: float | None = Field(
        description="Per cent satisfied; null when hidden (fewer responses than the minimum)."
    )
    margin: float | None = Field(description="Half the 95 % confidence interval, in points.")
    low: float | None
    high: float | None


class CriterionEstimateOut(EstimateOut):
    criterion: str


class MattersOut(Schema):
    rated: int = Field(description="Answered matters rated by their citizens.")
    mean: float | None = Field(description="Their mean rating (1–5); null below the minimum.")


class IndexRowOut(Schema):
    key: int | None = Field(description="The province's or the body's id (by); null: the total.")
    label: str
    index: EstimateOut
    criteria: list[CriterionEstimateOut] = Field(description="In the order of the criteria.")
    matters: MattersOut | None


class PeriodOut(Schema):
    year: int
    quarter: int | None
    label: str
    starts_on: dt.date
    ends_on: dt.date


class CriterionOut(Schema):
    code: str
    family: str
    title: str
    short: str


class TrendOut(Schema):
    period: PeriodOut
    index: EstimateOut


class IndexOut(Schema):
    period: PeriodOut
    by: Literal["province", "body"]
    scope: str = Field(description="What the total covers.")
    minimum: int = Field(description="Figures from fewer responses are hidden.")
    criteria: list[CriterionOut]
    rows: list[IndexRowOut]
    total: IndexRowOut
    previous: EstimateOut = Field(description="The index of the period before.")
    trend: list[TrendOut] = Field(description="The last eight quarters, ending with the period.")
    matters_until: dt.date | None = Field(
        description="The last day the matters' ratings count (months completed only)."
    )


# --- the question library ---------------------------------------------------------------------


class LibraryItemOut(Schema):
    code: str = Field(description='A question\'s code, e.g. "sipas.staff.1".')
    text: str


class LibraryCriterionOut(CriterionOut):
    items: list[LibraryItemOut]


class LibraryOut(Schema):
    scale_max: int
    low_label: str
    high_label: str
    criteria: list[LibraryCriterionOut]
