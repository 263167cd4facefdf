"""Keeping the service directory: providers and their services, by hand or from a CSV file.

Each action needs ``manage_services`` in the organisation whose entries it changes; nobody
changes another organisation's entries. Checked, written and audited in one transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mixflow.accounts.actors import Actor
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.geo.models import Location
from mixflow.identity.checks import require
from mixflow.lib.vocabularies import LocationLevel, Sex
from mixflow.protection.models import Service, ServiceProvider
from mixflow.protection.vocabulary import ServiceType, normalise_need

REFUSED_SERVICES = gettext_lazy(
    "You may not change this organisation's entries of the service directory."
)


def _may_manage(actor: Actor, organisation_id: int) -> None:
    require(
        actor,
        [Capability.MANAGE_SERVICES],
        organisation_id=organisation_id,
        refusal=REFUSED_SERVICES,
    )


@dataclass
class ServiceValues:
    """What describes a service, as a form, the API or a CSV row gives it."""

    name: str
    service_type: str
    description: str = ""
    site_ids: list[int] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)
    min_age: int | None = None
    max_age: int | None = None
    sexes: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    opening_hours: str = ""
    capacity: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    active: bool = True

    def problems(self) -> list[str]:
        """What is wrong with these values, in words the user reads (empty: nothing)."""
        found: list[str] = []
        if not self.name.strip():
            found.append(_("A service needs a name."))
        if self.service_type not in ServiceType.values:
            found.append(_("Unknown type of service: %(type)s.") % {"type": self.service_type})
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            found.append(_("The minimum age is above the maximum age."))
        for sex in self.sexes:
            if sex not in Sex.values:
                found.append(_("Unknown sex: %(sex)s.") % {"sex": sex})
        for need in self.needs:
            if normalise_need(need) is None:
                found.append(_("Unknown profile or need: %(need)s.") % {"need": need})
        for code in self.nationalities:
            if len(code) != 3 or not code.isalpha():
                found.append(_("Not a country code: %(code)s.") % {"code": code})
        for code in self.languages:
            if len(code) != 3 or not code.isalpha():
                found.append(_("Not a language code (ISO 639-3): %(code)s.") % {"code": code})
        if self.contact_email:
            try:
                validate_email(self.contact_email)
            except ValidationError:
                found.append(_("Not an e-mail address: %(email)s.") % {"email": self.contact_email})
        return found


@transaction.atomic
def ensure_provider(*, actor: Actor, organisation: Organisation, unit: str = "") -> ServiceProvider:
    """The organisation's provider entry (or its named unit's), created if missing."""
    _may_manage(actor, organisation.pk)
    with audit.acting_as(actor):
        provider, _created = ServiceProvider.objects.get_or_create(
            organisation=organisation, unit=unit.strip()
        )
    return provider


@transaction.atomic
def save_service(
    *,
    actor: Actor,
    provider: ServiceProvider,
    values: ServiceValues,
    service: Service | None = None,
) -> Service:
    """Create a service of ``provider`` or, given ``service``, change it (and maybe move it to
    another provider of the same organisation). Invalid values raise ``ValidationError``."""
    _may_manage(actor, provider.organisation_id)
    if service is not None:
        _may_manage(actor, service.provider.organisation_id)
    problems = values.problems()
    if problems:
        raise ValidationError(problems)
    duplicate = Service.objects.filter(provider=provider, name=values.name.strip())
    if service is not None:
        duplicate = duplicate.exclude(pk=service.pk)
    if duplicate.exists():
        raise ValidationError(_("This provider already has a service of that name."))
    with audit.acting_as(actor):
        target = service or Service(provider=provider)
        target.provider = provider
        target.name = values.name.strip()
        target.service_type = values.service_type
        target.description = values.description
        target.min_age = values.min_age
        target.max_age = values.max_age
        target.sexes = list(values.sexes)
        target.needs = [normalise_need(n) or n for n in values.needs]
        target.nationalities = [c.upper() for c in values.nationalities]
        target.languages = [c.lower() for c in values.languages]
        target.opening_hours = values.opening_hours
        target.capacity = values.capacity
        target.contact_name = values.contact_name
        target.contact_phone = values.contact_phone
        target.contact_email = values.contact_email
        target.active = values.active
        target.save()
        target.sites.set(Location.objects.filter(pk__in=values.site_ids, level=LocationLevel.SITE))
        target.catchment_areas.set(Location.objects.filter(pk__in=values.area_ids))
    return target


# -- CSV import -----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "name",
    "type",
    "unit",
    "description",
    "sites",
    "areas",
    "min_age",
    "max_age",
    "sexes",
    "needs",
    "nationalities",
    "languages",
    "opening_hours",
    "capacity",
    "contact_name",
    "contact_phone",
    "contact_email",
)
"""Columns of a directory CSV file; list columns separate their items with ``;``. ``sites``
and ``areas`` hold location codes (``NER-AGZ-BUS``, ``NER``); ``type`` a service type code."""
REQUIRED_COLUMNS = ("name", "type")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)
    """(line number, what is wrong) for each row left out."""


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.replace(",", ";").split(";") if item.strip()]


def _number(text: str, column: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(
            _("%(column)s is not a whole number: %(value)s.")
            % {
                "column": column,
                "value": text,
            }
        )
    return int(text)


def _row_values(row: dict[str, str]) -> tuple[str, ServiceValues]:
    sites, areas = _items(row.get("sites", "")), _items(row.get("areas", ""))
    found = {loc.code: loc for loc in Location.objects.filter(code__in=[*sites, *areas])}
    unknown = [code for code in [*sites, *areas] if code not in found]
    if unknown:
        raise ValueError(_("Unknown place codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    not_sites = [code for code in sites if not found[code].is_site]
    if not_sites:
        raise ValueError(_("Not sites: %(codes)s.") % {"codes": ", ".join(not_sites)})
    values = ServiceValues(
        name=row.get("name", "").strip(),
        service_type=row.get("type", "").strip(),
        description=row.get("description", "").strip(),
        site_ids=[found[c].pk for c in sites],
        area_ids=[found[c].pk for c in areas],
        min_age=_number(row.get("min_age", ""), "min_age"),
        max_age=_number(row.get("max_age", ""), "max_age"),
        sexes=_items(row.get("sexes", "")),
        needs=_items(row.get("needs", "")),
        nationalities=_items(row.get("nationalities", "")),
        languages=_items(row.get("languages", "")),
        opening_hours=row.get("opening_hours", "").strip(),
        capacity=_number(row.get("capacity", ""), "capacity"),
        contact_name=row.get("contact_name", "").strip(),
        contact_phone=row.get("contact_phone", "").strip(),
        contact_email=row.get("contact_email", "").strip(),
    )
    problems = values.problems()
    if problems:
        raise ValueError(" ".join(problems))
    return row.get("unit", "").strip(), values


def import_services(
    *, actor: Actor, organisation: Organisation, rows: Iterable[dict[str, str]]
) -> ImportReport:
    """Add or update the organisation's services from CSV rows (a service is known by its
    provider unit and name). A bad row is reported with its line number and left out; the
    good rows are saved, each in its own transaction."""
    _may_manage(actor, organisation.pk)
    report = ImportReport()
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        clean = {(k or "").strip().lower(): (v or "") for k, v in row.items() if k}
        try:
            unit, values = _row_values(clean)
            with transaction.atomic():
                provider = ensure_provider(actor=actor, organisation=organisation, unit=unit)
                existing = Service.objects.filter(provider=provider, name=values.name).first()
                save_service(actor=actor, provider=provider, values=values, service=existing)
        except (ValueError, ValidationError) as problem:
            text = (
                " ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)
            )
            report.refused.append((line, text))
            continue
        if existing is None:
            report.created += 1
        else:
            report.updated += 1
    return report


def read_services_csv(content: bytes) -> list[dict[str, str]]:
    """The rows of a directory CSV (UTF-8, with or without a byte-order mark; comma or
    semicolon). Raises ``ValueError`` when the header lacks a required column."""
    text = content.decode("utf-8-sig", errors="replace")
    header_line = text.split("\n", 1)[0]  # list cells may hold either character
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = {(h or "").strip().lower() for h in reader.fieldnames or []}
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValueError(
            _("Columns missing from the file: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return list(reader)


def may_manage_services(actor: Actor, organisation_id: int) -> bool:
    """Whether ``actor`` may change the organisation's directory entries (for pages)."""
    try:
        _may_manage(actor, organisation_id)
    except PermissionDenied:
        return False
    return True
