from django.contrib import admin

from mixflow.core.admin import RecordAdmin, site
from mixflow.protection.models import Consent


@admin.register(Consent, site=site)
class ConsentAdmin(RecordAdmin):
    list_display = ["person", "purpose", "given", "recorded_on", "withdrawn_on"]
    list_filter = ["purpose", "given"]
    raw_id_fields = ["person"]
