"""The figures the platform counts for a report (cases and exemplars figure sources) against
hand-counted records, across a reorganization; the list behind each figure; and how typed
figures, overrides and their reasons are saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.core.exceptions import ValidationError

from danvan.cases.models import Case, CaseDeadline, CaseKind, CaseState, Channel, DeadlineBasis
from danvan.cases.services.intake import submit
from danvan.exemplars.models import Exemplar
from danvan.lib import figures
from danvan.org.models import Organization
from danvan.reports.models import EventKind, FigureValue, Report, ReportEvent, ReportState
from danvan.reports.services import filling, workflow
from tests.cases.conftest import submission
from tests.exemplars.conftest import recognized, register
from tests.factories import Role, Scope, make_org, sign_in, user_with

pytestmark = pytest.mark.django_db

HANOI = dt.timezone(dt.timedelta(hours=7))
# Month 11/2026: figures from 15/10/2026 to 14/11/2026 (Hà Nội days).
WINDOW = figures.Window(dt.date(2026, 10, 15), dt.date(2026, 11, 14))


def at(day, hour=9, minute=0):
    return dt.datetime(2026, *day, hour, minute, tzinfo=HANOI)


def _case(network, org, **fields):
    case = submit(submission=submission(network), client="test", idempotency_key=None).case
    CaseDeadline.objects.filter(case=case).delete()
    values = {
        "organization": org,
        "province_id": org.province_id,
        "kind": CaseKind.FEEDBACK,
        "channel": Channel.WEB,
        "state": CaseState.RECEIVED,
        "accepted_at": None,
        "closed_at": None,
        "rating": None,
        "rated_at": None,
        **fields,
    }
    Case.objects.filter(pk=case.pk).update(**values)
    case.refresh_from_db()
    return case


@pytest.fixture
def former(network):
    """A body merged into commune A1 (its records roll up to A1)."""
    body = make_org(unit=network.commune_a1.unit, parent=None, name="Ban Dân vận xã cũ")
    Organization.objects.filter(pk=body.pk).update(current=network.commune_a1)
    body.refresh_from_db()
    return body


@pytest.fixture
def matters(network, former):
    a1 = network.commune_a1
    made = {
        # Received on the first minute of the window; accepted, closed and rated inside it.
        "first": _case(
            network,
            a1,
            received_at=at((10, 15), 0, 1),
            kind=CaseKind.COMPLAINT,
            channel=Channel.IN_PERSON,
            accepted_at=at((10, 20)),
            state=CaseState.CLOSED,
            closed_at=at((11, 10)),
            rating=5,
            rated_at=at((11, 12)),
        ),
        # Received on the last evening of the window, still open and past a legal due date.
        "last": _case(network, a1, received_at=at((11, 14), 23, 30), kind=CaseKind.DENUNCIATION),
        # Received the evening before the window; accepted and rated in it, resolved after.
        "before": _case(
            network,
            a1,
            received_at=at((10, 14), 23, 59),
            accepted_at=at((10, 16)),
            state=CaseState.RESOLVED,
            closed_at=at((11, 15), 0, 10),
            rating=2,
            rated_at=at((11, 1)),
        ),
        # Received the first minute after the window.
        "after": _case(network, a1, received_at=at((11, 15), 0, 0)),
        # Received and closed before the window.
        "old": _case(
            network,
            a1,
            received_at=at((9, 1)),
            accepted_at=at((9, 2)),
            state=CaseState.CLOSED,
            closed_at=at((10, 1)),
        ),
        # The former body's matter: counted for commune A1.
        "former": _case(network, former, received_at=at((11, 1)), kind=CaseKind.COMPLAINT),
        # Another commune's, and the commune People's Committee's (not under A1).
        "other_commune": _case(network, network.commune_a2, received_at=at((11, 1))),
        "committee": _case(network, network.commune_a1_committee, received_at=at((11, 1))),
    }
    CaseDeadline.objects.create(
        case=made["last"],
        step="resolve",
        basis=DeadlineBasis.LAW,
        due_date=dt.date(2026, 11, 14) - dt.timedelta(days=1),
        start_date=dt.date(2026, 10, 1),
        days=10,
        day_type="working",
        legal_basis="Luật",
    )
    return made


HAND_COUNTED = {
    "cases.received": ["first", "last", "former"],
    "cases.received.kind.complaint": ["first", "former"],
    "cases.received.kind.denunciation": ["last"],
    "cases.received.channel.in_person": ["first"],
    "cases.accepted": ["first", "before"],
    "cases.resolved": ["first"],
    "cases.resolved.on_time": ["first"],
    "cases.overdue": ["last"],
    "cases.rated": ["first", "before"],
    "cases.satisfied": ["first"],
}


def test_case_figures_match_the_hand_count(network, matters):
    counted = figures.count([*HAND_COUNTED, "cases.rating_average"], network.commune_a1.pk, WINDOW)
    assert {k: counted[k] for k in HAND_COUNTED} == {
        k: Decimal(len(v)) for k, v in HAND_COUNTED.items()
    }
    assert counted["cases.rating_average"] == Decimal("3.5")  # (5 + 2) / 2
    # The province counts its communes' matters and the former body's.
    province = figures.count(["cases.received"], network.province_a.pk, WINDOW)
    assert province["cases.received"] == Decimal(4)  # first, last, former, other_commune
    # An unknown key is left out.
    assert "cases.no_such" not in figures.count(["cases.no_such"], network.commune_a1.pk, WINDOW)


def test_no_rating_in_the_window_gives_no_average(network):
    counted = figures.count(["cases.rating_average", "cases.rated"], network.commune_a1.pk, WINDOW)
    assert counted == {"cases.rating_average": None, "cases.rated": Decimal(0)}


def test_a_deadline_closed_as_no_longer_applying_is_not_overdue(network, matters):
    CaseDeadline.objects.filter(case=matters["last"]).update(closed_at=at((11, 5)))
    counted = figures.count(["cases.overdue"], network.commune_a1.pk, WINDOW)
    assert counted["cases.overdue"] == Decimal(0)


@pytest.mark.parametrize("key", list(HAND_COUNTED))
@pytest.mark.parametrize("who", ["commune_officer", "province_leader"])
def test_the_inbox_behind_a_figure_lists_exactly_the_counted_matters(
    network, matters, client, key, who
):
    user = (
        user_with(network.commune_a1, Role.OFFICER)
        if who == "commune_officer"
        else user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    )
    url = figures.records_url(key, network.commune_a1.pk, WINDOW)
    query = parse_qs(urlparse(url).query)
    assert query["figure_from"] == ["15/10/2026"] and query["figure_to"] == ["14/11/2026"]
    assert query["org"] == [str(network.commune_a1.pk)] and query["figure"] == [key]
    sign_in(client, user)
    page = client.get(url)
    assert page.status_code == 200 and not page.context["errors"]
    shown = {c.tracking_code for c in page.context["page"]}
    assert shown == {matters[name].tracking_code for name in HAND_COUNTED[key]}


# --- Exemplars -----------------------------------------------------------------------------


@pytest.fixture
def models(network, former):
    province_officer = user_with(network.province_a, Role.OFFICER, Scope.SUBTREE)
    province_leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    Organization.objects.filter(pk=former.pk).update(current=None)
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=HANOI), tick=False):
        made = {
            "new": register(network, name="Mô hình mới"),
            "recognized": recognized(
                network,
                province_officer,
                province_leader,
                on=dt.date(2026, 11, 1),
                kind="individual",
                holder_name="Nguyễn Văn Hiến",
            ),
            "after": register(network, name="Đăng ký sau kỳ"),
            "former": register(
                network,
                officer=user_with(former, Role.OFFICER),
                organization=former,
                name="Mô hình của ban cũ",
            ),
            "other": register(
                network,
                officer=user_with(network.commune_a2, Role.OFFICER),
                organization=network.commune_a2,
                name="Mô hình xã khác",
            ),
        }
    Organization.objects.filter(pk=former.pk).update(current=network.commune_a1)
    registered = {
        "new": dt.date(2026, 10, 20),
        "recognized": dt.date(2026, 5, 1),
        "after": dt.date(2026, 11, 15),
        "former": dt.date(2026, 10, 25),
        "other": dt.date(2026, 10, 20),
    }
    for name, day in registered.items():
        Exemplar.objects.filter(pk=made[name].pk).update(registered_on=day)
    return made


EXEMPLARS_COUNTED = {
    "exemplars.registered": ["new", "former"],
    "exemplars.total": ["new", "recognized", "former"],
    "exemplars.total.collective": ["new", "former"],
    "exemplars.total.individual": ["recognized"],
    "exemplars.recognized": ["recognized"],
    "exemplars.recognized.province": ["recognized"],
    "exemplars.recognized.central": [],
    "exemplars.recognized_total": ["recognized"],
    "exemplars.replicated": [],
}


def test_exemplar_figures_match_the_hand_count(network, models):
    counted = figures.count(EXEMPLARS_COUNTED, network.commune_a1.pk, WINDOW)
    assert counted == {k: Decimal(len(v)) for k, v in EXEMPLARS_COUNTED.items()}
    province = figures.count(["exemplars.registered"], network.province_a.pk, WINDOW)
    assert province["exemplars.registered"] == Decimal(3)  # new, former, other


@pytest.mark.parametrize("key", ["exemplars.registered", "exemplars.total", "exemplars.recognized"])
def test_the_registry_behind_a_figure_lists_exactly_the_counted_models(
    network, models, client, key
):
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    page = client.get(figures.records_url(key, network.commune_a1.pk, WINDOW))
    assert page.status_code == 200
    assert {e.pk for e in page.context["page"]} == {models[n].pk for n in EXEMPLARS_COUNTED[key]}


# --- Filling a report ----------------------------------------------------------------------


@pytest.fixture
def report(reporting, matters):
    report = Report.objects.get(reporter=reporting.network.commune_a1, period=reporting.period)
    assert (report.period.starts_on, report.period.ends_on) == (WINDOW.starts_on, WINDOW.ends_on)
    filling.fill_platform_figures(report=report, actor=reporting.commune_officer)
    return report


def _values(report):
    return {v.indicator.code: v for v in report.values.select_related("indicator")}


def test_the_report_is_filled_with_the_counted_figures(report):
    values = _values(report)
    assert values["don_tiep_nhan"].value == Decimal(3)
    assert values["don_khieu_nai"].value == Decimal(2)
    assert values["don_to_cao"].value == Decimal(1)
    assert values["don_truc_tiep"].value == Decimal(1)
    assert values["don_thu_ly"].value == Decimal(2)
    assert values["don_giai_quyet"].value == Decimal(1)
    assert values["don_qua_han"].value == Decimal(1)
    assert values["luot_danh_gia"].value == Decimal(2)
    assert values["diem_hai_long"].value == Decimal("3.5")
    assert all(v.value == v.platform_value for v in values.values())
    assert ReportEvent.objects.filter(report=report, kind=EventKind.FILLED).count() == 1


def test_an_overridden_figure_is_kept_when_counted_again(reporting, report, network):
    officer = reporting.commune_officer
    filling.save_report(
        report=report,
        actor=officer,
        figures_typed={"don_tiep_nhan": "5"},
        reasons={"don_tiep_nhan": "Hai đơn nhận qua điện thoại, chưa nhập hệ thống"},
    )
    overridden = ReportEvent.objects.get(report=report, kind=EventKind.OVERRIDDEN)
    assert "Hai đơn nhận qua điện thoại" in overridden.note and overridden.actor == officer
    _case(network, network.commune_a1, received_at=at((11, 2)), kind=CaseKind.COMPLAINT)
    filling.fill_platform_figures(report=report, actor=officer)
    values = _values(report)
    assert (values["don_tiep_nhan"].value, values["don_tiep_nhan"].platform_value) == (5, 4)
    assert values["don_tiep_nhan"].overridden
    assert values["don_tiep_nhan"].override_reason.startswith("Hai đơn")
    # A figure not overridden takes the new count.
    assert (values["don_khieu_nai"].value, values["don_khieu_nai"].platform_value) == (3, 3)


def test_a_changed_figure_needs_a_reason(reporting, report):
    before = {c: (v.value, v.override_reason) for c, v in _values(report).items()}
    with pytest.raises(ValidationError) as error:
        filling.save_report(
            report=report,
            actor=reporting.commune_officer,
            figures_typed={"don_tiep_nhan": "7", "doi_thoai": "2"},
            reasons={"don_tiep_nhan": "   "},
        )
    assert set(error.value.message_dict) == {"reason-don_tiep_nhan"}
    assert {c: (v.value, v.override_reason) for c, v in _values(report).items()} == before
    assert not ReportEvent.objects.filter(
        report=report, kind__in=(EventKind.EDITED, EventKind.OVERRIDDEN)
    ).exists()
    # The same figure as counted needs none.
    filling.save_report(
        report=report, actor=reporting.commune_officer, figures_typed={"don_tiep_nhan": "3"}
    )
    assert _values(report)["don_tiep_nhan"].override_reason == ""


def test_one_figure_that_is_not_a_number_saves_nothing(reporting, report):
    before = set(FigureValue.objects.filter(report=report).values_list("pk", "value"))
    with pytest.raises(ValidationError) as error:
        filling.save_report(
            report=report,
            actor=reporting.commune_officer,
            figures_typed={"doi_thoai": "4", "cq_tong": "mười hai", "cq_phan_cong": "1,5"},
            texts={report.version.sections.get(heading="I").pk: "Không được lưu"},
        )
    assert set(error.value.message_dict) == {"fig-cq_tong", "fig-cq_phan_cong"}
    assert set(FigureValue.objects.filter(report=report).values_list("pk", "value")) == before
    assert not report.values.filter(indicator__code="doi_thoai").exists()
    assert not report.texts.exists()
    assert not ReportEvent.objects.filter(report=report, kind=EventKind.EDITED).exists()


def test_an_approved_report_edited_goes_back_to_the_leader(reporting, report):
    typed = {"doi_thoai": "2", "co_doi_thoai": "1", "cq_tong": "5", "cq_phan_cong": "4"}
    filling.save_report(report=report, actor=reporting.commune_officer, figures_typed=typed)
    workflow.approve(report=report, actor=reporting.commune_leader)
    report.refresh_from_db()
    filling.save_report(
        report=report, actor=reporting.commune_officer, figures_typed={"doi_thoai": "3"}
    )
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.approved_by is None


def test_a_save_from_a_page_read_before_the_report_was_sent_is_refused(reporting, report):
    typed = {"doi_thoai": "2", "co_doi_thoai": "1", "cq_tong": "5", "cq_phan_cong": "4"}
    filling.save_report(report=report, actor=reporting.commune_officer, figures_typed=typed)
    read_before = Report.objects.get(pk=report.pk)  # the page opened in another tab
    workflow.approve(report=report, actor=reporting.commune_leader)
    workflow.submit(report=report, actor=reporting.commune_officer)
    with pytest.raises(ValidationError):
        filling.save_report(
            report=read_before, actor=reporting.commune_officer, figures_typed={"doi_thoai": "9"}
        )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert _values(report)["doi_thoai"].value == 2
