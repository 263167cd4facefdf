"""Reads of publications: scoped for the people preparing them, approved-only for the public."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mixflow.core.scoping import scoped
from mixflow.flows import gate
from mixflow.flows.disclosure import ProtectedTable
from mixflow.flows.models import Publication

Status = Publication.Status


def publications_for(user: Any) -> QuerySet[Publication]:
    return scoped(user, Publication).select_related("prepared_by", "approved_by", "organisation")


def publication_for(user: Any, publication_id: int) -> Publication | None:
    return publications_for(user).filter(pk=publication_id).first()


def public_publications() -> QuerySet[Publication]:
    """Approved publications: what anyone may read without signing in. Deliberately not
    scoped: these tables went through the gate and a second person's approval."""
    return (
        Publication.objects.filter(status=Status.APPROVED)
        .select_related("organisation")
        .order_by("-approved_at", "-id")
    )


def public_publication(publication_id: int) -> Publication | None:
    return public_publications().filter(pk=publication_id).first()


def latest_public_publication(country: str, period: str) -> Publication | None:
    return public_publications().filter(country=country.upper(), period=period).first()


def tables_of(publication: Publication) -> list[ProtectedTable]:
    """The publication's frozen tables, checked again by the gate on the way out."""
    return gate.frozen_tables(publication)
