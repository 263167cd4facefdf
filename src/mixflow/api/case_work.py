"""The rest of a case's work through the API: documents (upload with the page's type and size
checks, list, download), children's best-interests steps (BIA, BID), transfers to another
organisation (consent asked by the action, again on acceptance), closing. The same capability
(``manage_cases``), the same scoped queries and the same actions as the case pages; every
document downloaded is logged as read, as on the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mixflow.api.cases import CaseOut, CaseScoped, _acting
from mixflow.core import audit
from mixflow.protection import actions
from mixflow.protection import case_queries as q
from mixflow.protection.case_vocabulary import (
    BestInterestsStepKind,
    ClosureReason,
    StepStatus,
    TransferStatus,
)


class CaseDocumentOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    title = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.CharField(
        source="uploaded_by.username", allow_null=True, default=None
    )


class CaseDocumentIn(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, required=False, default="")
    file = serializers.FileField(help_text="PDF, PNG, JPEG or UTF-8 text, at most 10 MB.")


class CaseStepOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    step = serializers.ChoiceField(choices=BestInterestsStepKind.choices)
    status = serializers.ChoiceField(choices=StepStatus.choices)
    proposed_on = serializers.DateField()
    conducted_on = serializers.DateField(allow_null=True)
    conducted_by = serializers.CharField(
        source="conducted_by.username", allow_null=True, default=None
    )
    findings = serializers.CharField()
    recommendation = serializers.CharField()


class CaseStepIn(serializers.Serializer[Any]):
    step = serializers.ChoiceField(
        choices=BestInterestsStepKind.choices,
        help_text="The assessment (BIA) first; the determination (BID) once it is done.",
    )
    findings = serializers.CharField(max_length=20000)
    recommendation = serializers.CharField(max_length=20000)
    conducted_on = serializers.DateField(required=False, allow_null=True, default=None)
    determination_needed = serializers.BooleanField(
        default=False, help_text="An assessment that calls for a determination proposes it."
    )


class CaseTransferOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    from_organisation = serializers.CharField(source="from_organisation.code")
    to_organisation = serializers.CharField(source="to_organisation.code")
    status = serializers.ChoiceField(choices=TransferStatus.choices)
    reason = serializers.CharField()
    consent_decision = serializers.CharField()
    requested_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    decision_note = serializers.CharField()
    received_case = serializers.IntegerField(source="received_case_id", allow_null=True)


class CaseTransferIn(serializers.Serializer[Any]):
    to_organisation = serializers.CharField(help_text="Code of the organisation to take it.")
    reason = serializers.CharField(max_length=5000)


class CaseTransferAnswerIn(serializers.Serializer[Any]):
    accept = serializers.BooleanField()
    note = serializers.CharField(max_length=5000, required=False, default="")


class CaseCloseIn(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(max_length=5000, required=False, default="")


class CaseDocuments(CaseScoped, ListAPIView[Any]):
    """The case's documents (their description; the file at ``case-documents/{id}/``); POST a
    multipart form with ``file`` (and ``title``) attaches one."""

    serializer_class = CaseDocumentOut
    pagination_class = None
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> Any:
        return q.documents_of(self.request.user, self.case())

    @extend_schema(
        request={"multipart/form-data": CaseDocumentIn}, responses={201: CaseDocumentOut}
    )
    def post(self, request: Request, pk: int) -> Response:
        case = self.case()
        body = CaseDocumentIn(data=request.data)
        body.is_valid(raise_exception=True)
        uploaded = body.validated_data["file"]
        if uploaded.size > actions.MAX_DOCUMENT_BYTES:
            # Refused before reading it whole; the action checks the same limit.
            raise ValidationError({"file": [_("The file is larger than 10 MB.")]})
        upload = actions.Upload(name=uploaded.name, content=uploaded.read())
        document = _acting(
            lambda: actions.attach_document(
                actor=self.actor(), case=case, title=body.validated_data["title"], upload=upload
            )
        )
        return Response(CaseDocumentOut(document).data, status=status.HTTP_201_CREATED)


class DocumentFile(CaseScoped, APIView):
    """A case document's file, as an attachment; each download is logged."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, pk: int) -> HttpResponse:
        document = q.document_for(request.user, pk)
        path = q.document_path(document) if document is not None else None
        if document is None or path is None or not path.is_file():
            raise NotFound
        audit.record_access(request.user, document, channel="api")
        response = HttpResponse(path.read_bytes(), content_type=document.content_type)
        response["Content-Disposition"] = content_disposition_header(True, document.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CaseSteps(CaseScoped, ListAPIView[Any]):
    """A child's case's best-interests steps; POST records the assessment (BIA) or the
    determination (BID)."""

    serializer_class = CaseStepOut
    pagination_class = None

    def get_queryset(self) -> Any:
        return q.best_interests_steps_of(self.request.user, self.case())

    @extend_schema(request=CaseStepIn, responses={201: CaseStepOut})
    def post(self, request: Request, pk: int) -> Response:
        case = self.case()
        body = CaseStepIn(data=request.data)
        body.is_valid(raise_exception=True)
        step = _acting(
            lambda: actions.record_best_interests_step(
                actor=self.actor(), case=case, **body.validated_data
            )
        )
        return Response(CaseStepOut(step).data, status=status.HTTP_201_CREATED)


class CaseTransfers(CaseScoped, ListAPIView[Any]):
    """The case's transfers; POST asks another organisation to take the case over (refused
    with 403 when the person's consent does not allow sharing with it)."""

    serializer_class = CaseTransferOut
    pagination_class = None

    def get_queryset(self) -> Any:
        return q.transfers_of(self.request.user, self.case())

    @extend_schema(request=CaseTransferIn, responses={201: CaseTransferOut})
    def post(self, request: Request, pk: int) -> Response:
        case = self.case()
        body = CaseTransferIn(data=request.data)
        body.is_valid(raise_exception=True)
        wanted = body.validated_data["to_organisation"]
        to_organisation = q.transfer_recipients(case).filter(code=wanted).first()
        if to_organisation is None:
            raise ValidationError({"to_organisation": [_("No such organisation.")]})
        transfer = _acting(
            lambda: actions.request_transfer(
                actor=self.actor(),
                case=case,
                to_organisation=to_organisation,
                reason=body.validated_data["reason"],
            )
        )
        return Response(CaseTransferOut(transfer).data, status=status.HTTP_201_CREATED)


class IncomingTransfers(CaseScoped, ListAPIView[Any]):
    """Transfers offered to your organisation, waiting for an answer."""

    serializer_class = CaseTransferOut

    def get_queryset(self) -> Any:
        return q.incoming_transfers_for(self.request.user).order_by("pk")


class TransferAnswer(CaseScoped, APIView):
    """Accept (which opens your organisation's own case, assigned to you, once the person's
    consent is asked again) or decline a transfer offered to your organisation."""

    @extend_schema(request=CaseTransferAnswerIn, responses=CaseTransferOut)
    def post(self, request: Request, pk: int) -> Response:
        transfer = q.transfer_for(request.user, pk)
        if transfer is None:
            raise NotFound
        body = CaseTransferAnswerIn(data=request.data)
        body.is_valid(raise_exception=True)
        answered = _acting(
            lambda: actions.answer_transfer(
                actor=self.actor(), transfer=transfer, **body.validated_data
            )
        )
        return Response(CaseTransferOut(answered).data)


class CaseClose(CaseScoped, APIView):
    """Close the case with a reason."""

    @extend_schema(request=CaseCloseIn, responses=CaseOut)
    def post(self, request: Request, pk: int) -> Response:
        case = self.case()
        body = CaseCloseIn(data=request.data)
        body.is_valid(raise_exception=True)
        closed = _acting(
            lambda: actions.close_case(actor=self.actor(), case=case, **body.validated_data)
        )
        return Response(CaseOut(closed).data)
