"""The periodic reports API: who sees which report (the access module's two sides), the
shapes of templates, obligations, reports and the consolidated table, the CSV files (plain
numbers, formulas escaped), and lists whose query count does not grow with their rows."""

import csv
import datetime as dt
import io

import pytest

from danvan.accounts.services import issue_api_token
from danvan.reports.models import Report, ReportState
from danvan.reports.services import filling, obligations, periods, workflow
from danvan.reports.services.instances import open_reports
from danvan.reports.services.standard import create_standard_template
from tests.factories import Role, Scope, UserFactory, make_org, user_with
from tests.reports import conftest as reports_conftest

pytestmark = pytest.mark.django_db

# The reports' test network (tests/reports/conftest.py): the central body's monthly template,
# Hà Nội's two communes reporting to the province, the provinces to the central body.
reporting = reports_conftest.reporting

BASE = "/api/v1/reports"

TYPED = {
    "don_kien_nghi": "0",
    "doi_thoai": "2",
    "co_doi_thoai": "1",
    "cq_tong": "12",
    "cq_phan_cong": "9",
    "ty_le_phan_cong": "75",
}
FORMULA = '=HYPERLINK("http://example.com/x","bấm vào đây")'


def _auth(user):
    _token, raw = issue_api_token(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _report(reporting, org):
    return Report.objects.get(reporter=org, period=reporting.period)


def _send(report, officer, leader, typed=TYPED, **extra):
    filling.fill_platform_figures(report=report, actor=officer)
    filling.save_report(report=report, actor=officer, figures_typed=typed, **extra)
    workflow.approve(report=report, actor=leader)
    workflow.submit(report=report, actor=officer)


def _send_a1(reporting, **extra):
    report = _report(reporting, reporting.network.commune_a1)
    _send(report, reporting.commune_officer, reporting.commune_leader, **extra)
    return report


def _csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _ids(body):
    return {item["id"] for item in body["items"]}


# --- Who may call -----------------------------------------------------------------------------


PATHS = [
    "/periods",
    "/templates",
    "/templates/1",
    "/obligations",
    "/instances",
    "/instances.csv",
    "/instances/1",
    "/instances/1/figures.csv",
    "/consolidated/1/1/1",
    "/consolidated/1/1/1.csv",
]


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_callers_get_401(client, path):
    response = client.get(BASE + path)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("path", ["/periods", "/templates", "/obligations", "/instances"])
def test_a_signed_in_citizen_is_refused(client, network, path):
    client.force_login(UserFactory())
    response = client.get(BASE + path)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


# --- Reports: who sees which ------------------------------------------------------------------


def test_a_commune_sees_its_own_draft_and_never_another_communes_report(client, reporting):
    net = reporting.network
    mine, theirs = _report(reporting, net.commune_a1), _report(reporting, net.commune_a2)
    auth = _auth(reporting.commune_officer)
    body = client.get(f"{BASE}/instances", **auth).json()
    assert _ids(body) == {mine.pk} and body["count"] == 1
    assert client.get(f"{BASE}/instances/{mine.pk}", **auth).status_code == 200
    # Not even once it has been submitted: a commune is not the other's receiver.
    _send(theirs, reporting.other_commune_officer, user_with(net.commune_a2, Role.LEADER))
    assert _ids(client.get(f"{BASE}/instances", **auth).json()) == {mine.pk}
    for path in (f"/instances/{theirs.pk}", f"/instances/{theirs.pk}/figures.csv"):
        response = client.get(BASE + path, **auth)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert client.get(f"{BASE}/instances/999999", **auth).status_code == 404


def test_the_province_sees_a_communes_report_once_submitted(client, reporting):
    net = reporting.network
    a1 = _report(reporting, net.commune_a1)
    own = _report(reporting, net.province_a)  # the province's own, to the central body
    auth = _auth(reporting.province_officer)
    assert _ids(client.get(f"{BASE}/instances", **auth).json()) == {own.pk}
    assert client.get(f"{BASE}/instances/{a1.pk}", **auth).status_code == 404
    _send_a1(reporting)
    assert _ids(client.get(f"{BASE}/instances", **auth).json()) == {own.pk, a1.pk}
    detail = client.get(f"{BASE}/instances/{a1.pk}", **auth)
    assert detail.status_code == 200 and detail.json()["state"] == ReportState.SUBMITTED
    # Province B's staff see neither.
    other = _auth(user_with(net.province_b, Role.LEADER, Scope.SUBTREE))
    assert a1.pk not in _ids(client.get(f"{BASE}/instances", **other).json())
    assert client.get(f"{BASE}/instances/{a1.pk}", **other).status_code == 404


def test_the_list_filters_by_state_reporter_receiver_period_and_template(client, reporting):
    net = reporting.network
    a1 = _send_a1(reporting)
    leader = user_with(net.central, Role.LEADER, Scope.SUBTREE)
    own = _report(reporting, net.province_a)
    _send(own, reporting.province_officer, reporting.province_leader)
    client.force_login(leader)
    everything = client.get(f"{BASE}/instances").json()
    assert _ids(everything) == {a1.pk, own.pk}  # submitted ones only: drafts stay below
    assert _ids(client.get(f"{BASE}/instances", {"receiver": net.central.pk}).json()) == {own.pk}
    assert _ids(client.get(f"{BASE}/instances", {"reporter": net.commune_a1.pk}).json()) == {a1.pk}
    assert _ids(client.get(f"{BASE}/instances", {"state": "submitted"}).json()) == {a1.pk, own.pk}
    assert client.get(f"{BASE}/instances", {"state": "accepted"}).json()["count"] == 0
    period, template = reporting.period.pk, reporting.template.pk
    assert client.get(f"{BASE}/instances", {"period": period}).json()["count"] == 2
    assert client.get(f"{BASE}/instances", {"template": template + 1000}).json()["count"] == 0
    assert client.get(f"{BASE}/instances", {"state": "lost"}).status_code == 422


def test_a_report_in_json(client, reporting):
    net = reporting.network
    report = _report(reporting, net.commune_a1)
    section_i = report.version.sections.get(heading="I")
    _send_a1(
        reporting,
        typed={**TYPED, "don_tiep_nhan": "5"},
        reasons={"don_tiep_nhan": "Có 5 đơn nhận qua bưu điện chưa nhập hệ thống."},
        texts={section_i.pk: "Tình hình **ổn định**.\n\n- Một\n- Hai"},
    )
    client.force_login(reporting.province_officer)
    body = client.get(f"{BASE}/instances/{report.pk}").json()
    assert {
        "id": report.pk,
        "template": {
            "id": reporting.template.pk,
            "code": "bc-thang",
            "name": reporting.template.name,
        },
        "template_version": 1,
        "reporter": {
            "id": net.commune_a1.pk,
            "code": net.commune_a1.code,
            "name": net.commune_a1.name,
        },
        "receiver": {
            "id": net.province_a.pk,
            "code": net.province_a.code,
            "name": net.province_a.name,
        },
        "state": "submitted",
        "due_on": "2026-11-17",
    }.items() <= body.items()
    assert {"kind": "month", "year": 2026, "number": 11, "starts_on": "2026-10-15"}.items() <= (
        body["period"].items()
    )
    assert body["period"]["ends_on"] == "2026-11-14" and body["period"]["title"]
    sections = {s["heading"]: s for s in body["sections"]}
    assert list(sections) == ["I", "II", "III", "IV", "V", "VI"]
    assert sections["I"]["text"] == "Tình hình ổn định.\nMột\nHai"
    assert sections["I"]["markdown"].startswith("Tình hình **ổn định**.")
    assert sections["I"]["figures"] == []
    figures = {f["code"]: f for s in body["sections"] for f in s["figures"]}
    assert len(figures) == 25
    received = figures["don_tiep_nhan"]
    assert received == {
        "code": "don_tiep_nhan",
        "label": "Số đơn thư, phản ánh tiếp nhận",
        "depth": 0,
        "value_type": "count",
        "unit": "đơn",
        "value": "5",
        "platform_value": "0",
        "overridden": True,
        "override_reason": "Có 5 đơn nhận qua bưu điện chưa nhập hệ thống.",
        "source": "cases.received",
        "records_url": received["records_url"],
        "problems": [],
    }
    assert received["records_url"]
    assert figures["ty_le_phan_cong"]["value"] == "75"  # stored 75.0000: a plain number
    assert figures["doi_thoai"]["platform_value"] is None and figures["doi_thoai"]["source"] == ""
    assert figures["kinh_phi"]["value"] is None  # optional, left blank


# --- CSV --------------------------------------------------------------------------------------


def test_the_report_list_as_csv(client, reporting):
    net = reporting.network
    a1 = _report(reporting, net.commune_a1)
    client.force_login(reporting.commune_officer)
    rows = _csv_rows(client.get(f"{BASE}/instances.csv"))
    header, *data = rows
    assert header[:4] == ["id", "template_code", "template_version", "period_kind"]
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["id"] == str(a1.pk) and row["reporter_code"] == net.commune_a1.code
    assert (row["state"], row["due_on"], row["period_ends_on"]) == (
        "draft",
        "17/11/2026",
        "14/11/2026",
    )
    assert row["submitted_at"] == ""
    # Filters apply as on the list; bad ones are the API's 422.
    assert _csv_rows(client.get(f"{BASE}/instances.csv", {"state": "accepted"})) == [header]
    assert client.get(f"{BASE}/instances.csv", {"period": 0}).status_code == 422


def test_a_reports_figures_as_csv_escape_formulas_and_keep_numbers_plain(client, reporting):
    report = _report(reporting, reporting.network.commune_a1)
    _send_a1(
        reporting,
        typed={**TYPED, "don_tiep_nhan": "7", "kinh_phi": "1.490.000", "dat_hien": "12,5"},
        reasons={"don_tiep_nhan": FORMULA},
    )
    client.force_login(reporting.province_officer)
    header, *data = _csv_rows(client.get(f"{BASE}/instances/{report.pk}/figures.csv"))
    assert header == [
        "section_heading",
        "section_title",
        "code",
        "label",
        "depth",
        "value_type",
        "unit",
        "value",
        "platform_value",
        "overridden",
        "override_reason",
        "source",
    ]
    rows = {r[2]: dict(zip(header, r, strict=True)) for r in data}
    assert len(rows) == 25
    received = rows["don_tiep_nhan"]
    # A reason that a spreadsheet would run is written with an apostrophe in front.
    assert received["override_reason"] == "'" + FORMULA
    assert (received["value"], received["platform_value"], received["overridden"]) == (
        "7",
        "0",
        "1",
    )
    assert received["section_heading"] == "II"
    # Machine numbers: no thousands mark, a full stop for the decimals, no trailing zeros.
    assert rows["kinh_phi"]["value"] == "1490000"
    assert rows["dat_hien"]["value"] == "12.5"
    assert rows["ty_le_phan_cong"]["value"] == "75"
    assert rows["doi_thoai"]["platform_value"] == ""
    # The JSON gives the reason as it was written.
    body = client.get(f"{BASE}/instances/{report.pk}").json()
    figures = {f["code"]: f for s in body["sections"] for f in s["figures"]}
    assert figures["don_tiep_nhan"]["override_reason"] == FORMULA


# --- The consolidated table -------------------------------------------------------------------


def _consolidated(reporting, suffix=""):
    ids = (reporting.network.province_a.pk, reporting.template.pk, reporting.period.pk)
    return f"{BASE}/consolidated/{'/'.join(map(str, ids))}{suffix}"


def test_the_consolidated_table_counts_submitted_reports_and_marks_the_missing(client, reporting):
    net = reporting.network
    a1 = _send_a1(reporting)
    client.force_login(reporting.province_officer)
    body = client.get(_consolidated(reporting)).json()
    assert body["receiver"]["id"] == net.province_a.pk
    assert body["template"]["code"] == "bc-thang" and body["template_version"] == 1
    assert body["period"]["id"] == reporting.period.pk
    assert body["counted"] == 1
    children = {c["organization"]["id"]: c for c in body["children"]}
    assert children[net.commune_a1.pk] == {
        "organization": {
            "id": net.commune_a1.pk,
            "code": net.commune_a1.code,
            "name": net.commune_a1.name,
        },
        "counted": True,
        "status": "submitted",
        "report_id": a1.pk,
    }
    # A2's draft is not the receiver's to see: missing, with no report id.
    assert children[net.commune_a2.pk]["counted"] is False
    assert children[net.commune_a2.pk]["status"] == "missing"
    assert children[net.commune_a2.pk]["report_id"] is None
    assert body["missing"] == [net.commune_a2.pk]
    column = [c["organization"]["id"] for c in body["children"]].index(net.commune_a1.pk)
    rows = {r["code"]: r for r in body["rows"]}
    assert len(rows) == 25
    assert rows["doi_thoai"]["consolidated"] == "2"
    assert rows["doi_thoai"]["values"][column] == "2"
    assert rows["doi_thoai"]["values"][1 - column] is None
    assert rows["ty_le_phan_cong"]["consolidation"] == "ratio"
    assert rows["ty_le_phan_cong"]["consolidated"] == "75"
    # Returned for correction: still not counted, and said so.
    workflow.return_report(
        report=a1, actor=reporting.province_officer, comments=[workflow.Comment("Sai số liệu")]
    )
    body = client.get(_consolidated(reporting)).json()
    assert body["counted"] == 0
    assert {c["status"] for c in body["children"]} == {"returned", "missing"}
    assert all(r["consolidated"] is None for r in body["rows"])


def test_the_consolidated_table_as_csv(client, reporting):
    net = reporting.network
    _send_a1(reporting)
    client.force_login(reporting.province_leader)
    header, *data = _csv_rows(client.get(_consolidated(reporting, ".csv")))
    assert header[:5] == ["code", "label", "unit", "consolidation", "consolidated"]
    assert sorted(header[5:]) == sorted([net.commune_a1.code, f"{net.commune_a2.code} [missing]"])
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in data}
    assert len(rows) == 25
    assert rows["doi_thoai"]["consolidated"] == "2"
    assert rows["doi_thoai"][net.commune_a1.code] == "2"
    assert rows["doi_thoai"][f"{net.commune_a2.code} [missing]"] == ""
    assert rows["ty_le_phan_cong"]["consolidated"] == "75"


def test_the_consolidated_table_is_for_those_who_oversee_the_receiver(client, reporting):
    net = reporting.network
    _send_a1(reporting)
    path = _consolidated(reporting)
    for user in (reporting.commune_officer, user_with(net.province_b, Role.OFFICER)):
        client.force_login(user)
        for suffix in ("", ".csv"):
            response = client.get(path + suffix)
            assert response.status_code == 403
            assert response.json()["code"] == "permission_denied"
    # The central body oversees every province.
    client.force_login(user_with(net.central, Role.LEADER, Scope.SUBTREE))
    assert client.get(path).json()["counted"] == 1
    template, period = reporting.template.pk, reporting.period.pk
    assert client.get(f"{BASE}/consolidated/999999/{template}/{period}").status_code == 404
    unknown = f"{BASE}/consolidated/{net.province_a.pk}/{template}/999999"
    assert client.get(unknown).status_code == 404


# --- Templates, obligations, periods ----------------------------------------------------------


def test_templates_with_their_published_versions(client, reporting):
    net = reporting.network
    elsewhere = create_standard_template(
        owner=net.province_b, code="bc-tuyen-quang", applies_from=dt.date(2026, 1, 1)
    )
    client.force_login(reporting.commune_officer)
    body = client.get(f"{BASE}/templates").json()
    assert _ids(body) == {reporting.template.pk}  # not province B's, which it never uses
    (template,) = body["items"]
    assert template["owner"]["id"] == net.central.pk
    assert template["topic"] == "mass_mobilization" and template["active"] is True
    assert {s["period_kind"]: s["due_days"] for s in template["schedules"]} == {
        "month": 3,
        "quarter": 5,
        "year": 5,
    }
    (version,) = template["versions"]
    assert version["number"] == 1 and version["applies_from"] == "2026-01-01"
    assert [s["heading"] for s in version["sections"]] == ["I", "II", "III", "IV", "V", "VI"]
    indicators = {i["code"]: i for s in version["sections"] for i in s["indicators"]}
    assert len(indicators) == 25
    assert indicators["diem_hai_long"] == {
        "code": "diem_hai_long",
        "position": indicators["diem_hai_long"]["position"],
        "label": "Điểm hài lòng bình quân",
        "depth": 0,
        "value_type": "decimal",
        "unit": "điểm (1–5)",
        "definition": "",
        "required": False,
        "minimum": "1",
        "maximum": "5",
        "consolidation": "weighted_avg",
        "weight": "luot_danh_gia",
        "numerator": None,
        "denominator": None,
        "source": "cases.rating_average",
    }
    assert indicators["ty_le_phan_cong"]["numerator"] == "cq_phan_cong"
    assert {"kind": "sum_equals", "subject": "mh_tong", "parts": ["mh_ca_nhan", "mh_tap_the"]} in (
        version["checks"]
    )
    detail = client.get(f"{BASE}/templates/{reporting.template.pk}")
    assert detail.status_code == 200 and detail.json() == template
    assert client.get(f"{BASE}/templates/{elsewhere.pk}").status_code == 404
    # Province B's staff see the template their body defined.
    client.force_login(user_with(net.province_b, Role.OFFICER))
    assert elsewhere.pk in _ids(client.get(f"{BASE}/templates").json())


def test_obligations_of_the_callers_bodies_and_the_drill_down(client, reporting):
    net = reporting.network

    def listed(**params):
        items = client.get(f"{BASE}/obligations", params).json()["items"]
        return {(o["reporter"]["id"], o["receiver"]["id"]) for o in items}

    client.force_login(reporting.commune_officer)
    assert listed() == {(net.commune_a1.pk, net.province_a.pk)}
    client.force_login(reporting.province_officer)
    assert listed() == {
        (net.commune_a1.pk, net.province_a.pk),
        (net.commune_a2.pk, net.province_a.pk),
        (net.province_a.pk, net.central.pk),
    }
    assert listed(reporter=net.commune_a2.pk) == {(net.commune_a2.pk, net.province_a.pk)}
    # Before the obligations began: none.
    assert listed(as_of="31/12/2025") == set()
    # The central body's staff see the provinces' obligations to it, and those towards a
    # province they oversee when they ask for it.
    client.force_login(user_with(net.central, Role.LEADER, Scope.SUBTREE))
    assert listed() == {(net.province_a.pk, net.central.pk), (net.province_b.pk, net.central.pk)}
    assert listed(receiver=net.province_a.pk) == {
        (net.commune_a1.pk, net.province_a.pk),
        (net.commune_a2.pk, net.province_a.pk),
    }
    # A commune does not drill into its province's other obligations.
    client.force_login(reporting.commune_officer)
    assert listed(receiver=net.province_a.pk) == {(net.commune_a1.pk, net.province_a.pk)}
    (one,) = client.get(f"{BASE}/obligations").json()["items"]
    assert one["template"]["code"] == "bc-thang" and one["rule"] == "children"
    assert one["valid_from"] == "2026-01-01" and one["valid_to"] is None


def test_periods(client, reporting):
    periods.ensure_period(kind="quarter", year=2026, number=3)
    client.force_login(reporting.commune_officer)
    body = client.get(f"{BASE}/periods", {"kind": "month"}).json()
    assert [p["id"] for p in body["items"]] == [reporting.period.pk]
    assert client.get(f"{BASE}/periods", {"year": 2026}).json()["count"] == 2


# --- No N+1 -----------------------------------------------------------------------------------


def _signed_in(client, user):
    """Signed in, past the first request (which also records the session's sign-in steps)."""
    client.force_login(user)
    assert client.get(f"{BASE}/periods").status_code == 200


# Every request: the session, its user and the user's grants.
SIGNED_IN = 3
LIST = SIGNED_IN + 2  # the count and the page
CSV = SIGNED_IN + 1  # the rows, streamed
# The page, then schedules, versions, sections, indicators, checks and the checks' parts.
TEMPLATES = SIGNED_IN + 2 + 6
# Receiver, template, period; obligations, reports, version, indicators, codes, values.
CONSOLIDATED = SIGNED_IN + 3 + 6
# The report; sections, indicators, values, texts, checks and their parts (selectors.page),
# and the labels that the apps' figure sources read from their reference tables.
REPORT = SIGNED_IN + 1 + 6 + 3


def _count(django_assert_max_num_queries, client, url, most, params=None):
    with django_assert_max_num_queries(most) as captured:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured.captured_queries), response


def test_report_lists_cost_the_same_for_one_row_or_many(
    client, reporting, django_assert_max_num_queries
):
    for month in range(5, 11):
        open_reports(period=periods.ensure_period(kind="month", year=2026, number=month))
    _signed_in(client, reporting.commune_officer)
    url = f"{BASE}/instances"
    few, response = _count(django_assert_max_num_queries, client, url, LIST, {"page_size": 1})
    assert len(response.json()["items"]) == 1
    many, response = _count(django_assert_max_num_queries, client, url, LIST, {"page_size": 50})
    assert len(response.json()["items"]) == 7
    assert few == many
    one, _r = _count(
        django_assert_max_num_queries, client, url + ".csv", CSV, {"period": reporting.period.pk}
    )
    seven, _r = _count(django_assert_max_num_queries, client, url + ".csv", CSV)
    assert one == seven
    assert len(_csv_rows(client.get(url + ".csv"))) == 1 + 7


def test_templates_cost_the_same_for_one_or_many(client, reporting, django_assert_max_num_queries):
    for n in range(3):
        create_standard_template(
            owner=reporting.network.commune_a1, code=f"rieng-{n}", applies_from=dt.date(2026, 1, 1)
        )
    _signed_in(client, reporting.commune_officer)
    url = f"{BASE}/templates"
    few, response = _count(django_assert_max_num_queries, client, url, TEMPLATES, {"page_size": 1})
    assert len(response.json()["items"]) == 1
    many, response = _count(
        django_assert_max_num_queries, client, url, TEMPLATES, {"page_size": 50}
    )
    assert len(response.json()["items"]) == 4
    assert few == many


def test_the_consolidated_table_and_a_report_cost_the_same_however_many_children(
    client, reporting, django_assert_max_num_queries
):
    net = reporting.network
    _send_a1(reporting)
    _signed_in(client, reporting.province_officer)
    json_url, csv_url = _consolidated(reporting), _consolidated(reporting, ".csv")
    json_few, _r = _count(django_assert_max_num_queries, client, json_url, CONSOLIDATED)
    csv_few, _r = _count(django_assert_max_num_queries, client, csv_url, CONSOLIDATED)
    for n in range(4):
        body = make_org(unit=net.commune_a2.unit, parent=net.province_a, code=f"ZZ-{n}")
        obligations.add_obligation(
            template=reporting.template,
            reporter=body,
            receiver=net.province_a,
            on=dt.date(2026, 1, 1),
        )
        open_reports(period=reporting.period)
        if n % 2:
            _send(
                Report.objects.get(reporter=body, period=reporting.period),
                user_with(body, Role.OFFICER),
                user_with(body, Role.LEADER),
            )
    json_many, response = _count(django_assert_max_num_queries, client, json_url, CONSOLIDATED)
    assert len(response.json()["children"]) == 6 and response.json()["counted"] == 3
    csv_many, _r = _count(django_assert_max_num_queries, client, csv_url, CONSOLIDATED)
    assert (json_few, csv_few) == (json_many, csv_many)
    a1 = _report(reporting, net.commune_a1)
    _count(django_assert_max_num_queries, client, f"{BASE}/instances/{a1.pk}", REPORT)
    _count(django_assert_max_num_queries, client, f"{BASE}/instances/{a1.pk}/figures.csv", REPORT)


def test_the_openapi_document_describes_the_reports_endpoints(client, db):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert {
        f"/api/v1/reports/{p}"
        for p in (
            "templates",
            "obligations",
            "instances",
            "instances.csv",
            "instances/{report_id}",
            "instances/{report_id}/figures.csv",
            "consolidated/{receiver}/{template}/{period}",
            "consolidated/{receiver}/{template}/{period}.csv",
        )
    } <= set(paths)
    csv_ok = paths["/api/v1/reports/instances.csv"]["get"]["responses"]["200"]
    assert list(csv_ok["content"]) == ["text/csv"]
    assert all(op["get"].get("security") for p, op in paths.items() if "/v1/reports/" in p)
