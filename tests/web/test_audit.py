"""Every change and every view of a person's record leaves an audit entry."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from mixflow.core import audit
from mixflow.core.roles import Role

pytestmark = pytest.mark.django_db


def test_registration_is_audited_with_its_actor(world: Any) -> None:
    entry = audit.history(world.at_agadez).filter(action=LogEntry.Action.CREATE).get()
    assert entry.actor == world.user(Role.REGISTRATION_OFFICER)
    assert entry.changes_dict["given_name"] == ["None", "Tesfaye"]


def test_update_records_before_and_after(world: Any) -> None:
    person = world.at_agadez
    with audit.acting_as(world.user(Role.CASEWORKER)):
        person.family_name = "Hayle"
        person.save()
    entry = audit.history(person).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["family_name"] == ["Haile", "Hayle"]
    assert entry.actor == world.user(Role.CASEWORKER)


def test_delete_is_audited(world: Any) -> None:
    person = world.at_tripoli
    pk = person.pk
    with audit.acting_as(world.user(Role.CASEWORKER)):
        person.delete()
    assert LogEntry.objects.filter(
        object_pk=str(pk), action=LogEntry.Action.DELETE, content_type__model="person"
    ).exists()


def test_viewing_a_person_is_logged_and_sensitive_reads_too(login: Any, world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    client = login(caseworker)
    client.get(reverse("web:person_detail", args=[world.at_agadez.pk]))
    views = audit.accesses_of(world.at_agadez)
    assert [entry.actor for entry in views] == [caseworker]
    encounter = world.at_agadez.encounters.get()
    # Sensitive details open on request, and are logged then.
    assert not audit.accesses_of(encounter.sensitive).exists()
    client.get(reverse("web:person_sensitive", args=[world.at_agadez.pk]))
    assert audit.accesses_of(encounter.sensitive).filter(actor=caseworker).count() == 1


def test_a_refused_view_logs_nothing(login: Any, world: Any) -> None:
    login(world.outsider).get(reverse("web:person_detail", args=[world.at_agadez.pk]))
    assert not audit.accesses_of(world.at_agadez).exists()
