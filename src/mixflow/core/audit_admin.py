"""The audit log in the admin: listed and shown through ``core.audit_log``'s scoping.

auditlog's own ``LogEntryAdmin`` is not used: it titles entries with ``str()`` of the record,
shows every change to every reader (resolving foreign keys to ``str()``, a person's name) and
searches the text of changes. Here the list shows each entry's record number, actor, time and
action, plus the changes of records the reader may read; the search box finds actors, record
numbers and days only.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from mixflow.core import audit_log
from mixflow.core.audit_log import Disclosure

_RECORD_NUMBER = re.compile(r"^#?\s*(\d+)$")
_DAYS = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s*\.\.\s*(\d{4}-\d{2}-\d{2}))?$")


class RecordTypeFilter(admin.SimpleListFilter):
    title = _("record type")
    parameter_name = "record_type"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        models = audit_log.registered_models(apps.get_models())
        types = ContentType.objects.get_for_models(*models)
        return [
            (str(types[model].pk), str(model._meta.verbose_name).capitalize()) for model in models
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(content_type_id=int(value))
        return queryset


class DisclosedChangeList(ChangeList):
    """A page of entries, each carrying what the reader may see of it (one scoped query per
    model on the page)."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        entries = list(self.result_list)
        for entry, disclosure in zip(
            entries, audit_log.disclose(request.user, entries), strict=True
        ):
            entry.disclosure = disclosure
        self.result_list = entries


def _disclosure(entry: LogEntry) -> Disclosure:
    return entry.disclosure  # type: ignore[no-any-return]


class AuditLogAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["timestamp", "action", "record", "actor_name", "what_changed"]
    list_display_links = ["timestamp"]
    # No date hierarchy: it truncates every entry's timestamp to list the days (3 s at 100,000
    # entries on SQLite); days are searched instead.
    list_filter = ["action", RecordTypeFilter, "timestamp"]
    list_per_page = 100
    # Declared so that the admin shows its search box; get_search_results decides what it finds.
    search_fields = ["actor_email"]
    search_help_text = _(
        "Search by actor (user name, e-mail address or system:<command>), by record number "
        "(#12) or by day (2026-09-14, or 2026-09-01..2026-09-30). Combine with the filters."
    )
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return audit_log.may_open(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return audit_log.may_open(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[LogEntry]:
        return audit_log.entries_for(request.user)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return DisclosedChangeList

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # Never the text of changes or titles: that would find entries by a migrant's name.
        term = search_term.strip()
        if not term:
            return queryset, False
        number = _RECORD_NUMBER.match(term)
        if number:
            return audit_log.search(queryset, record_id=int(number.group(1))), False
        days = _DAYS.match(term)
        if days:
            try:
                since = datetime.date.fromisoformat(days.group(1))
                until = datetime.date.fromisoformat(days.group(2) or days.group(1))
            except ValueError:
                return queryset.none(), False
            return audit_log.search(queryset, since=since, until=until), False
        return audit_log.search(queryset, actor=term), False

    @admin.display(description=_("record"))
    def record(self, entry: LogEntry) -> str:
        return _disclosure(entry).record

    @admin.display(description=_("actor"))
    def actor_name(self, entry: LogEntry) -> str:
        return _disclosure(entry).actor

    @admin.display(description=_("changes"))
    def what_changed(self, entry: LogEntry) -> str:
        disclosure = _disclosure(entry)
        if not disclosure.readable:
            return str(_("(not shown: you may not read this record)"))
        return "; ".join(
            f"{change.field}: {change.before} → {change.after}" for change in disclosure.changes
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])  # entries are never changed
        entry = self.get_object(request, object_id)
        if entry is None or not self.has_view_permission(request, entry):
            raise Http404
        disclosure = audit_log.disclose(request.user, [entry])[0]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Audit entry"),
            "subtitle": disclosure.record,
            "entry": entry,
            "disclosure": disclosure,
        }
        return TemplateResponse(request, "admin/core/audit_entry.html", context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        raise Http404
