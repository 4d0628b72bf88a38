"""Third-party models on the admin site, read-only: their own admin classes save forms
directly (lib.admin). Roles come from assignments, so Django's groups are not offered.

Their names are given in Vietnamese here where the packages leave them in plain English,
outside any catalogue (django-tasks-db's app, allauth.mfa's model and fields). Only the names
shown change: migrations read a model's Meta and its fields' arguments, which stay as they are.
"""

from __future__ import annotations

from datetime import datetime

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from danvan.lib.admin import ReadOnlyAdmin, name_fields

for model in (Group, EmailAddress, Authenticator, DBTaskResult):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

apps.get_app_config(DBTaskResult._meta.app_label).verbose_name = _("Background tasks")

Authenticator._meta.verbose_name = _("two-factor method")
Authenticator._meta.verbose_name_plural = _("two-factor methods")
name_fields(
    Authenticator,
    user=_("user"),
    type=pgettext_lazy("two-factor method", "type"),
    created_at=_("created at"),
    last_used_at=_("last used at"),
)


@admin.register(EmailAddress)
class ReadOnlyEmailAddressAdmin(ReadOnlyAdmin, EmailAddressAdmin):
    pass


@admin.register(Authenticator)
class ReadOnlyAuthenticatorAdmin(ReadOnlyAdmin, AuthenticatorAdmin):
    # Never the TOTP secret or the recovery codes.
    exclude = ("data",)


@admin.register(DBTaskResult)
class ReadOnlyTaskResultAdmin(ReadOnlyAdmin, DBTaskResultAdmin):
    # The package's own columns, under names in the catalogue.
    list_display = tuple(  # type: ignore[assignment]
        "task" if name == "task_name" else name for name in DBTaskResultAdmin.list_display
    )

    @admin.display(description=_("task"))
    def task(self, obj: DBTaskResult) -> str:
        return obj.task_name

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description=_("run after"))
    def display_run_after(self, obj: DBTaskResult) -> datetime | str:
        return super().display_run_after(obj)
