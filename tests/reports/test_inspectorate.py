"""The Inspectorate's forms as templates: every column an indicator numbered as on the form,
the form's sums as checks, the columns the platform counts filled from the matters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from danvan.cases.models import CaseKind
from danvan.reports.checks import problems
from danvan.reports.models import PeriodKind, Report, ReportState, RuleKind
from danvan.reports.services import filling, obligations, periods
from danvan.reports.services.inspectorate import (
    FORMS,
    GQKN,
    TCD,
    XLD,
    create_inspectorate_templates,
)
from danvan.reports.services.instances import open_reports
from danvan.reports.services.templates import version_for
from tests.factories import Role, user_with
from tests.reports.test_bound_figures import _case, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms(network):
    made = create_inspectorate_templates(owner=network.central, applies_from=dt.date(2026, 1, 1))
    for template in made:
        obligations.create_rule(
            template=template,
            receiver=network.province_a,
            kind=RuleKind.CHILDREN,
            on=dt.date(2026, 1, 1),
        )
    return {t.code: t for t in made}


def test_each_form_keeps_its_column_numbers_and_sums(forms):
    assert [len(f.columns) for f in FORMS] == [29, 22, 26]
    assert [c.number for c in TCD.columns] == list(range(1, 30))
    assert [c.number for c in XLD.columns] == list(range(1, 23))
    assert [c.number for c in GQKN.columns] == list(range(1, 27))
    template = forms[TCD.code]
    version = template.versions.get()
    codes = list(version.indicators.order_by("position").values_list("code", flat=True))
    assert codes[:4] == ["c01", "c02", "c03", "c04"] and codes[-1] == "c29"
    assert version.checks.count() == 3
    assert set(template.schedules.values_list("period_kind", flat=True)) == {
        PeriodKind.QUARTER,
        PeriodKind.HALF_YEAR,
        PeriodKind.NINE_MONTHS,
        PeriodKind.YEAR,
    }


def test_a_form_whose_columns_do_not_add_up_is_flagged(forms):
    version = forms[TCD.code].versions.get()
    indicators = list(version.indicators.all())
    checks = version.checks.select_related("subject").prefetch_related("parts")
    values = {i.code: None for i in indicators}
    values |= {"c01": Decimal(10), "c04": Decimal(6), "c13": Decimal(3), "c22": Decimal(1)}
    assert "c01" not in problems(indicators, checks, values, complete=False)
    values["c22"] = Decimal(2)
    assert "c01" in problems(indicators, checks, values, complete=False)


def test_no_monthly_report_is_opened_and_the_quarter_is_cut_off_on_the_14th(forms, network):
    month = periods.ensure_period(kind="month", year=2026, number=11)
    open_reports(period=month)
    assert not Report.objects.filter(template__code=TCD.code).exists()
    quarter = periods.ensure_period(kind="quarter", year=2026, number=3)
    assert (quarter.starts_on, quarter.ends_on) == (dt.date(2026, 6, 15), dt.date(2026, 9, 14))
    open_reports(period=quarter)
    report = Report.objects.get(template__code=XLD.code, reporter=network.commune_a1)
    assert report.state == ReportState.DRAFT
    assert version_for(forms[XLD.code], quarter) == report.version


def test_the_letters_form_counts_the_matters_received_in_the_quarter(forms, network):
    a1 = network.commune_a1
    # Quarter IV/2026 runs from 15/09 to 14/12/2026.
    _case(network, a1, received_at=at((9, 15), 0, 1), kind=CaseKind.COMPLAINT)
    _case(network, a1, received_at=at((12, 14), 23, 0), kind=CaseKind.DENUNCIATION)
    _case(network, a1, received_at=at((10, 2)), kind=CaseKind.COMPLAINT)
    _case(network, a1, received_at=at((9, 14), 23, 59), kind=CaseKind.COMPLAINT)  # before
    _case(network, network.commune_a2, received_at=at((10, 2)), kind=CaseKind.COMPLAINT)
    quarter = periods.ensure_period(kind="quarter", year=2026, number=4)
    open_reports(period=quarter)
    report = Report.objects.get(template__code=XLD.code, reporter=a1)
    officer = user_with(a1, Role.OFFICER)
    filling.fill_platform_figures(report=report, actor=officer)
    values = dict(report.values.values_list("indicator__code", "value"))
    assert (values["c03"], values["c08"], values["c09"]) == (3, 2, 1)
