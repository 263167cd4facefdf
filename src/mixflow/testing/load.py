"""Load a synthetic dataset (the generator's CSV files) into the database, fast and once.

A million encounters must load in under two minutes, so rows go in with ``executemany`` on raw
tuples and ids assigned here rather than one ORM save per row (which would also fire an audit
entry per row: the load leaves one summary entry instead). The whole load is one transaction:
a crash leaves nothing half-loaded, and a dataset already loaded (same fingerprint) is skipped.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from mixflow.accounts.actors import Actor
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.encryption import index_of, seal
from mixflow.core.models import LoadedDataset
from mixflow.flows.actions import flow_counts_reloaded, rebuild_facts
from mixflow.geo.actions import load_places
from mixflow.geo.models import Location
from mixflow.identity.models import (
    Document,
    Group,
    GroupMember,
    NameKey,
    Nationality,
    Person,
)
from mixflow.intake.flow_count_fields import FLOW_COUNT_FIELDS, FLOW_COUNT_NUMBERS
from mixflow.intake.models import Encounter, FlowCount, SensitiveDetails
from mixflow.lib.dates import parse_partial_date
from mixflow.lib.names import display_latin, search_keys
from mixflow.lib.vocabularies import Sex
from mixflow.protection.models import Consent
from mixflow.testing.synthetic.generator import HEADERS

BATCH = 20_000
Progress = Callable[[str, int], None]


@dataclass
class LoadResult:
    skipped: bool
    counts: dict[str, int] = field(default_factory=dict)


def fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in ("truth.csv", "records.csv", "encounters.csv"):
        path = directory / name
        digest.update(name.encode())
        digest.update(str(path.stat().st_size).encode())
        with path.open("rb") as handle:
            digest.update(handle.read(1 << 20))
    return digest.hexdigest()


def _rows(path: Path) -> Iterator[dict[str, str]]:
    # csv.DictReader checks every row's length; these files are our own, so zip is enough.
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        for row in reader:
            yield dict(zip(header, row, strict=False))


def _split(value: str) -> list[str]:
    return [part for part in value.split(";") if part] if value else []


def _batches(rows: Iterable[tuple[Any, ...]], size: int = BATCH) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class _Table:
    """An INSERT for one model's columns, run in batches."""

    def __init__(self, model: type[Model], fields: Sequence[str]) -> None:
        meta = model._meta
        columns = [str(meta.get_field(name).column) for name in fields]  # type: ignore[union-attr]
        quote = connection.ops.quote_name
        self.model = model
        # Identifiers come from the models and are quoted; values are parameters.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(meta.db_table),
            ", ".join(quote(c) for c in columns),
            ", ".join(["%s"] * len(columns)),
        )
        self.count = 0

    def insert(self, rows: Iterable[tuple[Any, ...]]) -> int:
        with connection.cursor() as cursor:
            for batch in _batches(rows):
                cursor.executemany(self.sql, batch)
                self.count += len(batch)
        return self.count


def _next_id(model: type[Model]) -> int:
    return int(model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


# The files are the generator's: one definition of their columns.
RECORD_COLUMNS = HEADERS["records"]
ENCOUNTER_COLUMNS = HEADERS["encounters"]
CONSENT_COLUMNS = HEADERS["consents"]


def _tuples(path: Path, columns: list[str]) -> Iterator[list[str]]:
    """The rows of a file whose header must be exactly ``columns``."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if header != columns:
            raise ValueError(f"{path.name}: expected the columns {columns}, found {header}")
        yield from reader


@lru_cache(maxsize=1 << 14)
def _json_list(joined: str) -> str:
    """``"a;b"`` → ``'["a","b"]'``; the same few combinations of codes recur on every row."""
    return json.dumps(_split(joined), separators=(",", ":"))


def _sealed_list(joined: str) -> str:
    """A list of sensitive codes as ``EncryptedJSONField`` stores it. Never cached: each value
    is sealed afresh, so that equal answers do not give equal tokens."""
    return seal(_json_list(joined)) if joined else ""


# Dates of birth repeat a great deal (years, placeholders): parse each distinct one once.
_partial_date = lru_cache(maxsize=1 << 16)(parse_partial_date)


LOADED_MODELS: list[type[Model]] = [
    Person,
    NameKey,
    Nationality,
    Document,
    Group,
    GroupMember,
    Encounter,
    SensitiveDetails,
    FlowCount,
    Consent,
]


@contextmanager
def _indexes_built_after(models: list[type[Model]]) -> Iterator[None]:
    """On SQLite, drop the tables' indexes for the load and build them again after.

    Building an index once over sorted rows is several times faster than keeping it up to date
    row by row. Unique indexes are rebuilt too, so a duplicate still fails the load (and the
    transaction rolls everything back). PostgreSQL keeps its indexes: it is not the embedded
    demo path, and its loads are rarer.
    """
    if connection.vendor != "sqlite":
        yield
        return
    tables = [model._meta.db_table for model in models]
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        # Only placeholders are interpolated; the table names are parameters.
        query = f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})"  # noqa: S608, E501
        cursor.execute(query, tables)
        indexes = cursor.fetchall()
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MB while loading
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _, sql in indexes:
            cursor.execute(sql)
        cursor.execute("PRAGMA cache_size = -2000")


def load_dataset(directory: Path, *, actor: Actor, progress: Progress | None = None) -> LoadResult:
    """Load ``directory`` (made by ``mixflow synth``) unless it was loaded before."""
    directory = Path(directory)
    mark = fingerprint(directory)
    if LoadedDataset.objects.filter(fingerprint=mark).exists():
        return LoadResult(skipped=True)
    with transaction.atomic(), _indexes_built_after(LOADED_MODELS):
        counts = _Loader(directory, actor, progress).run()
        dataset = LoadedDataset.objects.create(
            fingerprint=mark, source=str(directory.resolve()), summary=counts
        )
        audit.record_bulk_change(actor, dataset, counts)
        # Explicit ids were written: move PostgreSQL's sequences past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), LOADED_MODELS):
                cursor.execute(statement)
        rebuild_facts(actor=actor)  # the bulk insert bypassed the dashboards' hook
        flow_counts_reloaded()  # and the registry's: its copies read it again
    return LoadResult(skipped=False, counts=counts)


class _Loader:
    def __init__(self, directory: Path, actor: Actor, progress: Progress | None) -> None:
        self.directory = directory
        self.actor = actor
        self.progress = progress or (lambda stage, n: None)
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.organisations: dict[str, int] = {}
        self.sites: dict[str, int] = {}
        self.persons: dict[str, int] = {}
        self.groups: dict[str, int] = {}
        self.organisation_of: dict[int, int] = {}

    def run(self) -> dict[str, int]:
        self._places()
        self._organisations()
        counts = {"persons": self._records()}
        counts["groups"] = self._groups_and_members()
        counts["encounters"] = self._encounters()
        counts["flow_counts"] = self._flow_counts()
        counts["consents"] = self._consents()
        return counts

    def _places(self) -> None:
        used = {row["code"] for row in _rows(self.directory / "sites.csv")}
        load_places(actor=self.actor, only=used)
        self.sites = dict(Location.objects.filter(level="site").values_list("code", "pk"))

    def _organisations(self) -> None:
        for row in _rows(self.directory / "organisations.csv"):
            organisation, _ = Organisation.objects.get_or_create(
                code=row["code"],
                defaults={"name": row["name"], "kind": row["kind"], "country": row["country"]},
            )
            self.organisations[row["code"]] = organisation.pk

    def _records(self) -> int:
        persons = _Table(
            Person,
            [
                "id",
                "organisation",
                "registration_site",
                "registered_on",
                "given_name",
                "family_name",
                "father_name",
                "native_name",
                "script",
                "latin_name",
                "sex",
                "date_of_birth",
                "dob_precision",
                "birth_year",
                "languages",
                "source_ref",
                "created_at",
                "updated_at",
            ],
        )
        keys = _Table(NameKey, ["person", "key"])
        nationalities = _Table(Nationality, ["person", "country", "basis"])
        documents = _Table(
            Document, ["person", "kind", "number", "number_index", "issuing_country"]
        )
        next_id = _next_id(Person)
        key_rows: list[tuple[Any, ...]] = []
        nationality_rows: list[tuple[Any, ...]] = []
        document_rows: list[tuple[Any, ...]] = []
        person_rows: list[tuple[Any, ...]] = []
        self.memberships: list[tuple[str, int, str]] = []
        sexes = set(Sex.values)

        def flush() -> None:
            persons.insert(person_rows)
            keys.insert(key_rows)
            nationalities.insert(nationality_rows)
            documents.insert(document_rows)
            for rows in (person_rows, key_rows, nationality_rows, document_rows):
                rows.clear()
            self.progress("persons", persons.count)

        # Close to a million rows: unpacked tuples, not one dict per row.
        for (
            record_id,
            organisation_code,
            site,
            registered_on,
            given,
            family,
            father,
            native,
            script,
            sex,
            date_of_birth,
            dob_precision,
            nationality,
            other_nationality,
            languages,
            document_kind,
            document_number,
            document_country,
            group_id,
            relationship,
        ) in _tuples(self.directory / "records.csv", RECORD_COLUMNS):
            pk = next_id
            next_id += 1
            self.persons[record_id] = pk
            organisation = self.organisations[organisation_code]
            self.organisation_of[pk] = organisation
            born = _partial_date(date_of_birth, dob_precision or None)
            as_date = born.as_date()
            person_rows.append(
                (
                    pk,
                    organisation,
                    self.sites[site],
                    registered_on,
                    given,
                    family,
                    father,
                    native,
                    script,
                    display_latin(given, father, family) or display_latin(native),
                    sex if sex in sexes else Sex.UNKNOWN,
                    as_date.isoformat() if as_date else None,
                    born.precision,
                    born.year,
                    _json_list(languages),
                    record_id,
                    self.now,
                    self.now,
                )
            )
            key_rows.extend((pk, key) for key in search_keys(given, family, father, native))
            for country in dict.fromkeys(filter(None, (nationality, other_nationality))):
                nationality_rows.append((pk, country, Nationality.Basis.DECLARED))
            if document_kind:
                document_rows.append(
                    (
                        pk,
                        document_kind,
                        seal(document_number),
                        index_of(document_number),
                        document_country,
                    )
                )
            if group_id:
                self.memberships.append((group_id, pk, relationship))
            if len(person_rows) >= BATCH:
                flush()
        flush()
        return persons.count

    def _groups_and_members(self) -> int:
        groups = _Table(Group, ["id", "organisation", "site", "kind", "formed_on", "source_ref"])
        next_id = _next_id(Group)
        rows: list[tuple[Any, ...]] = []
        for row in _rows(self.directory / "groups.csv"):
            self.groups[row["group_id"]] = next_id
            rows.append(
                (
                    next_id,
                    self.organisations[row["organisation"]],
                    self.sites[row["site"]],
                    row["kind"],
                    row["formed_on"],
                    row["group_id"],
                )
            )
            next_id += 1
        groups.insert(rows)
        members = _Table(GroupMember, ["group", "person", "relationship"])
        members.insert(
            (self.groups[group], person, relationship)
            for group, person, relationship in self.memberships
        )
        self.progress("groups", groups.count)
        return groups.count

    def _encounters(self) -> int:
        encounters = _Table(
            Encounter,
            [
                "id",
                "organisation",
                "person",
                "site",
                "occurred_on",
                "kind",
                "group",
                "country_of_origin",
                "country_of_residence",
                "departure_date",
                "countries_transited",
                "intended_destination",
                "transport",
                "reasons_for_leaving",
                "used_smuggler",
                "smuggler_cost_usd",
                "wishes_return",
                "source_ref",
                "created_at",
            ],
        )
        sensitive = _Table(
            SensitiveDetails,
            [
                "encounter",
                "trafficking_indicators",
                "violence_incidents",
                "health_conditions",
                "wishes_asylum",
                "asylum_details",
            ],
        )
        next_id = _next_id(Encounter)
        rows: list[tuple[Any, ...]] = []
        sensitive_rows: list[tuple[Any, ...]] = []
        organisations, persons, sites, groups = (
            self.organisations,
            self.persons,
            self.sites,
            self.groups,
        )
        for (
            encounter_id,
            record_id,
            organisation,
            site,
            occurred_on,
            kind,
            origin,
            residence,
            departure,
            transited,
            destination,
            transport,
            reasons,
            used_smuggler,
            cost,
            group_id,
            trafficking,
            violence,
            health,
            wishes_asylum,
            wishes_return,
        ) in _tuples(self.directory / "encounters.csv", ENCOUNTER_COLUMNS):
            pk = next_id
            next_id += 1
            rows.append(
                (
                    pk,
                    organisations[organisation],
                    persons[record_id],
                    sites[site],
                    occurred_on,
                    kind,
                    groups.get(group_id) if group_id else None,
                    origin,
                    residence,
                    departure or None,
                    _json_list(transited),
                    destination,
                    _json_list(transport),
                    _json_list(reasons),
                    _flag(used_smuggler),
                    int(cost) if cost else None,
                    _flag(wishes_return),
                    encounter_id,
                    self.now,
                )
            )
            asylum = _flag(wishes_asylum)
            if trafficking or violence or health or asylum is not None:
                sensitive_rows.append(
                    (
                        pk,
                        _sealed_list(trafficking),
                        _sealed_list(violence),
                        _sealed_list(health),
                        asylum,
                        "",
                    )
                )
            if len(rows) >= BATCH:
                encounters.insert(rows)
                sensitive.insert(sensitive_rows)
                rows.clear()
                sensitive_rows.clear()
                self.progress("encounters", encounters.count)
        encounters.insert(rows)
        sensitive.insert(sensitive_rows)
        self.progress("encounters", encounters.count)
        return encounters.count

    def _flow_counts(self) -> int:
        table = _Table(
            FlowCount,
            [
                "organisation",
                "site",
                *FLOW_COUNT_FIELDS,
                "source_ref",
            ],
        )
        adapt = connection.ops.adapt_datetimefield_value
        utc = datetime.UTC

        def rows() -> Iterator[tuple[Any, ...]]:
            for row in _rows(self.directory / "flow_counts.csv"):
                observed = datetime.datetime.fromisoformat(row["observed_at"]).replace(tzinfo=utc)
                previous = row["previous_transit_point"]
                values: dict[str, Any] = {
                    "observed_at": adapt(observed),
                    "previous_transit_point": self.sites.get(previous) if previous else None,
                }
                yield (
                    self.organisations[row["organisation"]],
                    self.sites[row["site"]],
                    *(
                        values[name]
                        if name in values
                        else int(row[name])
                        if name in FLOW_COUNT_NUMBERS
                        else row[name]
                        for name in FLOW_COUNT_FIELDS
                    ),
                    row["flow_count_id"],
                )

        table.insert(rows())
        self.progress("flow counts", table.count)
        return table.count

    def _consents(self) -> int:
        table = _Table(
            Consent,
            [
                "organisation",
                "person",
                "purpose",
                "given",
                "method",
                "recorded_on",
                "target_organisation",
                "withheld_from",
            ],
        )

        persons, organisation_of, organisations = (
            self.persons,
            self.organisation_of,
            self.organisations,
        )

        def rows() -> Iterator[tuple[Any, ...]]:
            # Two million rows: plain tuples, not one dict per row.
            for record_id, purpose, given, method, recorded_on, target in _tuples(
                self.directory / "consents.csv", CONSENT_COLUMNS
            ):
                person = persons[record_id]
                yield (
                    organisation_of[person],
                    person,
                    purpose,
                    given == "1",
                    method,
                    recorded_on,
                    organisations[target] if target else None,
                    "",
                )

        table.insert(rows())
        self.progress("consents", table.count)
        return table.count


def _flag(value: str) -> bool | None:
    if value == "1":
        return True
    if value == "0":
        return False
    return None
