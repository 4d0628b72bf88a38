"""The directives API: who sees which document and duty (the access module's rules: a commune
its own, a province its subtree, the centre everything), 404 for what the caller may not see,
the search that ignores diacritics, links only to visible documents, the compliance matrix in
JSON and CSV (formulas escaped), and lists whose query count does not grow with their rows."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine

from danvan.accounts.services import issue_api_token
from danvan.directives.models import Duty, LinkKind, StudyForm
from danvan.directives.services import cascade as services
from danvan.directives.services.documents import (
    DocumentSpec,
    link_documents,
    register_document,
)
from tests.api.helpers import assert_error
from tests.directives.conftest import to_communes, to_provinces
from tests.factories import UserFactory, sign_in

pytestmark = pytest.mark.django_db

BASE = "/api/v1/directives"
NOW = dt.datetime(2026, 4, 10, 3, tzinfo=dt.UTC)
FORMULA = '=HYPERLINK("http://example.com/x","bấm vào đây")'


def _auth(user):  # type: ignore[no-untyped-def]
    _token, raw = issue_api_token(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _get(client, user, path, **params):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        return client.get(f"{BASE}{path}", params, **_auth(user))


@pytest.fixture
def cascaded(directing):  # type: ignore[no-untyped-def]
    """The centre to both provinces; Hà Nội on to its two communes; A1 studied on time."""
    d = directing
    hanoi = to_provinces(d)
    to_communes(
        d,
        hanoi,
        study_due=dt.date(2026, 4, 5),
        plan_due=dt.date(2026, 5, 31),
        on=dt.date(2026, 2, 1),
    )
    with time_machine.travel(dt.datetime(2026, 4, 1, 3, tzinfo=dt.UTC)):
        services.record_study(
            document=d.directive,
            body=d.a1,
            held_on=dt.date(2026, 3, 20),
            form=StudyForm.IN_PERSON,
            attendees=45,
            party_members_attending=40,
            party_members_total=42,
            place="Hội trường xã",
        )
    return {o: Duty.objects.get(document=d.directive, body=getattr(d, o)) for o in DUTY_BODIES}


DUTY_BODIES = ("hanoi_committee", "tq_committee", "a1", "a2")


def _ids(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _csv_rows(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# --- Who may call ---------------------------------------------------------------------------

PATHS = [
    "/documents",
    "/documents/1",
    "/documents/1/compliance",
    "/documents/1/compliance.csv",
    "/duties",
    "/duties/1",
]


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_callers_get_401(client, db, path) -> None:  # type: ignore[no-untyped-def]
    assert_error(client.get(f"{BASE}{path}"), 401, "not_authenticated")


@pytest.mark.parametrize("path", ["/documents", "/duties"])
def test_a_citizen_is_refused(client, directing, path) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"{BASE}{path}", **_auth(UserFactory()))
    assert response.status_code == 403


def test_a_signed_in_session_works_too(client, directing) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.a1_officer)
    assert directing.directive.pk in _ids(client.get(f"{BASE}/documents"))


# --- Documents ------------------------------------------------------------------------------


def _tq_plan(d):  # type: ignore[no-untyped-def]
    return register_document(
        spec=DocumentSpec(
            symbol="15-KH/TU",
            signed_on=dt.date(2026, 2, 20),
            summary="Kế hoạch thực hiện Kết luận 236-KL/TW của Tỉnh ủy Tuyên Quang",
            issuer=d.tq_committee,
        ),
        registrar=d.tq_committee,
    )


def _hanoi_plan(d):  # type: ignore[no-untyped-def]
    return register_document(
        spec=DocumentSpec(
            symbol="24-KH/TU",
            signed_on=dt.date(2026, 2, 18),
            summary="Kế hoạch thực hiện Kết luận 236-KL/TW của Thành ủy Hà Nội",
            issuer=d.hanoi_committee,
            text="Nâng cao chất lượng công tác dân vận trên địa bàn Thủ đô.",
        ),
        registrar=d.hanoi_committee,
    )


def test_the_registry_is_searched_without_diacritics_and_by_visibility(client, directing) -> None:  # type: ignore[no-untyped-def]
    d = directing
    hanoi_plan, tq_plan = _hanoi_plan(d), _tq_plan(d)
    a1 = d.a1_officer
    assert _ids(_get(client, a1, "/documents")) == {d.directive.pk, hanoi_plan.pk}
    assert _ids(_get(client, d.tq_officer, "/documents")) == {d.directive.pk, tq_plan.pk}
    # "chỉ thị 49" in the summary, "dân vận … thủ đô" in the full text, typed without marks.
    assert _ids(_get(client, a1, "/documents", q="chi thi 49")) == {d.directive.pk}
    assert _ids(_get(client, a1, "/documents", q="dan van thu do")) == {hanoi_plan.pk}
    assert _ids(_get(client, a1, "/documents", q="khong ton tai")) == set()
    assert _ids(_get(client, a1, "/documents", kind="plan")) == {hanoi_plan.pk}
    assert _ids(_get(client, a1, "/documents", system="state")) == set()
    assert _ids(_get(client, a1, "/documents", in_force_on="01/02/2026")) == {d.directive.pk}
    body = _get(client, a1, "/documents", q="chi thi").json()
    assert body["count"] is None  # a text search is not counted
    item = body["items"][0]
    assert item["symbol"] == "236-KL/TW" and item["standing"] == "in_force"
    assert item["registrar"]["id"] == d.central.pk and "text" not in item
    assert _get(client, a1, "/documents", level="nowhere").status_code == 422


def test_a_document_out_of_reach_is_404_and_links_show_only_visible_documents(  # type: ignore[no-untyped-def]
    client, directing
) -> None:
    d = directing
    hanoi_plan, tq_plan = _hanoi_plan(d), _tq_plan(d)
    link_documents(source=hanoi_plan, kind=LinkKind.IMPLEMENTS, target=d.directive)
    link_documents(source=tq_plan, kind=LinkKind.IMPLEMENTS, target=d.directive)
    replacing = register_document(
        spec=DocumentSpec(
            symbol="240-KL/TW",
            signed_on=dt.date(2026, 3, 1),
            summary="Thay thế Kết luận 236-KL/TW",
            issuer_name="Ban Bí thư",
            term="XIII",
        ),
        registrar=d.central,
    )
    link_documents(source=replacing, kind=LinkKind.REPLACES, target=d.directive)

    body = _get(client, d.a1_officer, f"/documents/{d.directive.pk}").json()
    assert body["standing"] == "replaced" and body["replaced_from"] == "2026-03-01"
    linked = {(li["document"]["id"], li["direction"], li["kind"]) for li in body["links"]}
    assert linked == {
        (hanoi_plan.pk, "incoming", "implements"),
        (replacing.pk, "incoming", "replaces"),
    }
    assert body["text"] == ""
    for user, status in ((d.a1_officer, 404), (d.tq_officer, 200)):
        response = _get(client, user, f"/documents/{tq_plan.pk}")
        assert response.status_code == status
    assert_error(_get(client, d.a1_officer, f"/documents/{tq_plan.pk}"), 404, "not_found")
    assert_error(_get(client, d.a1_officer, "/documents/999999"), 404, "not_found")


# --- Duties ---------------------------------------------------------------------------------


def _duty_ids(client, user, **params):  # type: ignore[no-untyped-def]
    response = _get(client, user, "/duties", **params)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_a_commune_sees_only_its_duties_a_province_its_subtree(  # type: ignore[no-untyped-def]
    client, directing, cascaded
) -> None:
    d, duty = directing, cascaded
    everyone = {x.pk for x in cascaded.values()}
    # The commune: its own duty, whichever list.
    assert _duty_ids(client, d.a1_officer) == {duty["a1"].pk}
    assert _duty_ids(client, d.a1_officer, mine="false") == {duty["a1"].pk}
    # The province: its own duty, and with mine=false its communes' (not Tuyên Quang's).
    subtree = {duty[o].pk for o in ("hanoi_committee", "a1", "a2")}
    for user in (d.hanoi_leader, d.hanoi_officer):
        assert _duty_ids(client, user) == {duty["hanoi_committee"].pk}
        assert _duty_ids(client, user, mine="false") == subtree
    assert _duty_ids(client, d.tq_officer, mine="false") == {duty["tq_committee"].pk}
    # The centre sees every duty, and owes none itself.
    assert _duty_ids(client, d.central_officer) == set()
    assert _duty_ids(client, d.central_officer, mine="false") == everyone
    # Filters: on 10/04/2026 A2's study (due 05/04) is past due, A1's done on time.
    assert _duty_ids(client, d.hanoi_leader, mine="false", overdue="true") == {
        duty["hanoi_committee"].pk,
        duty["a2"].pk,
    }
    assert _duty_ids(client, d.hanoi_leader, mine="false", body=d.a1.pk) == {duty["a1"].pk}


def test_one_duty_with_its_sessions_and_404_out_of_reach(client, directing, cascaded) -> None:  # type: ignore[no-untyped-def]
    d, duty = directing, cascaded
    response = _get(client, d.hanoi_leader, f"/duties/{duty['a1'].pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["body"]["id"] == d.a1.pk and body["cascaded_by"]["id"] == d.hanoi_committee.pk
    assert body["study"] == {
        "required": True,
        "due": "2026-04-05",
        "done_on": "2026-03-20",
        "state": "on_time",
    }
    assert body["plan"]["state"] == "pending" and body["plan_document"] is None
    [session] = body["sessions"]
    assert session["held_on"] == "2026-03-20" and session["attendees"] == 45
    assert session["place"] == "Hội trường xã"
    for user, owner in ((d.a1_officer, "a2"), (d.a1_officer, "hanoi_committee")):
        assert_error(_get(client, user, f"/duties/{duty[owner].pk}"), 404, "not_found")
    assert_error(_get(client, d.tq_officer, f"/duties/{duty['a1'].pk}"), 404, "not_found")


# --- The compliance matrix ------------------------------------------------------------------


def _matrix(client, user, document, **params):  # type: ignore[no-untyped-def]
    response = _get(client, user, f"/documents/{document.pk}/compliance", **params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_matrix_counts_only_what_the_caller_sees(client, directing, cascaded) -> None:  # type: ignore[no-untyped-def]
    d = directing
    nation = _matrix(client, d.central_officer, d.directive, on="2026-04-10")
    assert nation["scope"] == "nation" and nation["on"] == "2026-04-10"
    assert {(r["kind"], r["key"], r["bodies"]) for r in nation["rows"]} == {
        ("province", d.hanoi.pk, 3),
        ("province", d.tq_committee.province_id, 1),
    }
    assert nation["total"]["bodies"] == 4 and nation["total"]["study"]["on_time"] == 1
    # Hà Nội sees its own subtree only.
    hanoi = _matrix(client, d.hanoi_leader, d.directive)
    assert [(r["key"], r["bodies"]) for r in hanoi["rows"]] == [(d.hanoi.pk, 3)]
    # Drilled down: Hà Nội's committee as a body, each commune as a unit.
    drill = _matrix(client, d.hanoi_leader, d.directive, province=d.hanoi.pk, on="10/04/2026")
    assert drill["scope"] == "province" and drill["province"]["id"] == d.hanoi.pk
    rows = {(r["kind"], r["key"]): r for r in drill["rows"]}
    assert set(rows) == {
        ("body", d.hanoi_committee.pk),
        ("unit", d.a1.current_unit_id),
        ("unit", d.a2.current_unit_id),
    }
    a1 = rows[("unit", d.a1.current_unit_id)]["study"]
    assert (a1["required"], a1["on_time"], a1["done"], a1["share"]) == (1, 1, 1, 1.0)
    assert rows[("unit", d.a2.current_unit_id)]["study"]["overdue"] == 1
    # The commune sees its own row only; before the communes' cascade, nothing of theirs.
    mine = _matrix(client, d.a1_officer, d.directive, province=d.hanoi.pk)
    assert [(r["kind"], r["bodies"]) for r in mine["rows"]] == [("unit", 1)]
    before = _matrix(client, d.a1_officer, d.directive, on="2026-01-31")
    assert before["rows"] == [] and before["total"]["bodies"] == 0
    unit = _matrix(client, d.hanoi_leader, d.directive, unit=d.a1.current_unit_id)
    assert [(r["kind"], r["key"], r["duty_id"]) for r in unit["rows"]] == [
        ("body", d.a1.pk, cascaded["a1"].pk)
    ]
    url = f"/documents/{d.directive.pk}/compliance"
    assert_error(_get(client, d.hanoi_leader, url, province=999999), 404, "not_found")
    assert _get(client, d.hanoi_leader, url, on="31/02/2026").status_code == 422


def test_the_matrix_as_csv_escapes_formulas(client, directing, cascaded) -> None:  # type: ignore[no-untyped-def]
    d = directing
    d.hanoi_committee.name = FORMULA
    d.hanoi_committee.save(update_fields=["name"])
    response = _get(
        client,
        d.hanoi_leader,
        f"/documents/{d.directive.pk}/compliance.csv",
        province=d.hanoi.pk,
        on="2026-04-10",
    )
    header, *data = _csv_rows(response)
    assert header[:4] == ["kind", "key", "label", "bodies"]
    assert "study_on_time" in header and "plan_overdue" in header and header[-1] == "duty_id"
    labels = {row[0]: row for row in data}
    assert labels["body"][2] == "'" + FORMULA  # run as text, never as a formula
    assert labels["total"][3] == "3"
    assert data[-1][0] == "total"
    total = dict(zip(header, data[-1], strict=True))
    assert total["study_on_time"] == "1" and total["study_overdue"] == "2"


# --- Query counts ---------------------------------------------------------------------------


def _count(django_assert_max_num_queries, client, user, path, limit, **params):  # type: ignore[no-untyped-def]
    headers = _auth(user)
    client.get(f"{BASE}{path}", params, **headers)  # the token's first use writes its time
    with time_machine.travel(NOW), django_assert_max_num_queries(limit) as captured:
        response = client.get(f"{BASE}{path}", params, **headers)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), response.json()


def test_lists_cost_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    client, directing, cascaded, django_assert_max_num_queries
) -> None:
    d = directing
    for i in range(12):
        register_document(
            spec=DocumentSpec(
                symbol=f"{100 + i}-KH/TU",
                signed_on=dt.date(2026, 2, 1) + dt.timedelta(days=i),
                summary=f"Kế hoạch số {i}",
                issuer=d.hanoi_committee,
            ),
            registrar=d.hanoi_committee,
        )
    user = d.hanoi_leader
    small, few = _count(django_assert_max_num_queries, client, user, "/documents", 6, page_size=2)
    large, many = _count(django_assert_max_num_queries, client, user, "/documents", 6, page_size=50)
    assert (len(few["items"]), len(many["items"])) == (2, 13)
    assert small == large
    small, few = _count(
        django_assert_max_num_queries, client, user, "/duties", 6, mine="false", page_size=1
    )
    large, many = _count(
        django_assert_max_num_queries, client, user, "/duties", 6, mine="false", page_size=50
    )
    assert (len(few["items"]), len(many["items"])) == (1, 3)
    assert small == large
    path = f"/documents/{d.directive.pk}"
    _count(django_assert_max_num_queries, client, user, path, 8)
    _count(
        django_assert_max_num_queries, client, user, f"{path}/compliance", 9, province=d.hanoi.pk
    )
    _count(django_assert_max_num_queries, client, user, f"/duties/{cascaded['a1'].pk}", 6)


def test_the_openapi_document_lists_the_directives_endpoints_as_secured(client, db) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/openapi.json").json()
    for path in (
        "/api/v1/directives/documents",
        "/api/v1/directives/documents/{document_id}",
        "/api/v1/directives/documents/{document_id}/compliance",
        "/api/v1/directives/documents/{document_id}/compliance.csv",
        "/api/v1/directives/duties",
        "/api/v1/directives/duties/{duty_id}",
    ):
        assert schema["paths"][path]["get"]["security"], path


def _plan_with_tasks(d):  # type: ignore[no-untyped-def]
    from danvan.directives.models import DocumentKind
    from danvan.directives.services import plans

    document = register_document(
        spec=DocumentSpec(
            symbol="135-KH/TU",
            signed_on=dt.date(2026, 3, 1),
            summary="Kế hoạch thực hiện Kết luận 236-KL/TW",
            kind=DocumentKind.PLAN,
            issuer=d.hanoi_committee,
        ),
        registrar=d.hanoi_committee,
    )
    workplan = plans.open_workplan(document=document)
    top = plans.add_task(
        workplan=workplan,
        spec=plans.TaskSpec(
            title="Triển khai", lead_body=d.hanoi_committee, due_on=dt.date(2026, 6, 30)
        ),
    )
    leaf = plans.add_task(
        workplan=workplan,
        spec=plans.TaskSpec(title="Ở xã A1", lead_body=d.a1, due_on=dt.date(2026, 3, 31)),
        parent=top,
    )
    return document, top, leaf


def test_a_plan_with_its_tasks_and_the_tasks_a_commune_leads(client, directing) -> None:  # type: ignore[no-untyped-def]
    d = directing
    document, _top, leaf = _plan_with_tasks(d)
    plan = _get(client, d.hanoi_leader, f"/plans/{document.pk}")
    assert plan.status_code == 200
    body = plan.json()
    assert [t["number"] for t in body["tasks"]] == ["1", "1.1"]
    assert body["tasks"][1]["status"] == "overdue"  # due 31/03, NOW is 10/04
    mine = _get(client, d.a1_officer, "/tasks", mine="true")
    assert [t["id"] for t in mine.json()["items"]] == [leaf.pk]
    assert _get(client, d.tq_officer, f"/plans/{document.pk}").status_code == 404
    assert _get(client, d.tq_officer, f"/tasks/{leaf.pk}").status_code == 404
    assert _get(client, d.a1_officer, f"/tasks/{leaf.pk}").status_code == 200
