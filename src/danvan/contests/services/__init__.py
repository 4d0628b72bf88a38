"""Writes for contests. Every function: keyword-only, typed, one transaction, permission
and state checked first, important rows audited (django-simple-history)."""

from .scoring import close_round, record_scores, reopen_sheet, submit_sheet
from .setup import (
    ContestSettings,
    CriterionInput,
    add_round,
    advance_to_final,
    assign_judge,
    create_contest,
    open_registration,
    publish_results,
    remove_judge,
    set_criteria,
    set_head_judge,
    start_preliminary,
    update_contest,
    update_round,
)
from .teams import MemberInput, enter_team, register_team, update_team, withdraw_team

__all__ = [
    "ContestSettings",
    "CriterionInput",
    "MemberInput",
    "add_round",
    "advance_to_final",
    "assign_judge",
    "close_round",
    "create_contest",
    "enter_team",
    "open_registration",
    "publish_results",
    "record_scores",
    "register_team",
    "remove_judge",
    "reopen_sheet",
    "set_criteria",
    "set_head_judge",
    "start_preliminary",
    "submit_sheet",
    "update_contest",
    "update_round",
    "update_team",
    "withdraw_team",
]
