"""Search keys rebuilt for the persons whose names the phonetic key now reads another way.

Shared by the data migrations that follow a change of :mod:`mixflow.lib.names` (a module of
the migrations package that Django does not load as a migration: its name starts with _): each
migration says which names its change touches (its own frozen list, so that it does the same
thing whatever the key learns later); this finds the persons holding such a name, in a name
field or an alias, and rebuilds their keys as a change of name rebuilds them
(:mod:`mixflow.identity.actions`): the old reading's keys go with the rest, so a name read
another way no longer answers for what it was read as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

BATCH = 2000
_FIELDS = ("pk", "given_name", "family_name", "father_name", "native_name")


def name_pieces(parts: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """``(token, piece)`` for every token of the non-empty ``parts`` and each of its pieces
    (the token itself, then its compound parts: "Mohammadreza", "mohammad", "reza")."""
    from mixflow.lib.names import compound_parts, tokens

    for part in parts:
        if part:
            for token in tokens(part):
                for piece in (token, *compound_parts(token)):
                    yield token, piece


def rekey_persons(apps: Any, flagged_name: Callable[..., bool]) -> int:
    """Rebuild the keys of every person with a name or alias ``flagged_name`` accepts.

    ``apps`` is the migration's app registry; ``flagged_name(*parts)`` gets the name fields of
    one person (or one person's aliases) and says whether their keys may have changed. One
    pass over each table; returns the number of persons re-keyed.
    """
    from mixflow.lib.names import search_keys

    person_model = apps.get_model("identity", "Person")
    name_key = apps.get_model("identity", "NameKey")
    alias_model = apps.get_model("identity", "PersonAlias")
    names: dict[int, tuple[str, ...]] = {}
    for row in person_model.objects.values_list(*_FIELDS).iterator(chunk_size=BATCH):
        if flagged_name(*row[1:]):
            names[row[0]] = row[1:]
    aliases: dict[int, list[str]] = {}
    for person_id, alias in alias_model.objects.values_list("person_id", "name").iterator(
        chunk_size=BATCH
    ):
        aliases.setdefault(person_id, []).append(alias)
    flagged = set(names) | {pk for pk, held in aliases.items() if flagged_name(*held)}
    missing = flagged - set(names)
    for row in person_model.objects.filter(pk__in=missing).values_list(*_FIELDS):
        names[row[0]] = row[1:]
    ordered = sorted(flagged)
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start : start + BATCH]
        name_key.objects.filter(person_id__in=batch).delete()
        name_key.objects.bulk_create(
            name_key(person_id=pk, key=key)
            for pk in batch
            for key in search_keys(*names[pk], *aliases.get(pk, []))
        )
    return len(ordered)
