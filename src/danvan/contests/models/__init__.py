from .contests import Aggregation, Contest, ContestStatus, Criterion
from .rounds import Entry, Judge, Round, RoundKind, RoundState
from .scores import Prize, RoundResult, Score
from .teams import MemberRole, Team, TeamMember

__all__ = [
    "Aggregation",
    "Contest",
    "ContestStatus",
    "Criterion",
    "Entry",
    "Judge",
    "MemberRole",
    "Prize",
    "Round",
    "RoundKind",
    "RoundResult",
    "RoundState",
    "Score",
    "Team",
    "TeamMember",
]
