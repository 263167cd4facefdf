"""Endpoints of the service directory and of referrals, with the permissions of the pages.

- ``/api/services/``: the directory, readable by everyone who sees sites; ``POST`` (and ``PUT``
  on one service) for ``manage_services`` holders of the provider's organisation.
- ``/api/referrals/``: the referring side (``make_referrals``): propose, send, close.
- ``/api/inbox/``: the receiving side (``receive_referrals``): the shared fields only; accept,
  decline, complete, feedback.
- ``/api/persons/<id>/suggestions/``: services suggested for needs, ranked, with reasons.

Writes go through ``protection.actions``; refusals are 403/404, invalid input 400.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as Forbidden
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from mixflow.api.views import Scoped
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.geo.queries import countries, site_by_code
from mixflow.identity.queries import person_for
from mixflow.protection.actions import (
    ServiceValues,
    accept_referral,
    close_referral,
    complete_referral,
    decline_referral,
    ensure_provider,
    give_feedback,
    propose_referral,
    save_service,
    send_referral,
)
from mixflow.protection.queries import (
    received_referral_for,
    received_referrals_for,
    referral_for,
    referrals_for,
    service_for,
    services_for,
    shared_view,
    suggestions_for,
)
from mixflow.protection.vocabulary import Need, ReferralStatus, ServiceType

if TYPE_CHECKING:
    from mixflow.protection.models import ReceivedReferral, Referral, Service


def _codes(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), **kwargs)


# -- serializers ---------------------------------------------------------------------------------


class ServiceOut(serializers.Serializer["Service"]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    organisation = serializers.CharField(source="provider.organisation.code")
    unit = serializers.CharField(source="provider.unit")
    description = serializers.CharField()
    sites = serializers.SerializerMethodField(help_text="Codes of the sites where it is delivered.")
    areas = serializers.SerializerMethodField(help_text="Codes of its catchment areas.")
    min_age = serializers.IntegerField(allow_null=True)
    max_age = serializers.IntegerField(allow_null=True)
    sexes = _codes()
    needs = _codes(help_text="Profiles or needs it serves (empty: anyone).")
    nationalities = _codes(help_text="ISO 3166-1 alpha-3 codes (empty: any).")
    languages = _codes(help_text="ISO 639-3 codes.")
    opening_hours = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    active = serializers.BooleanField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_sites(self, service: Any) -> list[str]:
        return [s.code for s in service.sites.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_areas(self, service: Any) -> list[str]:
        return [a.code for a in service.catchment_areas.all()]


class ServiceIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    unit = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    sites = _codes(required=False, default=list, help_text="Site codes.")
    areas = _codes(required=False, default=list, help_text="Country codes (ISO alpha-3).")
    min_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, default=None)
    max_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, default=None)
    sexes = _codes(required=False, default=list)
    needs = _codes(required=False, default=list)
    nationalities = _codes(required=False, default=list)
    languages = _codes(required=False, default=list)
    opening_hours = serializers.CharField(required=False, default="", allow_blank=True)
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=0, default=None)
    contact_name = serializers.CharField(required=False, default="", allow_blank=True)
    contact_phone = serializers.CharField(required=False, default="", allow_blank=True)
    contact_email = serializers.CharField(required=False, default="", allow_blank=True)
    active = serializers.BooleanField(required=False, default=True)

    def values(self) -> ServiceValues:
        data = self.validated_data
        site_ids = []
        for code in data["sites"]:
            site = site_by_code(code)
            if site is None:
                raise BadRequest({"sites": [f"Unknown site: {code}"]})
            site_ids.append(site.pk)
        areas = {c.code: c.pk for c in countries().filter(code__in=data["areas"])}
        unknown = [code for code in data["areas"] if code not in areas]
        if unknown:
            raise BadRequest({"areas": [f"Unknown country: {', '.join(unknown)}"]})
        return ServiceValues(
            name=data["name"],
            service_type=data["service_type"],
            description=data["description"],
            site_ids=site_ids,
            area_ids=list(areas.values()),
            min_age=data["min_age"],
            max_age=data["max_age"],
            sexes=data["sexes"],
            needs=data["needs"],
            nationalities=data["nationalities"],
            languages=data["languages"],
            opening_hours=data["opening_hours"],
            capacity=data["capacity"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            active=data["active"],
        )


class ReferralOut(serializers.Serializer["Referral"]):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    group = serializers.IntegerField(source="group_id", allow_null=True)
    service = serializers.IntegerField(source="service_id")
    service_name = serializers.CharField(source="service.name")
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    needs = _codes()
    note = serializers.CharField()
    contact = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    shared_fields = _codes()
    decline_reason = serializers.CharField()
    closure_reason = serializers.CharField()
    feedback = serializers.CharField()
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


class ReferralIn(serializers.Serializer[Any]):
    person = serializers.IntegerField()
    service = serializers.IntegerField()
    needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices))
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    contact = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ReasonIn(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=1000)


class ReceivedOut(serializers.Serializer["ReceivedReferral"]):
    """A referral as its provider reads it: no person id, only the shared fields."""

    id = serializers.IntegerField()
    referring_organisation = serializers.CharField(source="organisation.code")
    service = serializers.IntegerField(source="service_id")
    service_name = serializers.CharField(source="service.name")
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    due_on = serializers.DateField(allow_null=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()
    feedback = serializers.CharField()
    shared = serializers.SerializerMethodField(
        help_text="Per person, the fields shared with the provider (empty when consent no"
        " longer allows sharing, or once declined or closed)."
    )
    sharing_note = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
        )
    )
    def get_shared(self, referral: Any) -> list[list[dict[str, str]]]:
        view = shared_view(referral)
        return [
            [{"code": v.code, "label": v.label, "value": v.value} for v in person]
            for person in view.people
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_sharing_note(self, referral: Any) -> str:
        return shared_view(referral).reason


class AnswerIn(serializers.Serializer[Any]):
    answer = serializers.ChoiceField(choices=["accept", "decline", "complete", "feedback"])
    text = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)


class SuggestionOut(serializers.Serializer[Any]):
    service = ServiceOut()
    score = serializers.FloatField()
    needs = _codes()
    reasons = _codes()
    distance_km = serializers.FloatField(allow_null=True)


# -- views ---------------------------------------------------------------------------------------


def _checked(action: Any, **kwargs: Any) -> Any:
    """Run an action, turning its refusals into 403 and its invalid input into 400."""
    try:
        return action(**kwargs)
    except PermissionDenied as refusal:
        raise Forbidden(str(refusal) or None) from refusal
    except ValidationError as error:
        raise BadRequest({"detail": error.messages}) from error


class ServiceList(Scoped, ListAPIView["Service"]):
    """The service directory. ``POST`` adds a service of your organisation (manage_services)."""

    capability = Capability.VIEW_SITES
    serializer_class = ServiceOut

    def get_queryset(self) -> QuerySet[Service]:
        return services_for(self.request.user).order_by("pk")

    @extend_schema(request=ServiceIn, responses={201: ServiceOut})
    def post(self, request: Request) -> Response:
        data = ServiceIn(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = getattr(request.user, "organisation", None)
        if organisation is None:
            raise Forbidden
        values = data.values()
        provider = _checked(
            ensure_provider,
            actor=request.user,
            organisation=organisation,
            unit=data.validated_data["unit"],
        )
        service = _checked(save_service, actor=request.user, provider=provider, values=values)
        return Response(ServiceOut(service).data, status=status.HTTP_201_CREATED)


class ServiceDetail(Scoped):
    """One service. ``PUT`` replaces it (manage_services in the provider's organisation)."""

    capability = Capability.VIEW_SITES

    def _service(self, pk: int) -> Service:
        service = service_for(self.request.user, pk)
        if service is None:
            raise NotFound
        return service

    @extend_schema(responses=ServiceOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ServiceOut(self._service(pk)).data)

    @extend_schema(request=ServiceIn, responses=ServiceOut)
    def put(self, request: Request, pk: int) -> Response:
        service = self._service(pk)
        data = ServiceIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.values()
        provider = _checked(
            ensure_provider,
            actor=request.user,
            organisation=service.provider.organisation,
            unit=data.validated_data["unit"],
        )
        saved = _checked(
            save_service, actor=request.user, provider=provider, values=values, service=service
        )
        return Response(ServiceOut(saved).data)


class ReferralList(Scoped, ListAPIView["Referral"]):
    """Referrals your organisation made, at your sites. ``POST`` proposes one."""

    capability = Capability.MAKE_REFERRALS
    serializer_class = ReferralOut

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=ReferralStatus.values, required=False),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Referral]:
        referrals = referrals_for(self.request.user).order_by("-pk")
        wanted = self.request.query_params.get("status", "")
        if wanted:
            if wanted not in ReferralStatus.values:
                raise BadRequest({"status": ["Unknown status."]})
            referrals = referrals.filter(status=wanted)
        return referrals

    @extend_schema(request=ReferralIn, responses={201: ReferralOut})
    def post(self, request: Request) -> Response:
        data = ReferralIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = person_for(request.user, values["person"])
        service = service_for(request.user, values["service"])
        if person is None or service is None:
            raise NotFound
        referral = _checked(
            propose_referral,
            actor=request.user,
            person=person,
            service=service,
            needs=values["needs"],
            due_on=values["due_on"],
            contact=values["contact"],
            note=values["note"],
        )
        return Response(ReferralOut(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetail(Scoped):
    """One referral your organisation made."""

    capability = Capability.MAKE_REFERRALS

    @extend_schema(responses=ReferralOut)
    def get(self, request: Request, pk: int) -> Response:
        referral = referral_for(request.user, pk)
        if referral is None:
            raise NotFound
        return Response(ReferralOut(referral).data)


class ReferralSend(Scoped):
    """Send a proposed referral: refused (400, with the reason) without the person's consent."""

    capability = Capability.MAKE_REFERRALS

    @extend_schema(request=None, responses=ReferralOut)
    def post(self, request: Request, pk: int) -> Response:
        referral = referral_for(request.user, pk)
        if referral is None:
            raise NotFound
        sent = _checked(send_referral, actor=request.user, referral=referral)
        return Response(ReferralOut(sent).data)


class ReferralClose(Scoped):
    """Close a referral, with a reason."""

    capability = Capability.MAKE_REFERRALS

    @extend_schema(request=ReasonIn, responses=ReferralOut)
    def post(self, request: Request, pk: int) -> Response:
        referral = referral_for(request.user, pk)
        if referral is None:
            raise NotFound
        data = ReasonIn(data=request.data)
        data.is_valid(raise_exception=True)
        closed = _checked(
            close_referral,
            actor=request.user,
            referral=referral,
            reason=data.validated_data["reason"],
        )
        return Response(ReferralOut(closed).data)


class InboxList(Scoped, ListAPIView["ReceivedReferral"]):
    """Referrals addressed to your organisation's services: the shared fields only."""

    capability = Capability.RECEIVE_REFERRALS
    serializer_class = ReceivedOut

    def get_queryset(self) -> QuerySet[ReceivedReferral]:
        return received_referrals_for(self.request.user).order_by("-pk")


class InboxDetail(Scoped):
    """One referral addressed to you; each read of its shared fields is recorded."""

    capability = Capability.RECEIVE_REFERRALS

    @extend_schema(responses=ReceivedOut)
    def get(self, request: Request, pk: int) -> Response:
        referral = received_referral_for(request.user, pk)
        if referral is None:
            raise NotFound
        audit.record_access(request.user, referral, channel="api", part="shared fields")
        return Response(ReceivedOut(referral).data)


class InboxAnswer(Scoped):
    """Accept, decline (``text`` is the reason), complete, or give feedback."""

    capability = Capability.RECEIVE_REFERRALS

    @extend_schema(request=AnswerIn, responses=ReceivedOut)
    def post(self, request: Request, pk: int) -> Response:
        referral = received_referral_for(request.user, pk)
        if referral is None:
            raise NotFound
        data = AnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        answer, text = data.validated_data["answer"], data.validated_data["text"]
        if answer == "accept":
            _checked(accept_referral, actor=request.user, referral=referral, feedback=text)
        elif answer == "decline":
            _checked(decline_referral, actor=request.user, referral=referral, reason=text)
        elif answer == "complete":
            _checked(complete_referral, actor=request.user, referral=referral, feedback=text)
        else:
            _checked(give_feedback, actor=request.user, referral=referral, feedback=text)
        fresh = received_referral_for(request.user, pk)
        return Response(ReceivedOut(fresh).data)


class PersonSuggestions(Scoped):
    """Services suggested for the person's needs near their registration site, best first."""

    capability = Capability.MAKE_REFERRALS

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "needs", str, many=True, required=True, description="Need or profile codes."
            )
        ],
        responses=SuggestionOut(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        person = person_for(request.user, pk)
        if person is None:
            raise NotFound
        needs = request.query_params.getlist("needs")
        suggestions = suggestions_for(request.user, person, needs)
        return Response(SuggestionOut(suggestions, many=True).data)
