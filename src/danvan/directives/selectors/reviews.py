"""Reads of review rounds: who has sent their report, the compiled draft of the level's own
review report (figures added up, each section's texts collated with their body named), and
how many directives a body reviewed in a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import SECTIONS, ReviewRound, ReviewSubmission

SECTION_TITLES = {
    "results": _("Results achieved"),
    "shortcomings": _("Shortcomings and their causes"),
    "lessons": _("Lessons learned"),
    "proposals": _("Proposals"),
}


@dataclass
class Draft:
    round: ReviewRound
    submitted: int
    asked: int
    figures: list[tuple[str, Decimal, int]] = field(default_factory=list)  # label, sum, bodies
    sections: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def submissions(review: ReviewRound) -> QuerySet[ReviewSubmission]:
    return review.submissions.select_related("body").order_by("body__name")


def compile_draft(review: ReviewRound) -> Draft:
    rows = list(submissions(review))
    sent = [s for s in rows if s.submitted_on is not None]
    draft = Draft(round=review, submitted=len(sent), asked=len(rows))
    for label in review.figure_labels:
        values = [Decimal(s.figures[label]) for s in sent if label in s.figures]
        draft.figures.append((label, sum(values, Decimal(0)), len(values)))
    for name in SECTIONS:
        texts = [(s.body.name, getattr(s, name)) for s in sent if getattr(s, name)]
        draft.sections.append((str(SECTION_TITLES[name]), texts))
    return draft


def reviewed_by(body_ids: list[int], start: dt.date, end: dt.date) -> int:
    """How many directives the bodies reviewed in the period: rounds they called whose
    conference was held, or (without a conference) whose reports were due, in the period."""
    rounds = ReviewRound.objects.filter(caller_id__in=body_ids).filter(
        Q(conference__held_on__gte=start, conference__held_on__lte=end)
        | Q(conference__isnull=True, due_on__gte=start, due_on__lte=end)
    )
    return rounds.values("document").distinct().count()
