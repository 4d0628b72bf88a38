"""The fixed cast the access tests of each app sign in as (tests/security/test_*_access_cast).

Around one record owned by a body:
- owner: an officer of the owning body (current);
- leader_above: a leader of the province the body lies in (SUBTREE);
- stranger: an officer of another province (SUBTREE);
- ex_member: an officer of the owning body whose assignment ended yesterday;
- moved: the same, assigned since to a body of another province;
- lower_admin: the unit administrator of a commune, against a record of the province.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from danvan.accounts import scopes
from danvan.accounts import services as account_services
from danvan.accounts.models import Assignment, User
from danvan.lib.dates import today
from danvan.org.models import Organization
from tests.factories import Network, Role, Scope, grant, sign_in, sign_in_with_totp, user_with

ROLES = ("owner", "leader_above", "stranger", "ex_member", "moved", "lower_admin")
# The roles that may act on the record; the others are refused.
IN_SCOPE = frozenset({"owner", "leader_above"})


def end_all(user: User) -> None:
    """End the user's assignments yesterday, as an administrator would."""
    for assignment in Assignment.objects.filter(user=user):
        account_services.end_assignment(
            actor=None, assignment=assignment, on=today() - dt.timedelta(days=1)
        )
    scopes.forget_grants(user)


def member(body: Organization, role: str = Role.OFFICER) -> User:
    return user_with(body, role)


def cast_member(
    name: str,
    network: Network,
    body: Organization,
    owner_role: str = Role.OFFICER,
) -> User:
    """The member of the cast called `name`, for a record owned by `body` (a commune of Hà
    Nội, or the Hà Nội province body for lower_admin)."""
    makers: dict[str, Callable[[], User]] = {
        "owner": lambda: user_with(body, owner_role),
        "leader_above": lambda: user_with(network.province_a, Role.LEADER, Scope.SUBTREE),
        "stranger": lambda: user_with(network.province_b, Role.OFFICER, Scope.SUBTREE),
        "ex_member": lambda: _ended(body, owner_role),
        "moved": lambda: _moved(body, owner_role, network.commune_b1),
        "lower_admin": lambda: user_with(network.commune_a1, Role.UNIT_ADMIN),
    }
    return makers[name]()


def _ended(body: Organization, role: str) -> User:
    user = user_with(body, role)
    end_all(user)
    return user


def _moved(body: Organization, role: str, elsewhere: Organization) -> User:
    user = _ended(body, role)
    grant(user, elsewhere, role)
    scopes.forget_grants(user)
    return user


def log_in(client, user: User) -> None:  # type: ignore[no-untyped-def]
    """Sign in; administrators with their second factor, as the admin pages require."""
    if scopes.has_role(user, {Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}):
        sign_in_with_totp(client, user)
    else:
        sign_in(client, user)


def allowed(status: int) -> bool:
    return status in (200, 302)


def refused(status: int) -> bool:
    return status in (403, 404)
