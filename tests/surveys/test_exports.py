"""Exports: the raw answers as .xlsx with real numbers, a column per question (per matrix
row), formulas escaped, filtered as the results page; the summary as .docx; a fixed number
of queries however many responses."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from danvan.surveys.models import Channel
from danvan.surveys.services import building
from danvan.surveys.services.answering import submit_response
from tests.factories import sign_in
from tests.lib.xlsx_checks import assert_table_sheet, streamed

from .conftest import ask_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(surveying):  # type: ignore[no-untyped-def]
    asked = ask_everything(surveying.province, surveying.province_officer)
    asked.survey = building.open_survey(survey=asked.survey, actor=surveying.province_officer)
    version = asked.survey.versions.get()
    other = asked.single.choices.get(position=3)
    rows = list(asked.matrix.rows.order_by("position"))
    columns = list(asked.matrix.choices.order_by("position"))
    ranking = list(asked.ranking.choices.order_by("-position"))
    for i, (rating, words) in enumerate([(5, '=HYPERLINK("x")'), (2, "Chậm"), (4, "")]):
        submit_response(
            survey=asked.survey,
            version=version,
            sheet={
                f"q{asked.rating.pk}": [str(rating)],
                f"q{asked.single.pk}": [str(other.pk)],
                f"q{asked.single.pk}-other": ["Tổ dân phố"],
                f"q{asked.matrix.pk}-r{rows[0].pk}": [str(columns[2].pk)],
                f"q{asked.number.pk}": ["12,5" if i == 0 else "2"],
                f"q{asked.ranking.pk}": [str(c.pk) for c in ranking],
                f"q{asked.long.pk}": [words] if words else [],
            },
            channel=Channel.QR,
            key=f"k{i}",
            body=surveying.c2 if i == 2 else None,
        )
    return asked


def test_the_raw_answers_as_xlsx(
    client, surveying, answered, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, surveying.province_officer)
    url = reverse("surveys:export_xlsx", args=[answered.survey.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    sheet = streamed(response)
    assert_table_sheet(sheet, header_row=3)
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["STT", "Thời điểm gửi", "Kênh tiếp nhận", "Về cơ quan"]
    rating_col = header.index(f"1. {answered.rating.text}")
    first = [c.value for c in sheet[4]]
    assert first[rating_col] == 5  # a real number, not text
    assert first[header.index(f"5. {answered.number.text}")] == 12.5
    assert first[header.index(f"6. {answered.ranking.text}")] == "Rẻ > Đúng > Nhanh"
    assert first[header.index(f"2. {answered.single.text} — nội dung trả lời")] == "Tổ dân phố"
    assert first[header.index(f"4. {answered.matrix.text} — Tiếp nhận")] == "Tốt"
    assert first[header.index(f"8. {answered.long.text}")] == '\'=HYPERLINK("x")'
    assert sheet.max_row == 6
    only_c2 = streamed(client.get(url, {"body": surveying.c2.pk}))
    assert only_c2.max_row == 4


def test_the_summary_as_docx(client, surveying, answered) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, surveying.province_officer)
    response = client.get(reverse("surveys:export_docx", args=[answered.survey.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Tổng số phiếu: 3" in text
    assert "tỷ lệ hài lòng (trên mức giữa của thang): 66,7 %" in text
    assert "Chậm" in text


def test_exports_follow_the_results_rules(client, surveying, answered) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, surveying.c1_officer)  # a commune does not read its province's survey
    assert client.get(reverse("surveys:export_xlsx", args=[answered.survey.pk])).status_code == 403
    sign_in(client, surveying.province_officer)
    bad = client.get(reverse("surveys:export_xlsx", args=[answered.survey.pk]), {"since": "x"})
    assert bad.status_code == 400
