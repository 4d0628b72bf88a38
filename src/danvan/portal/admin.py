"""Third-party models on the admin site, read-only: their own admin classes save forms
directly (lib.admin). Roles come from assignments, so Django's groups are not offered."""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from danvan.lib.admin import ReadOnlyAdmin

for model in (Group, EmailAddress, Authenticator, DBTaskResult):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(EmailAddress)
class ReadOnlyEmailAddressAdmin(ReadOnlyAdmin, EmailAddressAdmin):
    pass


@admin.register(Authenticator)
class ReadOnlyAuthenticatorAdmin(ReadOnlyAdmin, AuthenticatorAdmin):
    # Never the TOTP secret or the recovery codes.
    exclude = ("data",)


@admin.register(DBTaskResult)
class ReadOnlyTaskResultAdmin(ReadOnlyAdmin, DBTaskResultAdmin):
    pass
