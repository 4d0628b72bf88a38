"""An ad hoc report (báo cáo đột xuất): asked by the template's owner of every body that
reports on it, for dates of its own, due on the day set; refused with clear errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from danvan.reports.models import PeriodKind, Report
from danvan.reports.services.instances import request_ad_hoc
from tests.factories import Role, user_with

pytestmark = pytest.mark.django_db


def test_the_owner_asks_every_reporting_body_for_an_ad_hoc_report(client, reporting):
    net = reporting.network
    central = user_with(net.central, Role.LEADER)
    client.force_login(central)
    url = reverse("reports:setup_ad_hoc", args=[reporting.template.pk])
    response = client.post(
        url,
        {
            "label": "Tình hình nhân dân dịp Tết 2027",
            "starts_on": "01/12/2026",
            "ends_on": "20/12/2026",
            "due": "25/12/2026",
        },
    )
    assert response.status_code == 302
    made = Report.objects.filter(period__kind=PeriodKind.AD_HOC)
    # The two communes report to the province, the two provinces to the centre.
    assert made.count() == 4
    assert {r.due_on for r in made} == {dt.date(2026, 12, 25)}
    period = made.first().period
    assert (period.starts_on, period.ends_on, period.label) == (
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 20),
        "Tình hình nhân dân dịp Tết 2027",
    )
    assert LogEntry.objects.filter(user=central).exists()


def test_bad_dates_are_refused_and_nothing_is_opened(client, reporting):
    client.force_login(user_with(reporting.network.central, Role.LEADER))
    url = reverse("reports:setup_ad_hoc", args=[reporting.template.pk])
    response = client.post(
        url, {"label": "X", "starts_on": "20/12/2026", "ends_on": "01/12/2026", "due": "01/11/2026"}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Report.objects.filter(period__kind=PeriodKind.AD_HOC).exists()


def test_a_commune_may_not_ask_the_provinces_bodies_for_a_report(client, reporting):
    client.force_login(reporting.commune_officer)
    url = reverse("reports:setup_ad_hoc", args=[reporting.template.pk])
    assert client.get(url).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        request_ad_hoc(
            template=reporting.template,
            label="X",
            starts_on=dt.date(2026, 12, 1),
            ends_on=dt.date(2026, 12, 2),
            due=dt.date(2026, 12, 30),
            actor=reporting.commune_officer,
        )
