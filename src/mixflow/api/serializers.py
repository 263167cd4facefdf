"""What the API shows of each record: output serializers, read-only.

Sensitive details (trafficking, violence, health, asylum) appear in no serializer here but
``SensitiveDetailsOut``, served by its own endpoint that checks ``view_sensitive`` and logs
each read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mixflow.lib.vocabularies import (
    DatePrecision,
    Direction,
    EncounterKind,
    GroupKind,
    ReasonForLeaving,
    Relationship,
    Sex,
    Transport,
)

if TYPE_CHECKING:
    from mixflow.identity.models import Person
    from mixflow.intake.models import Questionnaire

# Plain serializers over the records the apps' queries return: the API layer never imports a
# model (the interfaces-use-facades contract), so each field is declared with its type here.
# Output only: every field is always present (``null`` where nothing is recorded).


def _codes(**kwargs: Any) -> serializers.ListField:
    """A JSON list of vocabulary codes."""
    return serializers.ListField(child=serializers.CharField(), **kwargs)


def _count(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, **kwargs)


class SiteOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    country_code = serializers.CharField(label="Country", help_text="ISO 3166-1 alpha-3 code.")


class PersonOut(serializers.Serializer["Person"]):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    display_name = serializers.CharField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    father_name = serializers.CharField(label="Father's name")
    native_name = serializers.CharField(
        label="Name in original script",
        help_text="The full name as written in the person's own script, if recorded.",
    )
    latin_name = serializers.CharField(label="Name in Latin script")
    sex = serializers.ChoiceField(choices=Sex.choices)
    date_of_birth = serializers.DateField(allow_null=True)
    dob_precision = serializers.ChoiceField(
        choices=DatePrecision.choices, label="Precision of the date of birth"
    )
    birth_year = serializers.IntegerField(allow_null=True, label="Year of birth")
    nationalities = serializers.SerializerMethodField()
    registration_site = SiteOut()
    registered_on = serializers.DateField()

    # The schema is declared: a type hint naming the model cannot be evaluated here.
    @extend_schema_field(_codes())
    def get_nationalities(self, person: Person) -> list[str]:
        # Read from the prefetched rows: no query per person.
        return sorted({n.country for n in person.nationalities.all()})


class DocumentOut(serializers.Serializer[Any]):
    kind = serializers.CharField()
    number = serializers.CharField()
    issuing_country = serializers.CharField()
    expires_on = serializers.DateField(allow_null=True)


class PersonDetailOut(PersonOut):
    languages = _codes(help_text="ISO 639-3 codes")
    aliases = serializers.SerializerMethodField()
    documents = DocumentOut(many=True)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, person: Person) -> list[str]:
        return [alias.name for alias in person.aliases.all()]


class EncounterOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    person = serializers.IntegerField(source="person_id")
    site = SiteOut()
    occurred_on = serializers.DateField(label="Date")
    kind = serializers.ChoiceField(choices=EncounterKind.choices)
    group = serializers.IntegerField(
        source="group_id", allow_null=True, label="Travelling with group"
    )
    country_of_origin = serializers.CharField()
    country_of_residence = serializers.CharField(label="Country of habitual residence")
    departure_date = serializers.DateField(allow_null=True)
    countries_transited = _codes()
    intended_destination = serializers.CharField()
    transport = _codes(label="Means of transport")
    reasons_for_leaving = _codes()
    used_smuggler = serializers.BooleanField(allow_null=True, label="Used a smuggler")
    smuggler_cost_usd = _count(allow_null=True, label="Amount paid to smugglers (USD)")
    wishes_return = serializers.BooleanField(allow_null=True, label="Wishes to return home")


class SensitiveDetailsOut(serializers.Serializer[Any]):
    encounter = serializers.IntegerField(source="encounter_id")
    trafficking_indicators = _codes()
    violence_incidents = _codes(label="Incidents of violence en route")
    health_conditions = _codes()
    wishes_asylum = serializers.BooleanField(allow_null=True, label="Wishes to seek asylum")
    asylum_details = serializers.CharField(label="Asylum claim details")


class MemberOut(serializers.Serializer[Any]):
    person = serializers.IntegerField(source="person_id")
    display_name = serializers.CharField(source="person.display_name")
    relationship = serializers.ChoiceField(
        choices=Relationship.choices, label="Relationship to the head of the group"
    )


class GroupOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=GroupKind.choices)
    site = SiteOut()
    formed_on = serializers.DateField(label="Registered on")
    members = MemberOut(many=True, source="memberships")


class FlowCountOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    site = SiteOut()
    observed_at = serializers.DateTimeField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    group_size = _count()
    men = _count()
    women = _count()
    boys = _count()
    girls = _count()
    nationality = serializers.CharField()
    area_of_origin = serializers.CharField()
    previous_transit_point = serializers.IntegerField(
        source="previous_transit_point_id", allow_null=True
    )
    intended_destination = serializers.CharField()
    transport = serializers.ChoiceField(
        choices=Transport.choices, allow_blank=True, label="Means of transport"
    )
    reason = serializers.ChoiceField(
        choices=ReasonForLeaving.choices, allow_blank=True, label="Main reason for leaving"
    )
    unaccompanied_children = _count()
    pregnant_women = _count()
    older_persons = _count(label="Older persons (60+)")
    persons_with_disability = _count(label="Persons with a disability")


class VersionOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    version = serializers.CharField()
    file_name = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class QuestionnaireOut(serializers.Serializer["Questionnaire"]):
    id = serializers.IntegerField()
    form_id = serializers.CharField()
    title = serializers.CharField()
    current_version = serializers.SerializerMethodField()

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
