"""Writes to accounts: users, role assignments and API tokens. Keyword-only, one transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.lib.dates import today
from danvan.org.models import Organization

from . import scopes
from .models import ADMINISTRATOR_ROLES, ApiToken, Assignment, Role, Scope, User, hash_token


@transaction.atomic
def create_user(
    *,
    username: str,
    email: str,
    password: str | None,
    full_name: str = "",
    phone: str = "",
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = User(username=username, email=email, full_name=full_name, phone=phone)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if email:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


USER_EDITABLE_FIELDS = ("full_name", "phone", "email", "is_active")


@transaction.atomic
def update_user(*, actor: User, user: User, changes: dict[str, object]) -> User:
    """A system administrator corrects an account's profile or deactivates it; roles come
    from assignments, and no form sets superuser, staff or permission flags."""
    if not actor.has_perm("accounts.change_user", user):
        raise PermissionDenied(_("Only a system administrator manages accounts."))
    unknown = set(changes) - set(USER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if user.pk == actor.pk and changes.get("is_active") is False:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=[*changes, "last_login"] if changes else ["last_login"])
    scopes.forget_grants(user)
    return user


def _check_can_assign(
    actor: User | None, organization: Organization, role: str, scope: str
) -> None:
    if actor is None:  # system work: seeding, imports run by an operator
        return
    if not actor.has_perm("accounts.add_assignment", Assignment(organization=organization)):
        raise PermissionDenied(_("You may not assign roles in this organization."))
    if not scopes.can_grant(actor, organization, scope, ADMINISTRATOR_ROLES):
        raise PermissionDenied(_("You may not grant a wider scope than you hold yourself."))
    if role == Role.SYSTEM_ADMIN and not scopes.has_role(actor, {Role.SYSTEM_ADMIN}):
        raise PermissionDenied(_("Only a system administrator may appoint another."))


@transaction.atomic
def assign_role(
    *,
    actor: User | None,
    user: User,
    organization: Organization,
    role: str,
    scope: str = Scope.UNIT,
    title: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Assignment:
    if role == Role.CITIZEN:
        raise ValidationError(
            {
                "role": _(
                    "The citizen role is not assigned: it is what an "
                    "account without assignments has."
                )
            }
        )
    _check_can_assign(actor, organization, role, scope)
    assignment = Assignment(
        user=user,
        organization=organization,
        role=role,
        scope=scope,
        title=title,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    assignment.full_clean()
    assignment._history_user = actor  # type: ignore[attr-defined]
    assignment.save()
    # Administrators reach the admin site; others never do.
    if role in ADMINISTRATOR_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    scopes.forget_grants(user)
    return assignment


# Work that apps hand to a person because of an assignment (cases: the open matters assigned to
# an officer) goes back to the body when the assignment ends. Each app registers one function
# from its AppConfig.ready(); it is called in end_assignment's transaction, with the grants
# already recomputed, and hands back what the user may no longer handle.
AssignmentEndHandler = Callable[[Assignment, "User | None"], int]
_on_assignment_end: list[AssignmentEndHandler] = []


def on_assignment_end(handler: AssignmentEndHandler) -> AssignmentEndHandler:
    if handler not in _on_assignment_end:
        _on_assignment_end.append(handler)
    return handler


@transaction.atomic
def end_assignment(*, actor: User | None, assignment: Assignment, on: dt.date) -> Assignment:
    _check_can_assign(actor, assignment.organization, assignment.role, Scope.UNIT)
    if assignment.valid_from and on < assignment.valid_from:
        raise ValidationError({"valid_to": _("The end date must not be before the start date.")})
    assignment.valid_to = on
    assignment._history_user = actor  # type: ignore[attr-defined]
    assignment.save(update_fields=["valid_to"])
    user = assignment.user
    scopes.forget_grants(user)
    # Whoever holds no administrator role any more loses the admin site.
    if (
        user.is_staff
        and not user.is_superuser
        and not any(g.role in ADMINISTRATOR_ROLES for g in scopes.grants_for(user))
    ):
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    if on < today():
        for handler in _on_assignment_end:
            handler(assignment, actor)
    return assignment


@transaction.atomic
def issue_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored."""
    raw = "dv_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[3:11], digest=hash_token(raw))
    return token, raw


# last_used_at is for spotting unused tokens, not an audit trail: a write per request
# would turn every read into a write.
TOKEN_TOUCH_EVERY = dt.timedelta(minutes=1)


def authenticate_api_token(*, raw: str) -> User | None:
    """The active user behind a live token, noting when the token was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=hash_token(raw.strip()), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_EVERY:
        # The condition is repeated in SQL so that concurrent requests write at most once.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOKEN_TOUCH_EVERY)
        ).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
