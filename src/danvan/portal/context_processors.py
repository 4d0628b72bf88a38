from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# Modules still to come, shown greyed out so that officers see where the platform is going.
COMING_MODULES = [
    _("Directives and plans"),
    _("Surveys"),
    _("Reports"),
]


def _holds_generated_data() -> bool:
    from danvan.demo.models import SeedRun

    flag = cache.get("danvan:seeded")
    if flag is None:
        flag = SeedRun.objects.exists()
        cache.set("danvan:seeded", flag, 60)
    return bool(flag)


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "coming_modules": COMING_MODULES,
        "demo_data": _holds_generated_data(),
    }
