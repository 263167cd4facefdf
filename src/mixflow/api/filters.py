"""Query-string filters of the list endpoints, validated like any input.

Each filter is a serializer (so a bad value is a 400 naming the parameter, and the OpenAPI
schema lists the parameters) plus a function applying it to an already scoped queryset.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from mixflow.geo.queries import site_by_code
from mixflow.identity.queries import YEAR, PersonSearch
from mixflow.lib.vocabularies import Direction, EncounterKind

if TYPE_CHECKING:
    from mixflow.geo.models import Location
    from mixflow.identity.models import Group
    from mixflow.intake.models import Encounter, FlowCount

COUNTRY = re.compile(r"^[A-Za-z]{3}$")


@extend_schema_field(OpenApiTypes.STR)
class SiteCodeField(serializers.Field["Location", str, str, Any]):
    """A site's code (``NER-AGZ-BUS``), turned into the site."""

    default_error_messages = {
        "invalid": _("Give a site code."),
        "unknown": _("No site has the code “{code}”."),
    }

    def to_internal_value(self, data: Any) -> Location:
        if not isinstance(data, str) or not data.strip() or len(data) > 40:
            self.fail("invalid")
        site = site_by_code(data.strip())
        if site is None:
            self.fail("unknown", code=data.strip())
        return site

    def to_representation(self, value: Location) -> str:
        return value.code


class DateRange(serializers.Serializer[Any]):
    date_from = serializers.DateField(required=False, help_text="On or after (YYYY-MM-DD).")
    date_to = serializers.DateField(required=False, help_text="On or before (YYYY-MM-DD).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"date_to": _("The end of the period is before its start.")}
            )
        return attrs


class PersonFilter(serializers.Serializer[Any]):
    name = serializers.CharField(
        required=False, max_length=200, help_text="Any part of a name, in any script."
    )
    born = serializers.CharField(
        required=False, max_length=10, help_text="Year (1999) or date (1999-05-01) of birth."
    )
    nationality = serializers.CharField(
        required=False, max_length=3, help_text="ISO 3166-1 alpha-3 code."
    )
    site = SiteCodeField(required=False, help_text="Code of the registration site.")
    document = serializers.CharField(
        required=False,
        max_length=60,
        help_text="A document number, whole (spaces, dashes and case do not count).",
    )

    def validate_born(self, value: str) -> str:
        value = value.strip()
        if value and not YEAR.match(value):
            try:
                serializers.DateField().to_internal_value(value)
            except serializers.ValidationError as error:
                raise serializers.ValidationError(
                    _("Give a year (1999) or a date (1999-05-01).")
                ) from error
        return value

    def validate_nationality(self, value: str) -> str:
        if value and not COUNTRY.match(value):
            raise serializers.ValidationError(_("Give a three-letter country code (ERI)."))
        return value.upper()

    def search(self) -> PersonSearch:
        data = self.validated_data
        site = data.get("site")
        return PersonSearch(
            name=data.get("name", ""),
            born=data.get("born", ""),
            nationality=data.get("nationality", ""),
            site_id=site.pk if site else None,
            document=data.get("document", ""),
        )


MAX_ID = 2**63 - 1
"""The largest id a database row can have (a 64-bit key): a larger one is a bad request."""


class EncounterFilter(DateRange):
    person = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Person id."
    )
    site = SiteCodeField(required=False, help_text="Site code.")
    kind = serializers.ChoiceField(required=False, choices=EncounterKind.choices)

    def apply(self, encounters: QuerySet[Encounter]) -> QuerySet[Encounter]:
        data = self.validated_data
        if "person" in data:
            encounters = encounters.filter(person_id=data["person"])
        if "site" in data:
            encounters = encounters.filter(site=data["site"])
        if "kind" in data:
            encounters = encounters.filter(kind=data["kind"])
        if "date_from" in data:
            encounters = encounters.filter(occurred_on__gte=data["date_from"])
        if "date_to" in data:
            encounters = encounters.filter(occurred_on__lte=data["date_to"])
        return encounters


class FlowCountFilter(DateRange):
    site = SiteCodeField(required=False, help_text="Site code.")
    direction = serializers.ChoiceField(required=False, choices=Direction.choices)

    def apply(self, counts: QuerySet[FlowCount]) -> QuerySet[FlowCount]:
        data = self.validated_data
        if "site" in data:
            counts = counts.filter(site=data["site"])
        if "direction" in data:
            counts = counts.filter(direction=data["direction"])
        if "date_from" in data:
            counts = counts.filter(observed_at__date__gte=data["date_from"])
        if "date_to" in data:
            counts = counts.filter(observed_at__date__lte=data["date_to"])
        return counts


class GroupFilter(serializers.Serializer[Any]):
    site = SiteCodeField(required=False, help_text="Site code.")

    def apply(self, groups: QuerySet[Group]) -> QuerySet[Group]:
        if "site" in self.validated_data:
            groups = groups.filter(site=self.validated_data["site"])
        return groups


F = TypeVar("F", bound=serializers.Serializer[Any])


def read(request: Request, filter_class: type[F]) -> F:
    """The request's query parameters, validated (a 400 naming the parameter otherwise)."""
    checked = filter_class(data=request.query_params)
    checked.is_valid(raise_exception=True)
    return checked
