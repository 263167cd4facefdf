"""Data subjects' rights, the reading side: the hold a restriction puts on a person's data,
the person's requests, and the access report of everything held about a person.

The access report walks the database's own relations from the person (every table with a
foreign key to the person, and one step further: an encounter's sensitive details), so a table
added later is in the report without anyone remembering it. What is derived from the record
(search keys) is left out; sensitive details only for a reader who may see them, and the
report says when they were left out. Labels and choices are in the person's language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of, scoped
from mixflow.identity.models import PersonCorrection
from mixflow.protection.data_rights_models import (
    DataRequest,
    LegalHold,
    RequestKind,
    RequestOutcome,
)
from mixflow.protection.retention_models import RetentionRule

if TYPE_CHECKING:
    from mixflow.accounts.actors import Actor
    from mixflow.identity.models import Person

REPORT_LANGUAGES = {"eng": "en", "fra": "fr", "spa": "es", "en": "en", "fr": "fr", "es": "es"}
LEFT_OUT = frozenset({"identity.namekey"})
"""Tables derived from the person's own fields (search keys): nothing the person told."""
NEVER_SHOWN = frozenset({"password", "session_key", "digest"})


def restriction_of(person: Person) -> str | Promise | None:
    """The hold registered with ``protection.consent.use_hold``: a restriction in force stops
    every sharing of the person's data."""
    held = DataRequest.objects.filter(
        person=person,
        kind=RequestKind.RESTRICTION,
        outcome=RequestOutcome.GRANTED,
        lifted_at__isnull=True,
    ).exists()
    if held:
        return _("The person asked that processing of their data be restricted.")
    return None


def restricted_rows(person_path: str) -> Q:
    """``restriction_of`` as a query condition on the path to the person (for reads through
    consent by other organisations)."""
    return Q(
        Exists(
            DataRequest.objects.filter(
                person=OuterRef(person_path),
                kind=RequestKind.RESTRICTION,
                outcome=RequestOutcome.GRANTED,
                lifted_at__isnull=True,
            )
        )
    )


def requests_of(actor: Actor, person: Person) -> QuerySet[DataRequest]:
    return scoped(actor, DataRequest).filter(person=person).select_related("decided_by")


def request_for(actor: Actor, pk: int) -> DataRequest | None:
    return scoped(actor, DataRequest).filter(pk=pk).select_related("person").first()


def report_language(person: Person, asked: str | None = None) -> str:
    if asked in ("en", "fr", "es"):
        return asked
    for code in person.languages or []:
        if str(code).lower() in REPORT_LANGUAGES:
            return REPORT_LANGUAGES[str(code).lower()]
    return "en"


@dataclass
class ReportSection:
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AccessReport:
    language: str
    generated_at: datetime.datetime
    person: dict[str, Any]
    sections: list[ReportSection]
    sensitive_left_out: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "generated_at": self.generated_at.isoformat(),
            "person": self.person,
            "sections": [{"title": s.title, "rows": s.rows} for s in self.sections],
            "sensitive_details_left_out": self.sensitive_left_out,
        }


def _value(instance: Model, model_field: Any) -> Any:
    if model_field.choices:
        return str(getattr(instance, f"get_{model_field.name}_display")())
    if model_field.is_relation:
        return getattr(instance, model_field.attname)  # the related row's number
    value = getattr(instance, model_field.attname)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, str | int | float | bool | list | dict) or value is None:
        return value
    return str(value)


def _row(instance: Model) -> dict[str, Any]:
    return {
        str(f.verbose_name): _value(instance, f)
        for f in instance._meta.concrete_fields
        if f.name not in NEVER_SHOWN
    }


def _sensitive(model: type[Model]) -> bool:
    rule = getattr(model, "scope_rule", None)
    return rule is not None and rule.capability == Capability.VIEW_SENSITIVE


def _children(instance: Model) -> list[tuple[type[Model], QuerySet[Model]]]:
    """Every table pointing at ``instance`` (hidden relations too), with its rows."""
    found = []
    for relation in instance._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        if model is None or model._meta.label_lower in LEFT_OUT:
            continue
        name = relation.field.name  # type: ignore[union-attr]  # a reverse relation: it has one
        rows = model._base_manager.filter(**{name: instance}).order_by("pk")
        found.append((model, rows))
    return found


def access_report(actor: Actor, person: Person, language: str | None = None) -> AccessReport:
    """Everything held about ``person``, for the person (asked through ``actor``)."""
    sees_sensitive = scope_of(actor).can(Capability.VIEW_SENSITIVE)
    left_out = False
    code = report_language(person, language)
    with translation.override(code):
        sections: dict[str, ReportSection] = {}
        for model, rows in _children(person):
            for row in rows:
                title = str(model._meta.verbose_name_plural).capitalize()
                sections.setdefault(title, ReportSection(title)).rows.append(_row(row))
                for child_model, child_rows in _children(row):
                    if _sensitive(child_model) and not sees_sensitive:
                        left_out = left_out or child_rows.exists()
                        continue
                    child_title = str(child_model._meta.verbose_name_plural).capitalize()
                    for child in child_rows:
                        sections.setdefault(child_title, ReportSection(child_title)).rows.append(
                            _row(child)
                        )
        return AccessReport(
            language=code,
            generated_at=timezone.now(),
            person=_row(person),
            sections=[s for s in sections.values() if s.rows],
            sensitive_left_out=left_out,
        )


def retention_rules_of(actor: Actor) -> QuerySet[RetentionRule]:
    """The retention periods the actor's organisation keeps (``manage_retention``)."""
    return scoped(actor, RetentionRule).order_by("record_type", "purpose")


def corrections_of(actor: Actor, person: Person) -> QuerySet[PersonCorrection]:
    """The rectifications of ``person``'s record, newest first, with who made them."""
    return scoped(actor, PersonCorrection).filter(person=person).select_related("corrected_by")


def holds_of(actor: Actor, person: Person) -> QuerySet[LegalHold]:
    """The legal holds on ``person``'s record, those in force first, then the newest."""
    return (
        scoped(actor, LegalHold)
        .filter(person=person)
        .select_related("placed_by")
        .order_by(F("lifted_on").desc(nulls_first=True), "-placed_on", "-pk")
    )


def hold_for(actor: Actor, pk: int) -> LegalHold | None:
    return scoped(actor, LegalHold).filter(pk=pk).select_related("person").first()
