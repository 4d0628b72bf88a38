from .cascade import (
    FRONT_KINDS,
    Cascade,
    CascadeRule,
    Duty,
    Progress,
    StudyForm,
    StudySession,
    progress,
)
from .documents import (
    DIRECTING_KINDS,
    PLAN_KINDS,
    Document,
    DocumentKind,
    DocumentLink,
    DocumentState,
    DocumentSystem,
    LinkKind,
)
from .leaders import LeaderInCharge, MassMobilizationBloc

__all__ = [
    "DIRECTING_KINDS",
    "FRONT_KINDS",
    "PLAN_KINDS",
    "Cascade",
    "CascadeRule",
    "Document",
    "DocumentKind",
    "DocumentLink",
    "DocumentState",
    "DocumentSystem",
    "Duty",
    "LeaderInCharge",
    "LinkKind",
    "MassMobilizationBloc",
    "Progress",
    "StudyForm",
    "StudySession",
    "progress",
]
