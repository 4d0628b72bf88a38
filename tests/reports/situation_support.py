"""A reporting network for the report on the people's situation: the centre defines the
standard template; the Hà Nội commission receives it from its communes' commissions and
sends its own to the centre. Quarter IV/2026 opened. Helpers to fill and send a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from danvan.accounts.models import Role, Scope, User
from danvan.reports.models import Report, ReportingPeriod, ReportTemplate, RuleKind, Severity
from danvan.reports.services import obligations, periods, situation, workflow
from danvan.reports.services.instances import open_reports
from danvan.reports.services.standard import create_situation_template
from tests.factories import Network, UserFactory, user_with

START = dt.date(2026, 1, 1)


@dataclass
class Situation:
    network: Network
    template: ReportTemplate
    period: ReportingPeriod
    commune_officer: User
    commune_leader: User
    other_commune_officer: User
    other_commune_leader: User
    province_officer: User
    province_leader: User
    citizen: User

    def report(self, org) -> Report:  # type: ignore[no-untyped-def]
        return Report.objects.select_related("reporter", "version", "period").get(
            reporter=org, period=self.period, template=self.template
        )


def make_situation(network: Network) -> Situation:
    template = create_situation_template(
        owner=network.central, code="bc-tinh-hinh-nhan-dan", applies_from=START
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
    period = periods.ensure_period(kind="quarter", year=2026, number=4)
    open_reports(period=period)
    return Situation(
        network=network,
        template=template,
        period=period,
        commune_officer=user_with(network.commune_a1, Role.OFFICER),
        commune_leader=user_with(network.commune_a1, Role.LEADER),
        other_commune_officer=user_with(network.commune_a2, Role.OFFICER),
        other_commune_leader=user_with(network.commune_a2, Role.LEADER),
        province_officer=user_with(network.province_a, Role.OFFICER),
        province_leader=user_with(network.province_a, Role.LEADER, Scope.SUBTREE),
        citizen=UserFactory(),
    )


def add(report: Report, actor: User, topic: str, **kw) -> object:  # type: ignore[no-untyped-def]
    return situation.add_issue(
        report=report,
        actor=actor,
        fields=situation.IssueFields(topic=topic, **{"severity": Severity.MEDIUM, **kw}),
    )


def send(report: Report, officer: User, leader: User) -> Report:
    workflow.approve(report=report, actor=leader)
    workflow.submit(report=report, actor=officer)
    report.refresh_from_db()
    return report
