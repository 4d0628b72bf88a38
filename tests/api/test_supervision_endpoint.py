"""The Front's supervision and social critique over HTTP (staff only): who reads and changes
what, as a matrix of person × (read the lists, read one, respond, assess) — 404 for what the
caller does not read, 403 for what they read but may not change, 401 anonymous; the chain
programme → recommendation → response → assessment; the critiques and the drafter's reply; the
boards and their reports; 400 per field with the services' Vietnamese messages; lists that
cost the same queries whatever the page; and days counted in Asia/Ho_Chi_Minh."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from danvan.accounts.services import issue_api_token
from danvan.participation.models import (
    BoardKind,
    CritiqueForm,
    Recommendation,
    RecommendationResponse,
    RecommendationState,
)
from danvan.participation.services import supervision as services
from tests.api.helpers import assert_error, error_fields
from tests.participation.conftest import make_participating
from tests.participation.test_supervision_fixtures import *  # noqa: F403 - the fixtures
from tests.participation.test_supervision_fixtures import NOW, TODAY, make_supervised
from tests.upload_samples import pdf_bytes

pytestmark = pytest.mark.django_db

URL = "/api/v1/supervision"
UTC = dt.UTC


@pytest.fixture
def participating(db):  # type: ignore[no-untyped-def]
    return make_participating()


@pytest.fixture
def commune(participating, frozen):  # type: ignore[no-untyped-def]
    """A programme of commune c1's Front, its recommendation to c1's People's Committee
    (sent 20/11/2026, due 20/12/2026)."""
    return make_supervised(
        participating, organizer=participating.c1_front, actor=participating.c1_front_officer
    )


@pytest.fixture
def answered(commune, participating):  # type: ignore[no-untyped-def]
    services.record_response(
        recommendation=commune.rec,
        text="Đã giải quyết 8/12 đơn.",
        responded_on=dt.date(2026, 12, 1),
        actor=participating.c1_officer,
    )
    return commune


def auth(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    if user is None:
        return {}
    _token, raw = issue_api_token(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, body, headers):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json", **headers)


def respond(client, rec, headers, **payload):  # type: ignore[no-untyped-def]
    body = {"text": "Đã giải quyết 10/12 đơn quá hạn.", "responded_on": "04/12/2026", **payload}
    return post(client, f"{URL}/recommendations/{rec.pk}/responses", body, headers)


def assess(client, rec, headers, **payload):  # type: ignore[no-untyped-def]
    body = {"outcome": "done", "note": "Đã kiểm tra thực tế.", **payload}
    return post(client, f"{URL}/recommendations/{rec.pk}/assessment", body, headers)


# --- Who reads and changes what -----------------------------------------------------------------

# person → (lists the programme, lists the recommendation, reads the programme, reads the
# recommendation, records a response, assesses it)
MATRIX = [
    ("c1_front_officer", (True, True, 200, 200, 201, 200)),  # the conducting Front body
    ("c1_officer", (False, True, 404, 200, 201, 403)),  # the addressed body
    ("c1_leader", (False, True, 404, 200, 201, 403)),
    ("c2_officer", (False, False, 404, 404, 404, 404)),  # an unrelated commune
    ("other_officer", (False, False, 404, 404, 404, 404)),  # another province
    ("city_front_leader", (True, True, 200, 200, 403, 403)),  # the province above, subtree
    ("city_leader", (True, True, 200, 200, 403, 403)),
    ("city_front_officer", (False, False, 404, 404, 404, 404)),  # a unit grant on the city
    ("citizen", (None, None, 403, 403, 403, 403)),  # no staff role
    ("anonymous", (None, None, 401, 401, 401, 401)),
]
CODES = {401: "not_authenticated", 403: "permission_denied", 404: "not_found"}


def _expect(response, status) -> None:  # type: ignore[no-untyped-def]
    if status < 400:
        assert response.status_code == status, response.content
    else:
        assert_error(response, status, CODES[status])


@pytest.mark.parametrize(("who", "expected"), MATRIX, ids=[w for w, _e in MATRIX])
def test_who_reads_lists_responds_and_assesses(client, answered, participating, who, expected):  # type: ignore[no-untyped-def]
    lists_programme, lists_rec, programme, detail, responds, assesses = expected
    user = None if who == "anonymous" else getattr(participating, who)
    headers = auth(user)
    rec = answered.rec
    programmes = client.get(f"{URL}/programmes", **headers)
    recs = client.get(f"{URL}/recommendations", **headers)
    if lists_programme is None:
        status = 401 if user is None else 403
        _expect(programmes, status)
        _expect(recs, status)
    else:
        ids = [p["id"] for p in programmes.json()["items"]]
        assert (answered.programme.pk in ids) is lists_programme
        assert (rec.pk in [r["id"] for r in recs.json()["items"]]) is lists_rec
    _expect(client.get(f"{URL}/programmes/{answered.programme.pk}", **headers), programme)
    _expect(client.get(f"{URL}/recommendations/{rec.pk}", **headers), detail)
    _expect(respond(client, rec, headers), responds)
    _expect(assess(client, rec, headers), assesses)
    found = Recommendation.objects.get(pk=rec.pk)
    assert found.state == (RecommendationState.DONE if assesses == 200 else "answered")
    assert RecommendationResponse.objects.filter(recommendation=rec).count() == (
        2 if responds == 201 else 1
    )


def test_the_addressed_body_sees_its_recommendation_not_the_programme(
    client, commune, participating
) -> None:  # type: ignore[no-untyped-def]
    headers = auth(participating.c1_officer)
    body = client.get(f"{URL}/recommendations/{commune.rec.pk}", **headers).json()
    assert body["reads_programme"] is False
    assert body["may_respond"] is True and body["may_assess"] is False
    assert body["programme"]["title"] == commune.programme.title  # as the web page shows it
    assert body["finding_text"] == "Còn 12 đơn quá hạn giải quyết."
    listed = client.get(f"{URL}/recommendations", **headers).json()["items"]
    assert [r["id"] for r in listed] == [commune.rec.pk] and not listed[0]["reads_programme"]
    assert client.get(f"{URL}/programmes", **headers).json()["count"] == 0
    front = client.get(
        f"{URL}/recommendations/{commune.rec.pk}", **auth(participating.c1_front_officer)
    ).json()
    assert front["reads_programme"] is True and front["may_respond"] is True


# --- The chain: programme, response, assessment -------------------------------------------------


def test_a_programme_with_its_delegations_findings_and_recommendations(
    client, commune, participating
) -> None:  # type: ignore[no-untyped-def]
    response = client.get(
        f"{URL}/programmes/{commune.programme.pk}", **auth(participating.c1_front_officer)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["organizer"]["id"] == participating.c1_front.pk and body["may_manage"] is True
    assert body["recommendations"] == 1 and body["awaiting"] == 1
    assert body["progress"]["total"] == 1 and body["progress"]["sent"] == 1
    [delegation] = body["delegations"]
    assert delegation["head_name"] == "Nguyễn Văn A" and delegation["state"] == "planned"
    assert [b["id"] for b in delegation["bodies"]] == [participating.c1.pk]
    [finding] = body["findings"]
    assert finding["delegation_id"] == commune.delegation.pk
    [rec] = body["recommendations_made"]
    assert rec["id"] == commune.rec.pk and rec["due_on"] == "2026-12-20"
    assert rec["finding_id"] == commune.finding.pk and rec["may_assess"] is False
    assert body["xlsx_url"].endswith(f"/supervision/{commune.programme.pk}/recommendations.xlsx")
    xlsx = client.get(body["xlsx_url"])  # the web export, with the signed-in session
    assert xlsx.status_code == 302  # not signed in: the link is the web's, behind its login
    client.force_login(participating.c1_front_officer)
    assert client.get(body["xlsx_url"]).status_code == 200


def test_programmes_by_year_form_body_and_title(client, commune, participating) -> None:  # type: ignore[no-untyped-def]
    city = make_supervised(participating)  # the city's Front, 2026
    headers = auth(participating.city_front_leader)
    url = f"{URL}/programmes"
    every = client.get(url, **headers).json()
    assert [p["id"] for p in every["items"]] == [city.programme.pk, commune.programme.pk]
    by_body = client.get(url, {"organizer": participating.c1_front.pk}, **headers).json()
    assert [p["id"] for p in by_body["items"]] == [commune.programme.pk]
    assert client.get(url, {"year": 2025}, **headers).json()["count"] == 0
    assert client.get(url, {"form": "documents"}, **headers).json()["count"] == 0
    assert client.get(url, {"q": "giai quyet don"}, **headers).json()["count"] == 2
    assert client.get(url, {"q": "đất đai"}, **headers).json()["count"] == 0
    assert_error(client.get(url, {"form": "khác"}, **headers), 422, "invalid")
    assert_error(client.get(url, {"year": 1999}, **headers), 422, "invalid")


def test_the_addressed_body_responds_and_the_front_assesses(client, commune, participating) -> None:  # type: ignore[no-untyped-def]
    rec = commune.rec
    front = auth(participating.c1_front_officer)
    early = assert_error(assess(client, rec, front), 400, "invalid")
    assert error_fields(early) == {"outcome"}
    response = respond(client, rec, auth(participating.c1_officer))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "answered" and body["may_respond"] is True
    [answer] = body["responses"]
    assert answer["responded_on"] == "2026-12-04" and answer["file_url"] is None
    assert answer["recorded_by"] == participating.c1_officer.get_full_name()
    letter = respond(client, rec, front, text="Công văn số 45 của UBND.", responded_on="2026-12-05")
    assert letter.status_code == 201 and len(letter.json()["responses"]) == 2
    assert client.get(f"{URL}/recommendations/{rec.pk}", **front).json()["may_assess"] is True
    closed = assess(client, rec, front, outcome="not_accepted", note="Chưa giải quyết hết.")
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert body["state"] == "not_accepted" and body["closed_on"] == "2026-12-05"
    assert body["closing_note"] == "Chưa giải quyết hết." and body["may_respond"] is False
    late = assert_error(respond(client, rec, auth(participating.c1_officer)), 400, "invalid")
    assert error_fields(late) == {"text"}
    assert RecommendationResponse.objects.filter(recommendation=rec).count() == 2


# --- 400 and 422 --------------------------------------------------------------------------------


def test_a_bad_response_is_400_per_field_in_vietnamese(client, commune, participating) -> None:  # type: ignore[no-untyped-def]
    headers = auth(participating.c1_officer)
    rec = commune.rec
    future = respond(client, rec, headers, text="   ", responded_on="06/12/2026")
    body = assert_error(future, 400, "invalid")
    messages = {e["field"]: e["message"] for e in body["errors"]}
    with translation.override("vi"):
        assert messages == {
            "text": translation.gettext("Write the response."),
            "responded_on": translation.gettext("The date cannot be in the future."),
        }
    assert messages["responded_on"] == "Ngày không được sau ngày hôm nay."
    assert all(e["loc"] == ["body", e["field"]] for e in body["errors"])
    before = respond(client, rec, headers, responded_on="2026-11-19")
    assert error_fields(assert_error(before, 400, "invalid")) == {"responded_on"}
    empty = respond(client, rec, headers, responded_on="")
    assert error_fields(assert_error(empty, 400, "invalid")) == {"responded_on"}
    assert "responded_on" in error_fields(
        assert_error(respond(client, rec, headers, responded_on="31/11/2026"), 422, "invalid")
    )
    assert "outcome" in error_fields(
        assert_error(
            assess(client, rec, auth(participating.c1_front_officer), outcome="x"), 422, "invalid"
        )
    )
    missing = respond(client, Recommendation(pk=999_999), headers)
    assert_error(missing, 404, "not_found")
    assert Recommendation.objects.get(pk=rec.pk).state == RecommendationState.SENT
    assert not RecommendationResponse.objects.exists()


# --- Recommendations: filters, overdue, days ----------------------------------------------------


def test_recommendations_by_state_body_and_overdue_in_hanoi_days(client, participating) -> None:  # type: ignore[no-untyped-def]
    p = participating
    with time_machine.travel(NOW, tick=False):
        s = make_supervised(p)  # the city's Front, to c1, due 20/12/2026
        other = services.add_recommendation(
            programme=s.programme,
            addressed_to=p.c2,
            text="Công khai kết quả giải quyết.",
            sent_on=dt.date(2026, 11, 25),
            due_on=dt.date(2026, 12, 21),
            actor=p.city_front_officer,
        )
    headers = auth(p.city_front_officer)
    url = f"{URL}/recommendations"
    # 20/12/2026 23:59 in Hà Nội (16:59 UTC): due today, not overdue yet.
    with time_machine.travel(dt.datetime(2026, 12, 20, 16, 59, tzinfo=UTC), tick=False):
        assert client.get(url, {"overdue": True}, **headers).json()["count"] == 0
        first = client.get(url, **headers).json()["items"][0]
        assert first["id"] == s.rec.pk and first["overdue"] is False
    # 21/12/2026 00:30 in Hà Nội, still the 20th in UTC: one day overdue.
    with time_machine.travel(dt.datetime(2026, 12, 20, 17, 30, tzinfo=UTC), tick=False):
        late = client.get(url, {"overdue": "true"}, **headers).json()["items"]
        assert [r["id"] for r in late] == [s.rec.pk]
        assert late[0]["overdue"] is True and late[0]["days_overdue"] == 1
        by_body = client.get(f"{url}/overdue-by-body", **headers).json()
        assert by_body == [
            {
                "body": {"id": p.c1.pk, "code": p.c1.code, "name": p.c1.name},
                "count": 1,
                "oldest_due_on": "2026-12-20",
                "most_days_overdue": 1,
            }
        ]
        to_c2 = client.get(url, {"addressed_to": p.c2.pk}, **headers).json()["items"]
        assert [r["id"] for r in to_c2] == [other.pk] and to_c2[0]["days_overdue"] == 0
        services.record_response(
            recommendation=s.rec,
            text="Đã giải quyết.",
            responded_on=dt.date(2026, 12, 21),  # today in Hà Nội, tomorrow in UTC
            actor=p.c1_officer,
        )
        answered = client.get(url, {"state": "answered"}, **headers).json()["items"]
        assert [r["id"] for r in answered] == [s.rec.pk] and answered[0]["days_overdue"] == 0
        assert client.get(url, {"overdue": True}, **headers).json()["count"] == 0
        of_programme = client.get(url, {"programme": s.programme.pk}, **headers).json()
        assert of_programme["count"] == 2
        assert_error(client.get(url, {"state": "lost"}, **headers), 422, "invalid")


def test_a_response_dated_today_in_hanoi_is_not_in_the_future(
    client, commune, participating
) -> None:  # type: ignore[no-untyped-def]
    # 06/12/2026 00:30 in Hà Nội is still 05/12 in UTC.
    with time_machine.travel(dt.datetime(2026, 12, 5, 17, 30, tzinfo=UTC), tick=False):
        response = respond(
            client, commune.rec, auth(participating.c1_officer), responded_on="06/12/2026"
        )
    assert response.status_code == 201, response.content
    assert response.json()["responses"][0]["responded_on"] == "2026-12-06"


# --- Critiques ----------------------------------------------------------------------------------


@pytest.fixture
def critique(participating, frozen, media):  # type: ignore[no-untyped-def]
    """The city's Front's critique of the city's draft, sent 15/11/2026, reply due 05/12."""
    p = participating
    critique = services.create_critique(
        organizer=p.city_front,
        draft_title="Dự thảo Nghị quyết về chính sách hỗ trợ hộ nghèo",
        drafting_body=p.city,
        form=CritiqueForm.CONFERENCE,
        received_on=dt.date(2026, 11, 1),
        reply_days=20,
        actor=p.city_front_officer,
    )
    return services.send_critique(
        critique=critique,
        number="12/BC-MTTQ",
        sent_on=dt.date(2026, 11, 15),
        file=SimpleUploadedFile("phan-bien.pdf", pdf_bytes(), content_type="application/pdf"),
        actor=p.city_front_officer,
    )


@pytest.mark.parametrize(
    ("who", "reads", "replies"),
    [
        ("city_front_officer", 200, 200),  # the conducting Front body
        ("city_officer", 200, 200),  # the drafting body
        ("city_leader", 200, 200),  # the drafting body's leader
        ("city_front_leader", 200, 200),
        ("c1_officer", 404, 404),
        ("other_officer", 404, 404),
        ("citizen", 403, 403),
        ("anonymous", 401, 401),
    ],
)
def test_who_reads_a_critique_and_records_the_reply(  # type: ignore[no-untyped-def]
    client, critique, participating, who, reads, replies
) -> None:
    user = None if who == "anonymous" else getattr(participating, who)
    headers = auth(user)
    _expect(client.get(f"{URL}/critiques/{critique.pk}", **headers), reads)
    body = {"text": "Tiếp thu 8/10 ý kiến.", "replied_on": "05/12/2026"}
    _expect(post(client, f"{URL}/critiques/{critique.pk}/reply", body, headers), replies)
    if replies == 200:
        critique.refresh_from_db()
        assert critique.state == "replied" and critique.reply_on == TODAY


def test_critiques_listed_with_the_reply_and_overdue(client, critique, participating) -> None:  # type: ignore[no-untyped-def]
    headers = auth(participating.city_officer)
    url = f"{URL}/critiques"
    with time_machine.travel(dt.datetime(2026, 12, 5, 17, 30, tzinfo=UTC), tick=False):
        [item] = client.get(url, {"overdue": True}, **headers).json()["items"]  # 06/12 here
        assert item["id"] == critique.pk and item["days_overdue"] == 1
        assert item["document_number"] == "12/BC-MTTQ" and item["may_reply"] is True
        assert item["document_url"].endswith(f"/supervision/files/critique/{critique.pk}/")
        assert item["drafting_body"]["id"] == participating.city.pk
        bad = post(
            client, f"{url}/{critique.pk}/reply", {"text": "", "replied_on": "07/12/2026"}, headers
        )
        assert error_fields(assert_error(bad, 400, "invalid")) == {"text", "replied_on"}
        done = post(
            client,
            f"{url}/{critique.pk}/reply",
            {"text": "Tiếp thu.", "replied_on": "06/12/2026"},
            headers,
        )
        assert done.status_code == 200, done.content
        assert done.json()["state"] == "replied" and done.json()["overdue"] is False
        assert client.get(url, {"overdue": True}, **headers).json()["count"] == 0
        assert client.get(url, {"state": "replied"}, **headers).json()["count"] == 1
        again = post(
            client,
            f"{url}/{critique.pk}/reply",
            {"text": "Lần hai.", "replied_on": "06/12/2026"},
            headers,
        )
        assert error_fields(assert_error(again, 400, "invalid")) == {"text"}
    by = client.get(url, {"drafting_body": participating.c1.pk}, **headers).json()
    assert by["count"] == 0


# --- Boards -------------------------------------------------------------------------------------


@pytest.fixture
def board(participating, frozen):  # type: ignore[no-untyped-def]
    return services.create_board(
        commune_body=participating.c1_front,
        kind=BoardKind.INSPECTION,
        name="Ban Thanh tra nhân dân",
        members="Trần Thị B — Trưởng ban\nLê Văn C",
        term_from=dt.date(2024, 10, 1),
        term_to=dt.date(2029, 9, 30),
        actor=participating.c1_front_officer,
    )


def test_boards_and_their_reports(client, board, participating) -> None:  # type: ignore[no-untyped-def]
    front = auth(participating.c1_front_officer)
    report = {"period_from": "01/01/2026", "period_to": "30/06/2026", "text": "Giám sát 4 cuộc"}
    added = post(client, f"{URL}/boards/{board.pk}/reports", {**report, "findings_count": 3}, front)
    assert added.status_code == 201, added.content
    assert added.json()["findings_count"] == 3 and added.json()["period_to"] == "2026-06-30"
    [item] = client.get(f"{URL}/boards", **front).json()["items"]
    assert item["members"] == ["Trần Thị B — Trưởng ban", "Lê Văn C"]
    assert item["reports"] == 1 and item["last_report_to"] == "2026-06-30"
    assert client.get(f"{URL}/boards", {"kind": "investment"}, **front).json()["count"] == 0
    detail = client.get(f"{URL}/boards/{board.pk}", **front).json()
    assert detail["may_manage"] is True and len(detail["reports_made"]) == 1
    bad = post(
        client,
        f"{URL}/boards/{board.pk}/reports",
        {**report, "period_to": "2025-01-01", "text": ""},
        front,
    )
    assert error_fields(assert_error(bad, 400, "invalid")) == {"period_to", "text"}
    above = auth(participating.city_front_leader)  # reads the commune's board, adds nothing
    assert client.get(f"{URL}/boards/{board.pk}", **above).json()["may_manage"] is False
    assert_error(
        post(client, f"{URL}/boards/{board.pk}/reports", report, above), 403, "permission_denied"
    )
    addressed = auth(participating.c2_officer)
    assert_error(client.get(f"{URL}/boards/{board.pk}", **addressed), 404, "not_found")
    assert_error(
        post(client, f"{URL}/boards/{board.pk}/reports", report, addressed), 404, "not_found"
    )
    assert client.get(f"{URL}/boards", **addressed).json()["count"] == 0


# --- Query counts -------------------------------------------------------------------------------


def _queries(client, django_assert_max_num_queries, url, headers, sizes=(2, 50)):  # type: ignore[no-untyped-def]
    client.get(url, **headers)  # a token's first use is recorded once
    found = []
    for size in sizes:
        with django_assert_max_num_queries(8) as captured:
            response = client.get(url, {"page_size": size}, **headers)
        assert response.status_code == 200, response.content
        found.append((len(captured.captured_queries), len(response.json()["items"])))
    return found


def test_the_lists_read_the_same_queries_whatever_the_page(  # type: ignore[no-untyped-def]
    client, participating, frozen, media, django_assert_max_num_queries
) -> None:
    p = participating
    for i in range(3):
        s = make_supervised(p, addressed_to=p.c1 if i % 2 else p.c2)
        services.add_recommendation(
            programme=s.programme,
            addressed_to=p.c1,
            text=f"Kiến nghị {i}",
            actor=p.city_front_officer,
        )
        critique = services.create_critique(
            organizer=p.city_front,
            draft_title=f"Dự thảo {i}",
            drafting_body=p.city,
            form=CritiqueForm.WRITTEN,
            received_on=dt.date(2026, 11, 1),
            actor=p.city_front_officer,
        )
        services.send_critique(
            critique=critique,
            number=f"{i}/BC",
            sent_on=dt.date(2026, 11, 2),
            file=SimpleUploadedFile("a.pdf", pdf_bytes(), content_type="application/pdf"),
            actor=p.city_front_officer,
        )
        services.create_board(
            commune_body=p.city_front,
            kind=BoardKind.INSPECTION,
            name=f"Ban {i}",
            members="Một\nHai",
            term_from=dt.date(2024, 1, 1),
            term_to=dt.date(2029, 1, 1),
            actor=p.city_front_officer,
        )
    headers = auth(p.city_front_leader)
    results = {
        name: _queries(client, django_assert_max_num_queries, f"{URL}/{name}", headers)
        for name in ("programmes", "recommendations", "critiques", "boards")
    }
    assert [n for _q, n in results["programmes"]] == [2, 3]
    assert [n for _q, n in results["recommendations"]] == [2, 6]
    assert [n for _q, n in results["critiques"]] == [2, 3]
    assert [n for _q, n in results["boards"]] == [2, 3]
    for small, large in results.values():
        assert small[0] == large[0]
    # The addressed body's view costs no more.
    theirs = _queries(
        client, django_assert_max_num_queries, f"{URL}/recommendations", auth(p.c1_officer)
    )
    assert [n for _q, n in theirs] == [2, 4] and theirs[0][0] == theirs[1][0]


def test_a_programme_costs_the_same_queries_whatever_it_holds(  # type: ignore[no-untyped-def]
    client, commune, participating, django_assert_max_num_queries
) -> None:
    p = participating
    headers = auth(p.c1_front_officer)
    url = f"{URL}/programmes/{commune.programme.pk}"
    client.get(url, **headers)  # a token's first use is recorded once

    def cost() -> int:
        with django_assert_max_num_queries(12) as captured:
            assert client.get(url, **headers).status_code == 200
        return len(captured.captured_queries)

    before = cost()
    for i in range(4):
        delegation = services.add_delegation(
            programme=commune.programme,
            name=f"Đoàn {i}",
            head_name="Trần Văn D",
            bodies=[p.c1, p.c2],
            starts_on=dt.date(2026, 11, 1),
            ends_on=dt.date(2026, 11, 2),
            actor=p.c1_front_officer,
        )
        finding = services.add_finding(
            programme=commune.programme,
            delegation=delegation,
            body=p.c2,
            text=f"Phát hiện {i}",
            found_on=dt.date(2026, 11, 2),
            actor=p.c1_front_officer,
        )
        services.add_recommendation(
            programme=commune.programme,
            finding=finding,
            addressed_to=p.c2,
            text=f"Kiến nghị {i}",
            actor=p.c1_front_officer,
        )
    body = client.get(url, **headers).json()
    assert len(body["delegations"]) == 5 and len(body["recommendations_made"]) == 5
    assert cost() == before
