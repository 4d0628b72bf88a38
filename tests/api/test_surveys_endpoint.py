"""Surveys over HTTP: the list and a survey with what it asks (enough to draw the form and
build an answer sheet), results with their filters, answering by the public key (idempotent,
per-question 400s, nothing kept on error, rate limited, one-time codes), the satisfaction
index exactly as the page reads it, the question library; who reads what, as a matrix."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine

from danvan.accounts.models import Role, Scope
from danvan.accounts.services import issue_api_token
from danvan.org.models import AdminUnit
from danvan.surveys.models import Answer, Invitation, Response
from danvan.surveys.selectors.index import Period, index_table
from danvan.surveys.services import building, invitations
from danvan.surveys.services.answering import submit_response
from tests.api.helpers import assert_error, error_fields
from tests.factories import make_org, user_with
from tests.surveys.conftest import ask_everything, long_only_if_other, make_surveying

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 11, 10, 3, tzinfo=dt.UTC)  # Q4/2026


@pytest.fixture
def surveying(db):  # type: ignore[no-untyped-def]
    s = make_surveying()
    central = make_org(unit=None, name="Ban Tuyên giáo và Dân vận Trung ương")
    s.national = user_with(central, Role.LEADER, Scope.SUBTREE)
    return s


@pytest.fixture
def asked(surveying):  # type: ignore[no-untyped-def]
    asked = ask_everything(surveying.c1, surveying.c1_officer)
    long_only_if_other(asked, surveying.c1_officer)
    asked.survey = building.open_survey(survey=asked.survey, actor=surveying.c1_officer)
    return asked


def auth(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, raw = issue_api_token(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def full(asked) -> dict[str, object]:  # type: ignore[no-untyped-def]
    single = asked.single.choices.order_by("position")
    multiple = asked.multiple.choices.order_by("position")
    columns = asked.matrix.choices.order_by("position")
    rows = asked.matrix.rows.order_by("position")
    ranking = asked.ranking.choices.order_by("-position")
    return {
        f"q{asked.rating.pk}": 5.0,  # a program may send a whole number so
        f"q{asked.single.pk}": str(single[2].pk),
        f"q{asked.single.pk}-other": "Tổ trưởng tổ dân phố",
        f"q{asked.multiple.pk}": [multiple[0].pk, multiple[2].pk],
        f"q{asked.matrix.pk}-r{rows[0].pk}": columns[2].pk,
        f"q{asked.matrix.pk}-r{rows[1].pk}": str(columns[1].pk),
        f"q{asked.number.pk}": 2.5,
        f"q{asked.ranking.pk}": [str(c.pk) for c in ranking],
        f"q{asked.short.pk}": "Cấp giấy khai sinh",
        f"q{asked.long.pk}": "Nên có thêm ghế chờ.",
    }


def post(client, survey, answers, key="k-1", **extra):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/surveys/public/{survey.key}/responses",
        {"key": key, "answers": answers, **extra},
        content_type="application/json",
    )


# --- The question library ---------------------------------------------------------------------


def test_the_library_is_public_with_its_item_codes(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/surveys/library")
    assert response.status_code == 200
    body = response.json()
    assert body["scale_max"] == 5
    staff = next(c for c in body["criteria"] if c["code"] == "sipas.staff")
    assert staff["family"] == "sipas"
    assert staff["items"][0]["code"] == "sipas.staff.1" and staff["items"][0]["text"]


# --- The list and one survey ------------------------------------------------------------------


def test_the_list_shows_the_surveys_the_caller_reads_with_their_counts(
    client, asked, surveying
) -> None:  # type: ignore[no-untyped-def]
    other = building.create_survey(
        owner=surveying.other, title="Khảo sát khác", actor=surveying.other_officer
    )
    assert post(client, asked.survey, full(asked)).status_code == 201
    response = client.get("/api/v1/surveys", **auth(surveying.province_leader))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == asked.survey.pk and item["state"] == "open" and item["is_open"]
    assert item["owner"]["id"] == surveying.c1.pk
    assert item["responses"] == 1 and item["last_response_at"]
    mine = client.get("/api/v1/surveys", {"state": "draft"}, **auth(surveying.other_officer))
    assert [i["id"] for i in mine.json()["items"]] == [other.pk]


def test_the_list_refuses_citizens_and_anonymous_callers(client, surveying) -> None:  # type: ignore[no-untyped-def]
    assert_error(
        client.get("/api/v1/surveys", **auth(surveying.stranger)), 403, "permission_denied"
    )
    assert_error(client.get("/api/v1/surveys"), 401, "not_authenticated")


def test_a_survey_gives_what_another_system_needs_to_draw_the_form(
    client, asked, surveying
) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/surveys/{asked.survey.pk}", **auth(surveying.c1_officer))
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1 and body["key"] == asked.survey.key
    by_id = {q["id"]: q for q in body["questions"]}
    assert [q["number"] for q in body["questions"]] == list(range(1, 9))
    rating = by_id[asked.rating.pk]
    assert rating["name"] == f"q{asked.rating.pk}" and rating["scale_max"] == 5
    assert rating["required"] and rating["code"] == "sipas.staff.1"
    assert rating["low_label"] == "Rất không hài lòng"
    single = by_id[asked.single.pk]
    assert [c["free_text"] for c in single["choices"]] == [False, False, True]
    matrix = by_id[asked.matrix.pk]
    assert [r["name"] for r in matrix["rows"]] == [
        f"q{asked.matrix.pk}-r{r.pk}" for r in asked.matrix.rows.order_by("position")
    ]
    assert len(matrix["choices"]) == 3
    number = by_id[asked.number.pk]
    assert (number["min_value"], number["max_value"]) == ("0.00", "100.00")
    assert by_id[asked.multiple.pk]["max_choices"] == 2
    other = asked.single.choices.get(position=3)
    assert by_id[asked.long.pk]["shown_if"] == {
        "question_id": asked.single.pk,
        "kind": "equals",
        "choice_id": other.pk,
    }
    assert by_id[asked.short.pk]["shown_if"] is None


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("c1_officer", 200),  # the conducting body
        ("c1_leader", 200),
        ("province_leader", 200),  # its province, subtree
        ("national", 200),  # the centre
        ("c2_officer", 404),  # a neighbouring commune
        ("province_officer", 404),  # the province's committee, its own unit only
        ("other_officer", 404),  # another province
        ("stranger", 403),  # no staff role at all
    ],
)
def test_who_reads_a_survey_and_its_results(client, asked, surveying, who, status) -> None:  # type: ignore[no-untyped-def]
    headers = auth(getattr(surveying, who))
    for url in (f"/api/v1/surveys/{asked.survey.pk}", f"/api/v1/surveys/{asked.survey.pk}/results"):
        response = client.get(url, **headers)
        if status == 200:
            assert response.status_code == 200, (url, response.content)
        else:
            assert_error(response, status, "not_found" if status == 404 else "permission_denied")


def test_a_survey_that_does_not_exist_is_404(client, surveying) -> None:  # type: ignore[no-untyped-def]
    assert_error(
        client.get("/api/v1/surveys/999999", **auth(surveying.c1_officer)), 404, "not_found"
    )
    assert_error(client.get("/api/v1/surveys/0", **auth(surveying.c1_officer)), 422, "invalid")


# --- Answering --------------------------------------------------------------------------------


def test_anyone_answers_and_the_same_key_keeps_one_response(client, asked) -> None:  # type: ignore[no-untyped-def]
    first = post(client, asked.survey, full(asked))
    again = post(client, asked.survey, full(asked))
    assert first.status_code == 201, first.content
    assert again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["created"] is True and again.json()["created"] is False
    assert first.json()["channel"] == "link" and first.json()["version"] == 1
    response = Response.objects.get()
    assert response.entered_by is None and response.body == asked.survey.owner
    kept = Answer.objects.filter(response=response)
    assert kept.get(question=asked.number).number == pytest.approx(2.5)  # a program's 2.5
    assert kept.get(question=asked.long).text == "Nên có thêm ghế chờ."  # shown: "other" chosen
    assert kept.filter(question=asked.multiple).count() == 2


def test_a_wrong_sheet_is_400_per_question_and_keeps_nothing(client, asked) -> None:  # type: ignore[no-untyped-def]
    answers = full(asked)
    answers[f"q{asked.rating.pk}"] = 9
    answers[f"q{asked.number.pk}"] = "nhiều"
    answers[f"q{asked.single.pk}"] = [str(c.pk) for c in asked.single.choices.all()]
    response = post(client, asked.survey, answers)
    body = assert_error(response, 400, "invalid")
    assert error_fields(body) == {
        f"q{asked.rating.pk}",
        f"q{asked.number.pk}",
        f"q{asked.single.pk}",
    }
    rating = next(e for e in body["errors"] if e["field"] == f"q{asked.rating.pk}")
    assert rating["loc"] == ["body", "answers", f"q{asked.rating.pk}"] and rating["message"]
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_required_question_left_out_is_named(client, asked) -> None:  # type: ignore[no-untyped-def]
    answers = full(asked)
    del answers[f"q{asked.rating.pk}"]
    body = assert_error(post(client, asked.survey, answers), 400, "invalid")
    assert error_fields(body) == {f"q{asked.rating.pk}"}


def test_an_empty_sheet_and_a_missing_key_are_refused(client, asked) -> None:  # type: ignore[no-untyped-def]
    body = assert_error(post(client, asked.survey, {}), 400, "invalid")
    assert body["errors"] == [] or error_fields(body) == {f"q{asked.rating.pk}"}
    body = assert_error(post(client, asked.survey, full(asked), key=""), 422, "invalid")
    assert "key" in error_fields(body)
    assert not Response.objects.exists()


def test_a_survey_not_open_or_unknown_is_refused(client, asked, surveying) -> None:  # type: ignore[no-untyped-def]
    building.close_survey(survey=asked.survey, actor=surveying.c1_officer)
    body = assert_error(post(client, asked.survey, full(asked)), 400, "invalid")
    assert body["detail"]
    draft = building.create_survey(owner=surveying.c1, title="Nháp", actor=surveying.c1_officer)
    assert_error(post(client, draft, {"q1": "1"}), 400, "invalid")
    assert_error(
        client.post(
            "/api/v1/surveys/public/khong-co/responses",
            {"key": "k", "answers": {}},
            content_type="application/json",
        ),
        404,
        "not_found",
    )
    assert not Response.objects.exists()


def test_a_survey_by_code_only_takes_a_valid_unused_code(client, asked, surveying) -> None:  # type: ignore[no-untyped-def]
    asked.survey.public_link = False
    asked.survey.save()
    (code,) = invitations.issue_codes(survey=asked.survey, count=1, actor=surveying.c1_officer)
    assert_error(post(client, asked.survey, full(asked)), 400, "invalid")
    wrong = post(client, asked.survey, full(asked), channel="code", code="AAAA-BBBB")
    assert "code" in error_fields(assert_error(wrong, 400, "invalid"))
    assert Invitation.objects.get().used_at is None
    used = post(client, asked.survey, full(asked), key="k-2", channel="code", code=code)
    assert used.status_code == 201 and used.json()["channel"] == "code"
    again = post(client, asked.survey, full(asked), key="k-3", channel="code", code=code)
    assert "code" in error_fields(assert_error(again, 400, "invalid"))
    assert Response.objects.count() == 1


def test_answers_are_rate_limited_per_address_as_the_form(client, asked, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "survey_answer": "2/m/ip"}
    assert post(client, asked.survey, full(asked), key="a").status_code == 201
    assert post(client, asked.survey, full(asked), key="b").status_code == 201
    assert_error(post(client, asked.survey, full(asked), key="c"), 429, "throttled")
    assert Response.objects.count() == 2


def test_a_bad_token_is_refused_even_on_the_public_endpoint(client, asked) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/v1/surveys/public/{asked.survey.key}/responses",
        {"key": "k", "answers": full(asked)},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer nope",
    )
    assert_error(response, 401, "invalid_token")


# --- Results ----------------------------------------------------------------------------------


@pytest.fixture
def answered(surveying):  # type: ignore[no-untyped-def]
    """A survey of the province's committee: three answers about c1, c1 and c2."""
    asked = ask_everything(surveying.province, surveying.province_officer)
    long_only_if_other(asked, surveying.province_officer)
    asked.survey = building.open_survey(survey=asked.survey, actor=surveying.province_officer)
    version = asked.survey.versions.get()
    ratings = [(5, surveying.c1), (4, surveying.c1), (2, surveying.c2)]
    for i, (rating, body) in enumerate(ratings):
        with time_machine.travel(dt.datetime(2026, 11, 10 + i, 3, tzinfo=dt.UTC)):
            submit_response(
                survey=asked.survey,
                version=version,
                sheet={
                    f"q{asked.rating.pk}": [str(rating)],
                    f"q{asked.long.pk}": ["Cần thêm ghế ngồi chờ"],
                    f"q{asked.single.pk}": [str(asked.single.choices.get(position=3).pk)],
                    f"q{asked.short.pk}": ["Cần thêm ghế ngồi chờ ở sảnh"],
                },
                channel="link",
                key=f"r{i}",
                body=body,
            )
    return asked


def test_results_count_distribute_and_average_as_the_page(client, answered, surveying) -> None:  # type: ignore[no-untyped-def]
    response = client.get(
        f"/api/v1/surveys/{answered.survey.pk}/results", **auth(surveying.province_officer)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["responses"] == 3 and body["version"] == 1
    by_id = {q["question_id"]: q for q in body["questions"]}
    rating = by_id[answered.rating.pk]
    assert rating["answered"] == 3
    assert rating["distribution"] == [
        {"rating": 1, "count": 0},
        {"rating": 2, "count": 1},
        {"rating": 3, "count": 0},
        {"rating": 4, "count": 1},
        {"rating": 5, "count": 1},
    ]
    assert rating["mean"] == pytest.approx(11 / 3, abs=0.01)
    assert (rating["rated"], rating["satisfied"], rating["satisfied_share"]) == (3, 2, 66.7)
    other = answered.single.choices.get(position=3)
    assert by_id[answered.single.pk]["counts"] == [
        {"choice_id": other.pk, "row_id": None, "count": 3}
    ]
    long = by_id[answered.long.pk]
    assert long["words"] == ["Cần thêm ghế ngồi chờ"] * 3
    assert long["groups"] == [{"label": "Cần thêm ghế ngồi chờ", "count": 3, "examples": []}]
    assert long["grouped_from"] == 3
    assert by_id[answered.matrix.pk]["answered"] == 0


def test_results_filtered_by_body_and_days(client, answered, surveying) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/surveys/{answered.survey.pk}/results"
    headers = auth(surveying.province_leader)
    by_body = client.get(url, {"body": surveying.c2.pk}, **headers).json()
    assert by_body["responses"] == 1
    by_days = client.get(url, {"since": "2026-11-11", "until": "2026-11-11"}, **headers).json()
    assert by_days["responses"] == 1
    rating = next(q for q in by_days["questions"] if q["question_id"] == answered.rating.pk)
    assert rating["mean"] == 4.0


def test_results_refuse_a_body_outside_the_survey(client, answered, surveying) -> None:  # type: ignore[no-untyped-def]
    response = client.get(
        f"/api/v1/surveys/{answered.survey.pk}/results",
        {"body": surveying.other.pk},
        **auth(surveying.province_officer),
    )
    assert error_fields(assert_error(response, 422, "invalid")) == {"body"}
    bad_day = client.get(
        f"/api/v1/surveys/{answered.survey.pk}/results",
        {"since": "31/02/2026"},
        **auth(surveying.province_officer),
    )
    assert_error(bad_day, 422, "invalid")


def test_results_take_the_widest_days_a_date_holds(client, answered, surveying) -> None:  # type: ignore[no-untyped-def]
    response = client.get(
        f"/api/v1/surveys/{answered.survey.pk}/results",
        {"since": "0001-01-01", "until": "9999-12-31"},
        **auth(surveying.province_officer),
    )
    assert response.status_code == 200 and response.json()["responses"] == 3


# --- The satisfaction index -------------------------------------------------------------------


@pytest.fixture
def indexed(surveying, settings):  # type: ignore[no-untyped-def]
    """Q4/2026: c1 (Hà Nội) 3 satisfied responses, c2 (Hà Nội) 3 half-satisfied, a Tuyên
    Quang commune 2 (below the minimum of 3)."""
    settings.SATISFACTION_MIN_RESPONSES = 3
    s = surveying
    builder = user_with(s.province, Role.OFFICER)

    def library_survey(owner, actor):  # type: ignore[no-untyped-def]
        with time_machine.travel(dt.datetime(2026, 7, 1, 3, tzinfo=dt.UTC)):
            survey = building.create_survey(owner=owner, title="Chỉ số hài lòng", actor=actor)
            building.add_from_library(
                survey=survey, criteria=["sipas.access", "sipas.staff"], actor=actor
            )
            return building.open_survey(survey=survey, actor=actor)

    def answer(survey, ratings, body=None):  # type: ignore[no-untyped-def]
        version = survey.versions.order_by("-number").first()
        sheet = {
            f"q{q.pk}": [str(ratings[q.code])] for q in version.questions.all() if q.code in ratings
        }
        submit_response(
            survey=survey,
            version=version,
            sheet=sheet,
            channel="link",
            key=uuid.uuid4().hex,
            body=body,
        )

    hanoi_survey = library_survey(s.province, builder)
    other_survey = library_survey(s.other, s.other_officer)
    with time_machine.travel(DAY):
        for _ in range(3):
            answer(hanoi_survey, {"sipas.access.1": 5, "sipas.staff.1": 4}, body=s.c1)
            answer(hanoi_survey, {"sipas.access.1": 5, "sipas.staff.1": 1}, body=s.c2)
        for _ in range(2):
            answer(other_survey, {"sipas.access.1": 5})
    return s


def index(client, user, **params):  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY):
        return client.get("/api/v1/surveys/index", params, **auth(user))


def test_a_province_reads_its_bodies_exactly_as_the_page(client, indexed) -> None:  # type: ignore[no-untyped-def]
    response = index(client, indexed.province_leader, year=2026, quarter=4)
    assert response.status_code == 200
    body = response.json()
    assert body["by"] == "body" and body["minimum"] == 3
    assert body["period"]["year"] == 2026 and body["period"]["quarter"] == 4
    assert {r["label"]: r["index"]["value"] for r in body["rows"]} == {
        indexed.c1.name: 100.0,
        indexed.c2.name: 50.0,
    }
    assert body["total"]["index"]["value"] == 75.0 and body["total"]["index"]["n"] == 6
    staff = next(c for c in body["total"]["criteria"] if c["criterion"] == "sipas.staff")
    assert staff["value"] == 50.0 and staff["low"] is not None and staff["high"] is not None
    assert [c["code"] for c in body["criteria"]] == ["sipas.access", "sipas.staff"]
    assert len(body["trend"]) == 8 and body["trend"][-1]["period"]["quarter"] == 4
    # The same figures as the selector the page reads.
    with time_machine.travel(DAY):
        table = index_table(indexed.province_leader, period=Period(2026, 4))
    assert [(r["key"], r["index"]["n"], r["index"]["low"]) for r in body["rows"]] == [
        (r.key, r.index.n, r.index.low) for r in table.rows
    ]


def test_the_nation_reads_provinces_and_a_small_one_is_hidden(client, indexed) -> None:  # type: ignore[no-untyped-def]
    body = index(client, indexed.national, year=2026, quarter=4).json()
    assert body["by"] == "province"
    rows = {r["key"]: r for r in body["rows"]}
    hanoi, other = rows[indexed.c1.province_id], rows[indexed.other.province_id]
    assert hanoi["index"]["value"] == 75.0
    assert other["index"]["n"] == 2
    assert other["index"] == {"n": 2, "value": None, "margin": None, "low": None, "high": None}
    assert all(c["value"] is None for c in other["criteria"])
    narrowed = index(
        client, indexed.national, year=2026, quarter=4, province=indexed.c1.province_id
    ).json()
    assert narrowed["by"] == "body"
    assert {r["key"] for r in narrowed["rows"]} == {indexed.c1.pk, indexed.c2.pk}


@pytest.mark.parametrize(
    ("who", "rows"),
    [
        ("c1_officer", {"c1"}),
        ("c2_officer", {"c2"}),
        ("province_leader", {"c1", "c2"}),
        ("other_officer", {"other"}),
        ("province_officer", set()),
    ],
)
def test_who_reads_which_rows_of_the_index(client, indexed, who, rows) -> None:  # type: ignore[no-untyped-def]
    body = index(client, getattr(indexed, who), year=2026, quarter=4).json()
    assert {r["key"] for r in body["rows"]} == {getattr(indexed, name).pk for name in rows}


def test_the_index_refuses_a_province_below_the_nation_and_citizens(client, indexed) -> None:  # type: ignore[no-untyped-def]
    hanoi = indexed.c1.province_id
    assert_error(
        index(client, indexed.province_leader, year=2026, province=hanoi), 403, "permission_denied"
    )
    assert_error(index(client, indexed.stranger, year=2026), 403, "permission_denied")
    commune = AdminUnit.objects.get(pk=indexed.c1.unit_id).pk
    body = assert_error(
        index(client, indexed.national, year=2026, province=commune), 422, "invalid"
    )
    assert error_fields(body) == {"province"}
    assert_error(index(client, indexed.c1_officer, year=2026, quarter=5), 422, "invalid")
    with time_machine.travel(DAY):
        assert_error(client.get("/api/v1/surveys/index"), 401, "not_authenticated")


def test_the_index_defaults_to_the_current_quarter_and_a_year_covers_four(client, indexed) -> None:  # type: ignore[no-untyped-def]
    now = index(client, indexed.c1_officer).json()
    assert (now["period"]["year"], now["period"]["quarter"]) == (2026, 4)
    year = index(client, indexed.c1_officer, year=2026).json()
    assert year["period"]["quarter"] is None and year["total"]["index"]["n"] == 3


# --- Query counts -----------------------------------------------------------------------------


def test_the_surveys_list_reads_the_same_queries_whatever_the_page(  # type: ignore[no-untyped-def]
    client, surveying, django_assert_max_num_queries
) -> None:
    for i in range(12):
        building.create_survey(
            owner=surveying.c1 if i % 2 else surveying.c2,
            title=f"Khảo sát {i}",
            actor=surveying.c1_officer if i % 2 else surveying.c2_officer,
        )
    headers = auth(surveying.province_leader)
    client.get("/api/v1/surveys", **headers)  # the token's first use is recorded once
    counts = []
    for size in (2, 50):
        with django_assert_max_num_queries(8) as captured:
            response = client.get("/api/v1/surveys", {"page_size": size}, **headers)
        assert response.status_code == 200
        counts.append((len(captured.captured_queries), len(response.json()["items"])))
    assert counts[0][1] == 2 and counts[1][1] == 12
    assert counts[0][0] == counts[1][0]
