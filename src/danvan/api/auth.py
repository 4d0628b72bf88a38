"""Who is calling: a machine client with a bearer token, or a browser with its session.

Endpoints that need a user pass `auth=AUTHENTICATED`; reference data needs none.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from danvan.accounts.models import User
from danvan.accounts.services import authenticate_api_token

from .errors import InvalidToken


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = authenticate_api_token(raw=token)
        if user is None:
            # A client that sends a bad token is told so, rather than silently falling back
            # to the session and acting as someone else.
            raise InvalidToken()
        # Code below the API (rules, services) reads request.user.
        request.user = user
        return user


api_token_auth = ApiTokenAuth()

# Tried in order; the first that returns a user wins, and none → 401.
AUTHENTICATED = [api_token_auth, django_auth]


def _optional_token(request: HttpRequest) -> User | bool:
    """A bearer token when one is sent (a bad one is refused), else anyone: public
    submissions. One callable rather than [token, anyone], which ninja runs as a chain."""
    if "HTTP_AUTHORIZATION" not in request.META:
        return True
    return api_token_auth(request) or True


OPTIONAL_TOKEN = [_optional_token]


def staff_user(request: HttpRequest, perm: str) -> User:
    """The signed-in caller, who must hold `perm` (a staff role somewhere, as the module's
    pages ask); else 403."""
    user = request.user
    if not isinstance(user, User) or not user.has_perm(perm):
        raise PermissionDenied
    return user
