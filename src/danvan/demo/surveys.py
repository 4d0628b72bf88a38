"""Demo surveys (DEMO DATA): a satisfaction survey of the demo officer's commune People's
Committee about its one-stop shop, open, with invented answers spread over the last two
months (some through the link, most by QR code); and in each demo province, the province
People's Committee's survey of its communes' one-stop shops with the library's five SIPAS
criteria, answered about a few communes over the last three quarters, so that the
satisfaction index has something to show. Their titles say "(demo)"."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from danvan.org.models import AdminUnit, Organization, OrganizationKind
from danvan.surveys.library import INDEX_FAMILY, library
from danvan.surveys.models import Channel, Response, ResponseScore, Survey
from danvan.surveys.services import building
from danvan.surveys.services.answering import submit_response
from danvan.surveys.services.building import QuestionSpec

TITLE = "Khảo sát mức độ hài lòng về giải quyết thủ tục hành chính (demo)"
ASPECTS = [
    ("sipas.access.1", "Việc tiếp cận dịch vụ (địa điểm, biển chỉ dẫn, chỗ ngồi chờ)"),
    ("sipas.procedures.1", "Thủ tục hành chính được niêm yết công khai, đầy đủ, dễ hiểu"),
    ("sipas.staff.1", "Thái độ, sự tận tình của công chức tiếp nhận hồ sơ"),
    ("sipas.results.1", "Kết quả được trả đúng hẹn, đúng quy định"),
    ("sipas.feedback.1", "Việc tiếp nhận, xử lý góp ý, phản ánh, kiến nghị"),
]
WORDS = [
    "Công chức hướng dẫn tận tình.",
    "Cần thêm ghế ngồi chờ vào buổi sáng.",
    "Nên có bảng hướng dẫn nộp hồ sơ trực tuyến.",
    "Trả kết quả đúng hẹn, rất hài lòng.",
    "Thời gian chờ còn lâu vào đầu tuần.",
]


def seed_demo_surveys(*, officer_commune: str) -> int:
    """Returns the number of responses made (0 when seeded before)."""
    if Survey.objects.filter(title=TITLE).exists():
        return 0
    rng = random.Random(24)  # noqa: S311 - demo data, not security
    owner = Organization.objects.get(
        unit__code=officer_commune, kind=OrganizationKind.PEOPLES_COMMITTEE
    )
    survey = building.create_survey(
        owner=owner,
        title=TITLE,
        description=(
            "Dữ liệu demo. Xin ông/bà dành 2 phút cho biết mức độ hài lòng khi đến giải quyết "
            "thủ tục hành chính tại Bộ phận Một cửa."
        ),
    )
    ratings = [
        building.add_question(
            survey=survey,
            spec=QuestionSpec(
                kind="rating",
                text=text,
                required=True,
                low_label="Rất không hài lòng",
                high_label="Rất hài lòng",
                code=code,
            ),
        )
        for code, text in ASPECTS
    ]
    heard = building.add_question(
        survey=survey,
        spec=QuestionSpec(
            kind="single",
            text="Ông/bà biết đến thủ tục qua đâu?",
            choices=[
                "Cổng dịch vụ công",
                "Loa phát thanh, tổ dân phố",
                "Người quen",
                "Khác (ghi rõ)",
            ],
            other_last=True,
        ),
    )
    improve = building.add_question(
        survey=survey,
        spec=QuestionSpec(
            kind="multiple",
            text="Điều cần cải thiện nhất (chọn tối đa 2)",
            choices=["Thời gian chờ", "Hướng dẫn hồ sơ", "Cơ sở vật chất", "Nộp hồ sơ trực tuyến"],
            max_choices=2,
        ),
    )
    words = building.add_question(
        survey=survey, spec=QuestionSpec(kind="long_text", text="Ý kiến khác của ông/bà")
    )
    survey = building.open_survey(survey=survey)
    version = survey.versions.get()
    heard_choices = list(heard.choices.order_by("position"))
    improve_choices = list(improve.choices.order_by("position"))
    now = timezone.now()
    made = 0
    for i in range(140):
        sheet: dict[str, list[str]] = {
            f"q{q.pk}": [str(rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 5, 12, 10])[0])]
            for q in ratings
        }
        sheet[f"q{heard.pk}"] = [str(rng.choice(heard_choices).pk)]
        sheet[f"q{improve.pk}"] = [
            str(c.pk) for c in rng.sample(improve_choices, rng.randint(1, 2))
        ]
        if rng.random() < 0.3:
            sheet[f"q{words.pk}"] = [rng.choice(WORDS)]
        response = submit_response(
            survey=survey,
            version=version,
            sheet=sheet,
            channel=rng.choices([Channel.LINK, Channel.QR], weights=[2, 3])[0],
            key=f"demo-{i}",
        )
        # Spread over the last two months (demo data only: a real answer keeps its moment).
        at = now - dt.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 600))
        Response.objects.filter(pk=response.pk).update(submitted_at=at)
        ResponseScore.objects.filter(response=response).update(day=timezone.localdate(at))
        made += 1
    return made


INDEX_TITLE = "Khảo sát chỉ số hài lòng về sự phục vụ của UBND cấp xã (demo)"
INDEX_COMMUNES = 6
INDEX_ANSWERS = 36  # per commune and quarter: above the index's minimum of 30
# How kindly each commune's people answer (weights of ratings 1–5): the chart has a spread.
MOODS = [[1, 1, 3, 12, 14], [1, 2, 5, 12, 9], [2, 3, 6, 10, 6], [3, 4, 7, 8, 4], [1, 1, 4, 10, 10]]


def seed_demo_index(*, provinces: list[AdminUnit]) -> int:
    """The index surveys of the demo provinces; returns the responses made (0 when seeded)."""
    if Survey.objects.filter(title=INDEX_TITLE).exists():
        return 0
    rng = random.Random(19)  # noqa: S311 - demo data, not security
    sipas = [c.code for c in library().family(INDEX_FAMILY)]
    now = timezone.now()
    made = 0
    for province in provinces:
        owner = Organization.objects.filter(
            unit=province, kind=OrganizationKind.PEOPLES_COMMITTEE
        ).first()
        if owner is None:
            continue
        communes = list(
            Organization.objects.filter(
                province=province, level="commune", kind=OrganizationKind.PEOPLES_COMMITTEE
            ).order_by("code")[:INDEX_COMMUNES]
        )
        survey = building.create_survey(
            owner=owner,
            title=INDEX_TITLE,
            description="Dữ liệu demo. Phiếu theo các tiêu chí SIPAS của thư viện câu hỏi.",
        )
        building.add_from_library(survey=survey, criteria=sipas)
        survey = building.open_survey(survey=survey)
        version = survey.versions.get()
        questions = list(version.questions.order_by("position"))
        for c, commune in enumerate(communes):
            mood = MOODS[(c + int(province.code)) % len(MOODS)]
            for quarter in range(3):
                for i in range(INDEX_ANSWERS):
                    sheet = {
                        f"q{q.pk}": [str(rng.choices([1, 2, 3, 4, 5], weights=mood)[0])]
                        for q in questions
                        if rng.random() < 0.9
                    }
                    response = submit_response(
                        survey=survey,
                        version=version,
                        sheet=sheet,
                        channel=rng.choices([Channel.QR, Channel.LINK], weights=[3, 1])[0],
                        key=f"demo-index-{province.code}-{c}-{quarter}-{i}",
                        body=commune,
                    )
                    # Spread over the quarters (demo data only: a real answer keeps its moment).
                    at = now - dt.timedelta(days=91 * quarter + rng.randint(0, 80))
                    Response.objects.filter(pk=response.pk).update(submitted_at=at)
                    ResponseScore.objects.filter(response=response).update(
                        day=timezone.localdate(at)
                    )
                    made += 1
    return made
