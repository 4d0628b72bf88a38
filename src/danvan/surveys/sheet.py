"""The answer form as the page draws it: each question of a version with its field names (the
answer sheet's, services.answering), what was chosen or typed (kept after an error) and its
error. One place for the public form and the officers' paper entry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import Choice, MatrixRow, Question, QuestionKind, SurveyVersion


@dataclass
class Row:
    row: MatrixRow
    name: str
    chosen: str


@dataclass
class Field:
    question: Question
    number: int
    name: str
    values: list[str]
    error: str = ""
    choices: list[Choice] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    other: str = ""
    scale: list[int] = field(default_factory=list)
    places: list[tuple[int, str]] = field(default_factory=list)  # ranking: (place, chosen id)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def value(self) -> str:
        return self.values[0] if self.values else ""


def fields(
    version: SurveyVersion,
    sheet: Mapping[str, Sequence[str]] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[Field]:
    """The version's questions in order (three queries)."""
    sheet, errors = sheet or {}, errors or {}
    found = []
    questions = (
        version.questions.select_related("shown_if", "shown_if_choice")
        .prefetch_related("choices", "rows")
        .order_by("position")
    )
    for number, q in enumerate(questions, start=1):
        name = f"q{q.pk}"
        values = [str(v) for v in sheet.get(name, ())]
        f = Field(q, number, name, values, errors.get(name, ""), list(q.choices.all()))
        if q.kind == QuestionKind.MATRIX:
            f.rows = [
                Row(r, f"{name}-r{r.pk}", next(iter(sheet.get(f"{name}-r{r.pk}", ())), ""))
                for r in q.rows.all()
            ]
        if q.kind == QuestionKind.RATING:
            f.scale = list(range(1, q.scale_max + 1))
        if q.kind == QuestionKind.RANKING:
            f.places = [
                (i, values[i - 1] if i <= len(values) else "") for i in range(1, len(f.choices) + 1)
            ]
        f.other = next(iter(sheet.get(f"{name}-other", ())), "")
        found.append(f)
    return found


def posted(data: Any) -> dict[str, list[str]]:
    """A QueryDict (or a JSON object) as an answer sheet: only the sheet's own names."""
    if hasattr(data, "lists"):
        lists = list(data.lists())
    else:
        lists = [(k, v if isinstance(v, list) else [v]) for k, v in dict(data).items()]
    return {
        k: [str(x) for x in v][:60]
        for k, v in lists
        if isinstance(k, str) and k.startswith("q") and len(k) < 40
    }
