"""Cases through the API: list and open cases, read one, list and add tasks, mark one done,
read and add notes. The same capability as the pages (``manage_cases``), the same scoped
queries and the same actions; notes are filtered by ``view_sensitive`` and each note returned
is logged as read, as on the case page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied as Refused
from django.core.exceptions import ValidationError as Invalid
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mixflow.api.permissions import HasCapability
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.queries import person_for
from mixflow.protection import actions
from mixflow.protection import case_queries as q
from mixflow.protection.case_vocabulary import (
    CaseKind,
    CaseStatus,
    ChildSituation,
    ClosureReason,
)

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.protection.models import Case, CaseNote, CaseTask

T = TypeVar("T")


class CaseOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    site = serializers.IntegerField(source="site_id")
    person = serializers.IntegerField(source="person_id", allow_null=True)
    group = serializers.IntegerField(source="group_id", allow_null=True)
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    child_situation = serializers.CharField(help_text="For children's cases; empty otherwise.")
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    caseworker = serializers.CharField(source="caseworker.username", allow_null=True, default=None)
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    closure_reason = serializers.CharField(help_text="One of: " + ", ".join(ClosureReason.values))


class CaseOpenIn(serializers.Serializer[Any]):
    person = serializers.IntegerField(help_text="The person the case is for.")
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    child_situation = serializers.ChoiceField(
        choices=ChildSituation.choices, required=False, default=""
    )


class TaskOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    title = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    done_on = serializers.DateField(allow_null=True)


class TaskIn(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=300)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class NoteOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    text = serializers.CharField()
    sensitive = serializers.BooleanField()
    written_at = serializers.DateTimeField()
    written_by = serializers.CharField(source="written_by.username", allow_null=True, default=None)


class NoteIn(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=10000)
    sensitive = serializers.BooleanField(
        default=True, help_text="Sensitive notes are read only with view_sensitive."
    )


class CaseScoped(APIView):
    capability = Capability.MANAGE_CASES
    permission_classes = [HasCapability]

    def actor(self) -> User:
        return cast("User", self.request.user)

    def case(self) -> Case:
        case = q.case_for(self.request.user, self.kwargs["pk"])
        if case is None:
            raise NotFound
        return case


def _acting(do: Callable[[], T]) -> T:
    """Run an action, answering its refusals as the API does (400 or 403)."""
    try:
        return do()
    except Invalid as error:
        raise ValidationError(error.messages) from error
    except Refused as error:
        raise PermissionDenied(str(error) or None) from error


class CaseList(CaseScoped, ListAPIView[Any]):
    """Cases in your scope, newest first; POST opens one for a person."""

    serializer_class = CaseOut

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=CaseStatus.values),
            OpenApiParameter("kind", str, enum=CaseKind.values),
            OpenApiParameter("mine", bool, description="Only cases assigned to you."),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Case]:
        params = self.request.query_params
        wanted = q.CaseFilter(
            status=params.get("status", "") if params.get("status") in CaseStatus.values else "",
            kind=params.get("kind", "") if params.get("kind") in CaseKind.values else "",
            mine=params.get("mine") in ("1", "true", "yes"),
        )
        return q.filter_cases(self.request.user, wanted)

    @extend_schema(request=CaseOpenIn, responses={201: CaseOut})
    def post(self, request: Request) -> Response:
        body = CaseOpenIn(data=request.data)
        body.is_valid(raise_exception=True)
        person = person_for(request.user, body.validated_data["person"])
        if person is None:
            raise ValidationError({"person": [_("No such person is within your scope.")]})
        case = _acting(
            lambda: actions.open_case(
                actor=self.actor(),
                person=person,
                kind=body.validated_data["kind"],
                child_situation=body.validated_data["child_situation"],
            )
        )
        return Response(CaseOut(case).data, status=status.HTTP_201_CREATED)


class CaseDetail(CaseScoped, RetrieveAPIView[Any]):
    """One case."""

    serializer_class = CaseOut

    def get_object(self) -> Case:
        return self.case()


class CaseTasks(CaseScoped, ListAPIView[Any]):
    """The case's tasks; POST adds one (assigned to the case's caseworker)."""

    serializer_class = TaskOut

    def get_queryset(self) -> QuerySet[CaseTask]:
        return q.tasks_of(self.request.user, self.case())

    @extend_schema(request=TaskIn, responses={201: TaskOut})
    def post(self, request: Request, pk: int) -> Response:
        case = self.case()
        body = TaskIn(data=request.data)
        body.is_valid(raise_exception=True)
        task = _acting(
            lambda: actions.add_task(actor=self.actor(), case=case, **body.validated_data)
        )
        return Response(TaskOut(task).data, status=status.HTTP_201_CREATED)


class TaskDone(CaseScoped, APIView):
    """Mark a task done."""

    @extend_schema(request=None, responses=TaskOut)
    def post(self, request: Request, pk: int) -> Response:
        task = q.task_for(request.user, pk)
        if task is None:
            raise NotFound
        done = _acting(lambda: actions.complete_task(actor=self.actor(), task=task))
        return Response(TaskOut(done).data)


class CaseNotes(CaseScoped, ListAPIView[Any]):
    """The case's notes you may read: every note with ``view_sensitive``, otherwise only those
    not marked sensitive. Each note returned is logged as read. POST adds a note."""

    serializer_class = NoteOut
    pagination_class = None

    def get_queryset(self) -> QuerySet[CaseNote]:
        return q.notes_of(self.request.user, self.case())

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        notes = list(self.get_queryset())
        for note in notes:
            audit.record_access(request.user, note, channel="api")
        return Response(NoteOut(notes, many=True).data)

    @extend_schema(request=NoteIn, responses={201: NoteOut})
    def post(self, request: Request, pk: int) -> Response:
        case = self.case()
        body = NoteIn(data=request.data)
        body.is_valid(raise_exception=True)
        note = _acting(
            lambda: actions.add_note(actor=self.actor(), case=case, **body.validated_data)
        )
        return Response(NoteOut(note).data, status=status.HTTP_201_CREATED)
