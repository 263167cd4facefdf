"""What the API shows of each record: output serializers, read-only.

Sensitive details (trafficking, violence, health, asylum) appear in no serializer here but
``SensitiveDetailsOut``, served by its own endpoint that checks ``view_sensitive`` and logs
each read.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mixflow.geo.models import Location
from mixflow.identity.models import Group, GroupMember, Person
from mixflow.intake.flow_count_fields import FLOW_COUNT_FIELDS
from mixflow.intake.models import (
    Encounter,
    FlowCount,
    Questionnaire,
    QuestionnaireVersion,
    SensitiveDetails,
)


class SiteOut(serializers.ModelSerializer[Location]):
    class Meta:
        model = Location
        fields = ["id", "code", "name", "country_code"]


class PersonOut(serializers.ModelSerializer[Person]):
    registration_site = SiteOut()
    organisation = serializers.CharField(source="organisation.code")
    display_name = serializers.CharField()
    nationalities = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "organisation",
            "display_name",
            "given_name",
            "family_name",
            "father_name",
            "native_name",
            "latin_name",
            "sex",
            "date_of_birth",
            "dob_precision",
            "birth_year",
            "nationalities",
            "registration_site",
            "registered_on",
        ]

    def get_nationalities(self, person: Person) -> list[str]:
        # Read from the prefetched rows: no query per person.
        return sorted({n.country for n in person.nationalities.all()})


class DocumentOut(serializers.Serializer[Any]):
    kind = serializers.CharField()
    number = serializers.CharField()
    issuing_country = serializers.CharField()
    expires_on = serializers.DateField(allow_null=True)


class PersonDetailOut(PersonOut):
    aliases = serializers.SerializerMethodField()
    documents = DocumentOut(many=True)

    class Meta(PersonOut.Meta):
        fields = [*PersonOut.Meta.fields, "languages", "aliases", "documents"]

    def get_aliases(self, person: Person) -> list[str]:
        return [alias.name for alias in person.aliases.all()]


class EncounterOut(serializers.ModelSerializer[Encounter]):
    site = SiteOut()
    organisation = serializers.CharField(source="organisation.code")

    class Meta:
        model = Encounter
        fields = [
            "id",
            "organisation",
            "person",
            "site",
            "occurred_on",
            "kind",
            "group",
            "country_of_origin",
            "country_of_residence",
            "departure_date",
            "countries_transited",
            "intended_destination",
            "transport",
            "reasons_for_leaving",
            "used_smuggler",
            "smuggler_cost_usd",
            "wishes_return",
        ]


class SensitiveDetailsOut(serializers.ModelSerializer[SensitiveDetails]):
    class Meta:
        model = SensitiveDetails
        fields = [
            "encounter",
            "trafficking_indicators",
            "violence_incidents",
            "health_conditions",
            "wishes_asylum",
            "asylum_details",
        ]


class MemberOut(serializers.ModelSerializer[GroupMember]):
    person = serializers.IntegerField(source="person_id")
    display_name = serializers.CharField(source="person.display_name")

    class Meta:
        model = GroupMember
        fields = ["person", "display_name", "relationship"]


class GroupOut(serializers.ModelSerializer[Group]):
    site = SiteOut()
    members = MemberOut(many=True, source="memberships")

    class Meta:
        model = Group
        fields = ["id", "kind", "site", "formed_on", "members"]


class FlowCountOut(serializers.ModelSerializer[FlowCount]):
    site = SiteOut()

    class Meta:
        model = FlowCount
        fields = ["id", "site", *FLOW_COUNT_FIELDS]


class VersionOut(serializers.ModelSerializer[QuestionnaireVersion]):
    class Meta:
        model = QuestionnaireVersion
        fields = ["id", "version", "file_name", "uploaded_at"]


class QuestionnaireOut(serializers.ModelSerializer[Questionnaire]):
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = Questionnaire
        fields = ["id", "form_id", "title", "current_version"]

    @extend_schema_field(VersionOut(allow_null=True))
    def get_current_version(self, questionnaire: Questionnaire) -> dict[str, Any] | None:
        # ``versions`` is prefetched newest first (the model's ordering).
        versions = list(questionnaire.versions.all())
        return VersionOut(versions[0]).data if versions else None


class SubmissionIn(serializers.Serializer[Any]):
    answers = serializers.DictField(help_text="Question name → answer, as in the XLSForm.")
    site = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="Code of the site where the questionnaire was filled in.",
    )
    instance_id = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Your id for this submission: sending it again creates nothing new.",
    )
    version = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text="Version of the questionnaire answered (default: the current one).",
    )


class SubmissionOut(serializers.Serializer[Any]):
    created = serializers.BooleanField()
    submission = serializers.IntegerField()
    instance_id = serializers.CharField()
    person = serializers.IntegerField(allow_null=True)
    group = serializers.IntegerField(allow_null=True)
    encounter = serializers.IntegerField(allow_null=True)
    flow_count = serializers.IntegerField(allow_null=True)
