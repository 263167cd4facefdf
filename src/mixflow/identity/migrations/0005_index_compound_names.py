"""Index the two names of every joined compound given name already stored.

Since this change a person written "Mohammadreza" is also indexed under "mohammad" and
"reza", one written "Delacruz" under "cruz" (``mixflow.lib.names.compound_parts``), so a
search for "Mohammad Reza" or "De la Cruz" finds them.
Persons registered before it hold only the joined form's keys: this adds the missing ones.
Keys are only added, never removed, so going back leaves a harmless surplus.
"""

from typing import Any

from django.db import migrations

BATCH = 2000


def index_compounds(apps: Any, schema_editor: Any) -> None:
    from mixflow.lib.names import compound_parts, search_keys, tokens

    person_model = apps.get_model("identity", "Person")
    name_key = apps.get_model("identity", "NameKey")
    alias_model = apps.get_model("identity", "PersonAlias")

    def has_compound(*parts: str) -> bool:
        return any(compound_parts(t) != (t,) for p in parts if p for t in tokens(p))

    # One pass over each table: the persons with a compound in a name or an alias.
    fields = ("pk", "given_name", "family_name", "father_name", "native_name")
    names: dict[int, tuple[str, ...]] = {}
    for row in person_model.objects.values_list(*fields).iterator(chunk_size=BATCH):
        if has_compound(*row[1:]):
            names[row[0]] = row[1:]
    aliases: dict[int, list[str]] = {}
    for person_id, alias in alias_model.objects.values_list("person_id", "name").iterator(
        chunk_size=BATCH
    ):
        aliases.setdefault(person_id, []).append(alias)
    flagged = set(names) | {pk for pk, held in aliases.items() if has_compound(*held)}
    missing = flagged - set(names)
    for row in person_model.objects.filter(pk__in=missing).values_list(*fields):
        names[row[0]] = row[1:]
    pending: list[Any] = []
    for pk in sorted(flagged):
        keys = search_keys(*names[pk], *aliases.get(pk, []))
        pending.extend(name_key(person_id=pk, key=key) for key in keys)
        if len(pending) >= BATCH:
            name_key.objects.bulk_create(pending, ignore_conflicts=True)
            pending = []
    name_key.objects.bulk_create(pending, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("identity", "0004_merge_documents_and_corrections")]

    operations = [migrations.RunPython(index_compounds, migrations.RunPython.noop, elidable=True)]
