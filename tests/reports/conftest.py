"""A small reporting network: the central commission defines the standard monthly template;
the Hà Nội commission receives it from its communes' commissions and sends its own to the
central level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from danvan.accounts.models import Role, Scope, User
from danvan.reports.models import ReportingPeriod, ReportTemplate, RuleKind
from danvan.reports.services import obligations, periods
from danvan.reports.services.instances import open_reports
from danvan.reports.services.standard import create_standard_template
from tests.factories import Network, user_with

START = dt.date(2026, 1, 1)


@dataclass
class Reporting:
    network: Network
    template: ReportTemplate
    period: ReportingPeriod
    commune_officer: User
    commune_leader: User
    province_officer: User
    province_leader: User
    other_commune_officer: User


@pytest.fixture
def reporting(network: Network) -> Reporting:
    template = create_standard_template(
        owner=network.central, code="bc-thang", applies_from=dt.date(2026, 1, 1)
    )
    obligations.create_rule(
        template=template, receiver=network.province_a, kind=RuleKind.CHILDREN, on=START
    )
    obligations.create_rule(
        template=template,
        receiver=network.central,
        kind=RuleKind.CHOSEN,
        chosen=[network.province_a, network.province_b],
        on=START,
    )
    period = periods.ensure_period(kind="month", year=2026, number=11)
    open_reports(period=period)
    return Reporting(
        network=network,
        template=template,
        period=period,
        commune_officer=user_with(network.commune_a1, Role.OFFICER),
        commune_leader=user_with(network.commune_a1, Role.LEADER),
        province_officer=user_with(network.province_a, Role.OFFICER),
        province_leader=user_with(network.province_a, Role.LEADER, Scope.SUBTREE),
        other_commune_officer=user_with(network.commune_a2, Role.OFFICER),
    )
