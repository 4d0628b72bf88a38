"""The satisfaction index: its rule (satisfied above the middle of the scale, a response's
criteria weighing the same), its interval and suppression, the scores kept with the answers,
the question library, who sees what (a commune its own, a province its subtree, the nation
by province), the figures reports read, and the officers' figures for their leaders only."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.accounts.models import Role, Scope
from danvan.lib import figures
from danvan.surveys.library import criterion_of, library
from danvan.surveys.models import ResponseScore, Survey
from danvan.surveys.satisfaction import Estimate, response_scores, satisfied_from
from danvan.surveys.selectors.index import Period, index_table
from danvan.surveys.services.answering import submit_response
from danvan.surveys.services.building import add_from_library, create_survey, open_survey
from danvan.surveys.services.figures import refresh_month, refresh_since
from tests.factories import make_org, sign_in, user_with
from tests.surveys.conftest import ask_everything

pytestmark = pytest.mark.django_db

ACCESS, STAFF = "sipas.access", "sipas.staff"
DAY = dt.datetime(2026, 11, 10, 3, tzinfo=dt.UTC)  # Q4/2026


@pytest.fixture(autouse=True)
def _minimum(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SATISFACTION_MIN_RESPONSES = 3


def library_survey(owner, actor, criteria=(ACCESS, STAFF, "papi.egov")) -> Survey:  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2026, 7, 1, 3, tzinfo=dt.UTC)):
        survey = create_survey(owner=owner, title="Chỉ số hài lòng", actor=actor)
        add_from_library(survey=survey, criteria=list(criteria), actor=actor)
        return open_survey(survey=survey, actor=actor)


def answer(survey: Survey, ratings: dict[str, int], body=None):  # type: ignore[no-untyped-def]
    version = survey.versions.order_by("-number").first()
    sheet = {
        f"q{q.pk}": [str(ratings[q.code])] for q in version.questions.all() if q.code in ratings
    }
    return submit_response(
        survey=survey, version=version, sheet=sheet, channel="link", key=uuid.uuid4().hex, body=body
    )


# --- The rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(("top", "lowest"), [(2, 2), (3, 3), (5, 4), (7, 5), (10, 6)])
def test_satisfied_means_above_the_middle_of_the_scale(top: int, lowest: int) -> None:
    assert satisfied_from(top) == lowest


def test_a_responses_criteria_weigh_the_same_in_its_index() -> None:
    scores = response_scores(
        [
            ("sipas.access.1", 5, 5),
            ("sipas.access.2", 3, 5),  # neutral: not satisfied
            ("sipas.staff.1", 4, 5),
            ("papi.egov.1", 1, 5),  # PAPI: its own figure, not in the index
            ("my.own.1", 5, 5),  # outside the library: ignored
        ]
    )
    assert scores == {ACCESS: 0.5, STAFF: 1.0, "papi.egov": 0.0, "sipas": 0.75}


def test_a_response_without_sipas_items_has_no_index() -> None:
    assert "sipas" not in response_scores([("papi.egov.1", 5, 5)])


def test_library_codes_name_their_criterion() -> None:
    assert criterion_of("sipas.staff.3") == STAFF
    assert criterion_of("sipas.staff") == ""
    assert criterion_of("other.staff.3") == ""
    sipas = library().family("sipas")
    assert [c.code.split(".")[1] for c in sipas] == [
        "access",
        "procedures",
        "staff",
        "results",
        "feedback",
    ]
    assert len(library().family("papi")) == 8


def test_the_interval_is_the_mean_plus_or_minus_its_standard_error() -> None:
    scores = [1.0, 0.5, 0.0, 1.0, 0.75]
    e = Estimate(len(scores), sum(scores), sum(s * s for s in scores))
    mean = sum(scores) / 5
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / 4)
    assert e.value == round(100 * mean, 1) == 65.0
    assert e.margin == round(100 * 1.96 * sd / math.sqrt(5), 1)
    assert e.low == round(e.value - e.margin, 1)
    assert e.high == min(100.0, round(e.value + e.margin, 1))


def test_an_estimate_below_the_minimum_is_hidden(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SATISFACTION_MIN_RESPONSES = 30
    e = Estimate(29, 29.0, 29.0)
    assert e.hidden and e.value is None and e.margin is None and e.low is None
    assert Estimate(30, 15.0, 15.0).value == 50.0


def test_estimates_add_up_exactly() -> None:
    a, b = Estimate(3, 2.0, 2.0), Estimate(2, 1.0, 0.5)
    assert a + b == Estimate(5, 3.0, 2.5)


def test_the_interval_stays_within_0_and_100() -> None:
    e = Estimate(4, 3.5, 3.25)
    assert e.high is not None and e.high <= 100
    assert Estimate(4, 0.5, 0.25).low == 0.0


# --- Scores kept with the answers ------------------------------------------------------------


def test_scores_are_kept_with_the_answers_on_the_day_in_vietnam(surveying) -> None:  # type: ignore[no-untyped-def]
    survey = library_survey(surveying.c1, surveying.c1_officer)
    # 23:30 UTC on 31/12 is 1 January in Vietnam: the next quarter's.
    with time_machine.travel(dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC)):
        response = answer(survey, {"sipas.access.1": 5, "sipas.staff.2": 2})
    scores = {s.criterion: s for s in ResponseScore.objects.filter(response=response)}
    assert set(scores) == {ACCESS, STAFF, "sipas"}
    assert scores["sipas"].score == 0.5
    assert scores[ACCESS].day == dt.date(2027, 1, 1)
    assert scores[ACCESS].body_id == surveying.c1.pk
    assert scores[ACCESS].province_id == surveying.c1.province_id


def test_a_library_code_counts_outside_a_library_survey(surveying) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2026, 7, 1, 3, tzinfo=dt.UTC)):
        asked = ask_everything(surveying.c1, surveying.c1_officer)
        asked.survey = open_survey(survey=asked.survey, actor=surveying.c1_officer)
    version = asked.survey.versions.get()
    submit_response(
        survey=asked.survey,
        version=version,
        sheet={f"q{asked.number.pk}": ["3"], f"q{asked.rating.pk}": ["2"]},
        channel="link",
        key="k1",
    )
    assert set(ResponseScore.objects.values_list("criterion", flat=True)) == {STAFF, "sipas"}


def test_the_same_submission_twice_keeps_its_scores_once(surveying) -> None:  # type: ignore[no-untyped-def]
    survey = library_survey(surveying.c1, surveying.c1_officer)
    version = survey.versions.get()
    q = version.questions.get(code="sipas.access.1")
    for _ in range(2):
        submit_response(
            survey=survey, version=version, sheet={f"q{q.pk}": ["4"]}, channel="link", key="same"
        )
    assert ResponseScore.objects.filter(criterion="sipas").count() == 1


# --- The library -----------------------------------------------------------------------------


def test_the_library_adds_a_section_of_coded_ratings_per_criterion(surveying) -> None:  # type: ignore[no-untyped-def]
    survey = create_survey(owner=surveying.c1, title="S", actor=surveying.c1_officer)
    added = add_from_library(survey=survey, criteria=[STAFF, ACCESS], actor=surveying.c1_officer)
    version = survey.versions.get()
    assert added == 9
    assert list(version.sections.values_list("title", flat=True)) == [
        "Tiếp cận dịch vụ",
        "Công chức trực tiếp giải quyết công việc",
    ]
    first = version.questions.order_by("position").first()
    assert (first.kind, first.scale_max, first.code) == ("rating", 5, "sipas.access.1")
    assert first.low_label == "Rất không hài lòng" and first.high_label == "Rất hài lòng"
    assert add_from_library(survey=survey, criteria=[STAFF], actor=surveying.c1_officer) == 0


def test_the_library_refuses_unknown_criteria_and_other_bodies_officers(surveying) -> None:  # type: ignore[no-untyped-def]
    survey = create_survey(owner=surveying.c1, title="S", actor=surveying.c1_officer)
    with pytest.raises(ValidationError):
        add_from_library(survey=survey, criteria=["sipas.nothing"], actor=surveying.c1_officer)
    with pytest.raises(PermissionDenied):
        add_from_library(survey=survey, criteria=[STAFF], actor=surveying.c2_officer)
    assert not survey.versions.exists() or not survey.versions.get().questions.exists()


# --- Who sees what ---------------------------------------------------------------------------


@pytest.fixture
def answered(surveying):  # type: ignore[no-untyped-def]
    """Q4/2026: c1 (Hà Nội) 3 satisfied responses, c2 (Hà Nội) 3 half-satisfied, a Tuyên
    Quang commune 2 (below the minimum of 3); Q3: c1 3 unsatisfied."""
    s = surveying
    hanoi_survey = library_survey(s.province, s.province_leader_builder)
    other_survey = library_survey(s.other, s.other_officer)
    with time_machine.travel(dt.datetime(2026, 8, 5, 3, tzinfo=dt.UTC)):
        for _ in range(3):
            answer(hanoi_survey, {"sipas.access.1": 1, "sipas.staff.1": 2}, body=s.c1)
    with time_machine.travel(DAY):
        for _ in range(3):
            answer(hanoi_survey, {"sipas.access.1": 5, "sipas.staff.1": 4}, body=s.c1)
            answer(hanoi_survey, {"sipas.access.1": 5, "sipas.staff.1": 1}, body=s.c2)
        for _ in range(2):
            answer(other_survey, {"sipas.access.1": 5})
        # The worker's hourly refresh: months already past are read from their figures.
        refresh_since(first=dt.date(2026, 7, 1))
    return s


@pytest.fixture
def surveying(surveying):  # type: ignore[no-untyped-def]
    surveying.province_leader_builder = user_with(surveying.province, Role.OFFICER)
    central = make_org(unit=None, name="Ban Tuyên giáo và Dân vận Trung ương")
    surveying.national = user_with(central, Role.LEADER, Scope.SUBTREE)
    return surveying


def _rows(table):  # type: ignore[no-untyped-def]
    return {r.label: r.index.value for r in table.rows}


def test_a_commune_sees_its_own_index_only(answered) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY):
        table = index_table(answered.c1_officer, period=Period(2026, 4))
    assert table.by == "body"
    assert _rows(table) == {answered.c1.name: 100.0}
    assert table.previous.value == 0.0  # Q3: all unsatisfied
    assert table.total.index.n == 3


def test_a_province_sees_its_bodies_and_not_another_province(answered) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY):
        table = index_table(answered.province_leader, period=Period(2026, 4))
    assert _rows(table) == {answered.c1.name: 100.0, answered.c2.name: 50.0}
    assert table.total.index.value == 75.0
    assert table.total.of(STAFF).value == 50.0
    assert table.total.of(ACCESS).value == 100.0


def test_the_nation_sees_provinces_and_a_small_one_is_hidden(answered) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY):
        table = index_table(answered.national, period=Period(2026, 4))
    assert table.by == "province"
    by_key = {r.key: r for r in table.rows}
    hanoi = by_key[answered.c1.province_id]
    other = by_key[answered.other.province_id]
    assert hanoi.index.value == 75.0 and hanoi.index.n == 6
    assert other.index.n == 2 and other.index.value is None  # below the minimum of 3
    assert table.rows[-1] is other  # hidden rows last
    assert table.total.index.n == 8


def test_the_nation_narrowed_to_a_province_shows_its_bodies(answered) -> None:  # type: ignore[no-untyped-def]
    from danvan.org.models import AdminUnit

    hanoi = AdminUnit.objects.get(pk=answered.c1.province_id)
    with time_machine.travel(DAY):
        table = index_table(answered.national, period=Period(2026, 4), province=hanoi)
    assert table.by == "body"
    assert set(_rows(table)) == {answered.c1.name, answered.c2.name}


def test_a_stranger_sees_no_index(answered) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY):
        table = index_table(answered.stranger, period=Period(2026, 4))
    assert table.rows == [] and table.total.index.n == 0


def test_the_trend_shows_eight_quarters_ending_with_the_period(answered) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY):
        table = index_table(answered.c1_officer, period=Period(2026, 4))
    assert [p.short_label for p, _e in table.trend][-2:] == ["III/2026", "IV/2026"]
    assert len(table.trend) == 8
    assert [e.value for _p, e in table.trend][-2:] == [0.0, 100.0]


def test_a_year_covers_its_four_quarters(answered) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY):
        table = index_table(answered.c1_officer, period=Period(2026))
    assert table.total.index.n == 6 and table.total.index.value == 50.0


def test_the_index_reads_in_a_few_queries_whatever_the_rows(  # type: ignore[no-untyped-def]
    answered, django_assert_max_num_queries
) -> None:
    # rows, trend: past months and the month under way each; previous; names; matters
    with time_machine.travel(DAY), django_assert_max_num_queries(8):
        index_table(answered.national, period=Period(2026, 4))


# --- Figures for reports and the dashboard ---------------------------------------------------


def test_reports_read_the_index_of_a_body_and_those_under_it(answered) -> None:  # type: ignore[no-untyped-def]
    window = figures.Window(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    keys = ["surveys.index", "surveys.responses", f"surveys.index.{STAFF}"]
    values = figures.count(keys, answered.province.pk, window)
    assert values == {
        "surveys.index": Decimal("75.0"),
        "surveys.responses": Decimal(6),
        f"surveys.index.{STAFF}": Decimal("50.0"),
    }
    hidden = figures.count(["surveys.index"], answered.other.pk, window)
    assert hidden == {"surveys.index": None}
    assert figures.source("surveys.index.papi.egov") is not None


def test_the_leaders_dashboard_shows_the_quarters_index(answered, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, answered.province_leader)
    with time_machine.travel(DAY):
        page = client.get(reverse("portal:home"))
    tiles = page.content.decode()
    assert 'data-testid="satisfaction-tiles"' in tiles
    assert "75,0 %" in tiles


# --- Pages -----------------------------------------------------------------------------------


def test_the_index_page_shows_the_table_and_its_export_real_numbers(answered, client) -> None:  # type: ignore[no-untyped-def]
    import io

    from openpyxl import load_workbook

    sign_in(client, answered.province_leader)
    with time_machine.travel(DAY):
        page = client.get(reverse("surveys:index"), {"year": 2026, "quarter": 4})
        assert page.status_code == 200
        assert 'data-testid="index-table"' in page.content.decode()
        book = client.get(reverse("surveys:index_xlsx"), {"year": 2026, "quarter": 4})
    sheet = load_workbook(io.BytesIO(b"".join(book.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    data = [r for r in values if r and r[0] in (answered.c1.name, answered.c2.name)]
    assert {r[0]: r[2] for r in data} == {answered.c1.name: 100.0, answered.c2.name: 50.0}
    assert isinstance(data[0][1], int)


def test_the_index_page_refuses_citizens(answered, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, answered.stranger)
    assert client.get(reverse("surveys:index")).status_code == 403


def test_a_bad_period_shows_the_current_one(answered, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, answered.c1_officer)
    with time_machine.travel(DAY):
        page = client.get(reverse("surveys:index"), {"year": "abc", "quarter": 9})
    assert page.status_code == 200
    assert "IV/2026" in page.content.decode()


# --- Monthly figures -------------------------------------------------------------------------


def test_past_months_read_from_their_figures_equal_the_scores(answered) -> None:  # type: ignore[no-untyped-def]
    from danvan.surveys.models import SatisfactionMonth

    august = SatisfactionMonth.objects.filter(month=dt.date(2026, 8, 1), criterion="sipas")
    assert [(m.body_id, m.n, m.total) for m in august] == [(answered.c1.pk, 3, 0.0)]
    with time_machine.travel(dt.datetime(2027, 1, 5, 3, tzinfo=dt.UTC)):
        refresh_since(first=dt.date(2026, 7, 1))
        year = index_table(answered.province_leader, period=Period(2026))
    with time_machine.travel(DAY):
        live = index_table(answered.province_leader, period=Period(2026))
    assert year.total.index == live.total.index  # the same sums, from the figures or not


def test_a_month_not_yet_refreshed_is_missing_until_the_worker_runs(answered) -> None:  # type: ignore[no-untyped-def]
    from danvan.surveys.models import SatisfactionMonth

    SatisfactionMonth.objects.filter(month=dt.date(2026, 8, 1)).delete()
    with time_machine.travel(DAY):
        assert index_table(answered.c1_officer, period=Period(2026, 3)).total.index.n == 0
        assert refresh_month(month=dt.date(2026, 8, 20)) == 3  # sipas, access, staff of c1
        assert index_table(answered.c1_officer, period=Period(2026, 3)).total.index.n == 3
