"""The pages that set reporting up (views_setup): who may open and change them (role × scope
× action), building a template's draft and publishing it, a new version, obligations,
cut-off rules; bad input comes back with status 400 and the error beside the field, a
repeated request does no harm, and the list pages cost a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from danvan.reports.models import (
    CheckKind,
    Consolidation,
    CutoffRule,
    Obligation,
    ObligationRule,
    PeriodKind,
    ReportingPeriod,
    ReportSchedule,
    ReportTemplate,
    RuleKind,
    Section,
    ValueType,
    VersionState,
)
from danvan.reports.services import obligations, periods, templates
from danvan.reports.services.templates import IndicatorSpec
from tests.factories import (
    Role,
    Scope,
    UserFactory,
    make_org,
    sign_in,
    sign_in_with_totp,
    user_with,
)

pytestmark = pytest.mark.django_db


def _spec(code, value_type=ValueType.COUNT, **kw):
    return IndicatorSpec(code=code, label=f"Chỉ tiêu {code}", value_type=value_type, **kw)


@pytest.fixture
def draft(reporting):
    """Province A's own template: a draft with two sections, three indicators, a check."""
    net = reporting.network
    template = templates.create_template(
        owner=net.province_a,
        code="bc-tinh",
        name="Báo cáo của tỉnh",
        topic="other",
        applies_from=dt.date(2026, 1, 1),
        schedules={PeriodKind.MONTH: 5},
    )
    version = template.versions.get()
    one = templates.add_section(version=version, heading="I", title="Tình hình chung")
    two = templates.add_section(version=version, heading="II", title="Số liệu", narrative=False)
    templates.add_indicator(section=two, spec=_spec("tong"))
    templates.add_indicator(section=two, spec=_spec("phan_a", depth=1))
    templates.add_indicator(section=two, spec=_spec("phan_b", depth=1))
    templates.add_check(
        version=version, kind=CheckKind.SUM_EQUALS, subject="tong", parts=["phan_a", "phan_b"]
    )
    assert one.position == 1
    return template


def _version(template):
    return template.versions.order_by("-number").first()


def _in(client, user):
    """Signed in; administrators with their second factor (they must use one)."""
    if user.assignments.filter(role__in=[Role.UNIT_ADMIN, Role.SYSTEM_ADMIN]).exists():
        sign_in_with_totp(client, user)
    else:
        sign_in(client, user)
    return client


# -- the permission matrix ---------------------------------------------------------------

USERS = {
    # name: (body, role, scope)
    "commune_a1_officer": ("commune_a1", Role.OFFICER, Scope.UNIT),
    "province_a_officer": ("province_a", Role.OFFICER, Scope.UNIT),
    "province_a_leader_subtree": ("province_a", Role.LEADER, Scope.SUBTREE),
    "province_a_unit_admin": ("province_a", Role.UNIT_ADMIN, Scope.UNIT),
    "province_b_officer": ("province_b", Role.OFFICER, Scope.UNIT),
    "central_officer_subtree": ("central", Role.OFFICER, Scope.SUBTREE),
    "system_admin": ("central", Role.SYSTEM_ADMIN, Scope.SUBTREE),
    "citizen": None,
}
# What each may do: L list the templates, V open province A's template and draft,
# E edit its draft, P publish it, O open the obligations of the central template,
# C the cut-off rules.
EXPECTED = {
    "commune_a1_officer": "LVO",
    "province_a_officer": "LVEO",
    "province_a_leader_subtree": "LVEPO",
    "province_a_unit_admin": "LVEPO",
    "province_b_officer": "LVO",
    "central_officer_subtree": "LVO",
    "system_admin": "LVC",
    "citizen": "",
}


def _user(network, name):
    spec = USERS[name]
    if spec is None:
        return UserFactory()
    body, role, scope = spec
    return user_with(getattr(network, body), role, scope)


def _tries(reporting, draft):
    version = _version(draft)
    section = version.sections.get(heading="II")
    return {
        "L": ("get", reverse("reports:setup_templates"), {}),
        "V": ("get", reverse("reports:setup_version", args=[version.pk]), {}),
        "E": (
            "post",
            reverse("reports:setup_section_new", args=[version.pk]),
            {"heading": "III", "title": "Mục mới", "narrative": "on"},
        ),
        "E2": ("get", reverse("reports:setup_indicator_new", args=[section.pk]), {}),
        "P": ("post", reverse("reports:setup_version_publish", args=[version.pk]), {}),
        "O": ("get", reverse("reports:setup_obligations", args=[reporting.template.pk]), {}),
        "C": ("get", reverse("reports:setup_cutoffs"), {}),
    }


@pytest.mark.parametrize("name", list(USERS))
def test_who_may_do_what_on_the_setup_pages(client, reporting, draft, name):
    user = _user(reporting.network, name)
    _in(client, user)
    allowed = EXPECTED[name]
    for letter, (method, url, data) in _tries(reporting, draft).items():
        response = getattr(client, method)(url, data)
        may = letter[0] in allowed
        expected = 403 if not may else 200 if method == "get" else 302
        assert response.status_code == expected, (name, letter, response.status_code)
        if expected == 302:
            assert response.url.startswith("/reports/setup/"), response.url
    # Only the allowed edits happened.
    version = _version(draft)
    assert version.sections.filter(title="Mục mới").exists() == ("E" in allowed)
    assert (version.state == VersionState.PUBLISHED) == ("P" in allowed)


def test_anonymous_visitors_are_sent_to_sign_in(client, reporting, draft):
    for _letter, (method, url, data) in _tries(reporting, draft).items():
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert not _version(draft).sections.filter(title="Mục mới").exists()


def test_the_list_shows_the_bodys_own_templates_and_those_above(client, reporting, draft):
    net = reporting.network
    _in(client, reporting.province_officer)
    response = client.get(reverse("reports:setup_templates"))
    own = list(response.context["page"].object_list)
    assert own == [draft]
    assert list(response.context["above"]) == [reporting.template]
    assert response.context["can_add"] and not response.context["can_cutoffs"]
    # A commune officer defines none, and sees the central template (not the province's
    # draft, nor province B's templates).
    templates.create_template(
        owner=net.province_b,
        code="bc-tinh-b",
        name="Của tỉnh B",
        topic="other",
        applies_from=dt.date(2026, 1, 1),
    )
    _in(client, reporting.commune_officer)
    response = client.get(reverse("reports:setup_templates"))
    assert list(response.context["page"].object_list) == []
    assert list(response.context["above"]) == [reporting.template]


# -- building a template -----------------------------------------------------------------


def _indicator_data(code, **kw):
    data = {
        "code": code,
        "label": f"Chỉ tiêu {code}",
        "depth": "0",
        "value_type": ValueType.COUNT,
        "unit": "lượt",
        "definition": "",
        "required": "on",
        "minimum": "",
        "maximum": "",
        "consolidation": Consolidation.SUM,
        "weight": "",
        "numerator": "",
        "denominator": "",
        "source": "",
    }
    data.update(kw)
    return data


def test_a_province_officer_builds_a_template_and_its_leader_publishes_it(client, reporting):
    net = reporting.network
    _in(client, reporting.province_officer)
    response = client.get(reverse("reports:setup_template_new"))
    assert response.status_code == 200
    # The officer acts for one body: it is chosen already.
    assert response.context["form"].initial["owner"] == net.province_a.pk
    response = client.post(
        reverse("reports:setup_template_new"),
        {
            "owner": net.province_a.pk,
            "code": "bc-quy",
            "name": "Báo cáo quý",
            "topic": "mass_mobilization",
            "description": "",
            "applies_from": "01/01/2027",
        },
    )
    template = ReportTemplate.objects.get(code="bc-quy")
    assert response.status_code == 302
    assert response.url == reverse("reports:setup_template", args=[template.pk])
    assert template.owner == net.province_a
    version = template.versions.get()
    assert (version.number, version.state, version.applies_from) == (
        1,
        VersionState.DRAFT,
        dt.date(2027, 1, 1),
    )
    # Its schedule.
    url = reverse("reports:setup_schedule_new", args=[template.pk])
    assert client.post(url, {"period_kind": "quarter", "due_days": "7", "remind_days": "2"})
    schedule = template.schedules.get()
    assert (schedule.period_kind, schedule.due_days, schedule.remind_days) == ("quarter", 7, 2)
    # Sections, then indicators: a sum, its weight, a weighted average, a ratio, a figure
    # counted by the platform.
    for heading, title in (("I", "Tình hình"), ("II", "Số liệu")):
        response = client.post(
            reverse("reports:setup_section_new", args=[version.pk]),
            {"heading": heading, "title": title, "guidance": "", "narrative": "on"},
        )
        assert response.status_code == 302
    figures = version.sections.get(heading="II")
    new_indicator = reverse("reports:setup_indicator_new", args=[figures.pk])
    posts = [
        _indicator_data("luot"),
        _indicator_data(
            "diem",
            value_type=ValueType.DECIMAL,
            consolidation=Consolidation.WEIGHTED_AVERAGE,
            weight="luot",
            minimum="1",
            maximum="4,5",
        ),
        _indicator_data("da_xong"),
        _indicator_data(
            "ty_le",
            value_type=ValueType.PERCENT,
            consolidation=Consolidation.RATIO,
            numerator="da_xong",
            denominator="luot",
        ),
        _indicator_data("don", source="cases.received"),
    ]
    for data in posts:
        response = client.post(new_indicator, data)
        assert response.status_code == 302, response.context["form"].errors
    diem = version.indicators.get(code="diem")
    assert (diem.weight.code, diem.minimum, diem.maximum) == ("luot", Decimal(1), Decimal("4.5"))
    ratio = version.indicators.get(code="ty_le")
    assert (ratio.numerator.code, ratio.denominator.code) == ("da_xong", "luot")
    assert version.indicators.get(code="don").source == "cases.received"
    # A check.
    response = client.post(
        reverse("reports:setup_check_new", args=[version.pk]),
        {"kind": CheckKind.AT_MOST, "subject": "da_xong", "parts": ["luot"]},
    )
    assert response.status_code == 302
    assert version.checks.get().subject.code == "da_xong"
    # The page shows it all.
    page = client.get(reverse("reports:setup_version", args=[version.pk]))
    assert page.status_code == 200 and page.context["editable"]
    html = page.content.decode()
    for code in ("luot", "diem", "ty_le", "don", "da_xong"):
        assert f"<code>{code}</code>" in html
    # The officer does not publish; the leader does.
    assert not page.context["can_publish"]
    _in(client, reporting.province_leader)
    publish = reverse("reports:setup_version_publish", args=[version.pk])
    assert client.get(publish).status_code == 200
    assert client.post(publish).status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED
    assert version.published_by == reporting.province_leader
    # Published: read-only, every edit page refuses (400, nothing changed).
    page = client.get(reverse("reports:setup_version", args=[version.pk]))
    assert not page.context["editable"] and page.context["can_new_version"]
    before = (version.sections.count(), version.indicators.count(), version.checks.count())
    refused = [
        client.post(
            reverse("reports:setup_section_new", args=[version.pk]),
            {"heading": "III", "title": "Thêm", "narrative": "on"},
        ),
        client.post(new_indicator, _indicator_data("moi")),
        client.get(reverse("reports:setup_indicator_edit", args=[diem.pk])),
        client.post(reverse("reports:setup_indicator_delete", args=[diem.pk])),
        client.post(
            reverse("reports:setup_indicator_move", args=[diem.pk]),
            {"direction": "up", "position": diem.position},
        ),
        client.post(reverse("reports:setup_section_delete", args=[figures.pk])),
        client.post(
            reverse("reports:setup_check_new", args=[version.pk]),
            {"kind": CheckKind.AT_MOST, "subject": "luot", "parts": ["don"]},
        ),
    ]
    assert [r.status_code for r in refused] == [400] * len(refused)
    assert (version.sections.count(), version.indicators.count(), version.checks.count()) == before
    # Publishing again (a second click) changes nothing.
    response = client.post(publish)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.published_by == reporting.province_leader


def test_a_new_version_copies_the_latest_and_applies_from_a_chosen_period(client, reporting, draft):
    version = _version(draft)
    templates.publish(version=version, actor=None)
    _in(client, reporting.province_officer)
    url = reverse("reports:setup_version_new", args=[draft.pk])
    response = client.get(url)
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["applies_from"].choices)
    # Monthly periods from the one under way (today is in December 2026 in these tests or
    # later): their first days are cut off on the 15th.
    value = next(iter(choices))
    kind, year, number = value.split(":")
    assert kind == PeriodKind.MONTH
    start, _end = periods.bounds(kind, int(year), int(number))
    response = client.post(url, {"applies_from": value, "note": "Thêm chỉ tiêu"})
    assert response.status_code == 302
    v2 = _version(draft)
    assert (v2.number, v2.state, v2.applies_from, v2.note) == (
        2,
        VersionState.DRAFT,
        start,
        "Thêm chỉ tiêu",
    )
    assert [i.code for i in v2.indicators.order_by("position")] == ["tong", "phan_a", "phan_b"]
    assert v2.checks.count() == 1
    # A second request makes no second draft: the page sends to the draft, a POST refuses.
    response = client.get(url)
    assert response.status_code == 302 and response.url.endswith(f"/versions/{v2.pk}/")
    response = client.post(url, {"applies_from": value})
    assert response.status_code == 400
    assert draft.versions.count() == 2
    # A period not offered is refused with the error beside the field.
    templates.publish(version=v2, actor=None)
    response = client.post(url, {"applies_from": "month:1999:1"})
    assert response.status_code == 400
    assert "applies_from" in response.context["form"].errors


@pytest.mark.parametrize(
    ("data", "field"),
    [
        # A weighted average without the indicator it is weighted by.
        ({"consolidation": Consolidation.WEIGHTED_AVERAGE}, "weight"),
        # A ratio without its numerator or denominator.
        ({"consolidation": Consolidation.RATIO, "numerator": "tong"}, "denominator"),
        ({"consolidation": Consolidation.RATIO, "denominator": "tong"}, "numerator"),
        # A figure of another type: the average rating is a decimal.
        ({"source": "cases.rating_average"}, "source"),
        ({"source": "cases.no_such_figure"}, "source"),
        # The smallest value above the largest.
        ({"minimum": "10", "maximum": "2"}, "maximum"),
        ({"minimum": "mười"}, "minimum"),
        # A code the version has already.
        ({"code": "tong"}, "code"),
        ({"code": "có dấu"}, "code"),
        # Counting the "yes" of a number; a yes / no summed.
        ({"consolidation": Consolidation.COUNT_YES}, "consolidation"),
        ({"value_type": ValueType.YES_NO}, "consolidation"),
        # Weighted by a yes / no indicator? There is none: by itself, then.
        ({"consolidation": Consolidation.WEIGHTED_AVERAGE, "weight": "moi"}, "weight"),
    ],
)
def test_bad_indicators_come_back_with_the_error_beside_the_field(
    client, reporting, draft, data, field
):
    version = _version(draft)
    section = version.sections.get(heading="II")
    _in(client, reporting.province_officer)
    response = client.post(
        reverse("reports:setup_indicator_new", args=[section.pk]),
        {**_indicator_data("moi"), **data},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    html = response.content.decode()
    # What was typed stays; the error is under its field, and said at the top.
    assert 'value="Chỉ tiêu moi"' in html
    assert f'id="id_{field}_error"' in html
    assert 'id="form-errors"' in html
    assert not version.indicators.filter(label="Chỉ tiêu moi").exists()


def test_editing_an_indicator_moves_it_between_sections_and_keeps_the_rules(
    client, reporting, draft
):
    version = _version(draft)
    one = version.sections.get(heading="I")
    phan_b = version.indicators.get(code="phan_b")
    _in(client, reporting.province_officer)
    url = reverse("reports:setup_indicator_edit", args=[phan_b.pk])
    form = client.get(url).context["form"]
    assert form.initial["code"] == "phan_b" and form.initial["depth"] == 1
    # Consolidated with itself: refused.
    data = _indicator_data(
        "phan_b",
        section=one.pk,
        consolidation=Consolidation.WEIGHTED_AVERAGE,
        weight="phan_b",
    )
    response = client.post(url, data)
    assert response.status_code == 400 and "weight" in response.context["form"].errors
    # Into section I, weighted by "tong": saved, and it comes first (section I is first).
    data["weight"] = "tong"
    data["value_type"] = ValueType.DECIMAL
    response = client.post(url, data)
    assert response.status_code == 302
    phan_b.refresh_from_db()
    assert (phan_b.section_id, phan_b.weight.code, phan_b.position) == (one.pk, "tong", 1)
    assert [i.code for i in version.indicators.order_by("position")] == [
        "phan_b",
        "tong",
        "phan_a",
    ]
    # A new version copies a weight that points further down (two passes).
    templates.publish(version=version, actor=None)
    v2 = templates.new_version(template=draft, applies_from=dt.date(2027, 6, 1))
    copy = v2.indicators.get(code="phan_b")
    assert (copy.weight.version_id, copy.weight.code) == (v2.pk, "tong")


def test_sections_and_indicators_move_once_per_click(client, reporting, draft):
    version = _version(draft)
    two = version.sections.get(heading="II")
    _in(client, reporting.province_officer)
    url = reverse("reports:setup_section_move", args=[two.pk])
    for _click in range(2):  # the same form sent twice: it moves once
        assert client.post(url, {"direction": "up", "position": "2"}).status_code == 302
    assert [s.heading for s in version.sections.order_by("position")] == ["II", "I"]
    phan_b = version.indicators.get(code="phan_b")
    url = reverse("reports:setup_indicator_move", args=[phan_b.pk])
    for _click in range(2):
        client.post(url, {"direction": "up", "position": str(phan_b.position)})
    assert [i.code for i in version.indicators.order_by("position")] == [
        "tong",
        "phan_b",
        "phan_a",
    ]
    # A GET does not move anything.
    assert client.get(url).status_code == 405


def test_what_another_indicator_or_a_check_uses_is_not_deleted(client, reporting, draft):
    version = _version(draft)
    tong = version.indicators.get(code="tong")
    two = version.sections.get(heading="II")
    _in(client, reporting.province_officer)
    for url in (
        reverse("reports:setup_indicator_delete", args=[tong.pk]),
        reverse("reports:setup_section_delete", args=[two.pk]),
    ):
        assert client.get(url).status_code == 200
        response = client.post(url)
        assert response.status_code == 400
        assert response.context["errors"]
    assert version.indicators.count() == 3
    # The check first, then the section and its indicators.
    check = version.checks.get()
    assert client.post(reverse("reports:setup_check_delete", args=[check.pk])).status_code == 302
    assert client.post(reverse("reports:setup_section_delete", args=[two.pk])).status_code == 302
    assert not version.indicators.exists() and version.sections.count() == 1
    # Deleting again finds nothing.
    assert client.post(reverse("reports:setup_section_delete", args=[two.pk])).status_code == 404


def test_a_section_whose_indicators_are_linked_together_is_deleted_whole(client, reporting, draft):
    version = _version(draft)
    one = version.sections.get(heading="I")
    templates.add_indicator(section=one, spec=_spec("so_luot"))
    templates.add_indicator(
        section=one,
        spec=_spec(
            "diem",
            ValueType.DECIMAL,
            consolidation=Consolidation.WEIGHTED_AVERAGE,
            weight="so_luot",
        ),
    )
    _in(client, reporting.province_officer)
    response = client.post(reverse("reports:setup_section_delete", args=[one.pk]))
    assert response.status_code == 302
    assert not Section.objects.filter(pk=one.pk).exists()
    assert sorted(version.indicators.values_list("code", flat=True)) == [
        "phan_a",
        "phan_b",
        "tong",
    ]
    # The rest is numbered again from 1.
    assert [s.position for s in version.sections.all()] == [1]
    assert [i.position for i in version.indicators.order_by("position")] == [1, 2, 3]


def test_a_section_and_a_schedule_cannot_be_added_twice(client, reporting, draft):
    version = _version(draft)
    _in(client, reporting.province_officer)
    url = reverse("reports:setup_section_new", args=[version.pk])
    data = {"heading": "III", "title": "Kiến nghị", "narrative": "on"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 400 and "title" in response.context["form"].errors
    assert version.sections.filter(title="Kiến nghị").count() == 1
    url = reverse("reports:setup_schedule_new", args=[draft.pk])
    response = client.post(url, {"period_kind": "month", "due_days": "3", "remind_days": "1"})
    assert response.status_code == 400 and "period_kind" in response.context["form"].errors
    # The template's code is unique too.
    response = client.post(
        reverse("reports:setup_template_new"),
        {
            "owner": reporting.network.province_a.pk,
            "code": "bc-tinh",
            "name": "Trùng mã",
            "topic": "other",
            "applies_from": "01/01/2027",
        },
    )
    assert response.status_code == 400 and "code" in response.context["form"].errors
    assert ReportTemplate.objects.filter(code="bc-tinh").count() == 1


def test_the_template_and_its_schedules_are_edited(client, reporting, draft):
    _in(client, reporting.province_officer)
    response = client.post(
        reverse("reports:setup_template_edit", args=[draft.pk]),
        {"name": "Báo cáo tháng của tỉnh", "topic": "other", "description": "Mô tả"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.name, draft.description, draft.active) == (
        "Báo cáo tháng của tỉnh",
        "Mô tả",
        False,
    )
    schedule = draft.schedules.get()
    url = reverse("reports:setup_schedule_edit", args=[schedule.pk])
    response = client.post(url, {"period_kind": "month", "due_days": "400", "remind_days": "1"})
    assert response.status_code == 400 and "due_days" in response.context["form"].errors
    assert client.post(url, {"period_kind": "month", "due_days": "10", "remind_days": "2"})
    schedule.refresh_from_db()
    assert (schedule.due_days, schedule.remind_days) == (10, 2)
    url = reverse("reports:setup_schedule_delete", args=[schedule.pk])
    assert client.post(url).status_code == 302
    assert not ReportSchedule.objects.filter(pk=schedule.pk).exists()
    # A commune officer changes none of it.
    _in(client, reporting.commune_officer)
    response = client.post(
        reverse("reports:setup_template_edit", args=[draft.pk]),
        {"name": "Của xã", "topic": "other", "active": "on"},
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.name == "Báo cáo tháng của tỉnh"


def test_changes_are_kept_in_the_audit_log(client, reporting, draft):
    version = _version(draft)
    officer = reporting.province_officer
    _in(client, officer)
    client.post(
        reverse("reports:setup_section_new", args=[version.pk]),
        {"heading": "III", "title": "Kiến nghị", "narrative": "on"},
    )
    tong = version.indicators.get(code="tong")
    client.post(
        reverse("reports:setup_indicator_edit", args=[tong.pk]),
        _indicator_data("tong", label="Tổng số", section=tong.section_id),
    )
    check = version.checks.get()
    client.post(reverse("reports:setup_check_delete", args=[check.pk]))
    _in(client, reporting.province_leader)
    client.post(reverse("reports:setup_version_publish", args=[version.pk]))
    logged = [
        (e.user_id, e.content_type.model, e.action_flag)
        for e in LogEntry.objects.order_by("pk").select_related("content_type")
    ]
    assert logged == [
        (officer.pk, "section", ADDITION),
        (officer.pk, "indicator", CHANGE),
        (officer.pk, "indicatorcheck", DELETION),
        (reporting.province_leader.pk, "templateversion", CHANGE),
    ]


# -- obligations -------------------------------------------------------------------------


def test_a_province_officer_says_who_reports_to_the_province(client, reporting):
    net, template = reporting.network, reporting.template
    _in(client, reporting.province_officer)
    page = client.get(reverse("reports:setup_obligations", args=[template.pk]))
    assert page.status_code == 200
    # Not a manager of the central template: the province's own rules and obligations.
    assert not page.context["everything"]
    assert {r.receiver for r in page.context["rules"]} == {net.province_a}
    reporters = {o.reporter for o in page.context["page"].object_list}
    assert reporters == {net.commune_a1, net.commune_a2}
    # The same rule again: refused, nothing made.
    url = reverse("reports:setup_rule_new", args=[template.pk])
    same = {"receiver": net.province_a.pk, "kind": RuleKind.CHILDREN, "on": "01/12/2026"}
    response = client.post(url, same)
    assert response.status_code == 400
    assert ObligationRule.objects.filter(receiver=net.province_a).count() == 1
    # A chosen list: the province's People's Committee reports too.
    form = client.get(url).context["form"]
    assert net.province_a_committee in form.fields["chosen"].queryset
    assert net.commune_b1 not in form.fields["chosen"].queryset  # another province's body
    response = client.post(
        url,
        {**same, "kind": RuleKind.CHOSEN, "chosen": [net.province_a_committee.pk]},
    )
    assert response.status_code == 302
    made = Obligation.objects.get(template=template, reporter=net.province_a_committee)
    assert (made.receiver, made.valid_from, made.rule.kind) == (
        net.province_a,
        dt.date(2026, 12, 1),
        RuleKind.CHOSEN,
    )
    # Chosen with nobody chosen; below with neither kind nor level: the error by the field.
    response = client.post(url, {**same, "kind": RuleKind.CHOSEN})
    assert response.status_code == 400 and "chosen" in response.context["form"].errors
    response = client.post(url, {**same, "kind": RuleKind.BELOW})
    assert response.status_code == 400
    assert "organization_kind" in response.context["form"].errors
    # A body not in the province's territory cannot be the receiver.
    response = client.post(url, {**same, "receiver": net.province_b.pk})
    assert response.status_code == 400 and "receiver" in response.context["form"].errors


def test_obligations_are_added_by_hand_and_ended(client, reporting):
    net, template = reporting.network, reporting.template
    _in(client, reporting.province_officer)
    url = reverse("reports:setup_obligation_new", args=[template.pk])
    data = {"reporter": net.commune_a1_committee.pk, "receiver": net.province_a.pk, "on": ""}
    response = client.post(url, data)
    assert response.status_code == 400 and "on" in response.context["form"].errors
    data["on"] = "04/12/2026"
    assert client.post(url, data).status_code == 302
    obligation = Obligation.objects.get(template=template, reporter=net.commune_a1_committee)
    # Again: the body reports already.
    response = client.post(url, data)
    assert response.status_code == 400 and "reporter" in response.context["form"].errors
    # Ending it: not before it started; then on a day; a second time is harmless.
    end = reverse("reports:setup_obligation_end", args=[obligation.pk])
    response = client.post(end, {"on": "01/12/2026"})
    assert response.status_code == 400 and "on" in response.context["form"].errors
    assert client.post(end, {"on": "31/12/2026"}).status_code == 302
    obligation.refresh_from_db()
    assert obligation.valid_to == dt.date(2026, 12, 31)
    response = client.post(end, {"on": "05/12/2026"})
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.valid_to == dt.date(2026, 12, 31)
    # A commune officer does not end the province's obligations; province B's officer
    # neither.
    other = Obligation.objects.current().get(template=template, reporter=net.commune_a2)
    end = reverse("reports:setup_obligation_end", args=[other.pk])
    for user in (reporting.commune_officer, _user(net, "province_b_officer")):
        _in(client, user)
        assert client.post(end, {"on": "31/12/2026"}).status_code == 403
    other.refresh_from_db()
    assert other.valid_to is None


def test_applying_a_rule_again_keeps_it_in_step(client, reporting):
    net = reporting.network
    rule = ObligationRule.objects.get(receiver=net.province_a)
    # A body set up under the province after the rule was made.
    body = make_org(unit=net.province_a.unit, parent=net.province_a)
    _in(client, reporting.province_officer)
    url = reverse("reports:setup_rule_apply", args=[rule.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # twice: nothing more
    assert Obligation.objects.current().filter(rule=rule, reporter=body).count() == 1
    assert LogEntry.objects.filter(content_type__model="obligationrule").count() == 1
    _in(client, reporting.commune_officer)
    assert client.post(url).status_code == 403


# -- cut-off rules -----------------------------------------------------------------------


def test_system_administrators_add_a_cutoff_rule_from_a_date(client, reporting):
    admin = _user(reporting.network, "system_admin")
    _in(client, admin)
    url = reverse("reports:setup_cutoffs")
    page = client.get(url)
    assert page.status_code == 200
    month_rule = CutoffRule.objects.filter(kind=PeriodKind.MONTH).order_by("-effective_from")[0]
    used = {r.pk: u for r, u in page.context["rules"]}
    # November 2026 was made (conftest): the decree's monthly rule is in use up to its end.
    assert used[month_rule.pk] == reporting.period.ends_on
    # A rule for periods already made: refused.
    data = {
        "kind": PeriodKind.MONTH,
        "start_day": "1",
        "starts_month_before": "",
        "effective_from": "01/11/2026",
        "legal_basis": "Thử nghiệm",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "effective_from" in response.context["form"].errors
    response = client.post(url, {**data, "start_day": "31", "effective_from": "01/01/2027"})
    assert response.status_code == 400 and "start_day" in response.context["form"].errors
    # From a date after the last period made: added, and the next periods follow it.
    assert client.post(url, {**data, "effective_from": "01/01/2027"}).status_code == 302
    assert client.post(url, {**data, "effective_from": "01/01/2027"}).status_code == 400
    new = CutoffRule.objects.get(kind=PeriodKind.MONTH, effective_from=dt.date(2027, 1, 1))
    assert periods.bounds(PeriodKind.MONTH, 2027, 2) == (dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    assert ReportingPeriod.objects.get(pk=reporting.period.pk).starts_on == dt.date(2026, 10, 15)
    # The rule in use keeps its dates (only its legal basis is corrected); the new one,
    # which no period follows yet, can be corrected in full.
    edit = reverse("reports:setup_cutoff_edit", args=[month_rule.pk])
    response = client.post(
        edit,
        {
            "start_day": "1",
            "starts_month_before": "on",
            "effective_from": "01/01/2020",
            "legal_basis": "Nghị định 09/2019/NĐ-CP, Điều 12",
        },
    )
    assert response.status_code == 302  # the disabled fields keep their values
    month_rule.refresh_from_db()
    assert (month_rule.start_day, month_rule.legal_basis) == (
        15,
        "Nghị định 09/2019/NĐ-CP, Điều 12",
    )
    with pytest.raises(ValidationError) as refused:
        periods.change_cutoff_rule(
            rule=month_rule,
            start_day=1,
            starts_month_before=True,
            effective_from=month_rule.effective_from,
            actor=admin,
        )
    followed = gettext(
        "Periods already follow this rule (the latest ends on %(day)s): its dates cannot "
        "change. Add a new rule from a later date instead."
    )
    assert followed.split("%(day)s")[0] in str(refused.value)
    edit = reverse("reports:setup_cutoff_edit", args=[new.pk])
    response = client.post(
        edit, {"start_day": "5", "effective_from": "01/02/2027", "legal_basis": "Sửa"}
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.start_day, new.effective_from) == (5, dt.date(2027, 2, 1))
    assert LogEntry.objects.filter(user=admin, content_type__model="cutoffrule").count() == 3


# -- queries -----------------------------------------------------------------------------


def _more_templates(owner, n):
    for k in range(n):
        t = templates.create_template(
            owner=owner,
            code=f"them-{owner.pk}-{k}",
            name=f"Mẫu thêm {k}",
            topic="other",
            applies_from=dt.date(2026, 1, 1),
            schedules={PeriodKind.MONTH: 3, PeriodKind.YEAR: 5},
        )
        templates.add_section(version=t.versions.get(), title="Tình hình")
        templates.publish(version=t.versions.get(), actor=None)
        templates.new_version(template=t, applies_from=dt.date(2027, 1, 1))


def test_the_list_pages_read_a_fixed_number_of_queries(
    client, reporting, draft, django_assert_max_num_queries
):
    net = reporting.network
    _in(client, reporting.province_officer)
    pages = [
        reverse("reports:setup_templates"),
        reverse("reports:setup_template", args=[draft.pk]),
        reverse("reports:setup_version", args=[_version(draft).pk]),
        reverse("reports:setup_obligations", args=[reporting.template.pk]),
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(25) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few.captured_queries))
    # More templates, versions, sections, indicators, checks and obligations: as many queries.
    _more_templates(net.province_a, 6)
    _more_templates(net.central, 3)
    version = _version(draft)
    section = version.sections.get(heading="II")
    for k in range(6):
        templates.add_indicator(section=section, spec=_spec(f"them_{k}"))
    templates.add_check(version=version, kind=CheckKind.AT_MOST, subject="phan_a", parts=["tong"])
    templates.add_section(version=version, title="Mục thêm")
    for _k in range(4):
        body = make_org(unit=net.province_a.unit, parent=net.province_a)
        obligations.add_obligation(
            template=reporting.template, reporter=body, receiver=net.province_a
        )
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
