"""Sensitive fields are encrypted in the database with keys kept outside it; keys rotate while
older ones still decrypt; document numbers are found through their blind index; the audit log
keeps encrypted values encrypted. Each claim is checked on the raw columns (SQLite, and
PostgreSQL with ``DATABASE_URL``)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import FieldError
from django.db import connection

from mixflow.conf import field_keys, index_key
from mixflow.core import audit
from mixflow.core.actors import SystemActor
from mixflow.core.encryption import cipher, index_of
from mixflow.core.key_actions import (
    reindex,
    retire_old_field_keys,
    rotate_field_keys,
    rotate_index_key,
)
from mixflow.core.roles import Role
from mixflow.identity.actions import record_document
from mixflow.identity.models import Document
from mixflow.identity.queries import PersonSearch, search_persons
from mixflow.intake.actions import Journey, Sensitive, record_encounter
from mixflow.intake.models import SensitiveDetails
from mixflow.lib.field_cipher import FieldCipher, InvalidToken, blind_index
from mixflow.lib.vocabularies import DocumentKind, EncounterKind
from mixflow.protection import actions as protection
from mixflow.protection.case_vocabulary import CaseKind
from mixflow.protection.models import CaseNote
from tests.conftest import DAY

pytestmark = pytest.mark.django_db

PASSPORT = "EP 7731-904"
ASYLUM = "Persecuted for refusing conscription in Asmara"
NOTE = "The uncle in Tripoli keeps her papers and asks for money"
OPERATOR = SystemActor("tests")


@pytest.fixture
def keys_here(tmp_path: Path, settings: Any, monkeypatch: Any) -> Path:
    """Keys in a data directory of the test's own, as a fresh installation makes them."""
    monkeypatch.delenv("MIXFLOW_FIELD_KEYS", raising=False)
    monkeypatch.delenv("MIXFLOW_INDEX_KEY", raising=False)
    settings.DATA_DIR = tmp_path
    settings.FIELD_ENCRYPTION_KEYS = field_keys(tmp_path)
    settings.BLIND_INDEX_KEY = index_key(tmp_path)
    return tmp_path


@pytest.fixture
def held(keys_here: Path, world: Any) -> dict[str, Any]:
    """A document, sensitive answers and a case note, written through the actions."""
    officer = world.user(Role.REGISTRATION_OFFICER)
    caseworker = world.user(Role.CASEWORKER)
    person = world.at_agadez
    document = record_document(
        actor=officer,
        person=person,
        kind=DocumentKind.PASSPORT,
        number=PASSPORT,
        issuing_country="ERI",
    )
    encounter = record_encounter(
        actor=caseworker,
        person=person,
        site=world.agadez,
        occurred_on=DAY,
        kind=EncounterKind.REGISTRATION,
        journey=Journey(country_of_origin="ERI"),
        sensitive=Sensitive(
            trafficking_indicators=["forced_labour"],
            health_conditions=["pregnant"],
            asylum_details=ASYLUM,
        ),
    )
    case = protection.open_case(actor=caseworker, person=person, kind=CaseKind.GENERAL)
    note = protection.add_note(actor=caseworker, case=case, text=NOTE)
    return {"document": document, "encounter": encounter, "note": note, "person": person}


def _raw(model: Any, column: str, pk: Any) -> str:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {q(column)} FROM {q(model._meta.db_table)} "  # noqa: S608
            f"WHERE {q(model._meta.pk.column)} = %s",
            [pk],
        )
        return str(cursor.fetchone()[0])


def _raw_values(held: dict[str, Any]) -> dict[str, str]:
    encounter = held["encounter"].pk
    return {
        "number": _raw(Document, "number", held["document"].pk),
        "asylum": _raw(SensitiveDetails, "asylum_details", encounter),
        "trafficking": _raw(SensitiveDetails, "trafficking_indicators", encounter),
        "health": _raw(SensitiveDetails, "health_conditions", encounter),
        "note": _raw(CaseNote, "text", held["note"].pk),
    }


def test_the_columns_hold_no_plain_text_and_the_application_reads_it(
    held: dict[str, Any],
) -> None:
    raw = _raw_values(held)
    for plain in (PASSPORT, "7731", ASYLUM, "Asmara", "forced_labour", "pregnant", NOTE, "uncle"):
        assert not [k for k, v in raw.items() if plain in v], plain
    assert all(v.startswith("gAAAAA") for v in raw.values()), raw
    # Equal values do not give equal tokens.
    assert cipher().seal(PASSPORT) != cipher().seal(PASSPORT)

    details = SensitiveDetails.objects.get(pk=held["encounter"].pk)
    assert details.asylum_details == ASYLUM
    assert details.trafficking_indicators == ["forced_labour"]
    assert details.violence_incidents == []  # empty stays empty, and readable as such
    assert _raw(SensitiveDetails, "violence_incidents", held["encounter"].pk) == ""
    assert Document.objects.get(pk=held["document"].pk).number == PASSPORT
    assert CaseNote.objects.get(pk=held["note"].pk).text == NOTE


def test_the_aggregate_table_still_tells_which_answers_were_given(
    held: dict[str, Any],
) -> None:
    from mixflow.flows.models import EncounterFact

    fact = EncounterFact.objects.get(encounter_id=held["encounter"].pk)
    assert (fact.trafficking, fact.violence, fact.health) == (True, False, True)


def test_a_comparison_in_sql_is_refused_rather_than_silently_empty(held: dict[str, Any]) -> None:
    with pytest.raises(FieldError):
        list(Document.objects.filter(number=PASSPORT))
    with pytest.raises(FieldError):
        list(CaseNote.objects.filter(text__icontains="uncle"))
    # Equality with the empty value works: empty values are stored empty.
    blank = SensitiveDetails.objects.filter(asylum_details="").values_list("pk", flat=True)
    assert held["encounter"].pk not in set(blank)


def test_document_numbers_are_found_through_the_blind_index(
    world: Any, held: dict[str, Any]
) -> None:
    officer = world.user(Role.REGISTRATION_OFFICER)
    document = held["document"]
    assert document.number_index == blind_index(_index(), PASSPORT)
    for typed in (PASSPORT, "ep7731904", " EP-7731 904 "):
        found = search_persons(officer, PersonSearch(document=typed))
        assert list(found) == [held["person"]], typed
    assert not search_persons(officer, PersonSearch(document="EP7731905")).exists()
    # Scoped like every search: another organisation finds nothing.
    assert not search_persons(world.outsider, PersonSearch(document=PASSPORT)).exists()
    # The index is keyed: without the key, a hash of the number does not find it.
    import hashlib

    assert document.number_index != hashlib.sha256(b"EP7731904").hexdigest()


def _index() -> str:
    from django.conf import settings

    return str(settings.BLIND_INDEX_KEY)


def test_rotation_reencrypts_under_a_new_key_while_old_keys_still_decrypt(
    held: dict[str, Any], keys_here: Path
) -> None:
    first = (keys_here / "field_keys").read_text().split()
    before = _raw_values(held)

    result = rotate_field_keys(actor=OPERATOR)

    keys = (keys_here / "field_keys").read_text().split()
    assert len(keys) == 2
    assert keys[1:] == first
    assert result.resealed["intake.SensitiveDetails"] >= 1
    after = _raw_values(held)
    for name, token in after.items():
        assert token != before[name], name
        # Only the new key is needed now; the old one alone no longer opens the new tokens.
        FieldCipher(keys[:1]).open(token)
        with pytest.raises(InvalidToken):
            FieldCipher(first).open(token)
    # An old token (a backup taken before) still opens while the old key is held.
    assert FieldCipher(keys).open(before["note"]) == NOTE
    assert CaseNote.objects.get(pk=held["note"].pk).text == NOTE

    assert retire_old_field_keys(actor=OPERATOR) == 1
    assert (keys_here / "field_keys").read_text().split() == keys[:1]
    assert SensitiveDetails.objects.get(pk=held["encounter"].pk).asylum_details == ASYLUM
    # Every rotation leaves one audit entry, naming the operator.
    entries = LogEntry.objects.filter(additional_data__bulk__what="field keys rotated")
    assert entries.count() == 1


def test_retiring_refuses_while_a_value_is_still_under_an_old_key(
    held: dict[str, Any], keys_here: Path
) -> None:
    path = keys_here / "field_keys"
    old = path.read_text().split()
    # A new key written by hand without re-encrypting: the rows are still under the old one.
    path.write_text("\n".join([_fresh(), *old]) + "\n")
    with pytest.raises(ValueError, match="older key"):
        retire_old_field_keys(actor=OPERATOR)
    assert path.read_text().split()[1:] == old


def _fresh() -> str:
    from mixflow.conf import _new_fernet_key

    return _new_fernet_key()


def test_a_process_started_before_a_rotation_reads_what_was_sealed_after(
    held: dict[str, Any], keys_here: Path, settings: Any
) -> None:
    stale = list(settings.FIELD_ENCRYPTION_KEYS)
    rotate_field_keys(actor=OPERATOR)
    # As a server started before the rotation: it holds only the old key…
    settings.FIELD_ENCRYPTION_KEYS = stale
    # …and reads the key file again when a value will not open.
    assert CaseNote.objects.get(pk=held["note"].pk).text == NOTE


def test_a_new_index_key_reindexes_and_search_still_finds(
    world: Any, held: dict[str, Any], keys_here: Path
) -> None:
    before = Document.objects.get(pk=held["document"].pk).number_index
    rotate_index_key(actor=OPERATOR)
    after = Document.objects.get(pk=held["document"].pk).number_index
    assert after != before
    assert after == index_of(PASSPORT)
    officer = world.user(Role.REGISTRATION_OFFICER)
    assert list(search_persons(officer, PersonSearch(document=PASSPORT))) == [held["person"]]
    assert reindex(actor=OPERATOR) == {"identity.Document": Document.objects.count()}


def test_only_the_operator_or_a_system_administrator_rotates(
    world: Any, held: dict[str, Any]
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        rotate_field_keys(actor=world.user(Role.CASEWORKER))


def test_the_audit_log_keeps_encrypted_values_encrypted(held: dict[str, Any]) -> None:
    entries = LogEntry.objects.filter(object_pk=str(held["note"].pk), action=0)
    stored = " ".join(str(e.changes) for e in LogEntry.objects.all())
    for plain in (PASSPORT, ASYLUM, NOTE, "forced_labour"):
        assert plain not in stored, plain
    assert entries.exists()
    token = LogEntry.objects.get_for_object(held["note"]).first().changes_dict["text"][1]
    assert audit.open_from_log(token) == NOTE


def test_the_data_migration_encrypts_rows_written_before_it(
    held: dict[str, Any], world: Any
) -> None:
    """Rows (and audit entries) as they were before encryption: plain values in the columns.
    The migration's step seals them, fills the blind index, and changes nothing run again."""
    from django.apps import apps

    from mixflow.core.migrations._sealing import seal_columns

    q = connection.ops.quote_name
    document, encounter = held["document"], held["encounter"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {q(Document._meta.db_table)} SET number = %s, number_index = '' "  # noqa: S608
            "WHERE id = %s",
            ["PLAIN-77", document.pk],
        )
        cursor.execute(
            f"UPDATE {q(SensitiveDetails._meta.db_table)} SET trafficking_indicators = %s, "  # noqa: S608
            "violence_incidents = %s, asylum_details = %s WHERE encounter_id = %s",
            ['["forced_labour"]', "[]", ASYLUM, encounter.pk],
        )
    entry = LogEntry.objects.get_for_object(document).first()
    entry.changes = {"number": ["None", "PLAIN-77"]}
    entry.save()

    steps = [
        seal_columns("identity", "document", ["number"], index=("number", "number_index")),
        seal_columns(
            "intake",
            "sensitivedetails",
            ["trafficking_indicators", "violence_incidents", "health_conditions", "asylum_details"],
        ),
    ]
    # The step uses only the editor's connection (SQLite refuses a real editor in a test's
    # transaction).
    editor = SimpleNamespace(connection=connection)
    for forward, _backward in steps:
        forward(apps, editor)
    sealed_once = (_raw(Document, "number", document.pk), _raw_values(held)["asylum"])
    for forward, _backward in steps:
        forward(apps, editor)  # again: already sealed, left alone

    assert (_raw(Document, "number", document.pk), _raw_values(held)["asylum"]) == sealed_once
    assert "PLAIN" not in sealed_once[0]
    assert ASYLUM not in sealed_once[1]
    assert _raw(SensitiveDetails, "violence_incidents", encounter.pk) == ""
    details = SensitiveDetails.objects.get(pk=encounter.pk)
    assert details.trafficking_indicators == ["forced_labour"]
    assert details.asylum_details == ASYLUM
    officer = world.user(Role.REGISTRATION_OFFICER)
    assert list(search_persons(officer, PersonSearch(document="plain 77"))) == [held["person"]]
    entry.refresh_from_db()
    assert "PLAIN-77" not in str(entry.changes)
    assert audit.open_from_log(entry.changes["number"][1]) == "PLAIN-77"
