from django.contrib import admin

from mixflow.core.admin import RecordAdmin, site
from mixflow.intake.models import Encounter, FlowCount, SensitiveDetails


@admin.register(Encounter, site=site)
class EncounterAdmin(RecordAdmin):
    list_display = ["id", "kind", "occurred_on", "site", "person"]
    list_filter = ["kind"]
    raw_id_fields = ["person", "site", "group"]


@admin.register(SensitiveDetails, site=site)
class SensitiveDetailsAdmin(RecordAdmin):
    list_display = ["encounter"]
    raw_id_fields = ["encounter"]


@admin.register(FlowCount, site=site)
class FlowCountAdmin(RecordAdmin):
    list_display = ["site", "observed_at", "direction", "group_size", "nationality"]
    list_filter = ["direction"]
    raw_id_fields = ["site", "previous_transit_point"]
