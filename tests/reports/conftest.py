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


def make_reporting(network: Network, usernames: dict[str, str] | None = None) -> Reporting:
    """The centre's standard monthly template, received by the Hà Nội commission from its
    communes and by the centre from the provinces; month 11/2026 (figures 15/10–14/11, due
    17/11) opened. `usernames` names some of the people (the browser tests sign them in)."""
    names = usernames or {}

    def person(org, role: str, field: str, scope: str = Scope.UNIT) -> User:  # type: ignore[no-untyped-def]
        return user_with(org, role, scope, **({"username": names[field]} if field in names else {}))

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
        commune_officer=person(network.commune_a1, Role.OFFICER, "commune_officer"),
        commune_leader=person(network.commune_a1, Role.LEADER, "commune_leader"),
        province_officer=person(network.province_a, Role.OFFICER, "province_officer"),
        province_leader=person(network.province_a, Role.LEADER, "province_leader", Scope.SUBTREE),
        other_commune_officer=person(network.commune_a2, Role.OFFICER, "other_commune_officer"),
    )


@pytest.fixture
def reporting(network: Network) -> Reporting:
    return make_reporting(network)


@pytest.fixture
def sit(network: Network):  # type: ignore[no-untyped-def]
    """The report on the people's situation, quarter IV/2026 (situation_support)."""
    from tests.reports.situation_support import make_situation

    return make_situation(network)
