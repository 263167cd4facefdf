from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from mixflow.core.admin import RecordAdmin, site
from mixflow.identity.models import (
    Document,
    Group,
    GroupMember,
    Identity,
    LinkDecision,
    LinkSettingsVersion,
    MatchCandidate,
    Nationality,
    Person,
    PersonAlias,
)
from mixflow.identity.queries import decisions_for, review_queue_for


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
    raw_id_fields = ["registration_site", "identity"]


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


# Identity resolution: read-only here; link, split and undo happen through the review pages,
# whose actions keep the before/after snapshots that make them reversible.


@admin.register(Identity, site=site)
class IdentityAdmin(RecordAdmin):
    list_display = ["id", "organisation", "created_at"]


@admin.register(MatchCandidate, site=site)
class MatchCandidateAdmin(RecordAdmin):
    list_display = ["id", "record_a", "record_b", "score", "status", "verdict", "created_at"]
    list_filter = ["status", "verdict"]
    raw_id_fields = ["record_a", "record_b"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # Both records must be visible, as in the review queue.
        return review_queue_for(request.user)


@admin.register(LinkDecision, site=site)
class LinkDecisionAdmin(RecordAdmin):
    list_display = ["id", "kind", "decided_by", "decided_at", "reverses"]
    list_filter = ["kind"]
    raw_id_fields = ["candidate", "reverses", "records"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return decisions_for(request.user)


@admin.register(LinkSettingsVersion, site=site)
class LinkSettingsVersionAdmin(RecordAdmin):
    list_display = ["version", "organisation", "decisions_used", "created_at"]
