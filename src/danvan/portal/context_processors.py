from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_for


def _holds_generated_data() -> bool:
    from danvan.demo.models import SeedRun

    flag = cache.get("danvan:seeded")
    if flag is None:
        flag = SeedRun.objects.exists()
        cache.set("danvan:seeded", flag, 60)
    return bool(flag)


def _acting_as(request: HttpRequest) -> str:
    """The top bar's "role, body" of a signed-in officer: the first grant in force (read with
    the grants the request loads anyway: no query of its own)."""
    from danvan.accounts import scopes
    from danvan.accounts.models import Role

    first = next(iter(scopes.grants_for(request.user)), None)  # type: ignore[arg-type]
    if first is None:
        return ""
    return f"{Role(first.role).label}, {first.organization_name}"


def site(request: HttpRequest) -> dict:
    # Lazy: pages that never draw the shell (JSON, files) pay no query for it.
    return {
        "SITE_NAME": settings.SITE_NAME,
        "demo_data": _holds_generated_data(),
        "nav": SimpleLazyObject(lambda: navigation_for(request.user, request.path)),
        "acting_as": SimpleLazyObject(lambda: _acting_as(request)),
    }
