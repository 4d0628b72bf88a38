"""Bodies that conduct surveys, the people who act for them, and a survey asking one
question of every type."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from danvan.accounts.models import Role, Scope, User
from danvan.org.models import AdminUnit, Organization, OrganizationKind
from danvan.surveys.models import Question, Survey
from danvan.surveys.services.building import QuestionSpec, add_question, create_survey
from tests.factories import UserFactory, make_org, unit, user_with

K = OrganizationKind


@dataclass
class Surveying:
    province: Organization  # Ủy ban nhân dân Thành phố Hà Nội
    province_leader: User  # subtree over Hà Nội
    province_officer: User  # unit grant on the province's committee
    c1: Organization  # a Hà Nội commune's People's Committee
    c1_officer: User
    c1_leader: User
    c2: Organization
    c2_officer: User
    other: Organization  # a Tuyên Quang commune's People's Committee
    other_officer: User
    stranger: User  # no assignment


def make_surveying() -> Surveying:
    hanoi, tuyen_quang = unit("01"), unit("08")
    u1, u2 = AdminUnit.objects.current().filter(parent=hanoi).order_by("code")[:2]
    u3 = AdminUnit.objects.current().filter(parent=tuyen_quang).order_by("code").first()
    assert u3 is not None
    province = make_org(
        unit=hanoi, kind=K.PEOPLES_COMMITTEE, name="Ủy ban nhân dân Thành phố Hà Nội"
    )
    c1 = make_org(
        unit=u1, kind=K.PEOPLES_COMMITTEE, parent=province, name=f"Ủy ban nhân dân {u1.name}"
    )
    c2 = make_org(
        unit=u2, kind=K.PEOPLES_COMMITTEE, parent=province, name=f"Ủy ban nhân dân {u2.name}"
    )
    other = make_org(unit=u3, kind=K.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân {u3.name}")
    return Surveying(
        province=province,
        province_leader=user_with(province, Role.LEADER, Scope.SUBTREE),
        province_officer=user_with(province, Role.OFFICER),
        c1=c1,
        c1_officer=user_with(c1, Role.OFFICER),
        c1_leader=user_with(c1, Role.LEADER),
        c2=c2,
        c2_officer=user_with(c2, Role.OFFICER),
        other=other,
        other_officer=user_with(other, Role.OFFICER),
        stranger=UserFactory(),
    )


@pytest.fixture
def surveying(db) -> Surveying:  # type: ignore[no-untyped-def]
    return make_surveying()


@dataclass
class Asked:
    survey: Survey
    rating: Question
    single: Question
    multiple: Question
    matrix: Question
    number: Question
    ranking: Question
    short: Question
    long: Question


def ask_everything(owner: Organization, actor: User) -> Asked:
    survey = create_survey(
        owner=owner, title="Mức độ hài lòng với dịch vụ hành chính công", actor=actor
    )

    def q(**kw) -> Question:  # type: ignore[no-untyped-def]
        return add_question(survey=survey, spec=QuestionSpec(**kw), actor=actor)

    return Asked(
        survey=survey,
        rating=q(
            kind="rating",
            text="Ông/bà hài lòng thế nào với thái độ của công chức?",
            required=True,
            low_label="Rất không hài lòng",
            high_label="Rất hài lòng",
            code="sipas.staff.1",
        ),
        single=q(
            kind="single",
            text="Ông/bà biết đến bộ phận một cửa qua đâu?",
            choices=["Người quen", "Loa phát thanh", "Khác (ghi rõ)"],
            other_last=True,
        ),
        multiple=q(
            kind="multiple",
            text="Những điều cần cải thiện",
            choices=["Thời gian chờ", "Thủ tục", "Thái độ", "Cơ sở vật chất"],
            max_choices=2,
        ),
        matrix=q(
            kind="matrix",
            text="Đánh giá từng khâu",
            choices=["Kém", "Được", "Tốt"],
            rows=["Tiếp nhận", "Trả kết quả"],
        ),
        number=q(kind="number", text="Ông/bà đã đi lại bao nhiêu lần?", min_value=0, max_value=100),
        ranking=q(
            kind="ranking", text="Xếp theo mức độ quan trọng", choices=["Nhanh", "Đúng", "Rẻ"]
        ),
        short=q(kind="short_text", text="Tên thủ tục"),
        long=q(kind="long_text", text="Góp ý khác"),
    )


def long_only_if_other(asked: Asked, actor: User) -> Question:
    """ "Góp ý khác" asked only of those who chose "Khác (ghi rõ)" in the single choice."""
    from danvan.surveys.services.building import set_condition

    other = asked.single.choices.get(position=3)
    return set_condition(
        question=asked.long, depends_on=asked.single, kind="equals", choice=other, actor=actor
    )
