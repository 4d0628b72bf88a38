"""Answering: each answer checked against its question, conditions applied, required answers
required only when shown, the same submission kept once, nothing kept when anything is
wrong, and no survey answered when it is not open."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.surveys.models import Answer, Channel, Response
from danvan.surveys.services import building
from danvan.surveys.services.answering import submit_response

from .conftest import ask_everything, long_only_if_other

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(surveying):  # type: ignore[no-untyped-def]
    asked = ask_everything(surveying.c1, surveying.c1_officer)
    asked.survey = building.open_survey(survey=asked.survey, actor=surveying.c1_officer)
    return asked


def _submit(asked, sheet, key="k", **kw):  # type: ignore[no-untyped-def]
    return submit_response(
        survey=asked.survey,
        version=asked.survey.versions.get(),
        sheet=sheet,
        channel=kw.pop("channel", Channel.LINK),
        key=key,
        **kw,
    )


def _full(asked) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    single = asked.single.choices.order_by("position")
    multiple = asked.multiple.choices.order_by("position")
    columns = asked.matrix.choices.order_by("position")
    rows = asked.matrix.rows.order_by("position")
    ranking = asked.ranking.choices.order_by("-position")
    return {
        f"q{asked.rating.pk}": ["5"],
        f"q{asked.single.pk}": [str(single[2].pk)],
        f"q{asked.single.pk}-other": ["Tổ trưởng tổ dân phố"],
        f"q{asked.multiple.pk}": [str(multiple[0].pk), str(multiple[2].pk)],
        f"q{asked.matrix.pk}-r{rows[0].pk}": [str(columns[2].pk)],
        f"q{asked.matrix.pk}-r{rows[1].pk}": [str(columns[1].pk)],
        f"q{asked.number.pk}": ["3"],
        f"q{asked.ranking.pk}": [str(c.pk) for c in ranking],
        f"q{asked.short.pk}": ["Cấp giấy khai sinh"],
        f"q{asked.long.pk}": ["Nên có thêm ghế chờ."],
    }


def test_a_full_answer_is_kept_with_real_numbers_and_nobodys_name(asked) -> None:  # type: ignore[no-untyped-def]
    response = _submit(asked, _full(asked))
    assert response.body == asked.survey.owner and response.entered_by is None
    kept = Answer.objects.filter(response=response)
    assert kept.get(question=asked.rating).number == 5
    assert kept.get(question=asked.single).text == "Tổ trưởng tổ dân phố"
    assert kept.filter(question=asked.multiple).count() == 2
    assert kept.filter(question=asked.matrix).count() == 2
    assert kept.get(question=asked.number).number == 3
    places = {a.choice.text: a.number for a in kept.filter(question=asked.ranking)}
    assert places == {"Rẻ": 1, "Đúng": 2, "Nhanh": 3}
    assert {f.name for f in Response._meta.get_fields()}.isdisjoint(
        {"user", "ip", "phone", "email"}
    )


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("rating", "6", "từ 1 đến 5"),
        ("rating", "abc", "từ 1 đến 5"),
        ("number", "101", "Tối đa 100."),
        ("number", "nhiều", "Hãy nhập một số"),
        ("multiple", "all", "Hãy chọn một trong các phương án"),
    ],
)
def test_a_wrong_answer_names_its_question_and_nothing_is_kept(
    asked, question, value, message
) -> None:  # type: ignore[no-untyped-def]
    sheet = _full(asked)
    q = getattr(asked, question)
    sheet[f"q{q.pk}"] = [value]
    with pytest.raises(ValidationError) as refused:
        _submit(asked, sheet)
    assert message in refused.value.message_dict[f"q{q.pk}"][0]
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_too_many_choices_and_an_incomplete_ranking_are_refused(asked) -> None:  # type: ignore[no-untyped-def]
    sheet = _full(asked)
    sheet[f"q{asked.multiple.pk}"] = [str(c.pk) for c in asked.multiple.choices.all()[:3]]
    sheet[f"q{asked.ranking.pk}"] = sheet[f"q{asked.ranking.pk}"][:2]
    with pytest.raises(ValidationError) as refused:
        _submit(asked, sheet)
    assert {f"q{asked.multiple.pk}", f"q{asked.ranking.pk}"} <= set(refused.value.message_dict)


def test_a_choice_of_another_question_is_refused(asked) -> None:  # type: ignore[no-untyped-def]
    sheet = _full(asked)
    sheet[f"q{asked.single.pk}"] = [str(asked.multiple.choices.first().pk)]
    with pytest.raises(ValidationError):
        _submit(asked, sheet)


def test_a_required_question_is_required_and_a_hidden_ones_answer_dropped(asked, surveying) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        _submit(asked, {f"q{asked.short.pk}": ["x"]})
    assert f"q{asked.rating.pk}" in refused.value.message_dict
    long_only_if_other(asked, surveying.c1_officer)
    sheet = _full(asked)
    sheet[f"q{asked.single.pk}"] = [str(asked.single.choices.get(position=1).pk)]
    response = _submit(asked, sheet)
    # "Góp ý khác" is shown only to those who chose "Khác": its answer here is dropped.
    assert not response.answers.filter(question=asked.long).exists()


def test_the_same_submission_twice_is_kept_once(asked) -> None:  # type: ignore[no-untyped-def]
    first = _submit(asked, _full(asked), key="same")
    again = _submit(asked, _full(asked), key="same")
    assert first.pk == again.pk and Response.objects.count() == 1
    assert Answer.objects.count() == first.answers.count()


def test_a_survey_not_open_takes_no_answers(asked, surveying) -> None:  # type: ignore[no-untyped-def]
    survey = asked.survey
    survey.closes_on = dt.date(2026, 6, 30)
    survey.save()
    with (
        time_machine.travel(dt.datetime(2026, 7, 1, 3, tzinfo=dt.UTC)),
        pytest.raises(ValidationError),
    ):
        _submit(asked, _full(asked))
    building.close_survey(survey=survey, actor=surveying.c1_officer)
    with pytest.raises(ValidationError):
        _submit(asked, _full(asked), key="later")
    assert Response.objects.count() == 0


def test_paper_forms_are_entered_by_the_staff_over_the_body(asked, surveying) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _submit(asked, _full(asked), channel=Channel.PAPER, entered_by=surveying.other_officer)
    response = _submit(asked, _full(asked), channel=Channel.PAPER, entered_by=surveying.c1_officer)
    assert response.channel == Channel.PAPER and response.entered_by == surveying.c1_officer


def test_a_survey_without_a_public_link_is_not_answered_through_it(asked) -> None:  # type: ignore[no-untyped-def]
    asked.survey.public_link = False
    asked.survey.save()
    with pytest.raises(ValidationError):
        _submit(asked, _full(asked))


def test_a_response_is_about_the_conducting_body_or_one_under_it(asked, surveying) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _submit(asked, _full(asked), body=surveying.c2)  # a neighbour, not under commune c1
    assert _submit(asked, _full(asked), body=surveying.c1).body == surveying.c1
