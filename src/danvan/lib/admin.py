"""The admin site writes only through services, or not at all.

Django's admin saves a form's instance itself (`save_model`, `save_formset`, `save_related`,
`delete_model`, list_editable, the delete action), after asking the rules about the object as
it was. A unit administrator could therefore move a record out of their scope — give an
assignment a body in another province, or the system administrator role — because the check
saw the old body, not the new one. Two bases close that by construction; every registered
admin class derives from one of them (tests/security/test_admin_writes.py walks the site):

- `ReadOnlyAdmin`: lists and pages, no add, change or delete (matters, receipts, logs, and
  records whose lifecycle lives on the officers' pages).
- `ServiceAdmin`: each write goes to `write()` / `remove()`, which an admin class points at its
  app's service; the default, `save_record`, is the service for plain rule tables. Inlines of
  a ServiceAdmin are saved one row at a time through the same service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest


def _perm(instance: models.Model, action: str) -> str:
    opts = instance._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


@transaction.atomic
def save_record(*, actor: Any, instance: models.Model, change: bool) -> models.Model:
    """A rule-table row written from the admin: the actor's right is checked on the row as it
    will be saved (the admin checked it as it was), the row validated and its history row
    attributed to the actor."""
    if not actor.has_perm(_perm(instance, "change" if change else "add"), instance):
        raise PermissionDenied
    instance.full_clean()
    instance._history_user = actor  # type: ignore[attr-defined]
    instance.save()
    return instance


@transaction.atomic
def delete_record(*, actor: Any, instance: models.Model) -> None:
    if not actor.has_perm(_perm(instance, "delete"), instance):
        raise PermissionDenied
    instance._history_user = actor  # type: ignore[attr-defined]
    instance.delete()


def name_fields(model: type[models.Model], **labels: Any) -> None:
    """Labels, for the admin, for fields that declare no verbose_name (derived or internal
    fields, a package's fields). Only the name shown changes: migrations read a field's own
    arguments, which stay as they are."""
    for name, label in labels.items():
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field), name
        field.verbose_name = label


class _NoWritePermission:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(_NoWritePermission, admin.ModelAdmin):
    """Put first in the bases (before ObjectPermissionsModelAdmin, SimpleHistoryAdmin)."""

    writes_through_services = False

    # And should a view ever get past the permissions: no write at all.
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        raise PermissionDenied

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionDenied

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        raise PermissionDenied

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        raise PermissionDenied

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        raise PermissionDenied


class ReadOnlyInline(_NoWritePermission, admin.TabularInline):
    extra = 0
    can_delete = False


class ServiceAdmin(admin.ModelAdmin):
    """Put first in the bases; the permissions still come from the next base (the rules)."""

    writes_through_services = True

    def write(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Any:
        return save_record(actor=request.user, instance=obj, change=change)

    def remove(self, request: HttpRequest, obj: Any) -> None:
        delete_record(actor=request.user, instance=obj)

    # Django's writing hooks, each sent to the service.
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.write(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.remove(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.remove(request, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Many-to-many choices of the (already checked) instance, then each inline row.
        form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for obj in formset.save(commit=False):
            save_record(actor=request.user, instance=obj, change=obj.pk is not None)
        for obj in formset.deleted_objects:
            delete_record(actor=request.user, instance=obj)
        formset.save_m2m()
