from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.models import Organisation, RoleAssignment, User
from mixflow.core.admin import ScopedAdmin, site


@admin.register(Organisation, site=site)
class OrganisationAdmin(ScopedAdmin):
    list_display = ["name", "code", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(User, site=site)
class UserAdmin(ScopedAdmin, DjangoUserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["organisation", "is_active"]
    fieldsets = [
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Organisation"), {"fields": ["organisation"]}),
    ]
    add_fieldsets = [
        *(DjangoUserAdmin.add_fieldsets or ()),
        (_("Organisation"), {"fields": ["organisation"]}),
    ]


@admin.register(RoleAssignment, site=site)
class RoleAssignmentAdmin(ScopedAdmin):
    list_display = ["user", "role"]
    list_filter = ["role"]
    filter_horizontal = ["limited_to"]
