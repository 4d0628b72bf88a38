"""A survey's answers out of the platform:

- .xlsx, raw: one row per response — when, the channel, the body it is about — and a column
  per question (a matrix: a column per row; a choice's words in a column of their own),
  ratings and numbers as real numbers, several choices joined by "; ", a ranking as
  "A > B > C". Streamed: the answers are read in the responses' order, a response at a time
  (lib.spreadsheets writes them to a temporary file as they come), so memory stays flat.
- .docx, a summary in the conducting body's layout: for each question its counts and
  shares, a rating's mean and satisfied share, for the officers to edit into a report.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from itertools import groupby

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.shared import Cm

from danvan.lib import documents as layout
from danvan.lib.dates import today
from danvan.lib.numbers import format_vn_number
from danvan.lib.spreadsheets import Column, Kind, xlsx_file
from danvan.org.letterhead import headed

from .models import Answer, Question, QuestionKind, Response, SurveyVersion
from .selectors.results import Results

CHUNK = 2000


def _columns(questions: list[Question]) -> tuple[list[Column], list[tuple[int, int | None, str]]]:
    """The header, and for each question column what fills it: (question, row, part)."""
    header = [
        Column(pgettext("row number", "No."), Kind.PLAIN),
        Column(_("Submitted at"), Kind.DATETIME),
        Column(_("Channel")),
        Column(_("About the body")),
    ]
    slots: list[tuple[int, int | None, str]] = []
    for number, q in enumerate(questions, 1):
        numeric = q.kind in (QuestionKind.RATING, QuestionKind.NUMBER)
        if q.kind == QuestionKind.MATRIX:
            for row in q.rows.all():
                header.append(Column(f"{number}. {q.text} — {row.text}"))
                slots.append((q.pk, row.pk, "choice"))
            continue
        header.append(Column(f"{number}. {q.text}", Kind.NUMBER if numeric else Kind.TEXT))
        slots.append((q.pk, None, "value"))
        if any(c.free_text for c in q.choices.all()):
            header.append(Column(f"{number}. {q.text} — {_('words')}"))
            slots.append((q.pk, None, "words"))
    return header, slots


def _cells(answers: list[Answer], slots: list[tuple[int, int | None, str]]) -> list[object]:
    by_question: dict[int, list[Answer]] = {}
    for a in answers:
        by_question.setdefault(a.question_id, []).append(a)
    cells: list[object] = []
    for question, row, part in slots:
        mine = by_question.get(question, [])
        if part == "choice":
            cells.append(next((a.choice.text for a in mine if a.row_id == row and a.choice), None))
        elif part == "words":
            cells.append("; ".join(a.text for a in mine if a.choice_id and a.text) or None)
        elif not mine:
            cells.append(None)
        elif mine[0].choice_id is not None:
            if mine[0].number is not None:  # a ranking: choices by place
                ranked = sorted(mine, key=lambda a: a.number or 0)
                cells.append(" > ".join(a.choice.text for a in ranked if a.choice))
            else:
                cells.append("; ".join(a.choice.text for a in mine if a.choice))
        elif mine[0].number is not None:
            cells.append(mine[0].number)
        else:
            cells.append(mine[0].text)
    return cells


def raw_rows(
    version: SurveyVersion, responses: QuerySet[Response], slots: list[tuple[int, int | None, str]]
) -> Iterator[list[object]]:
    answers = (
        Answer.objects.filter(response__in=responses.values("pk"), question__version=version)
        .select_related("choice")
        .order_by("response_id", "pk")
        .iterator(chunk_size=CHUNK)
    )
    grouped = groupby(answers, key=lambda a: a.response_id)
    heads = (
        responses.filter(version=version)
        .select_related("body")
        .order_by("pk")
        .values_list("pk", "submitted_at", "channel", "body__name")
        .iterator(chunk_size=CHUNK)
    )
    channels = dict(Response._meta.get_field("channel").choices or [])
    current = next(grouped, None)
    for number, (pk, submitted_at, channel, body) in enumerate(heads, 1):
        while current is not None and current[0] < pk:
            current = next(grouped, None)
        mine = list(current[1]) if current is not None and current[0] == pk else []
        yield [
            number,
            submitted_at,
            str(channels.get(channel, channel)),
            body,
            *_cells(mine, slots),
        ]


def xlsx(version: SurveyVersion, responses: QuerySet[Response]) -> tempfile.SpooledTemporaryFile:
    questions = list(version.questions.prefetch_related("choices", "rows").order_by("position"))
    header, slots = _columns(questions)
    return xlsx_file(
        _("Answers"),
        header,
        raw_rows(version, responses, slots),
        preamble=[[version.survey.title], [version.survey.owner.name]],
    )


def _percent(part: int, whole: int) -> str:
    return f"{format_vn_number(round(100 * part / whole, 1))} %" if whole else "—"


def summary_docx(found: Results) -> bytes:
    """The results as a draft report (.docx) in the conducting body's layout."""
    survey = found.survey
    document, system = headed(survey.owner)
    layout.title(
        document, system, "Báo cáo", f"Kết quả {survey.title[:1].lower()}{survey.title[1:]}"
    )
    layout.body_paragraph(
        document,
        f"Tổng số phiếu: {format_vn_number(found.responses)} (số liệu đến ngày "
        f"{today():%d/%m/%Y}, phiên bản {found.version.number} của phiếu khảo sát).",
        italic=True,
    )
    for number, result in enumerate(found.questions, 1):
        q = result.question
        layout.body_paragraph(document, f"{number}. {q.text}", bold=True)
        layout.body_paragraph(document, f"Số người trả lời: {format_vn_number(result.answered)}.")
        if q.kind == QuestionKind.RATING:
            total = result.rated
            rows = [
                [
                    str(i),
                    format_vn_number(result.distribution.get(i, 0)),
                    _percent(result.distribution.get(i, 0), total),
                ]
                for i in range(1, q.scale_max + 1)
            ]
            layout.grid(
                document,
                ["Mức", "Số phiếu", "Tỷ lệ"],
                rows,
                widths=[Cm(4), Cm(4), Cm(4)],
                numeric=[1, 2],
            )
            mean = format_vn_number(round(result.mean, 2)) if result.mean is not None else "—"
            share = _percent(result.satisfied, total)
            layout.body_paragraph(
                document,
                f"Điểm trung bình: {mean}; tỷ lệ hài lòng (trên mức giữa của thang): {share}.",
            )
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            rows = [
                [
                    c.text,
                    format_vn_number(result.counts.get((c.pk, None), 0)),
                    _percent(result.counts.get((c.pk, None), 0), result.answered),
                ]
                for c in q.choices.all()
            ]
            layout.grid(
                document,
                ["Phương án", "Số phiếu", "Tỷ lệ"],
                rows,
                widths=[Cm(9), Cm(3), Cm(3)],
                numeric=[1, 2],
            )
        elif q.kind == QuestionKind.MATRIX:
            columns = list(q.choices.all())
            rows = [
                [r.text, *[format_vn_number(result.counts.get((c.pk, r.pk), 0)) for c in columns]]
                for r in q.rows.all()
            ]
            width = Cm(10 / max(len(columns), 1))
            layout.grid(
                document,
                ["", *[c.text for c in columns]],
                rows,
                widths=[Cm(5), *[width] * len(columns)],
                numeric=list(range(1, len(columns) + 1)),
            )
        elif q.kind == QuestionKind.NUMBER and result.mean is not None:
            layout.body_paragraph(
                document, f"Bình quân: {format_vn_number(round(result.mean, 2))}."
            )
        elif q.kind == QuestionKind.RANKING:
            for c in sorted(q.choices.all(), key=lambda c: result.mean_place.get(c.pk) or 99):
                mean_place = result.mean_place.get(c.pk)
                shown = format_vn_number(round(mean_place, 2)) if mean_place is not None else "—"
                layout.body_paragraph(document, f"- {c.text}: thứ hạng bình quân {shown}.")
        for words in result.words[:10]:
            layout.body_paragraph(document, f"- “{words}”", italic=True)
    return layout.to_bytes(document)
