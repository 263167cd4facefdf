"""An in-process DuckDB copy of the encounter facts, for dashboard queries in milliseconds.

SQLite groups a million rows in about a second; DuckDB, columnar and vectorised, in a few
milliseconds. DuckDB is fed from Python (an Arrow table built from the facts read through
Django's connection): no DuckDB extension is ever loaded, nothing is downloaded.

Freshness: before each query the copy compares the facts' version token (one tiny read). When it
changed, it reads only the facts written since (``seq`` above the highest it holds), replaces
those encounters' rows, and checks the row count; any disagreement (a deletion) reloads it all.
One copy per database and process; queries are serialised by a lock (each takes milliseconds).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from django.db import connection

from mixflow.flows.models import EncounterFact, FactsVersion

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

AGE_BANDS = ("0-4", "5-11", "12-17", "18-24", "25-39", "40-59", "60+")
UNKNOWN = "unknown"

# Lists arrive as JSON text (``["economic", "conflict"]``); split with core string functions
# (an empty list becomes ``['']``: readers skip empty values).
_LIST = "string_split(regexp_replace(coalesce({c}, ''), '[\\[\\]\" ]', '', 'g'), ',')"
_AGE = "year(CAST(occurred_on AS DATE)) - birth_year"
_SHAPE = f"""
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
       used_smuggler, smuggler_cost_usd, trafficking, violence, health, who
FROM incoming
"""  # noqa: S608 (fixed text, no input)


def _arrow(rows: Sequence[Sequence[Any]]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    arrays = []
    for name, values in zip(COLUMNS, columns, strict=True):
        if name in _INTS or name == "smuggler_cost_usd":
            arrays.append(pa.array(values, type=pa.int64()))
        elif name in _BOOLS:
            arrays.append(pa.array([None if v is None else bool(v) for v in values], pa.bool_()))
        else:
            arrays.append(pa.array([None if v is None else str(v) for v in values], pa.string()))
    return pa.Table.from_arrays(arrays, names=list(COLUMNS))


def _read_facts(where: str = "", params: Sequence[Any] = ()) -> Iterator[pa.Table]:
    table = connection.ops.quote_name(EncounterFact._meta.db_table)
    sql = f"SELECT {', '.join(COLUMNS)} FROM {table} {where}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        while True:
            rows = cursor.fetchmany(FETCH)
            if not rows:
                return
            yield _arrow(rows)


def _token() -> str:
    return FactsVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""


@dataclass
class _Copy:
    con: duckdb.DuckDBPyConnection
    token: str
    max_seq: int


class FactCopy:
    """The process's DuckDB copies, one per database name."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._copies: dict[str, _Copy] = {}

    def _load_all(self) -> _Copy:
        con = duckdb.connect(":memory:")
        con.execute("SET threads TO 2")
        token = _token()
        first = True
        for incoming in _read_facts():
            con.register("incoming", incoming)
            if first:
                con.execute(f"CREATE TABLE facts AS {_SHAPE}")
                first = False
            else:
                con.execute(f"INSERT INTO facts {_SHAPE}")
            con.unregister("incoming")
        if first:
            con.register("incoming", _arrow([]))
            con.execute(f"CREATE TABLE facts AS {_SHAPE}")
            con.unregister("incoming")
        top = con.execute("SELECT coalesce(max(seq), 0) FROM facts").fetchone()
        return _Copy(con, token, int(top[0]) if top else 0)

    def _catch_up(self, copy: _Copy, token: str) -> _Copy:
        con = copy.con
        for incoming in _read_facts("WHERE seq > %s", [copy.max_seq]):
            con.register("incoming", incoming)
            con.execute(
                "DELETE FROM facts WHERE encounter_id IN (SELECT encounter_id FROM incoming)"
            )
            con.execute(f"INSERT INTO facts {_SHAPE}")
            con.unregister("incoming")
        held = con.execute("SELECT count(*), coalesce(max(seq), 0) FROM facts").fetchone()
        assert held is not None
        if int(held[0]) != EncounterFact.objects.count():
            return self._load_all()  # something was deleted: start again
        return _Copy(con, token, int(held[1]))

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection holding an up-to-date ``facts`` table, for one query."""
        name = str(connection.settings_dict["NAME"])
        with self._lock:
            token = _token()
            copy = self._copies.get(name)
            if copy is None:
                copy = self._load_all()
            elif copy.token != token:
                copy = self._catch_up(copy, token)
            self._copies[name] = copy
            yield copy.con

    def forget(self) -> None:
        with self._lock:
            for copy in self._copies.values():
                copy.con.close()
            self._copies.clear()


FACTS = FactCopy()
