from .attachments import AttachmentPurpose, CaseAttachment
from .cases import (
    Case,
    CaseKind,
    CaseState,
    Channel,
    NotProcessableReason,
    Processability,
    Publication,
)
from .deadlines import CaseDeadline
from .events import CaseEvent, EventKind, Visibility
from .fields import CaseField
from .notifications import Notification, NotificationKind
from .people import PersonalDataView, Petitioner
from .receipts import SubmissionReceipt
from .routing import RoutingRule
from .transfers import CaseTransfer, TransferKind

__all__ = [
    "AttachmentPurpose",
    "Case",
    "CaseAttachment",
    "CaseDeadline",
    "CaseEvent",
    "CaseField",
    "CaseKind",
    "CaseState",
    "CaseTransfer",
    "Channel",
    "EventKind",
    "NotProcessableReason",
    "Notification",
    "NotificationKind",
    "PersonalDataView",
    "Petitioner",
    "Processability",
    "Publication",
    "RoutingRule",
    "SubmissionReceipt",
    "TransferKind",
    "Visibility",
]
