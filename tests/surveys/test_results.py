"""Results: counted by the database over the responses a filter keeps, in a fixed number of
queries whatever the number of answers."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.surveys.models import Answer, AnswerTally, Channel
from danvan.surveys.selectors.results import results
from danvan.surveys.services import building
from danvan.surveys.services.answering import submit_response
from danvan.surveys.services.figures import refresh_all

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
    # The version, its questions, choices and rows; the counted months; six counts; one read
    # of words per question that takes words (short, long, and the single's "Other").
    with django_assert_max_num_queries(11 + 3):
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


def _summary(found):  # type: ignore[no-untyped-def]
    return (
        found.responses,
        [
            (r.answered, r.counts, r.distribution, r.mean, r.mean_place, sorted(r.words))
            for r in found.questions
        ],
    )


MARCH = dt.datetime(2026, 3, 10, 3, tzinfo=dt.UTC)
APRIL = dt.datetime(2026, 4, 10, 3, tzinfo=dt.UTC)
MAY = dt.datetime(2026, 5, 3, 3, tzinfo=dt.UTC)


@pytest.fixture
def three_months(surveying):  # type: ignore[no-untyped-def]
    """Answers in March and April (past once it is May) and in May, the month under way."""
    asked = ask_everything(surveying.province, surveying.province_officer)
    asked.survey = building.open_survey(survey=asked.survey, actor=surveying.province_officer)
    first, second = asked.single.choices.order_by("position")[:2]
    ranked = list(asked.ranking.choices.order_by("position"))
    for moment, rating, key, body, choice in [
        (MARCH, 5, "a", surveying.c1, first),
        (MARCH, 4, "b", surveying.c2, second),
        (APRIL, 2, "c", surveying.c1, first),
        (MAY, 3, "d", surveying.c2, first),
    ]:
        with time_machine.travel(moment):
            _rate(
                asked, rating, key, body=body,
                **{
                    f"q{asked.single.pk}": [str(choice.pk)],
                    f"q{asked.number.pk}": [str(rating * 2)],
                    f"q{asked.ranking.pk}": [str(c.pk) for c in reversed(ranked)],
                    f"q{asked.short.pk}": [f"Thủ tục {key}"],
                },
            )  # fmt: skip
    return asked


def test_past_months_are_read_from_the_monthly_counts_with_the_same_results(three_months) -> None:  # type: ignore[no-untyped-def]
    asked = three_months
    with time_machine.travel(MAY + dt.timedelta(days=1)):
        live = _summary(results(asked.survey))
        refresh_all(month=dt.date(2026, 3, 1))
        refresh_all(month=dt.date(2026, 4, 1))
        assert AnswerTally.objects.filter(month=dt.date(2026, 3, 1)).exists()
        assert _summary(results(asked.survey)) == live
        # The counts are what is read: March's answers gone, March still counts (the words
        # are always read from the answers).
        Answer.objects.filter(response__key__in=["a", "b"]).exclude(text__gt="").delete()
        counted = results(asked.survey)
        assert counted.responses == 4
        assert counted.questions[0].distribution == {5: 1, 4: 1, 2: 1, 3: 1}


def test_a_period_cutting_a_counted_month_reads_that_month_live(three_months) -> None:  # type: ignore[no-untyped-def]
    asked = three_months
    with time_machine.travel(MAY + dt.timedelta(days=1)):
        refresh_all(month=dt.date(2026, 3, 1))
        refresh_all(month=dt.date(2026, 4, 1))
        # From 05/03 (Hà Nội): March cut in two, so read live; only "a" and "b" of 10/03 in it.
        since = dt.datetime(2026, 3, 4, 17, tzinfo=dt.UTC)
        until = dt.datetime(2026, 3, 31, 17, tzinfo=dt.UTC)
        march = results(asked.survey, since=since, until=until)
        assert march.responses == 2 and march.questions[0].distribution == {5: 1, 4: 1}
        whole_april = results(
            asked.survey,
            since=dt.datetime(2026, 3, 31, 17, tzinfo=dt.UTC),
            until=dt.datetime(2026, 4, 30, 17, tzinfo=dt.UTC),
        )
        assert whole_april.responses == 1 and whole_april.questions[0].distribution == {2: 1}


def test_a_body_filter_reads_the_answers_not_the_counts(three_months, surveying) -> None:  # type: ignore[no-untyped-def]
    asked = three_months
    with time_machine.travel(MAY + dt.timedelta(days=1)):
        refresh_all(month=dt.date(2026, 3, 1))
        c2 = results(asked.survey, body=surveying.c2)
        assert c2.responses == 2 and c2.questions[0].distribution == {4: 1, 3: 1}
        ranking = next(r for r in c2.questions if r.question.pk == asked.ranking.pk)
        last = asked.ranking.choices.order_by("position").first()
        assert ranking.mean_place[last.pk] == 3


def test_the_month_under_way_is_counted_up_to_the_refresh_and_read_live_after(three_months) -> None:  # type: ignore[no-untyped-def]
    asked = three_months
    with time_machine.travel(MAY + dt.timedelta(days=1)):
        refresh_all(month=dt.date(2026, 5, 1))  # the worker does this every hour
    with time_machine.travel(MAY + dt.timedelta(days=2)):
        _rate(asked, 1, "e")
        # "d" (03/05) from the counts: its answers gone, it still counts; "e" read live.
        Answer.objects.filter(response__key="d").exclude(text__gt="").delete()
        found = results(asked.survey)
        assert found.responses == 5
        assert found.questions[0].distribution == {5: 1, 4: 1, 2: 1, 3: 1, 1: 1}


def test_a_submission_still_committing_at_the_refresh_is_read_live(three_months) -> None:  # type: ignore[no-untyped-def]
    asked = three_months
    with time_machine.travel(MAY + dt.timedelta(days=1)):
        _rate(asked, 1, "e")  # stamped now, as if still committing when the refresh runs
        refresh_all(month=dt.date(2026, 5, 1))
        assert results(asked.survey).responses == 5
        assert results(asked.survey).questions[0].distribution[1] == 1


def test_results_with_counted_months_take_a_fixed_number_of_queries(
    three_months, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    asked = three_months
    with time_machine.travel(MAY + dt.timedelta(days=1)):
        refresh_all(month=dt.date(2026, 3, 1))
        refresh_all(month=dt.date(2026, 4, 1))
        # 11 as above, one read of the counts, and the words of three questions.
        with django_assert_max_num_queries(12 + 3):
            results(asked.survey)
