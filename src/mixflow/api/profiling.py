"""Profile flags and officers' decisions on them (issue 9): the same permissions as the pages.

Flags are sensitive: reading them needs ``view_sensitive`` and each read of a person's flags is
recorded in the audit log; deciding needs ``confirm_profiles``, and so does reading the rules in
force.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mixflow.api.permissions import HasCapability
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.queries import person_for
from mixflow.protection.actions import decide_flag
from mixflow.protection.profile_codes import code_label
from mixflow.protection.profiling.rules import rule_data
from mixflow.protection.queries import explanation, flag_for, flags_for, rule_set_in_force

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.protection.models import ProfileFlag

DECISIONS = ("confirmed", "dismissed", "amended")


class ProfileFlagOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    encounter = serializers.IntegerField(source="encounter_id")
    kind = serializers.CharField()
    code = serializers.CharField()
    title = serializers.SerializerMethodField()
    rule_id = serializers.CharField()
    rule_ids = serializers.ListField(child=serializers.CharField())
    rule_set_version = serializers.IntegerField()
    child_indicator = serializers.BooleanField()
    evidence = serializers.DictField()
    explanation = serializers.SerializerMethodField()
    status = serializers.CharField()
    amended_code = serializers.CharField()
    reason = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.username", default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    raised_at = serializers.DateTimeField()

    def get_title(self, flag: Any) -> str:
        return code_label(flag.code)

    def get_explanation(self, flag: Any) -> str:
        lang = (translation.get_language() or "en")[:2]
        return explanation(flag.rule_set_version, flag.rule_ids or [flag.rule_id], lang)


class DecisionIn(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=DECISIONS)
    reason = serializers.CharField(max_length=1000)
    amended_code = serializers.CharField(required=False, allow_blank=True, default="")


class RuleOut(serializers.Serializer[Any]):
    id = serializers.CharField()
    kind = serializers.CharField()
    code = serializers.CharField()
    child = serializers.BooleanField()
    description = serializers.DictField(child=serializers.CharField())
    reads = serializers.ListField(child=serializers.CharField())
    when = serializers.DictField()
    examples = serializers.DictField()


class RuleSetOut(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    rules = RuleOut(many=True)


class ProfileFlagList(ListAPIView["ProfileFlag"]):
    """Profile flags you may read (``view_sensitive``), newest first; ``?person=ID`` for one
    person's (that read is recorded in the audit log)."""

    capability = Capability.VIEW_SENSITIVE
    permission_classes = [HasCapability]
    serializer_class = ProfileFlagOut

    @extend_schema(parameters=[OpenApiParameter("person", int, required=False)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ProfileFlag]:
        flags = flags_for(self.request.user).order_by("-raised_at", "-id")
        wanted = self.request.query_params.get("person")
        if wanted:
            if not wanted.isdigit():
                raise ValidationError({"person": ["A person id is a whole number."]})
            person = person_for(self.request.user, int(wanted))
            if person is None:
                raise NotFound
            audit.record_access(self.request.user, person, channel="api", part="profile flags")
            flags = flags.filter(person=person)
        return flags


class ProfileFlagDetail(RetrieveAPIView["ProfileFlag"]):
    """One flag, with the answers that raised it and its explanation; the read is recorded."""

    capability = Capability.VIEW_SENSITIVE
    permission_classes = [HasCapability]
    serializer_class = ProfileFlagOut

    def get_object(self) -> ProfileFlag:
        flag = flag_for(self.request.user, self.kwargs["pk"])
        if flag is None:
            raise NotFound
        audit.record_access(self.request.user, flag.person, channel="api", part="profile flag")
        return flag


class ProfileFlagDecision(APIView):
    """Confirm, dismiss or amend (``amended_code``) a flag, with a reason (``confirm_profiles``)."""

    capability = Capability.CONFIRM_PROFILES
    permission_classes = [HasCapability]

    @extend_schema(request=DecisionIn, responses=ProfileFlagOut)
    def post(self, request: Request, pk: int) -> Response:
        flag = flag_for(request.user, pk)
        if flag is None:
            raise NotFound
        body = DecisionIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            decided = decide_flag(
                actor=cast("User", request.user),
                flag=flag,
                decision=data["decision"],
                reason=data["reason"],
                amended_code=data.get("amended_code", ""),
            )
        except DjangoValidationError as refusal:
            raise ValidationError({"decision": refusal.messages}) from refusal
        except DjangoPermissionDenied as refusal:
            raise NotFound from refusal
        return Response(ProfileFlagOut(decided).data)


class ProfileRulesInForce(APIView):
    """The profiling rules in force, for the officers who decide on their flags (rule managers
    edit them on the rule editor page)."""

    permission_classes = [HasCapability]
    capability = Capability.CONFIRM_PROFILES

    @extend_schema(responses=RuleSetOut)
    def get(self, request: Request) -> Response:
        rules = rule_set_in_force()
        return Response({"version": rules.version, "rules": [rule_data(r) for r in rules.rules]})
