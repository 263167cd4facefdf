from django.contrib import admin

from mixflow.core.admin import RecordAdmin, site
from mixflow.identity.models import Document, Group, GroupMember, Nationality, Person, PersonAlias


@admin.register(Person, site=site)
class PersonAdmin(RecordAdmin):
    list_display = [
        "id",
        "latin_name",
        "sex",
        "date_of_birth",
        "registration_site",
        "registered_on",
    ]
    list_filter = ["sex", "dob_precision"]
    search_fields = ["latin_name", "given_name", "family_name"]
    raw_id_fields = ["registration_site"]


@admin.register(PersonAlias, site=site)
class PersonAliasAdmin(RecordAdmin):
    list_display = ["person", "name", "script"]
    raw_id_fields = ["person"]


@admin.register(Nationality, site=site)
class NationalityAdmin(RecordAdmin):
    list_display = ["person", "country", "basis"]
    raw_id_fields = ["person"]


@admin.register(Document, site=site)
class DocumentAdmin(RecordAdmin):
    list_display = ["person", "kind", "issuing_country"]
    raw_id_fields = ["person"]


@admin.register(Group, site=site)
class GroupAdmin(RecordAdmin):
    list_display = ["id", "kind", "site", "formed_on"]
    list_filter = ["kind"]
    raw_id_fields = ["site"]


@admin.register(GroupMember, site=site)
class GroupMemberAdmin(RecordAdmin):
    list_display = ["group", "person", "relationship"]
    raw_id_fields = ["group", "person"]
