"""The one gate, on the Django side: the policy from settings, the ledger from what has been
published, and the only way to turn raw tables into something that may leave.

Every path that lets statistics out (the public portal and its downloads, the aggregates API,
reports on the web and on the command line) takes its tables from here: ``protect_tables``
for new tables, ``frozen_tables`` for a publication's, which re-checks them on the way out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from mixflow.flows.disclosure import Ledger, Policy, ProtectedTable, Table, protect
from mixflow.flows.disclosure.protect import reload
from mixflow.flows.models import Publication

HEADER = "X-Mixflow-Disclosure"
"""HTTP header on every response carrying statistics: the gate's mark and its policy."""


def policy() -> Policy:
    config: dict[str, Any] = getattr(settings, "DISCLOSURE_CONTROL", {})
    return Policy(
        threshold=int(config.get("THRESHOLD", 5)),
        rounding_base=config.get("ROUNDING_BASE"),
        sensitive_geography=config.get("SENSITIVE_GEOGRAPHY", "country"),
        sensitive_time=config.get("SENSITIVE_TIME", "quarter"),
    )


def ledger(excluding: int | None = None) -> Ledger:
    """Every cell of every publication that has been out (approved, or approved then
    withdrawn: a withdrawn table may have been downloaded)."""
    book = Ledger()
    published = Publication.objects.filter(approved_at__isnull=False)
    if excluding is not None:
        published = published.exclude(pk=excluding)
    for publication in published:
        for table in frozen_tables(publication):
            book.extend(table.published_cells(f"{publication.pk}:{table.name}"))
    return book


def protect_tables(tables: Iterable[Table], book: Ledger | None = None) -> list[ProtectedTable]:
    """Protect each table against the ledger and against the tables before it in the list
    (a publication's own tables must not difference each other either)."""
    rules = policy()
    book = ledger() if book is None else book
    out = []
    for table in tables:
        protected = protect(table, rules, book)
        book.extend(protected.published_cells(f"new:{table.name}"))
        out.append(protected)
    return out


def frozen_tables(publication: Publication) -> list[ProtectedTable]:
    threshold = policy().threshold
    return [reload(data, threshold) for data in publication.tables]


def mark(policy_text: str) -> str:
    from mixflow.flows.disclosure import GATE_MARK

    return f"{GATE_MARK}; {policy_text}"
