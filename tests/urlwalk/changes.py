"""What a request changed in the database, and whether it gave anyone more power.

Each request runs in a savepoint that is rolled back, so the database before every request is
the same: its fingerprint (a hash of every table's rows) is taken once. During a request a
statement wrapper notes the tables that INSERT, UPDATE or DELETE statements were sent to; those
tables alone are hashed again before the rollback, so a request costs a few queries, and a
statement that touched rows without changing them (saving a row as it was) is not a change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model

from mixflow.accounts.models import Organisation, User
from mixflow.core.roles import Capability
from mixflow.core.scoping import Scope, ScopeRule, scope_of

# Rows that change with every visit and hold nothing of the application's data: sessions, and
# the sign-in attempts django-axes records (a failed sign-in by anyone is meant to leave one).
IGNORED_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accessfailurelog",
    "axes_accesslog",
}

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(?P<table>[\w.]+)"?', re.I)


def _tables() -> list[str]:
    names = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    return sorted(names - IGNORED_TABLES)


def _rows(table: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 (our table names)
        return [tuple(row) for row in cursor.fetchall()]


def _digest(rows: list[tuple[Any, ...]]) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _owned_tables() -> dict[str, tuple[type[Model], ScopeRule]]:
    """Tables whose rows belong to one organisation (by their scope rule)."""
    owned = {}
    for model in apps.get_models():
        rule = getattr(model, "scope_rule", None)
        if isinstance(rule, ScopeRule) and not rule.cross_organisation:
            owned[model._meta.db_table] = (model, rule)
    return owned


def _owned_digest(model: type[Model], rule: ScopeRule, organisation_id: int) -> str:
    rows = model._default_manager.filter(**{rule.organisation: organisation_id})
    return _digest([tuple(row) for row in rows.order_by("pk").values_list()])


@dataclass
class Fingerprint:
    """Every table's hash, each organisation's rows' hash, and the accounts as they are."""

    tables: dict[str, str]
    owned: dict[tuple[str, int], str]
    users: dict[int, tuple[Any, ...]]
    scopes: dict[int, Scope]

    @classmethod
    def take(cls) -> Fingerprint:
        tables = {table: _digest(_rows(table)) for table in _tables()}
        organisations = list(Organisation.objects.values_list("pk", flat=True))
        owned = {
            (table, organisation): _owned_digest(model, rule, organisation)
            for table, (model, rule) in _owned_tables().items()
            for organisation in organisations
        }
        return cls(tables, owned, _user_rows(), _scopes())


def _user_rows() -> dict[int, tuple[Any, ...]]:
    return {row[0]: row for row in User.objects.order_by("pk").values_list()}


def _scopes() -> dict[int, Scope]:
    # Fresh objects: ``scope_of`` caches on the instance.
    return {user.pk: scope_of(user) for user in User.objects.all()}


@dataclass
class Recorder:
    """A statement wrapper noting the tables written to."""

    touched: set[str] = field(default_factory=set)

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        result = execute(sql, params, many, context)
        match = _WRITE.match(sql)
        if match is not None:
            table = match.group("table").split(".")[-1].strip('"')
            # Not ``rowcount``: SQLite reports 0 for ``INSERT … RETURNING`` until fetched.
            if table not in IGNORED_TABLES:
                self.touched.add(table)
        return result


@dataclass
class Outcome:
    changed: list[str]
    """Tables whose rows differ after the request."""
    escalations: list[str]
    """Accounts that gained power the actor does not hold, or administrators' accounts changed
    by someone with less power than they have."""
    trespasses: list[str] = field(default_factory=list)
    """Rows of another organisation than the actor's that changed."""


@contextmanager
def rolled_back(before: Fingerprint, actor: User | None) -> Iterator[Outcome]:
    """Run the block in a savepoint rolled back afterwards; the outcome says what it changed."""
    outcome = Outcome([], [])
    recorder = Recorder()
    with transaction.atomic():
        with connection.execute_wrapper(recorder):
            yield outcome
        # Hash again only what was written to; a failed statement may have broken the
        # transaction (PostgreSQL), in which case nothing was kept anyway.
        if recorder.touched and not connection.needs_rollback:
            for table in sorted(recorder.touched):
                if table in before.tables and _digest(_rows(table)) != before.tables[table]:
                    outcome.changed.append(table)
            if any(t.startswith("accounts_") for t in outcome.changed):
                outcome.escalations.extend(_escalations(before, actor))
            if actor is not None:
                outcome.trespasses.extend(_trespasses(before, actor, outcome.changed))
        transaction.set_rollback(True)


# Changing an account (its password, its e-mail, its organisation) is taking it over when it
# holds administrative power the actor lacks, or belongs to an organisation the actor does not
# administer. (Managing one's own organisation's users is an administrator's job.)
TAKEOVER = {str(Capability.ADMINISTER_SYSTEM), str(Capability.MANAGE_USERS), "another organisation"}


def _power(scope: Scope) -> set[tuple[Capability, Any]]:
    return {(c, sites) for c, sites in scope.site_limits.items()}


def _exceeds(held: Scope, by: Scope | None) -> list[str]:
    """What ``held`` may do that ``by`` may not (capabilities, sites, organisation)."""
    if by is None:
        return sorted(str(c) for c in held.capabilities)
    if by.can(Capability.ADMINISTER_SYSTEM) and by.organisation_id is not None:
        wider_org = False
    else:
        wider_org = held.organisation_id != by.organisation_id and bool(held.capabilities)
    extra = [str(c) for c in sorted(held.capabilities - by.capabilities)]
    for capability in held.capabilities & by.capabilities:
        mine, theirs = by.sites_for(capability), held.sites_for(capability)
        if mine is not None and (theirs is None or not theirs <= mine):
            extra.append(f"{capability} at more sites")
    if wider_org:
        extra.append("another organisation")
    return extra


def _name(pk: int) -> str:
    username = User.objects.filter(pk=pk).values_list("username", flat=True).first()
    return f"user #{pk} ({username})"


def _escalations(before: Fingerprint, actor: User | None) -> list[str]:
    found: list[str] = []
    actor_scope = before.scopes.get(actor.pk) if actor is not None else None
    after_users = _user_rows()
    after_scopes = _scopes()
    for pk, scope in after_scopes.items():
        old = before.scopes.get(pk)
        gained = _power(scope) - (_power(old) if old is not None else set())
        moved = old is not None and scope.organisation_id != old.organisation_id
        if gained or moved:
            widened = Scope(
                user_id=pk,
                organisation_id=scope.organisation_id,
                site_limits=dict(gained) if not moved else scope.site_limits,
            )
            beyond = _exceeds(widened, actor_scope)
            if beyond:
                found.append(f"{_name(pk)} was given {', '.join(beyond)}, beyond the actor")
    for pk, row in after_users.items():
        if actor is not None and pk == actor.pk:
            continue
        if before.users.get(pk) != row and pk in before.scopes:
            beyond = [p for p in _exceeds(before.scopes[pk], actor_scope) if p in TAKEOVER]
            if beyond:
                found.append(
                    f"the account of {_name(pk)} (which holds {', '.join(beyond)}, beyond the"
                    " actor) was changed"
                )
    return found


def _trespasses(before: Fingerprint, actor: User, changed: list[str]) -> list[str]:
    """Another organisation's rows changed by ``actor`` (unless its rule lets the actor manage
    every organisation's rows: system administrators and accounts)."""
    found = []
    owned = _owned_tables()
    scope = scope_of(actor)
    for table in changed:
        if table not in owned:
            continue
        model, rule = owned[table]
        if rule.all_organisations_with is not None and scope.can(rule.all_organisations_with):
            continue
        for (name, organisation), digest in before.owned.items():
            if name != table or organisation == actor.organisation_id:
                continue
            if _owned_digest(model, rule, organisation) != digest:
                found.append(f"changed {table} rows of organisation #{organisation}")
    return found
