"""Accounts in the admin, written only through the accounts services.

Roles are granted by `assign_role` (which checks the granted body, scope and role against the
actor's own grants) and ended by `end_assignment`; an assignment is never edited in place.
Accounts are created and changed by `create_user` / `update_user` (no superuser, staff or
permission flags from a form); tokens are issued and revoked by their services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from danvan.lib.admin import ReadOnlyInline, ServiceAdmin
from danvan.lib.dates import today

from . import scopes, services
from .models import ApiToken, Assignment, User
from .predicates import SUPERVISOR_ROLES


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fields = ("organization", "role", "scope", "title", "valid_from", "valid_to")
    readonly_fields = fields


class UserAddForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "full_name", "phone")


@admin.register(User)
class UserAdmin(ServiceAdmin, DjangoUserAdmin):
    add_form = UserAddForm
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Profile"), {"fields": ("full_name", "phone", "email")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "email", "full_name", "phone", "password1", "password2")}),
    )
    readonly_fields = ("username", "is_staff", "is_superuser", "last_login", "date_joined")
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    filter_horizontal = ()
    inlines = [AssignmentInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def write(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Any:
        if change:
            fields = [f for f in form.changed_data if f in services.USER_EDITABLE_FIELDS]
            return services.update_user(
                actor=request.user,  # type: ignore[arg-type]
                user=obj,
                changes={f: form.cleaned_data[f] for f in fields},
            )
        if not request.user.has_perm("accounts.add_user"):
            raise PermissionDenied
        user = services.create_user(
            username=form.cleaned_data["username"],
            email=form.cleaned_data.get("email", ""),
            password=form.cleaned_data.get("password1"),
            full_name=form.cleaned_data.get("full_name", ""),
            phone=form.cleaned_data.get("phone", ""),
        )
        obj.pk, obj._state.adding = user.pk, False
        return user

    def remove(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionDenied  # accounts are deactivated, never deleted

    def user_change_password(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Passwords are reset by their owner (by e-mail), never set by an administrator.
        raise PermissionDenied


class AssignmentAddForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ("user", "organization", "role", "scope", "title", "valid_from", "valid_to")


@admin.register(Assignment)
class AssignmentAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ("user", "organization", "role", "scope", "title", "valid_from", "valid_to")
    list_filter = ("role", "scope")
    search_fields = ("user__username", "user__full_name", "organization__name")
    raw_id_fields = ("user", "organization")
    list_select_related = ("user", "organization")
    form = AssignmentAddForm
    actions = ["end_now"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        q = scopes.organizations_q(request.user, SUPERVISOR_ROLES, "organization__")  # type: ignore[arg-type]
        return qs.none() if q is None else qs.filter(q)

    # An assignment is granted and ended, never edited: a change of body or role is the end of
    # one assignment and the start of another, each checked by the service.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def write(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Any:
        if change:
            raise PermissionDenied
        try:
            created = services.assign_role(
                actor=request.user,  # type: ignore[arg-type]
                user=obj.user,
                organization=obj.organization,
                role=obj.role,
                scope=obj.scope,
                title=obj.title,
                valid_from=obj.valid_from,
                valid_to=obj.valid_to,
            )
        except ValidationError as error:
            # The admin has already validated the form: what the service refuses beyond it
            # is refused as a whole, nothing saved.
            raise PermissionDenied(" ".join(error.messages)) from error
        obj.pk, obj._state.adding = created.pk, False
        return created

    @admin.action(description=_("End the selected assignments (from today)"))
    def end_now(self, request: HttpRequest, queryset: QuerySet[Assignment]) -> None:
        ended = 0
        last_day = today() - dt.timedelta(days=1)
        for assignment in queryset.select_related("user", "organization"):
            try:
                services.end_assignment(
                    actor=request.user,  # type: ignore[arg-type]
                    assignment=assignment,
                    on=max(last_day, assignment.valid_from or last_day),
                )
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{assignment}: {error}", messages.ERROR)
            else:
                ended += 1
        self.message_user(request, _("%(n)d assignments ended.") % {"n": ended}, messages.SUCCESS)


class ApiTokenAddForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("user", "name")


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceAdmin, ObjectPermissionsModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    raw_id_fields = ("user",)
    form = ApiTokenAddForm
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def write(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Any:
        if change or not request.user.has_perm("accounts.add_apitoken"):
            raise PermissionDenied
        token, raw = services.issue_api_token(user=obj.user, name=obj.name)
        obj.pk, obj._state.adding = token.pk, False
        self.message_user(
            request,
            _("The token, shown this once (copy it now): %(raw)s") % {"raw": raw},
            messages.WARNING,
        )
        return token

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        if not request.user.has_perm("accounts.add_apitoken"):
            raise PermissionDenied
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke_api_token(token=token)
        self.message_user(request, _("Tokens revoked."), messages.SUCCESS)
