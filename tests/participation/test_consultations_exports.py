"""The synthesis as .docx (the drafting body's layout, the customary columns) and .xlsx,
and the raw comments for the staff: every comment with its answer, in the draft's order,
with no personal data; a formula typed as a comment stays text."""

from __future__ import annotations

import io

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from danvan.participation import consultation_exports as exports
from danvan.participation.models import AnswerOutcome
from danvan.participation.selectors.consultations import part_stats
from danvan.participation.services import consultations as svc

from .test_consultations_services import NOW, article, comment, make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(participating, settings, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    p = participating
    with time_machine.travel(NOW):
        c = make_consultation(p)
        svc.open_consultation(consultation=c, actor=p.c1_officer)
        clause = c.parts.get(kind="clause", number="3", parent__number="3")
        first = comment(c, p.citizen, part=clause, proposed_wording='=HYPERLINK("x")')
        check = svc.send_code(consultation=c, email="lan@example.vn")
        check.verified_at = check.sent_at
        check.save()
        second = comment(c, None, key="k2", check=check, part=None, display_name="Lan")
        third = comment(
            c, p.c1_front_officer, key="k3", organization=p.c1_front, part=article(c, "1")
        )
        hidden = comment(c, p.stranger, key="k4", reasons="Quảng cáo")
        svc.hide_comment(comment=hidden, reason="Quảng cáo", actor=p.c1_officer)
        svc.answer_comment(
            comment=first, outcome=AnswerOutcome.ACCEPTED, text="Sửa khoản 3.", actor=p.c1_officer
        )
        svc.answer_comment(
            comment=second, outcome=AnswerOutcome.EXPLAINED, text="Giữ nguyên.", actor=p.c1_officer
        )
        svc.answer_comment(
            comment=third,
            outcome=AnswerOutcome.PARTLY,
            text="Tiếp thu một phần.",
            actor=p.c1_officer,
        )
    return c


def test_the_synthesis_docx_has_the_customary_title_and_columns(answered):
    document = Document(io.BytesIO(exports.synthesis_docx(answered)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý" in text
    table = document.tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == exports.headers()
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(rows) == 3  # the hidden comment is not in the synthesis
    assert rows[0][1] == exports.whole_draft() and rows[0][2] == "Lan"
    places = [r[1] for r in rows]
    assert any("3" in place and "," in place for place in places)  # clause 3, article 3
    assert any(answered.body.name != r[2] and "Ủy ban MTTQ" in r[2] for r in rows)
    assert "lan@example.vn" not in "".join(str(r) for r in rows)
    assert any(r[4].endswith("Sửa khoản 3.") for r in rows)


def test_the_synthesis_xlsx_keeps_formulas_as_text_and_no_personal_data(answered):
    book = load_workbook(exports.synthesis_xlsx(answered))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = " ".join(str(v) for row in values for v in row if v is not None)
    assert exports.SYNTHESIS_TITLE in flat
    assert "lan@example.vn" not in flat
    assert not any(isinstance(v, str) and v.startswith("=") for row in values for v in row)
    assert sum(1 for row in values if isinstance(row[0], int)) == 3


def test_the_raw_comments_xlsx_lists_hidden_ones_with_the_reason(answered):
    book = load_workbook(exports.comments_xlsx(answered))
    flat = " ".join(
        str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None
    )
    assert "Quảng cáo" in flat and "lan@example.vn" not in flat


def test_statistics_count_clauses_for_their_article_in_few_queries(
    answered, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        stats = part_stats(answered, whole_label="whole")
    by_label = {r.label: r for r in stats.rows}
    assert by_label["Điều 3"].comments == 1 and by_label["Điều 3"].hidden == 1
    assert by_label["Điều 3"].disagree == 1 and by_label["Điều 3"].answered == 1
    assert by_label["whole"].comments == 1
    assert stats.total.comments == 3 and stats.total.answered == 3
    assert stats.rows[0].part is None  # the draft as a whole first
