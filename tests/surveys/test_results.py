"""Results: counted by the database over the responses a filter keeps, in a fixed number of
queries whatever the number of answers."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.surveys.models import Channel
from danvan.surveys.selectors.results import results
from danvan.surveys.services import building
from danvan.surveys.services.answering import submit_response

from .conftest import ask_everything

pytestmark = pytest.mark.django_db


def _rate(asked, rating: int, key: str, body=None, **extra):  # type: ignore[no-untyped-def]
    sheet = {f"q{asked.rating.pk}": [str(rating)], **extra}
    return submit_response(
        survey=asked.survey,
        version=asked.survey.versions.get(),
        sheet=sheet,
        channel=Channel.LINK,
        key=key,
        body=body,
    )


def test_counts_means_and_words_per_question(surveying, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    asked = ask_everything(surveying.c1, surveying.c1_officer)
    asked.survey = building.open_survey(survey=asked.survey, actor=surveying.c1_officer)
    first, second = asked.single.choices.order_by("position")[:2]
    _rate(asked, 5, "a", **{f"q{asked.single.pk}": [str(first.pk)], f"q{asked.long.pk}": ["Tốt"]})
    _rate(asked, 4, "b", **{f"q{asked.single.pk}": [str(first.pk)]})
    _rate(asked, 2, "c", **{f"q{asked.single.pk}": [str(second.pk)], f"q{asked.long.pk}": ["Chậm"]})
    with django_assert_max_num_queries(11):
        found = results(asked.survey)
    by_question = {r.question.pk: r for r in found.questions}
    rating = by_question[asked.rating.pk]
    assert found.responses == 3 and rating.answered == 3
    assert rating.distribution == {5: 1, 4: 1, 2: 1}
    assert rating.mean is not None and abs(float(rating.mean) - 11 / 3) < 1e-6
    single = by_question[asked.single.pk]
    assert single.counts == {(first.pk, None): 2, (second.pk, None): 1}
    assert sorted(by_question[asked.long.pk].words) == ["Chậm", "Tốt"]


def test_results_filtered_by_body_and_period(surveying) -> None:  # type: ignore[no-untyped-def]
    asked = ask_everything(surveying.province, surveying.province_officer)
    asked.survey = building.open_survey(survey=asked.survey, actor=surveying.province_officer)
    with time_machine.travel(dt.datetime(2026, 3, 10, 3, tzinfo=dt.UTC)):
        _rate(asked, 5, "a", body=surveying.c1)
    with time_machine.travel(dt.datetime(2026, 4, 10, 3, tzinfo=dt.UTC)):
        _rate(asked, 1, "b", body=surveying.c1)
        _rate(asked, 3, "c", body=surveying.c2)
    c1 = results(asked.survey, body=surveying.c1)
    assert c1.responses == 2 and c1.questions[0].distribution == {5: 1, 1: 1}
    april = results(asked.survey, since=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    assert april.responses == 2 and april.questions[0].distribution == {1: 1, 3: 1}
