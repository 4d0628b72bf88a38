"""The contest figures that reports are filled with (lib.figures registry).

Whose contests: those organized by a body, the bodies under it and the former bodies whose
records roll up to them (`org.selectors.organization_subtree`). Each figure is counted from
the records' own dates, so a count made later for the same period is the same:

- contests held: a round of the contest held on a day of the period (`Round.held_on`), once
  registration is over;
- contests concluded: results published in the period (`Contest.published_at`);
- entries: teams registered in the period (`Team.registered_at`), and their members;
- prizes: the final's prizes of the contests whose results were published in the period.

Counts only: no team member's name leaves this module.

Every figure is one expression per contest (`per_contest`): 0 or 1 for the contest itself,
or the number of its teams, members or prizes counted. The count sums it over the body's
contests; the contests list applies the same expression (`?org=&figure=…`,
`selectors.ContestFilters`): it lists the contests where it is above zero, with its value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from danvan.lib import figures
from danvan.lib.dates import day_start
from danvan.org.selectors import organization_subtree

from .models import Contest, ContestStatus, Prize, Round, RoundKind, RoundResult, Team, TeamMember

GROUP = "contests"
# A contest whose rounds may have been held: past registration (a draft's or a registration's
# round dates are plans).
UNDER_WAY = (ContestStatus.PRELIMINARY, ContestStatus.FINAL, ContestStatus.PUBLISHED)


def _bounds(window: figures.Window) -> tuple[dt.datetime, dt.datetime]:
    return day_start(window.starts_on), day_start(window.ends_on + dt.timedelta(days=1))


def _one_if(condition: Q | Exists, then: Expression | Value | None = None) -> Case:
    return Case(
        When(condition, then=then if then is not None else Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _number_of(rows: QuerySet, link: str) -> Coalesce:
    """How many of `rows` belong to the contest (`link`: the path to it)."""
    per_contest = (
        rows.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(per_contest.values("n")), Value(0), output_field=IntegerField())


def per_contest(key: str, window: figures.Window) -> Expression | None:
    """What one figure counts for one contest (an expression over Contest rows); None for a
    key that is not ours."""
    start, end = _bounds(window)
    published = Q(status=ContestStatus.PUBLISHED, published_at__gte=start, published_at__lt=end)
    registered = {"registered_at__gte": start, "registered_at__lt": end}
    parts = key.split(".")
    if parts[0] != GROUP:
        return None
    match parts[1:]:
        case ["held"]:
            held = Round.objects.filter(
                contest=OuterRef("pk"),
                held_on__gte=window.starts_on,
                held_on__lte=window.ends_on,
            )
            return _one_if(Q(Exists(held), status__in=UNDER_WAY))
        case ["concluded"]:
            return _one_if(published)
        case ["teams"]:
            return _number_of(Team.objects.filter(**registered), "contest")
        case ["participants"]:
            members = TeamMember.objects.filter(
                **{f"team__{name}": value for name, value in registered.items()}
            )
            return _number_of(members, "team__contest")
        case ["prizes", *rest] if not rest or (len(rest) == 1 and rest[0] in Prize.values):
            prizes = RoundResult.objects.filter(round__kind=RoundKind.FINAL)
            prizes = prizes.filter(prize=rest[0]) if rest else prizes.exclude(prize="")
            return _one_if(published, _number_of(prizes, "round__contest"))
    return None


def organized_by(organization_id: int) -> Q:
    """The contests a body answers for (a filter over Contest, on contest_organizer_year_idx)."""
    return Q(organizer_id__in=organization_subtree(organization_id))


def _sources() -> list[figures.Source]:
    count = "count"
    made = [
        figures.Source(
            f"{GROUP}.held",
            _("Contests held"),
            count,
            _("contests"),
            _(
                "Contests organized by the body or the bodies under it with a round held in "
                "the period."
            ),
        ),
        figures.Source(
            f"{GROUP}.concluded",
            _("Contests concluded (results published)"),
            count,
            _("contests"),
        ),
        figures.Source(
            f"{GROUP}.teams",
            _("Entries received (teams registered)"),
            count,
            _("teams"),
            _("Teams registered in the period for the contests of the body and those under it."),
        ),
        figures.Source(
            f"{GROUP}.participants",
            _("Contestants in the teams registered"),
            count,
            _("people"),
        ),
        figures.Source(
            f"{GROUP}.prizes",
            _("Prizes awarded"),
            count,
            _("prizes"),
            _("Prizes of the final, in contests whose results were published in the period."),
        ),
    ]
    made += [
        figures.Source(
            f"{GROUP}.prizes.{p.value}",
            _("Prizes awarded: %(prize)s") % {"prize": p.label},
            count,
            _("prizes"),
        )
        for p in Prize
    ]
    return made


def _count(organization_id: int, window: figures.Window, keys: set[str]) -> dict[str, Decimal]:
    values: dict[str, Expression] = {}
    aliases: dict[str, str] = {}
    for i, key in enumerate(sorted(keys)):
        value = per_contest(key, window)
        if value is not None:
            aliases[f"f{i}"] = key
            values[f"f{i}"] = value
    if not values:
        return {}
    # One statement: each contest's values (correlated subqueries on the contest's own
    # indexed foreign keys), summed.
    row = (
        Contest.objects.filter(organized_by(organization_id))
        .annotate(**values)
        .aggregate(**{f"n{alias}": Sum(alias) for alias in values})
    )
    return {key: Decimal(row[f"n{alias}"] or 0) for alias, key in aliases.items()}


def register() -> None:
    figures.register(
        figures.Group(
            name=GROUP,
            label=_("“Dân vận khéo” contests"),
            sources=_sources,
            count=_count,
            records_url=figures.records_at("contests:list", per_contest),
        )
    )
