"""The Django admin, run through the same scoping as every other page.

Only administrators reach the admin. Each model admin lists exactly what ``scoped`` returns for
the signed-in user, so a system administrator without a caseworker role sees the persons model
but no person in it. The admin is for system administrators (organisation administrators manage
their accounts in the application's own page). Nothing is written here by the admin itself: a
model admin that edits overrides the save and delete hooks to call its app's actions, which check
and audit; every other model admin is read-only.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from mixflow.core.audit_admin import AuditLogAdmin
from mixflow.core.models import LoadedDataset
from mixflow.core.roles import Capability
from mixflow.core.scoping import rule_for, scope_of, scoped


class MixflowAdminSite(admin.AdminSite):
    site_header = _("Mixflow administration")
    site_title = _("Mixflow administration")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active) and scope_of(request.user).can(
            Capability.ADMINISTER_SYSTEM
        )


site = MixflowAdminSite(name="admin")


class ScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Lists only rows inside the user's scope; read-only unless a subclass writes through its
    app's actions (``editable = True`` and the save and delete hooks overridden)."""

    editable = False

    def _may_read(self, request: HttpRequest) -> bool:
        rule = rule_for(self.model)
        scope = scope_of(request.user)
        return (
            scope.can(rule.capability)
            or (rule.all_organisations_with is not None and scope.can(rule.all_organisations_with))
            or (rule.cross_organisation and scope.can(Capability.ADMINISTER_SYSTEM))
        )

    def _may_write(self, request: HttpRequest) -> bool:
        # Offering the forms; whether one change is allowed is the action's decision.
        return self.editable and scope_of(request.user).can(Capability.ADMINISTER_SYSTEM)

    # Without an action to call, the admin writes nothing (defence in depth: the permission
    # methods already hide the forms).
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        raise PermissionDenied

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        raise PermissionDenied

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionDenied

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        raise PermissionDenied

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scoped(request.user, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_read(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_read(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_write(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_write(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_write(request)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        # Choices offered in a form are reads too: limit them to the user's scope.
        related = db_field.related_model
        if isinstance(related, type) and getattr(related, "scope_rule", None) is not None:
            kwargs["queryset"] = scoped(request.user, related)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RecordAdmin(ScopedAdmin):
    """Records about migrants: visible within scope, never edited here."""

    editable = False


class SystemRecordsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records of the system itself (audit trail, loaded datasets, background tasks): system
    administrators read them, nobody edits them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scope_of(request.user).can(Capability.ADMINISTER_SYSTEM)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class LoadedDatasetAdmin(SystemRecordsAdmin):
    list_display = ["source", "loaded_at"]


class TaskResultAdmin(SystemRecordsAdmin):
    list_display = ["id", "task_path", "status", "enqueued_at", "finished_at"]
    list_filter = ["status"]


site.register(LogEntry, AuditLogAdmin)
site.register(LoadedDataset, LoadedDatasetAdmin)
site.register(DBTaskResult, TaskResultAdmin)
