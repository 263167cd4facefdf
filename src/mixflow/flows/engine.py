"""An in-process DuckDB copy of the encounter facts, for dashboard queries in milliseconds.

SQLite groups a million rows in about a second; DuckDB, columnar and vectorised, in a few
milliseconds. DuckDB is fed from Python (an Arrow table built from the facts read through
Django's connection): no DuckDB extension is ever loaded, nothing is downloaded.

Freshness: before each query the copy compares the facts' version token (one tiny read). When it
changed, it removes the facts deleted since (``FactRemoval``), reads only the facts written since
(``seq`` above the highest it holds), replaces those encounters' rows, and checks the row count;
a disagreement, or a rebuild (a new epoch), reloads it all. Reading a million facts out of SQLite
is slow (minutes on a busy two-core machine), so the copy is saved as Parquet in the data
directory and a restarted server opens it in a second and catches up from there.
One copy per database and process; queries are serialised by a lock (each takes milliseconds).

Two things keep a dashboard cheap on a shared machine: the copy is kept sorted by organisation
and day, so that DuckDB's per-block minima and maxima skip most of it for one organisation or
one quarter; and answers are cached by the version token (a page asked again, or by a second
reader, costs one tiny read until the facts change).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from mixflow.flows.models import (
    EncounterFact,
    FactRemoval,
    FactsVersion,
    FlowCountChange,
    FlowCountsVersion,
)
from mixflow.geo.models import Location
from mixflow.intake.flow_count_fields import FLOW_COUNT_NUMBERS
from mixflow.intake.models import FlowCount
from mixflow.lib.vocabularies import ReasonForLeaving, Transport

COLUMNS = (
    "encounter_id",
    "seq",
    "organisation_id",
    "site_id",
    "country",
    "occurred_on",
    "kind",
    "sex",
    "birth_year",
    "nationality",
    "origin",
    "destination",
    "transited",
    "reasons",
    "transport",
    "used_smuggler",
    "smuggler_cost_usd",
    "trafficking",
    "violence",
    "health",
    "who",
)
_INTS = {"encounter_id", "seq", "organisation_id", "site_id", "birth_year", "who"}
_BOOLS = {"used_smuggler", "trafficking", "violence", "health"}
FETCH = 50_000
SAVE_EVERY = 50_000  # facts caught up with before the saved copy is written again
SAVE_AT_LEAST = 100_000  # smaller copies are not saved
CACHED_ANSWERS = 512  # answers kept per process (small tables: a few KB each)

AGE_BANDS = ("0-4", "5-11", "12-17", "18-24", "25-39", "40-59", "60+")
UNKNOWN = "unknown"

# Lists arrive as JSON text (``["economic", "conflict"]``); split with core string functions
# (an empty list becomes ``['']``: readers skip empty values).
_LIST = "string_split(regexp_replace(coalesce({c}, ''), '[\\[\\]\" ]', '', 'g'), ',')"
_AGE = "year(CAST(occurred_on AS DATE)) - birth_year"


def flag(kind: str, code: str) -> str:
    """The column saying whether a fact's list holds ``code`` (``reason_economic``)."""
    return f"{kind}_{code}"


FLAGS = {"reason": tuple(ReasonForLeaving.values), "transport": tuple(Transport.values)}
"""One boolean column per known reason and means of transport: counting them is one scan of
booleans, many times faster than unnesting a million lists at every query."""
_FLAG_COLUMNS = [(kind, code) for kind, codes in FLAGS.items() for code in codes]
_FLAG_DDL = "".join(f", {flag(k, c)} BOOLEAN" for k, c in _FLAG_COLUMNS)
_FLAG_SELECT = "".join(
    f", list_contains({'reasons' if k == 'reason' else 'transport'}, '{c}')"
    for k, c in _FLAG_COLUMNS
)

_TABLE = f"""
CREATE TABLE facts (
  encounter_id BIGINT, seq BIGINT, organisation_id BIGINT, site_id BIGINT, country VARCHAR,
  occurred_on DATE, kind VARCHAR, sex VARCHAR, birth_year BIGINT, age_band VARCHAR,
  nationality VARCHAR, origin VARCHAR, destination VARCHAR, transited VARCHAR[],
  reasons VARCHAR[], transport VARCHAR[], used_smuggler BOOLEAN, smuggler_cost_usd BIGINT,
  trafficking BOOLEAN, violence BOOLEAN, health BOOLEAN, who BIGINT{_FLAG_DDL}, pid INTEGER
);
CREATE TABLE people (who BIGINT, pid INTEGER)
"""
_INSERT = f"""
INSERT INTO facts SELECT *{_FLAG_SELECT}, NULL FROM (
SELECT encounter_id, seq, organisation_id, site_id, country,
       CAST(occurred_on AS DATE) AS occurred_on, kind, sex, birth_year,
       CASE WHEN birth_year IS NULL OR {_AGE} < 0 THEN '{UNKNOWN}'
            WHEN {_AGE} < 5 THEN '0-4' WHEN {_AGE} < 12 THEN '5-11'
            WHEN {_AGE} < 18 THEN '12-17' WHEN {_AGE} < 25 THEN '18-24'
            WHEN {_AGE} < 40 THEN '25-39' WHEN {_AGE} < 60 THEN '40-59' ELSE '60+' END
         AS age_band,
       nationality, origin, destination,
       {_LIST.format(c="transited")} AS transited,
       {_LIST.format(c="reasons")} AS reasons,
       {_LIST.format(c="transport")} AS transport,
       CAST(used_smuggler AS BOOLEAN), smuggler_cost_usd, CAST(trafficking AS BOOLEAN),
       CAST(violence AS BOOLEAN), CAST(health AS BOOLEAN), who
FROM incoming
) AS shaped
"""  # noqa: S608 (fixed text, no input)


def _arrow(rows: Sequence[Sequence[Any]]) -> pa.Table:
    """Rows as an Arrow table, column by column in C (no Python loop over values): types are
    fixed where the databases agree, inferred for dates and booleans (text and 0/1 on SQLite,
    dates and booleans on PostgreSQL) and cast by DuckDB."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    arrays = []
    for name, values in zip(COLUMNS, columns, strict=True):
        if name in _INTS or name == "smuggler_cost_usd":
            arrays.append(pa.array(values, type=pa.int64()))
        elif name in _BOOLS or name == "occurred_on":
            arrays.append(pa.array(values))
        else:
            arrays.append(pa.array(values, type=pa.string()))
    return pa.Table.from_arrays(arrays, names=list(COLUMNS))


def _batches(
    sql: str, params: Sequence[Any], to_arrow: Callable[[Sequence[Sequence[Any]]], pa.Table]
) -> Iterator[pa.Table]:
    """The rows of ``sql`` read through Django's connection, ``FETCH`` at a time, as Arrow."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        while True:
            rows = cursor.fetchmany(FETCH)
            if not rows:
                return
            yield to_arrow(rows)


def _read_facts(where: str = "", params: Sequence[Any] = ()) -> Iterator[pa.Table]:
    table = connection.ops.quote_name(EncounterFact._meta.db_table)
    sql = f"SELECT {', '.join(COLUMNS)} FROM {table} {where}"  # noqa: S608
    return _batches(sql, params, _arrow)


def _token_of(model: type[FactsVersion] | type[FlowCountsVersion]) -> tuple[str, str]:
    """The (token, epoch) of a copy's source: one tiny read before each query."""
    row = model.objects.filter(pk=1).values_list("token", "epoch").first()
    return (row[0], row[1]) if row else ("", "")


def _version() -> tuple[str, str]:
    return _token_of(FactsVersion)


@dataclass
class _Copy:
    con: duckdb.DuckDBPyConnection
    epoch: str
    token: str
    max_seq: int
    max_removal: int
    saved_seq: int = 0


def _snapshot_path() -> Path | None:
    """Where this database's copy is kept between runs (none for in-memory test databases)."""
    name = str(connection.settings_dict["NAME"])
    if "memory" in name:
        return None
    digest = hashlib.sha256(f"{connection.vendor}:{name}".encode()).hexdigest()[:16]
    return Path(settings.DATA_DIR) / "flows" / f"facts-{digest}.parquet"


PEOPLE = "people(pid)"
"""The people behind the rows selected (what ``count(DISTINCT who)`` counts), exactly.

Each ``who`` gets a small dense number, ``pid`` (table ``people``), and a group's people are
the bits set in a bitmap of those numbers: setting bits costs a fraction of hashing every
``who`` into a per-group set, the most expensive step of the dashboards (measured in
BENCHMARKS.md). ``people(pid)`` is a DuckDB macro holding the bitmap's size, redefined when
new people are numbered."""


def _number_people(con: duckdb.DuckDBPyConnection) -> None:
    """Number the people of facts not numbered yet (new rows, or a copy saved before ``pid``
    existed), then redefine ``people(pid)`` for the current count."""
    con.execute(
        "INSERT INTO people SELECT n.who, "
        "(SELECT coalesce(max(pid), -1) FROM people) + row_number() OVER (ORDER BY n.who) "
        "FROM (SELECT DISTINCT who FROM facts WHERE pid IS NULL) n "
        "WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.who = n.who)"
    )
    con.execute(
        "UPDATE facts SET pid = people.pid FROM people "
        "WHERE facts.pid IS NULL AND facts.who = people.who"
    )
    (top,) = con.execute("SELECT coalesce(max(pid), 0) FROM people").fetchall()
    con.execute(
        "CREATE OR REPLACE MACRO people(p) AS "
        f"coalesce(bit_count(bitstring_agg(p, 0, {max(0, int(top[0]))})), 0)"
    )


def _sort(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the copy in (organisation, day) order: a filter on either then skips whole
    blocks. Rows caught up with later are appended unsorted (few, until the next load)."""
    con.execute("CREATE TABLE sorted AS SELECT * FROM facts ORDER BY organisation_id, occurred_on")
    con.execute("DROP TABLE facts")
    con.execute("ALTER TABLE sorted RENAME TO facts")


Answer = tuple[list[str], list[tuple[Any, ...]]]


# ------------------------------------------------------------------------------------------
# The flow monitoring registry (``intake.FlowCount``): a second table, ``flow_counts``, in a
# DuckDB connection of its own, kept by its own version token (``FlowCountsVersion``) and log
# of changed counts (``FlowCountChange``), both written by the hook intake's flow-count
# actions call.
# ------------------------------------------------------------------------------------------

COUNT_NUMBERS = FLOW_COUNT_NUMBERS  # the registry's head counts, named once in intake
_COUNTS_TABLE = (
    "CREATE TABLE flow_counts (id BIGINT, organisation_id BIGINT, site_id BIGINT, "
    "country VARCHAR, observed_on DATE, direction VARCHAR, "
    + "".join(f"{name} BIGINT, " for name in COUNT_NUMBERS)
    + "nationality VARCHAR, previous_transit_point_id BIGINT)"
)
COUNTS_RELOAD_ABOVE = 20_000
"""Changed counts above which a copy reads the whole registry again rather than each one."""


def _counts_select(where: str) -> str:
    q = connection.ops.quote_name
    numbers = ", ".join(f"c.{q(n)}" for n in COUNT_NUMBERS)
    return (
        f"SELECT c.id, c.organisation_id, c.site_id, s.country_code, c.observed_at, "  # noqa: S608
        f"c.direction, {numbers}, c.nationality, c.previous_transit_point_id "
        f"FROM {q(FlowCount._meta.db_table)} c JOIN {q(Location._meta.db_table)} s "
        f"ON s.id = c.site_id {where}"
    )


def _local_day(value: Any, zone: datetime.tzinfo) -> datetime.date:
    """The day an instant falls on in the server's time zone (what the ORM's ``TruncDay`` and
    the dashboard's date filters use). SQLite hands back naive UTC text, PostgreSQL aware
    datetimes."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(zone).date()  # type: ignore[no-any-return]


def _counts_arrow(rows: Sequence[Sequence[Any]]) -> pa.Table:
    zone = timezone.get_default_timezone()
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in range(17)]
    names = [
        "id",
        "organisation_id",
        "site_id",
        "country",
        "observed_on",
        "direction",
        *COUNT_NUMBERS,
        "nationality",
        "previous_transit_point_id",
    ]
    arrays = []
    for name, values in zip(names, columns, strict=True):
        if name == "observed_on":
            arrays.append(pa.array([_local_day(v, zone) for v in values], type=pa.date32()))
        elif name in ("country", "direction", "nationality"):
            arrays.append(pa.array(values, type=pa.string()))
        else:
            arrays.append(pa.array(values, type=pa.int64()))
    return pa.Table.from_arrays(arrays, names=names)


def _read_counts(where: str = "", params: Sequence[Any] = ()) -> Iterator[pa.Table]:
    return _batches(_counts_select(where), params, _counts_arrow)


def _counts_version() -> tuple[str, str]:
    return _token_of(FlowCountsVersion)


@dataclass
class _Registry:
    con: duckdb.DuckDBPyConnection
    epoch: str
    token: str
    max_change: int
    change_token: str
    """The token written with change ``max_change``: checked before catching up."""


def _last_change() -> tuple[int, str]:
    row = FlowCountChange.objects.order_by("-pk").values_list("pk", "token").first()
    return (int(row[0]), str(row[1])) if row else (0, "")


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


class FactCopy:
    """The process's DuckDB copies, one per database."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._copies: dict[str, _Copy] = {}
        self._registries: dict[str, _Registry] = {}
        self._answers: OrderedDict[tuple[Any, ...], Answer] = OrderedDict()
        self.cache = True
        """Off only to measure the cost of a query (``benchmarks/flows_dashboard.py``)."""

    def _empty(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(":memory:")
        con.execute("SET threads TO 2")
        con.execute(_TABLE)
        _number_people(con)  # defines ``people(pid)``
        return con

    def _append(self, con: duckdb.DuckDBPyConnection, incoming: pa.Table) -> None:
        con.register("incoming", incoming)
        con.execute("DELETE FROM facts WHERE encounter_id IN (SELECT encounter_id FROM incoming)")
        con.execute(_INSERT)
        con.unregister("incoming")

    def _load_all(self) -> _Copy:
        token, epoch = _version()
        top_removal = FactRemoval.objects.aggregate(top=Max("pk"))["top"] or 0
        con = self._empty()
        for incoming in _read_facts():
            con.register("incoming", incoming)
            con.execute(_INSERT)
            con.unregister("incoming")
        _number_people(con)
        _sort(con)
        (top,) = con.execute("SELECT coalesce(max(seq), 0) FROM facts").fetchall()
        copy = _Copy(con, epoch, token, int(top[0]), int(top_removal))
        self._save(copy)
        return copy

    def _save(self, copy: _Copy) -> None:
        path = _snapshot_path()
        (held,) = copy.con.execute("SELECT count(*) FROM facts").fetchall()
        if path is None or int(held[0]) < SAVE_AT_LEAST:
            return  # reading a small table again costs less than keeping a file
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        pq.write_table(copy.con.sql("SELECT * FROM facts").to_arrow_table(), partial)
        meta = {"epoch": copy.epoch, "max_seq": copy.max_seq, "max_removal": copy.max_removal}
        partial.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
        partial.with_suffix(".json").replace(path.with_suffix(".json"))
        partial.replace(path)
        copy.saved_seq = copy.max_seq

    def _open_saved(self) -> _Copy | None:
        """The copy saved by an earlier run of this database's epoch, if any."""
        path = _snapshot_path()
        if path is None or not path.exists() or not path.with_suffix(".json").exists():
            return None
        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            saved = pq.read_table(path)
        except (OSError, ValueError, pa.ArrowException):
            return None
        if meta.get("epoch") != _version()[1]:
            return None  # rebuilt since
        con = self._empty()
        con.register("saved", saved)
        # By name: a file saved before ``pid`` existed lacks it, and gets it numbered here.
        con.execute("INSERT INTO facts BY NAME SELECT * FROM saved")
        con.unregister("saved")
        con.execute("INSERT INTO people SELECT DISTINCT who, pid FROM facts WHERE pid IS NOT NULL")
        _number_people(con)
        _sort(con)  # saved sorted since; an older file is sorted once here
        copy = _Copy(
            con,
            meta["epoch"],
            "",
            int(meta["max_seq"]),
            int(meta["max_removal"]),
            saved_seq=int(meta["max_seq"]),
        )
        if "pid" not in saved.column_names:
            self._save(copy)  # once: the next start finds the people numbered
        return copy

    def _catch_up(self, copy: _Copy, token: str, epoch: str) -> _Copy:
        if copy.epoch != epoch:
            return self._load_all()  # rebuilt: start afresh
        con = copy.con
        removals = list(
            FactRemoval.objects.filter(pk__gt=copy.max_removal)
            .order_by("pk")
            .values_list("pk", "encounter_id")
        )
        if removals:
            con.execute(
                "DELETE FROM facts WHERE list_contains(?, encounter_id)",
                [[encounter for _pk, encounter in removals]],
            )
            copy.max_removal = removals[-1][0]
        for incoming in _read_facts("WHERE seq > %s", [copy.max_seq]):
            self._append(con, incoming)
        _number_people(con)
        (held,) = con.execute("SELECT count(*), coalesce(max(seq), 0) FROM facts").fetchall()
        if int(held[0]) != EncounterFact.objects.count():
            return self._load_all()  # out of step (should not happen): start again
        copy.token, copy.max_seq = token, int(held[1])
        if copy.max_seq - copy.saved_seq > SAVE_EVERY:
            self._save(copy)
        return copy

    def _current(self) -> tuple[str, _Copy]:
        """This database's copy, caught up (called holding the lock)."""
        name = f"{connection.vendor}:{connection.settings_dict['NAME']}"
        token, epoch = _version()
        copy = self._copies.get(name)
        if not token:  # no fact was ever written (a fresh or flushed database)
            copy = _Copy(self._empty(), "", "", 0, 0)
        elif copy is None:
            copy = self._open_saved() or self._load_all()
        if copy.token != token or copy.epoch != epoch:
            copy = self._catch_up(copy, token, epoch)
        self._copies[name] = copy
        return name, copy

    # -- the flow monitoring registry ------------------------------------------------------

    def _empty_counts(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(":memory:")
        con.execute("SET threads TO 2")
        con.execute(_COUNTS_TABLE)
        return con

    def _load_counts(self) -> _Registry:
        token, epoch = _counts_version()
        top, top_token = _last_change()
        con = self._empty_counts()
        for incoming in _read_counts():
            con.register("incoming", incoming)
            con.execute("INSERT INTO flow_counts SELECT * FROM incoming")
            con.unregister("incoming")
        # Sorted like the facts: one organisation or one quarter skips whole blocks.
        con.execute(
            "CREATE TABLE sorted AS SELECT * FROM flow_counts ORDER BY organisation_id, observed_on"
        )
        con.execute("DROP TABLE flow_counts")
        con.execute("ALTER TABLE sorted RENAME TO flow_counts")
        return _Registry(con, epoch, token, top, top_token)

    def _catch_up_counts(self, registry: _Registry, token: str) -> _Registry:
        seen = FlowCountChange.objects.filter(pk=registry.max_change).values_list("token")
        diverged = registry.max_change and list(seen) != [(registry.change_token,)]
        changes = list(
            FlowCountChange.objects.filter(pk__gt=registry.max_change)
            .order_by("pk")
            .values_list("pk", "flow_count_id", "token")
        )
        if diverged or len(changes) > COUNTS_RELOAD_ABOVE:
            registry.con.close()
            return self._load_counts()
        con = registry.con
        ids = sorted({pk for _change, pk, _token in changes})
        if ids:
            con.execute("DELETE FROM flow_counts WHERE list_contains(?, id)", [ids])
            registry.max_change, _pk, registry.change_token = changes[-1]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            for incoming in _read_counts(f"WHERE c.id IN ({marks})", chunk):
                con.register("incoming", incoming)
                con.execute("INSERT INTO flow_counts SELECT * FROM incoming")
                con.unregister("incoming")
        (held,) = con.execute("SELECT count(*) FROM flow_counts").fetchall()
        if int(held[0]) != FlowCount.objects.count():
            registry.con.close()
            return self._load_counts()  # written past the hook: read it all again
        registry.token = token
        return registry

    def _current_counts(self) -> tuple[str, _Registry]:
        """This database's copy of the registry, caught up (called holding the lock)."""
        name = f"{connection.vendor}:{connection.settings_dict['NAME']}"
        token, epoch = _counts_version()
        registry = self._registries.get(name)
        if registry is not None and (registry.epoch != epoch or not token):
            registry.con.close()
            registry = None
        if not token:  # no version: a flushed database (the migration writes the first)
            registry = _Registry(self._empty_counts(), "", "", 0, "")
        elif registry is None:
            registry = self._load_counts()
        if registry.token != token:
            registry = self._catch_up_counts(registry, token)
        self._registries[name] = registry
        return name, registry

    def counts_answer(self, sql: str, params: Sequence[Any]) -> Answer:
        """Column names and rows of ``sql`` over the up-to-date ``flow_counts`` table; cached
        by the registry's version token as ``answer`` is by the facts'."""
        with self._lock:
            name, registry = self._current_counts()
            return self._cached(
                ("counts", name, registry.epoch, registry.token),
                registry.con,
                sql,
                params,
                bool(registry.token),
            )

    def _cached(
        self,
        version: tuple[Any, ...],
        con: duckdb.DuckDBPyConnection,
        sql: str,
        params: Sequence[Any],
        versioned: bool,
    ) -> Answer:
        key = (*version, sql, tuple(_frozen(p) for p in params))
        if self.cache and versioned and key in self._answers:
            self._answers.move_to_end(key)
            return self._answers[key]
        cursor = con.execute(sql, list(params))
        found: Answer = ([d[0] for d in cursor.description or ()], cursor.fetchall())
        if self.cache and versioned:
            self._answers[key] = found
            while len(self._answers) > CACHED_ANSWERS:
                self._answers.popitem(last=False)
        return found

    # -- the facts ---------------------------------------------------------------------------

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection holding an up-to-date ``facts`` table, for one query."""
        with self._lock:
            yield self._current()[1].con

    def answer(self, sql: str, params: Sequence[Any]) -> Answer:
        """Column names and rows of ``sql`` over the up-to-date facts; the same question asked
        again while the facts did not change is answered from the cache."""
        with self._lock:
            name, copy = self._current()
            return self._cached(
                ("facts", name, copy.epoch, copy.token), copy.con, sql, params, bool(copy.token)
            )

    def adopt(self, batches: Iterator[pa.Table] | Sequence[pa.Table]) -> None:
        """Build this database's copy from facts the caller already holds, in the shape
        ``_read_facts`` yields, instead of reading them back out of the database.

        For bulk loaders that have just written those very facts (the 10-million-row
        benchmark: reading them back through Python would take half an hour); the copy is
        saved as Parquet like any other, and checked against the table's row count when a
        later process reopens it.
        """
        with self._lock:
            name = f"{connection.vendor}:{connection.settings_dict['NAME']}"
            token, epoch = _version()
            top_removal = FactRemoval.objects.aggregate(top=Max("pk"))["top"] or 0
            con = self._empty()
            for incoming in batches:
                con.register("incoming", incoming)
                con.execute(_INSERT)
                con.unregister("incoming")
            _number_people(con)
            _sort(con)
            (top,) = con.execute("SELECT coalesce(max(seq), 0) FROM facts").fetchall()
            copy = _Copy(con, epoch, token, int(top[0]), int(top_removal))
            self._save(copy)
            old = self._copies.pop(name, None)
            if old is not None:
                old.con.close()
            self._copies[name] = copy

    def forget(self) -> None:
        with self._lock:
            for copy in self._copies.values():
                copy.con.close()
            self._copies.clear()
            for registry in self._registries.values():
                registry.con.close()
            self._registries.clear()
            self._answers.clear()


FACTS = FactCopy()
