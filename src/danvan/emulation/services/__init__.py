"""Writes for emulation and awards. Each function is keyword-only, checks the permission and
the state it starts from, and runs in one transaction; important records are audited
(django-simple-history, with the acting user)."""

from .decisions import DecisionRecipientInput, issue_decision
from .movements import (
    CriterionInput,
    close_movement,
    create_movement,
    launch_movement,
    register,
    update_movement,
    update_registration,
)
from .proposals import (
    RecipientInput,
    attach_documents,
    create_proposal,
    reject,
    remove_document,
    return_proposal,
    submit,
    update_proposal,
)
from .scoring import close_scoring, enter_assessed_scores, enter_self_scores, open_scoring

__all__ = [
    "CriterionInput",
    "DecisionRecipientInput",
    "RecipientInput",
    "attach_documents",
    "close_movement",
    "close_scoring",
    "create_movement",
    "create_proposal",
    "enter_assessed_scores",
    "enter_self_scores",
    "issue_decision",
    "launch_movement",
    "open_scoring",
    "register",
    "reject",
    "remove_document",
    "return_proposal",
    "submit",
    "update_movement",
    "update_proposal",
    "update_registration",
]
