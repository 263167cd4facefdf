"""The public aggregates API: approved publications and their protected tables, no sign-in.

Only approved publications are listed, and their tables come through the gate
(``flows.queries.tables_of`` re-checks them); every answer carries the gate's mark in the
``X-Mixflow-Disclosure`` header.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mixflow.flows import gate
from mixflow.flows.queries import public_publication, public_publications, tables_of

if TYPE_CHECKING:
    from mixflow.flows.models import Publication


class PublicCellOut(serializers.Serializer[Any]):
    key = serializers.ListField(child=serializers.CharField(), help_text='"*" is a total')
    value = serializers.IntegerField(allow_null=True, help_text="null: suppressed")
    status = serializers.ChoiceField(
        choices=["published", "primary", "complementary", "differencing"]
    )


class PublicTableOut(serializers.Serializer[Any]):
    name = serializers.CharField()
    dimensions = serializers.ListField(child=serializers.CharField())
    policy = serializers.CharField()
    cells = PublicCellOut(many=True)


class PublicPublicationOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    organisation = serializers.CharField()
    country = serializers.CharField()
    period = serializers.CharField()
    version = serializers.IntegerField()
    approved_at = serializers.DateTimeField()
    policy = serializers.CharField()


class PublicPublicationDetailOut(PublicPublicationOut):
    tables = PublicTableOut(many=True)


def _summary(publication: Publication) -> dict[str, Any]:
    return {
        "id": publication.pk,
        "title": publication.title,
        "organisation": publication.organisation.name,
        "country": publication.country,
        "period": publication.period,
        "version": publication.version,
        "approved_at": publication.approved_at,
        "policy": publication.policy,
    }


class Public(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response[gate.HEADER] = gate.mark(gate.policy().describe())
        return response


class PublicPublicationList(Public):
    """Approved publications, newest first (no sign-in)."""

    @extend_schema(responses=PublicPublicationOut(many=True), tags=["public"])
    def get(self, request: Request) -> Response:
        rows = [_summary(p) for p in public_publications()]
        return Response(PublicPublicationOut(rows, many=True).data)


class PublicPublicationDetail(Public):
    """One approved publication with its protected tables: suppressed cells have no value."""

    @extend_schema(responses=PublicPublicationDetailOut, tags=["public"])
    def get(self, request: Request, pk: int) -> Response:
        publication = public_publication(pk)
        if publication is None:
            raise NotFound
        body = _summary(publication)
        body["tables"] = [
            {
                "name": t.name,
                "dimensions": list(t.dimensions),
                "policy": t.policy,
                "cells": [
                    {"key": list(c.key), "value": c.value, "status": c.status} for c in t.cells
                ],
            }
            for t in tables_of(publication)
        ]
        return Response(PublicPublicationDetailOut(body).data)


urlpatterns = [
    path("public/publications/", PublicPublicationList.as_view(), name="public_publications"),
    path(
        "public/publications/<int:pk>/",
        PublicPublicationDetail.as_view(),
        name="public_publication",
    ),
]
