"""Who may do what in the supervision subdomain (django-rules), each answered by
access_supervision."""

from __future__ import annotations

from typing import Any

import rules

from danvan.org.models import Organization

from . import access_supervision as access
from .models import Critique, InspectionBoard, Recommendation, SupervisionProgramme

A = access.Action


@rules.predicate
def may_use(user: Any) -> bool:
    return access.is_staff(user)  # the menu: no query beyond the user's grants


@rules.predicate
def may_conduct(user: Any, organizer: Organization | None = None) -> bool:
    if organizer is None:
        return access.conducts_any(user)
    return access.may_manage(user, organizer)


@rules.predicate
def may_view_programme(user: Any, programme: SupervisionProgramme | None = None) -> bool:
    return programme is not None and access.may_programme(user, programme, A.VIEW)


@rules.predicate
def may_change_programme(user: Any, programme: SupervisionProgramme | None = None) -> bool:
    return programme is not None and access.may_programme(user, programme, A.MANAGE)


@rules.predicate
def may_view_recommendation(user: Any, rec: Recommendation | None = None) -> bool:
    return rec is not None and access.may_recommendation(user, rec, A.VIEW)


@rules.predicate
def may_respond_recommendation(user: Any, rec: Recommendation | None = None) -> bool:
    return rec is not None and access.may_recommendation(user, rec, A.RESPOND)


@rules.predicate
def may_close_recommendation(user: Any, rec: Recommendation | None = None) -> bool:
    return rec is not None and access.may_recommendation(user, rec, A.MANAGE)


@rules.predicate
def may_view_critique(user: Any, critique: Critique | None = None) -> bool:
    return critique is not None and access.may_critique(user, critique, A.VIEW)


@rules.predicate
def may_change_critique(user: Any, critique: Critique | None = None) -> bool:
    return critique is not None and access.may_critique(user, critique, A.MANAGE)


@rules.predicate
def may_reply_critique(user: Any, critique: Critique | None = None) -> bool:
    return critique is not None and access.may_critique(user, critique, A.RESPOND)


@rules.predicate
def may_view_board(user: Any, board: InspectionBoard | None = None) -> bool:
    return board is not None and access.may_board(user, board, A.VIEW)


@rules.predicate
def may_change_board(user: Any, board: InspectionBoard | None = None) -> bool:
    return board is not None and access.may_board(user, board, A.MANAGE)


rules.add_perm("participation.supervision", may_use)
rules.add_perm("participation.add_supervisionprogramme", may_conduct)
rules.add_perm("participation.view_supervisionprogramme", may_view_programme)
rules.add_perm("participation.change_supervisionprogramme", may_change_programme)
rules.add_perm("participation.delete_supervisionprogramme", rules.always_deny)
rules.add_perm("participation.view_recommendation", may_view_recommendation)
rules.add_perm("participation.respond_recommendation", may_respond_recommendation)
rules.add_perm("participation.close_recommendation", may_close_recommendation)
rules.add_perm("participation.add_critique", may_conduct)
rules.add_perm("participation.view_critique", may_view_critique)
rules.add_perm("participation.change_critique", may_change_critique)
rules.add_perm("participation.reply_critique", may_reply_critique)
rules.add_perm("participation.add_inspectionboard", may_conduct)
rules.add_perm("participation.view_inspectionboard", may_view_board)
rules.add_perm("participation.change_inspectionboard", may_change_board)
