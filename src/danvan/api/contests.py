""" "Dân vận khéo" contests over HTTP: published contests and their results (public, and
nothing before publishing — organizers excepted); a judge's sheet (read, score a team,
submit); team registration by a body's staff; the XLSX summary of a round.

Members are listed by name, position and role only: the public contest information."""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.contests import access, exports, selectors, services
from danvan.contests.access import judge_of
from danvan.contests.models import Contest, MemberRole, Round, RoundResult, Team
from danvan.org.models import Organization

from .auth import AUTHENTICATED, OPTIONAL_TOKEN
from .pagination import Page
from .schemas import ErrorOut, Id

router = Router(tags=["contests"])


class ContestOut(Schema):
    id: int
    name: str
    year: int
    organizer: str
    status: str
    published_at: dt.datetime | None

    @staticmethod
    def resolve_organizer(obj: Contest | dict) -> str:
        return obj["organizer"] if isinstance(obj, dict) else obj.organizer.name


class CriterionOut(Schema):
    id: int
    name: str
    max_score: Decimal
    weight: Decimal
    tie_break: int | None


class MemberOut(Schema):
    full_name: str
    position: str
    role: str


class ResultOut(Schema):
    rank: int
    team_id: int
    team: str
    performance_title: str
    organization: str
    total: Decimal
    advances: bool
    prize: str = Field(description="first, second, third, consolation or empty.")
    tie_broken_by: str = Field(description="What separated equal totals, if anything.")
    members: list[MemberOut]


class RoundOut(Schema):
    id: int
    name: str
    kind: str
    held_on: dt.date | None
    place: str
    state: str
    results: list[ResultOut] = Field(description="Empty until the results are published.")


class ContestDetailOut(ContestOut):
    description: str
    aggregation: str
    trim_min_judges: int
    advance_count: int
    criteria: list[CriterionOut]
    rounds: list[RoundOut]


def _caller(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


@router.get(
    "",
    response={200: list[ContestOut], 422: ErrorOut},
    summary="Contests whose results are published",
    operation_id="list_contests",
    auth=OPTIONAL_TOKEN,
)
@paginate(Page)
def list_contests(request: HttpRequest) -> QuerySet[Contest]:
    return selectors.public_contests()


def _result(r: RoundResult) -> dict:
    team = r.team
    return {
        "rank": r.rank,
        "team_id": team.pk,
        "team": team.name,
        "performance_title": team.performance_title,
        "organization": team.organization.name,
        "total": r.total,
        "advances": r.advances,
        "prize": r.prize,
        "tie_broken_by": getattr(r, "decided_label", ""),
        "members": [
            {"full_name": m.full_name, "position": m.position, "role": m.role}
            for m in team.members.all()
        ],
    }


@router.get(
    "/{contest_id}",
    response={200: ContestDetailOut, 404: ErrorOut},
    summary="A contest with its criteria, rounds and — once published — the results",
    operation_id="get_contest",
    auth=OPTIONAL_TOKEN,
)
def get_contest(request: HttpRequest, contest_id: Id) -> dict:
    try:
        contest = access.contest_for(request.user, contest_id, access.Action.RESULTS)
    except PermissionDenied:
        # Not published: as if it did not exist.
        raise Contest.DoesNotExist from None
    criteria = selectors.criteria_of(contest)
    blocks = {b.round.pk: b for b in selectors.results(contest, criteria)}
    rounds = sorted(contest.rounds.all(), key=lambda r: (r.is_final, r.name))
    return {
        **ContestOut.from_orm(contest).dict(),
        "description": contest.description,
        "aggregation": contest.aggregation,
        "trim_min_judges": contest.trim_min_judges,
        "advance_count": contest.advance_count,
        "criteria": criteria,
        "rounds": [
            {
                "id": r.pk,
                "name": r.name,
                "kind": r.kind,
                "held_on": r.held_on,
                "place": r.place,
                "state": r.state,
                "results": [_result(x) for x in blocks[r.pk].results] if r.pk in blocks else [],
            }
            for r in rounds
        ],
    }


# A judge's sheet ---------------------------------------------------------------------------


class SheetTeamOut(Schema):
    id: int
    name: str
    performance_title: str
    conflicted: bool = Field(description="The judge's own body's team: not theirs to score.")
    scores: dict[int, Decimal | None] = Field(description="Criterion id → score (null: none).")
    total: Decimal | None


class SheetOut(Schema):
    round_id: int
    round: str
    contest: str
    submitted: bool
    open: bool
    criteria: list[CriterionOut]
    teams: list[SheetTeamOut]


class ScoresIn(Schema):
    scores: dict[int, str] = Field(
        description="Criterion id → score as text (8.5 or 8,5; at most 2 decimals)."
    )


def _judged_round(request: HttpRequest, round_id: int) -> tuple[Round, User]:
    user = _caller(request)
    if user is None:
        raise PermissionDenied
    round_, _judge = access.judge_for(user, round_id, Round.objects.select_related("contest"))
    return round_, user


def _sheet(round_: Round, user: User) -> dict:
    judge = judge_of(user, round_)
    sheet = selectors.judge_sheet(round_, judge)
    return {
        "round_id": round_.pk,
        "round": round_.name,
        "contest": round_.contest.name,
        "submitted": bool(judge and judge.submitted),
        "open": round_.is_open,
        "criteria": sheet.criteria,
        "teams": [
            {
                "id": row.team.pk,
                "name": row.team.name,
                "performance_title": row.team.performance_title,
                "conflicted": row.conflicted,
                "scores": {c.pk: v for c, v in zip(sheet.criteria, row.values, strict=True)},
                "total": row.total,
            }
            for row in sheet.rows
        ],
    }


@router.get(
    "/rounds/{round_id}/sheet",
    response={200: SheetOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The caller's score sheet for a round they judge",
    operation_id="get_judge_sheet",
    auth=AUTHENTICATED,
)
def get_sheet(request: HttpRequest, round_id: Id) -> dict:
    round_, user = _judged_round(request, round_id)
    return _sheet(round_, user)


@router.put(
    "/rounds/{round_id}/sheet/teams/{team_id}",
    response={200: SheetOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Enter or correct the caller's scores for a team (until the sheet is submitted)",
    operation_id="score_team",
    auth=AUTHENTICATED,
)
def score_team(request: HttpRequest, round_id: Id, team_id: Id, payload: ScoresIn) -> dict:
    round_, user = _judged_round(request, round_id)
    team = get_object_or_404(Team.objects.select_related("organization"), pk=team_id)
    services.record_scores(actor=user, round=round_, team=team, scores=payload.scores)
    return _sheet(round_, user)


@router.post(
    "/rounds/{round_id}/sheet/submit",
    response={200: SheetOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Submit (lock) the caller's sheet: every team they may score, every criterion",
    operation_id="submit_judge_sheet",
    auth=AUTHENTICATED,
)
def submit_sheet(request: HttpRequest, round_id: Id) -> dict:
    round_, user = _judged_round(request, round_id)
    services.submit_sheet(actor=user, round=round_)
    return _sheet(round_, user)


@router.get(
    "/rounds/{round_id}/summary.xlsx",
    response={200: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The round's summary of scores as XLSX (organizers, the head judge)",
    operation_id="round_summary_xlsx",
    auth=AUTHENTICATED,
)
def summary_xlsx(request: HttpRequest, round_id: Id) -> FileResponse:
    round_ = access.round_for(
        request.user,
        round_id,
        access.Action.SUMMARY,
        Round.objects.select_related("contest__organizer"),
    )
    return FileResponse(
        exports.summary_xlsx(selectors.summary(round_)),
        as_attachment=True,
        filename=f"tong-hop-diem-vong-{round_.pk}.xlsx",
        content_type=exports.XLSX,
    )


# Team registration -------------------------------------------------------------------------


class MemberIn(Schema):
    full_name: str = Field(max_length=150)
    position: str = Field("", max_length=200)
    role: MemberRole = MemberRole.MEMBER


class TeamIn(Schema):
    organization_id: Id
    name: str = Field(max_length=200)
    performance_title: str = Field(max_length=300)
    members: list[MemberIn] = Field(max_length=30)


class TeamOut(Schema):
    id: int
    contest_id: int
    organization: str
    name: str
    performance_title: str
    round: str | None = Field(description="The preliminary round it was placed in, if any.")
    members: list[MemberOut]


@router.post(
    "/{contest_id}/teams",
    response={201: TeamOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Register a body's team while registration is open (the body's staff)",
    operation_id="register_team",
    auth=AUTHENTICATED,
)
def register_team(request: HttpRequest, contest_id: Id, payload: TeamIn) -> Status:
    contest = get_object_or_404(Contest.objects.select_related("organizer"), pk=contest_id)
    body = get_object_or_404(Organization, pk=payload.organization_id)
    user = _caller(request)
    assert user is not None
    team = services.register_team(
        actor=user,
        contest=contest,
        organization=body,
        name=payload.name,
        performance_title=payload.performance_title,
        members=[
            services.MemberInput(m.full_name, m.position, m.role.value) for m in payload.members
        ],
    )
    entry = team.entries.select_related("round").first()
    return Status(
        201,
        {
            "id": team.pk,
            "contest_id": contest.pk,
            "organization": body.name,
            "name": team.name,
            "performance_title": team.performance_title,
            "round": entry.round.name if entry else None,
            "members": list(team.members.all()),
        },
    )
