from .awards import AuthorityLevel, AwardCategory, AwardKind, AwardTarget, RecipientKind
from .decisions import AwardDecision, DecisionRecipient
from .movements import Movement, MovementCriterion, MovementStatus, Registration
from .proposals import (
    DocumentType,
    Proposal,
    ProposalAction,
    ProposalDocument,
    ProposalEvent,
    ProposalRecipient,
    ProposalState,
)
from .scoring import ClusterScoring, Score, ScoringStatus

__all__ = [
    "AuthorityLevel",
    "AwardCategory",
    "AwardDecision",
    "AwardKind",
    "AwardTarget",
    "ClusterScoring",
    "DecisionRecipient",
    "DocumentType",
    "Movement",
    "MovementCriterion",
    "MovementStatus",
    "Proposal",
    "ProposalAction",
    "ProposalDocument",
    "ProposalEvent",
    "ProposalRecipient",
    "ProposalState",
    "RecipientKind",
    "Registration",
    "Score",
    "ScoringStatus",
]
