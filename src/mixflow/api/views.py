"""Read endpoints. Each names its capability and reads through the apps' scoped queries; none
filters data itself beyond the request's own filters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mixflow.api import filters
from mixflow.api.permissions import HasCapability
from mixflow.api.serializers import (
    EncounterOut,
    FlowCountOut,
    GroupOut,
    PersonDetailOut,
    PersonOut,
    QuestionnaireOut,
    SensitiveDetailsOut,
)
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.queries import groups_for, person_for, persons_for, search_persons
from mixflow.intake.queries import (
    encounters_for,
    flow_counts_for,
    questionnaires_listed_for,
    sensitive_details_for,
    timeline_of,
)

if TYPE_CHECKING:
    from mixflow.identity.models import Group, Person
    from mixflow.intake.models import Encounter, FlowCount, Questionnaire, SensitiveDetails


class Scoped(APIView):
    """Base of every read view: its capability, checked before anything is read."""

    capability: Capability
    permission_classes = [HasCapability]


class PersonList(Scoped, ListAPIView["Person"]):
    """Persons in your scope, most recently registered first."""

    capability = Capability.VIEW_PERSONS
    serializer_class = PersonOut

    @extend_schema(parameters=[filters.PersonFilter])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Person]:
        search = filters.read(self.request, filters.PersonFilter).search()
        return search_persons(self.request.user, search).prefetch_related("nationalities")


class PersonDetail(Scoped, RetrieveAPIView["Person"]):
    """One person; each read is recorded in the audit log, as on the person's page."""

    capability = Capability.VIEW_PERSONS
    serializer_class = PersonDetailOut

    def get_object(self) -> Person:
        person = person_for(self.request.user, self.kwargs["pk"])
        if person is None:
            raise NotFound
        audit.record_access(self.request.user, person, channel="api")
        return person


class PersonEncounters(Scoped, ListAPIView["Encounter"]):
    """The person's encounters you may see, oldest first: their route as told."""

    capability = Capability.VIEW_PERSONS
    serializer_class = EncounterOut

    def get_queryset(self) -> QuerySet[Encounter]:
        person = persons_for(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if person is None:
            raise NotFound
        audit.record_access(self.request.user, person, channel="api", part="encounters")
        return timeline_of(self.request.user, person)


class EncounterList(Scoped, ListAPIView["Encounter"]):
    """Encounters in your scope, most recent first (without sensitive details)."""

    capability = Capability.VIEW_PERSONS
    serializer_class = EncounterOut

    @extend_schema(parameters=[filters.EncounterFilter])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Encounter]:
        checked = filters.read(self.request, filters.EncounterFilter)
        return checked.apply(encounters_for(self.request.user)).order_by("-occurred_on", "-id")


class SensitiveDetailsView(Scoped, APIView):
    """The sensitive answers of one encounter (trafficking, violence, health, asylum).

    Needs ``view_sensitive``; each read is recorded in the audit log.
    """

    capability = Capability.VIEW_SENSITIVE

    @extend_schema(responses=SensitiveDetailsOut)
    def get(self, request: Request, pk: int) -> Response:
        encounter = encounters_for(request.user).filter(pk=pk).first()
        if encounter is None:
            raise NotFound
        details: SensitiveDetails | None = sensitive_details_for(request.user, [encounter]).get(
            encounter.pk
        )
        if details is None:
            raise NotFound(_("No sensitive details are recorded for this encounter."))
        return Response(SensitiveDetailsOut(details).data)


class GroupList(Scoped, ListAPIView["Group"]):
    """Groups travelling together, with their members."""

    capability = Capability.VIEW_PERSONS
    serializer_class = GroupOut

    @extend_schema(parameters=[filters.GroupFilter])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Group]:
        checked = filters.read(self.request, filters.GroupFilter)
        return checked.apply(groups_for(self.request.user)).order_by("-formed_on", "-id")


class FlowCountList(Scoped, ListAPIView["FlowCount"]):
    """Flow monitoring counts in your scope, most recent first."""

    capability = Capability.VIEW_FLOW_COUNTS
    serializer_class = FlowCountOut

    @extend_schema(parameters=[filters.FlowCountFilter])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[FlowCount]:
        checked = filters.read(self.request, filters.FlowCountFilter)
        return checked.apply(flow_counts_for(self.request.user)).order_by("-observed_at", "-id")


class QuestionnaireList(Scoped, ListAPIView["Questionnaire"]):
    """Your organisation's questionnaires, each with its current version."""

    capability = Capability.VIEW_SITES
    serializer_class = QuestionnaireOut

    def get_queryset(self) -> QuerySet[Questionnaire]:
        return questionnaires_listed_for(self.request.user)
