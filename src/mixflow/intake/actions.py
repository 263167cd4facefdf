"""State changes of encounters and flow counts: atomic and audited."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.geo.models import Location
from mixflow.identity.models import Group, Person
from mixflow.intake.models import (
    Encounter,
    FlowCount,
    Questionnaire,
    QuestionnaireVersion,
    SensitiveDetails,
)
from mixflow.lib.vocabularies import LocationLevel


@dataclass(frozen=True)
class Journey:
    country_of_origin: str = ""
    country_of_residence: str = ""
    departure_date: datetime.date | None = None
    countries_transited: Sequence[str] = ()
    intended_destination: str = ""
    transport: Sequence[str] = ()
    reasons_for_leaving: Sequence[str] = ()
    used_smuggler: bool | None = None
    smuggler_cost_usd: int | None = None
    wishes_return: bool | None = None


@dataclass(frozen=True)
class Sensitive:
    trafficking_indicators: Sequence[str] = ()
    violence_incidents: Sequence[str] = ()
    health_conditions: Sequence[str] = ()
    wishes_asylum: bool | None = None
    asylum_details: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.trafficking_indicators
            or self.violence_incidents
            or self.health_conditions
            or self.wishes_asylum is not None
            or self.asylum_details
        )


@transaction.atomic
def record_encounter(
    *,
    actor: Any,
    person: Person,
    site: Location,
    occurred_on: datetime.date,
    kind: str,
    journey: Journey = Journey(),
    sensitive: Sensitive = Sensitive(),
    group: Group | None = None,
) -> Encounter:
    """An encounter of ``person`` at ``site``; it belongs to the person's organisation."""
    with audit.acting_as(actor):
        encounter = Encounter.objects.create(
            organisation=person.organisation,
            person=person,
            site=site,
            occurred_on=occurred_on,
            kind=kind,
            group=group,
            country_of_origin=journey.country_of_origin,
            country_of_residence=journey.country_of_residence,
            departure_date=journey.departure_date,
            countries_transited=list(journey.countries_transited),
            intended_destination=journey.intended_destination,
            transport=list(journey.transport),
            reasons_for_leaving=list(journey.reasons_for_leaving),
            used_smuggler=journey.used_smuggler,
            smuggler_cost_usd=journey.smuggler_cost_usd,
            wishes_return=journey.wishes_return,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        if not sensitive.is_empty:
            SensitiveDetails.objects.create(
                encounter=encounter,
                trafficking_indicators=list(sensitive.trafficking_indicators),
                violence_incidents=list(sensitive.violence_incidents),
                health_conditions=list(sensitive.health_conditions),
                wishes_asylum=sensitive.wishes_asylum,
                asylum_details=sensitive.asylum_details,
            )
    return encounter


FLOW_COUNT_FIELDS = (
    "direction",
    "group_size",
    "men",
    "women",
    "boys",
    "girls",
    "nationality",
    "area_of_origin",
    "intended_destination",
    "transport",
    "reason",
    "unaccompanied_children",
    "pregnant_women",
    "older_persons",
    "persons_with_disability",
)


def flow_count_from(
    organisation: Organisation, site: Location, values: Mapping[str, Any], actor: Any
) -> FlowCount:
    """An unsaved flow count from mapped answers (bulk imports save many at once)."""
    observed = values.get("observed_at")
    if isinstance(observed, str) and observed:
        observed = datetime.datetime.fromisoformat(observed)
    elif isinstance(observed, datetime.date) and not isinstance(observed, datetime.datetime):
        observed = datetime.datetime.combine(observed, datetime.time(12))
    if not observed:
        observed = timezone.now()
    if timezone.is_naive(observed):
        observed = timezone.make_aware(observed)
    previous = None
    if values.get("previous_transit_point"):
        previous = _site_by_code(values["previous_transit_point"])
    return FlowCount(
        organisation=organisation,
        site=site,
        observed_at=observed,
        previous_transit_point=previous,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **{name: values[name] for name in FLOW_COUNT_FIELDS if name in values},
    )


@lru_cache(maxsize=512)
def _site_id_by_code(code: str) -> int | None:
    return (
        Location.objects.filter(code=code, level=LocationLevel.SITE)
        .values_list("pk", flat=True)
        .first()
    )


def _site_by_code(code: str) -> Location | None:
    pk = _site_id_by_code(code)
    return Location(pk=pk) if pk is not None else None


@transaction.atomic
def record_flow_count(
    *, actor: Any, organisation: Organisation, site: Location, values: Mapping[str, Any]
) -> FlowCount:
    """One group observed at a flow monitoring point (validated by the form's constraints)."""
    flow_count = flow_count_from(organisation, site, values, actor)
    with audit.acting_as(actor):
        flow_count.save()
    return flow_count


@transaction.atomic
def upload_questionnaire(
    *,
    actor: Any,
    organisation: Organisation,
    content: bytes,
    file_name: str,
    odk_validate: bool = False,
) -> QuestionnaireVersion:
    """Store a new version of an XLSForm (parsed and checked first: ``FormError`` if refused).

    A version string already uploaded for the same form is refused (``FormError``): a version,
    once used by submissions, never changes. ``odk_validate`` also runs ODK Validate (Java,
    a few seconds), as the upload page does when Java is installed.
    """
    from mixflow.intake.xlsform.parse import FormError, Problem, load_xlsform

    form = load_xlsform(content, file_name, odk_validate=odk_validate)
    with audit.acting_as(actor):
        questionnaire, _created = Questionnaire.objects.get_or_create(
            organisation=organisation,
            form_id=form.form_id,
            defaults={"title": form.title_in(organisation_language(organisation))},
        )
        if questionnaire.versions.filter(version=form.version).exists():
            raise FormError(
                [
                    Problem(
                        "settings",
                        None,
                        "version",
                        _(
                            "Version %(version)s of this form is already stored: "
                            "give the new file a new version."
                        )
                        % {"version": form.version},
                    )
                ]
            )
        questionnaire.title = form.title_in(organisation_language(organisation))
        questionnaire.save(update_fields=["title"])
        return QuestionnaireVersion.objects.create(
            questionnaire=questionnaire,
            version=form.version,
            file_name=file_name,
            xlsform=content,
            xform=form.xform,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )


def organisation_language(organisation: Organisation) -> str:
    """Titles are stored in English, the lead agency's working language (shown translated)."""
    return "en"


def install_default_questionnaires(*, actor: Any, organisation: Organisation) -> int:
    """Give an organisation the three shipped questionnaires (those it does not have yet)."""
    from mixflow.intake.questionnaires import DEFAULT_QUESTIONNAIRES

    installed = 0
    for form_id, path in DEFAULT_QUESTIONNAIRES.items():
        if Questionnaire.objects.filter(organisation=organisation, form_id=form_id).exists():
            continue
        upload_questionnaire(
            actor=actor, organisation=organisation, content=path.read_bytes(), file_name=path.name
        )
        installed += 1
    return installed
