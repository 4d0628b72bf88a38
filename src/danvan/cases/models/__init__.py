from .attachments import AttachmentPurpose, CaseAttachment
from .cases import (
    Case,
    CaseKind,
    CaseState,
    Channel,
    ComplaintRound,
    NotProcessableReason,
    Processability,
    Publication,
)
from .deadlines import CaseDeadline, DeadlineBasis
from .decisions import CaseDecision, DecisionKind
from .events import CaseEvent, EventKind, Visibility
from .fields import CaseField
from .figures import CaseMonthlyFigure, FigureDimension, FigureRefresh
from .notifications import Notification, NotificationKind
from .people import PersonalDataView, Petitioner
from .receipts import SubmissionReceipt
from .routing import RoutingRule
from .targets import ServiceTarget, TargetDayType
from .transfers import CaseTransfer, TransferKind

__all__ = [
    "AttachmentPurpose",
    "Case",
    "CaseAttachment",
    "CaseDeadline",
    "CaseDecision",
    "CaseEvent",
    "CaseField",
    "CaseKind",
    "CaseMonthlyFigure",
    "CaseState",
    "CaseTransfer",
    "Channel",
    "ComplaintRound",
    "DeadlineBasis",
    "DecisionKind",
    "EventKind",
    "FigureDimension",
    "FigureRefresh",
    "NotProcessableReason",
    "Notification",
    "NotificationKind",
    "PersonalDataView",
    "Petitioner",
    "Processability",
    "Publication",
    "RoutingRule",
    "ServiceTarget",
    "SubmissionReceipt",
    "TargetDayType",
    "TransferKind",
    "Visibility",
]
