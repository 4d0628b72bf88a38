"""Building a survey: questions checked as they are added, conditions only on earlier
questions, and what a survey asks frozen once answered: a change makes a new version and the
old answers keep the questions they were given."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.surveys.models import Channel, Question, SurveyVersion
from danvan.surveys.services import building
from danvan.surveys.services.answering import submit_response
from danvan.surveys.services.building import QuestionSpec

from .conftest import ask_everything, long_only_if_other

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        (QuestionSpec(kind="single", text="?", choices=["Một"]), "choices"),
        (QuestionSpec(kind="single", text="?", choices=["Một", "Một"]), "choices"),
        (QuestionSpec(kind="matrix", text="?", choices=["Kém", "Tốt"]), "rows"),
        (QuestionSpec(kind="rating", text="?", scale_max=11), "scale_max"),
        (QuestionSpec(kind="rating", text="  "), "text"),
        (QuestionSpec(kind="bogus", text="?"), "kind"),
        (QuestionSpec(kind="number", text="?", min_value=5, max_value=1), "max_value"),  # type: ignore[arg-type]
        (QuestionSpec(kind="multiple", text="?", choices=["A", "B"], max_choices=3), "max_choices"),
    ],
)
def test_a_question_that_cannot_be_answered_is_refused(surveying, spec, field) -> None:  # type: ignore[no-untyped-def]
    survey = building.create_survey(
        owner=surveying.c1, title="Khảo sát", actor=surveying.c1_officer
    )
    with pytest.raises(ValidationError) as refused:
        building.add_question(survey=survey, spec=spec, actor=surveying.c1_officer)
    assert field in refused.value.message_dict
    assert not Question.objects.filter(version__survey=survey).exists()


def test_only_the_bodys_own_officers_build_its_surveys(surveying) -> None:  # type: ignore[no-untyped-def]
    s = surveying
    with pytest.raises(PermissionDenied):
        building.create_survey(owner=s.c1, title="Khảo sát", actor=s.c2_officer)
    with pytest.raises(PermissionDenied):
        # The province's leader reads the commune's results but does not write its survey.
        building.create_survey(owner=s.c1, title="Khảo sát", actor=s.province_leader)
    survey = building.create_survey(owner=s.c1, title="Khảo sát", actor=s.c1_leader)
    with pytest.raises(PermissionDenied):
        building.add_question(
            survey=survey, spec=QuestionSpec(kind="short_text", text="?"), actor=s.other_officer
        )


def test_a_condition_depends_only_on_an_earlier_question(surveying) -> None:  # type: ignore[no-untyped-def]
    asked = ask_everything(surveying.c1, surveying.c1_officer)
    with pytest.raises(ValidationError):
        building.set_condition(
            question=asked.rating,
            depends_on=asked.single,
            kind="answered",
            actor=surveying.c1_officer,
        )
    with pytest.raises(ValidationError):
        # "has this choice" needs one of that question's choices
        building.set_condition(
            question=asked.long, depends_on=asked.single, kind="equals", actor=surveying.c1_officer
        )
    other = asked.single.choices.get(position=3)
    shown = building.set_condition(
        question=asked.long,
        depends_on=asked.single,
        kind="equals",
        choice=other,
        actor=surveying.c1_officer,
    )
    assert (shown.shown_if, shown.shown_if_choice) == (asked.single, other)


def _answer(asked, key: str) -> None:  # type: ignore[no-untyped-def]
    asked.survey = building.open_survey(survey=asked.survey, actor=None)
    version = asked.survey.versions.get()
    submit_response(
        survey=asked.survey,
        version=version,
        sheet={f"q{asked.rating.pk}": ["4"]},
        channel=Channel.LINK,
        key=key,
    )


def test_a_change_after_the_first_answer_makes_a_new_version(surveying) -> None:  # type: ignore[no-untyped-def]
    s = surveying
    asked = ask_everything(s.c1, s.c1_officer)
    long_only_if_other(asked, s.c1_officer)
    _answer(asked, "k1")
    first = asked.survey.versions.get()
    assert first.frozen_at is not None
    changed = building.change_question(
        question=asked.rating,
        spec=QuestionSpec(kind="rating", text="Thái độ của công chức", required=True),
        actor=s.c1_officer,
    )
    versions = list(SurveyVersion.objects.filter(survey=asked.survey).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert changed.version == versions[1] and changed.pk != asked.rating.pk
    # The first version, and the answer given to it, are as they were.
    asked.rating.refresh_from_db()
    assert asked.rating.text.startswith("Ông/bà hài lòng")
    assert asked.rating.answers.count() == 1
    # The copy keeps every question, its choices and rows, and its conditions.
    copied = versions[1].questions.order_by("position")
    assert copied.count() == 8
    long = copied.get(kind="long_text")
    assert long.shown_if is not None and long.shown_if.version == versions[1]
    assert long.shown_if_choice is not None and long.shown_if_choice.text == "Khác (ghi rõ)"
    assert long.shown_if_choice.question == long.shown_if
    assert copied.get(kind="matrix").rows.count() == 2
    # A second change goes to the same new version, not yet answered.
    building.add_question(
        survey=asked.survey,
        spec=QuestionSpec(kind="short_text", text="Số điện thoại?"),
        actor=s.c1_officer,
    )
    assert asked.survey.versions.count() == 2


def test_a_survey_opens_only_with_a_question(surveying) -> None:  # type: ignore[no-untyped-def]
    survey = building.create_survey(
        owner=surveying.c1, title="Khảo sát", actor=surveying.c1_officer
    )
    with pytest.raises(ValidationError):
        building.open_survey(survey=survey, actor=surveying.c1_officer)
    building.add_question(
        survey=survey, spec=QuestionSpec(kind="short_text", text="?"), actor=surveying.c1_officer
    )
    assert building.open_survey(survey=survey, actor=surveying.c1_officer).state == "open"
