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
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE, Column, Kind, csv_chunks, xlsx_file

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

XLSX = XLSX_CONTENT_TYPE


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


# A cluster's results --------------------------------------------------------------------------


def scoring_xlsx(scoring: ClusterScoring) -> tempfile.SpooledTemporaryFile:
    criteria = list(scoring.movement.criteria.all())
    header = [Column(_("Rank"), Kind.NUMBER), Column(_("Member body"))]
    for c in criteria:
        header += [
            Column(
                _("%(name)s — self (max %(max)s)") % {"name": c.name, "max": plain(c.max_score)},
                Kind.NUMBER,
            ),
            Column(_("%(name)s — assessed") % {"name": c.name}, Kind.NUMBER),
        ]
    header += [
        Column(_("Self-assessed total"), Kind.NUMBER),
        Column(_("Assessed total"), Kind.NUMBER),
    ]

    def rows() -> Iterator[list[Any]]:
        for row in selectors.results(scoring):
            cells: list[Any] = [row.rank, row.member.name]
            for c in criteria:
                own, assessed = row.scores.get(c.pk, (None, None))
                cells += [_number(own), _number(assessed)]
            yield [*cells, _number(row.self_total), _number(row.assessed_total)]

    return xlsx_file(
        _("Results"),
        header,
        rows(),
        preamble=[
            [_("Results of %(cluster)s") % {"cluster": str(scoring.cluster)}],
            [_("Movement"), scoring.movement.name],
            [_("Status"), str(scoring.get_status_display())],
        ],
    )


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


def recipient_headers() -> list[Column]:
    return [
        Column(_("Decision number")),
        Column(_("Date"), Kind.DATE),
        Column(_("Signing body")),
        Column(_("Award")),
        Column(_("Collective / individual")),
        Column(_("Name")),
        Column(_("Position")),
        Column(_("Unit")),
        Column(_("Achievements")),
        Column(_("Reward (VND)"), Kind.NUMBER),
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
            v["signed_on"],
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
    return xlsx_file(_("Award decisions"), recipient_headers(), recipient_rows(decisions))


def decisions_csv(decisions: QuerySet[AwardDecision]) -> Iterable[str]:
    return csv_chunks(recipient_headers(), recipient_rows(decisions))


# Proposals ------------------------------------------------------------------------------------


def proposals_xlsx(proposals: QuerySet[Proposal]) -> tempfile.SpooledTemporaryFile:
    states = dict(ProposalState.choices)
    header = [
        Column(pgettext("document", "Number"), Kind.PLAIN),
        Column(_("Created"), Kind.DATE),
        Column(_("Submission number")),
        Column(_("Proposing body")),
        Column(_("Granting body")),
        Column(_("Award")),
        Column(_("Year"), Kind.PLAIN),
        Column(_("State")),
        Column(pgettext("award proposal", "Submitted"), Kind.DATE),
        Column(_("Collectives"), Kind.NUMBER),
        Column(_("Individuals"), Kind.NUMBER),
    ]
    values = (
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
    rows = (
        [
            v["pk"],
            v["created_at"],  # times: the writer shows their day in Vietnam
            v["reference"],
            v["proposer__name"],
            v["authority__name"],
            v["award_kind__name"],
            v["year"],
            str(states.get(v["state"], v["state"])),
            v["submitted_at"],
            v["collectives"],
            v["individuals"],
        ]
        for v in values.iterator(chunk_size=2000)
    )
    return xlsx_file(_("Award proposals"), header, rows)
