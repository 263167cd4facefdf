"""``POST /api/questionnaires/{id}/submissions/``: a filled questionnaire, as JSON.

The view checks the input and the capability and turns outcomes into status codes; storing is
``intake.actions.receive_submission``, the one path shared with the web form, OpenRosa and
imports, which also picks the version (the one named, else the current one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied as Refused
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mixflow.api.filters import SiteCodeField
from mixflow.api.serializers import SubmissionIn, SubmissionOut
from mixflow.intake.actions import (
    ROW_FIELD,
    SITE_FIELD,
    Channel,
    UnknownVersion,
    receive_submission,
)
from mixflow.intake.queries import questionnaire_for

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.geo.models import Location
    from mixflow.intake.models import Submission


def submission_ids(submission: Submission, created: bool) -> dict[str, Any]:
    return {
        "created": created,
        "submission": submission.pk,
        "instance_id": submission.instance_id,
        "person": submission.person_id,
        "group": submission.group_id,
        "encounter": submission.encounter_id,
        "flow_count": submission.flow_count_id,
    }


def _error_key(question: str) -> str:
    if question == SITE_FIELD:
        return "site"
    return "non_field_errors" if question == ROW_FIELD else question


class SubmissionCreate(APIView):
    """Submit one filled questionnaire.

    201 with the ids of what was created; 200 when the same ``instance_id`` was already
    received (nothing new is stored); 400 with each invalid answer's question name and message;
    403 when your role may not fill this questionnaire (at this site); 409 when another
    submission with other answers was received under the same ``instance_id`` (its ids are in
    ``existing``).
    """

    @extend_schema(
        request=SubmissionIn,
        responses={
            201: SubmissionOut,
            200: OpenApiResponse(SubmissionOut, description="Already received: nothing new."),
            400: OpenApiResponse(description="Invalid answers: each question's message."),
            409: OpenApiResponse(
                description="Instance id already used by another submission (``existing``)."
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        questionnaire = questionnaire_for(request.user, pk)
        if questionnaire is None:
            raise NotFound
        body = SubmissionIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        site: Location | None = None
        if data.get("site"):
            try:
                site = SiteCodeField().to_internal_value(data["site"])
            except ValidationError as error:
                raise ValidationError({"site": error.detail}) from error
        try:
            outcome = receive_submission(
                actor=cast("User", request.user),
                questionnaire=questionnaire,
                version=data.get("version") or None,
                answers=data["answers"],
                channel=Channel.API,
                site=site,
                instance_id=data.get("instance_id", ""),
                lang=translation.get_language() or "en",
            )
        except UnknownVersion as unknown:
            if unknown.wanted:
                raise ValidationError({"version": [unknown.message]}) from unknown
            raise NotFound(unknown.message) from unknown
        except Refused as refusal:
            raise PermissionDenied(
                _("Your role does not allow you to fill this questionnaire at this site.")
                if site
                else _("Your role does not allow you to fill this questionnaire.")
            ) from refusal
        if outcome.conflict is not None:
            return Response(
                {
                    "detail": outcome.errors.get(ROW_FIELD, ""),
                    "existing": submission_ids(outcome.conflict, False),
                },
                status=status.HTTP_409_CONFLICT,
            )
        if outcome.submission is None:
            raise ValidationError(
                {_error_key(question): [message] for question, message in outcome.errors.items()}
            )
        return Response(
            submission_ids(outcome.submission, outcome.created),
            status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK,
        )
