from django.contrib import admin

from mixflow.core.admin import ScopedAdmin, site
from mixflow.geo.models import Location


@admin.register(Location, site=site)
class LocationAdmin(ScopedAdmin):
    list_display = ["code", "name", "level", "site_kind", "country_code", "pcode"]
    list_filter = ["level", "site_kind"]
    search_fields = ["code", "name", "name_fr", "name_es", "pcode"]
    raw_id_fields = ["parent"]
