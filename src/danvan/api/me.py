"""The caller: who they are and what they act for."""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
from typing import Any

from django.http import HttpRequest
from ninja import Router

from danvan.accounts.models import User
from danvan.accounts.selectors import current_assignments

from .auth import AUTHENTICATED
from .schemas import ErrorOut, MeOut

router = Router(tags=["me"])


@router.get(
    "",
    auth=AUTHENTICATED,
    response={200: MeOut, 401: ErrorOut},
    summary="The signed-in user and their current assignments",
    url_name="me",
    operation_id="get_me",
)
def me(request: HttpRequest) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "assignments": list(current_assignments(user)),
    }
