"""Exports for staff: a cluster's result table, decisions with their recipients, proposals.

XLSX through openpyxl's write-only workbook on a spooled temporary file (memory stays flat, as
for the citizens' matters); decisions also as streamed CSV, since a province's list can be
long. Each list is read in one query (`values()`), never one query per row.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.lib.dates import format_vn_date
from danvan.lib.spreadsheets import XlsxWriter, csv_chunks

from . import selectors
from .models import (
    AwardDecision,
    ClusterScoring,
    DecisionRecipient,
    Proposal,
    ProposalState,
    RecipientKind,
)
from .services._common import plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


# A cluster's results --------------------------------------------------------------------------


def scoring_xlsx(scoring: ClusterScoring) -> tempfile.SpooledTemporaryFile:
    criteria = list(scoring.movement.criteria.all())
    rows = selectors.results(scoring)
    book = XlsxWriter()
    sheet = book.sheet(_("Results"))
    sheet.append([_("Results of %(cluster)s") % {"cluster": str(scoring.cluster)}])
    sheet.append([_("Movement"), scoring.movement.name])
    sheet.append([_("Status"), str(scoring.get_status_display())])
    header = [_("Rank"), _("Member body")]
    for c in criteria:
        header += [
            _("%(name)s — self (max %(max)s)") % {"name": c.name, "max": plain(c.max_score)},
            _("%(name)s — assessed") % {"name": c.name},
        ]
    sheet.append([*header, _("Self-assessed total"), _("Assessed total")])
    for row in rows:
        cells: list[Any] = [row.rank, row.member.name]
        for c in criteria:
            own, assessed = row.scores.get(c.pk, (None, None))
            cells += [_number(own), _number(assessed)]
        sheet.append([*cells, _number(row.self_total), _number(row.assessed_total)])
    return book.spooled()


# Decisions and their recipients ---------------------------------------------------------------

_RECIPIENT_VALUES = (
    "decision__number",
    "signed_on",
    "decision__authority__name",
    "award_kind__name",
    "kind",
    "name",
    "position",
    "unit_name",
    "achievements",
    "reward_amount",
)


def recipient_headers() -> list[str]:
    return [
        _("Decision number"),
        _("Date"),
        _("Signing body"),
        _("Award"),
        _("Collective / individual"),
        _("Name"),
        _("Position"),
        _("Unit"),
        _("Achievements"),
        _("Reward (VND)"),
    ]


def recipient_rows(decisions: QuerySet[AwardDecision]) -> Iterator[list[Any]]:
    """One row per recipient of the decisions, in one query."""
    kinds = dict(RecipientKind.choices)
    recipients = (
        DecisionRecipient.objects.filter(decision__in=decisions.values("pk"))
        .order_by("-signed_on", "-decision_id", "order", "id")
        .values(*_RECIPIENT_VALUES)
    )
    for v in recipients.iterator(chunk_size=2000):
        yield [
            v["decision__number"],
            format_vn_date(v["signed_on"]),
            v["decision__authority__name"],
            v["award_kind__name"],
            str(kinds.get(v["kind"], v["kind"])),
            v["name"],
            v["position"],
            v["unit_name"],
            v["achievements"],
            int(v["reward_amount"]) if v["reward_amount"] is not None else None,
        ]


def decisions_xlsx(decisions: QuerySet[AwardDecision]) -> tempfile.SpooledTemporaryFile:
    book = XlsxWriter()
    sheet = book.sheet(_("Award decisions"))
    sheet.append(recipient_headers())
    for row in recipient_rows(decisions):
        sheet.append(row)
    return book.spooled()


def decisions_csv(decisions: QuerySet[AwardDecision]) -> Iterable[str]:
    return csv_chunks(recipient_headers(), recipient_rows(decisions))


# Proposals ------------------------------------------------------------------------------------


def proposals_xlsx(proposals: QuerySet[Proposal]) -> tempfile.SpooledTemporaryFile:
    states = dict(ProposalState.choices)
    book = XlsxWriter()
    sheet = book.sheet(_("Award proposals"))
    sheet.append(
        [
            pgettext("document", "Number"),
            _("Created"),
            _("Submission number"),
            _("Proposing body"),
            _("Granting body"),
            _("Award"),
            _("Year"),
            _("State"),
            pgettext("award proposal", "Submitted"),
            _("Collectives"),
            _("Individuals"),
        ]
    )
    rows = (
        proposals.order_by("-created_at", "-id")
        .annotate(
            collectives=Count("recipients", filter=Q(recipients__kind=RecipientKind.COLLECTIVE)),
            individuals=Count("recipients", filter=Q(recipients__kind=RecipientKind.INDIVIDUAL)),
        )
        .values(
            "pk",
            "created_at",
            "reference",
            "proposer__name",
            "authority__name",
            "award_kind__name",
            "year",
            "state",
            "submitted_at",
            "collectives",
            "individuals",
        )
    )
    for v in rows.iterator(chunk_size=2000):
        sheet.append(
            [
                v["pk"],
                format_vn_date(timezone.localtime(v["created_at"]).date()),
                v["reference"],
                v["proposer__name"],
                v["authority__name"],
                v["award_kind__name"],
                v["year"],
                str(states.get(v["state"], v["state"])),
                format_vn_date(timezone.localtime(v["submitted_at"]).date())
                if v["submitted_at"]
                else "",
                v["collectives"],
                v["individuals"],
            ]
        )
    return book.spooled()
