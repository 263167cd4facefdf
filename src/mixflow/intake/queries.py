"""Scoped reads of encounters, sensitive details and flow counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of, scoped
from mixflow.identity.models import Person
from mixflow.intake.models import (
    Encounter,
    FlowCount,
    Questionnaire,
    QuestionnaireVersion,
    SensitiveDetails,
)


def encounters_for(user: Any) -> QuerySet[Encounter]:
    return scoped(user, Encounter).select_related("site", "organisation")


def timeline_of(user: Any, person: Person) -> QuerySet[Encounter]:
    """The person's encounters the user may see, oldest first: their route as told."""
    return encounters_for(user).filter(person=person).order_by("occurred_on", "id")


def sensitive_details_for(
    user: Any, encounters: Iterable[Encounter]
) -> dict[int, SensitiveDetails]:
    """Sensitive answers of these encounters, by encounter id, if the user may read them.

    Each read is logged, one entry per encounter whose details were shown.
    """
    if not scope_of(user).can(Capability.VIEW_SENSITIVE):
        return {}
    ids = [encounter.pk for encounter in encounters]
    details = {
        d.encounter_id: d for d in scoped(user, SensitiveDetails).filter(encounter_id__in=ids)
    }
    for detail in details.values():
        audit.record_access(user, detail)
    return details


def flow_counts_for(user: Any) -> QuerySet[FlowCount]:
    return scoped(user, FlowCount).select_related("site")


def questionnaires_listed_for(user: Any) -> QuerySet[Questionnaire]:
    """The questionnaires the user may see, by title, each with its versions prefetched newest
    first (without their files: a listing never needs them)."""
    versions = QuestionnaireVersion.objects.defer("xlsform", "xform").order_by(
        "-uploaded_at", "-id"
    )
    return (
        scoped(user, Questionnaire)
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("title", "id")
    )
