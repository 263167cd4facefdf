"""The audit log is itself scoped: who opens it, and what each entry shows to whom."""

from __future__ import annotations

import datetime
from importlib import import_module
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mixflow.accounts.actions import create_or_update_user
from mixflow.core import audit, audit_log
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.identity.actions import PersonDetails, register_person
from mixflow.identity.models import Document, Person
from mixflow.intake.actions import Journey, Sensitive, record_encounter
from mixflow.lib.vocabularies import DocumentKind, EncounterKind

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 9, 14)
NAME = "Zerihun"
FAMILY = "Gebremariam"
PASSPORT = "EP7731904"
ASYLUM = "Persecuted for refusing conscription"
SECRETS = (NAME, FAMILY, "1987-06-05", PASSPORT, ASYLUM, "forced_labour")

LIST = reverse("admin:auditlog_logentry_changelist")


def entry_url(entry: LogEntry) -> str:
    return reverse("admin:auditlog_logentry_change", args=[entry.pk])


@pytest.fixture
def registered(world: Any) -> Person:
    """A registration with a passport and sensitive answers, through the actions."""
    officer = world.user(Role.REGISTRATION_OFFICER)
    person = register_person(
        actor=officer,
        organisation=world.home,
        site=world.agadez,
        registered_on=DAY,
        details=PersonDetails(
            given_name=NAME, family_name=FAMILY, date_of_birth="1987-06-05", sex="male"
        ),
    )
    with audit.acting_as(officer):
        Document.objects.create(person=person, kind=DocumentKind.PASSPORT, number=PASSPORT)
    record_encounter(
        actor=world.user(Role.CASEWORKER),
        person=person,
        site=world.agadez,
        occurred_on=DAY,
        kind=EncounterKind.REGISTRATION,
        journey=Journey(country_of_origin="ERI"),
        sensitive=Sensitive(trafficking_indicators=["forced_labour"], asylum_details=ASYLUM),
    )
    return person


def _user(world: Any, name: str, *roles: str, organisation: Any = None) -> Any:
    return create_or_update_user(
        actor=SystemActor("tests"),
        username=name,
        organisation=organisation or world.home,
        password=PASSWORD,
        roles=list(roles),
    )


def _every_entry_page(client: Any) -> str:
    pages = [client.get(LIST, {"all": ""}).content.decode()]
    for entry in LogEntry.objects.all():
        response = client.get(entry_url(entry))
        assert response.status_code == 200
        pages.append(response.content.decode())
    return "\n".join(pages)


def test_titles_name_the_record_by_number_not_by_its_person(registered: Person) -> None:
    titles = set(LogEntry.objects.values_list("object_repr", flat=True))
    assert f"person #{registered.pk}" in titles
    assert not [title for title in titles if NAME in title or PASSPORT in title]


def test_accounts_and_places_keep_their_names(world: Any) -> None:
    entry = audit.history(world.user(Role.CASEWORKER)).first()
    assert entry is not None
    assert entry.object_repr == "caseworker"


def test_system_administrator_sees_no_migrant_data_anywhere(
    login: Any, world: Any, registered: Person
) -> None:
    client = login(world.user(Role.SYSTEM_ADMIN))
    everything = _every_entry_page(client)
    for secret in SECRETS:
        assert secret not in everything, secret
    # What everyone may see: the record's number, the actor, the action.
    assert f"Person #{registered.pk}" in everything
    assert "registration_officer" in everything
    # Changes of accounts, which a system administrator manages, are shown.
    assert "outsider" in everything


def test_searching_by_a_migrants_name_finds_nothing(
    login: Any, world: Any, registered: Person
) -> None:
    client = login(world.user(Role.SYSTEM_ADMIN))
    for term in (NAME, FAMILY, PASSPORT):
        page = client.get(LIST, {"q": term}).content.decode()
        assert f"Person #{registered.pk}" not in page
        assert "0 results" in page or "0 log entries" in page


def test_search_by_actor_record_and_date(login: Any, world: Any, registered: Person) -> None:
    client = login(world.user(Role.SYSTEM_ADMIN))
    by_actor = client.get(LIST, {"q": "registration_officer"}).content.decode()
    assert f"Person #{registered.pk}" in by_actor
    by_other_actor = client.get(LIST, {"q": "outsider"}).content.decode()
    assert f"Person #{registered.pk}" not in by_other_actor
    by_record = client.get(LIST, {"q": f"#{registered.pk}"})
    assert {row.object_id for row in by_record.context["cl"].result_list} == {registered.pk}
    today = datetime.date.today()
    by_date = client.get(
        LIST, {"timestamp__gte": today.isoformat(), "q": "registration_officer"}
    ).content.decode()
    assert f"Person #{registered.pk}" in by_date
    before = client.get(LIST, {"timestamp__lt": (today - datetime.timedelta(days=1)).isoformat()})
    assert list(before.context["cl"].result_list) == []
    # Days in the search box: one day, or a range.
    on_the_day = client.get(LIST, {"q": today.isoformat()}).context["cl"].result_list
    assert registered.pk in {entry.object_id for entry in on_the_day}
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    week_before = (today - datetime.timedelta(days=7)).isoformat()
    assert (
        list(client.get(LIST, {"q": f"{week_before}..{yesterday}"}).context["cl"].result_list) == []
    )
    assert client.get(LIST, {"q": "2026-02-30"}).status_code == 200


def test_reader_of_the_record_sees_its_changes_sensitive_ones_only_with_view_sensitive(
    login: Any, world: Any, registered: Person
) -> None:
    # A system administrator who also registers people at home reads home's records…
    officer_admin = _user(world, "officer_admin", Role.SYSTEM_ADMIN, Role.REGISTRATION_OFFICER)
    page = _every_entry_page(login(officer_admin))
    assert NAME in page
    assert PASSPORT in page
    # …but not their sensitive details, which need view_sensitive.
    assert ASYLUM not in page
    assert "forced_labour" not in page

    caseworker_admin = _user(world, "caseworker_admin", Role.SYSTEM_ADMIN, Role.CASEWORKER)
    page = _every_entry_page(login(caseworker_admin))
    assert NAME in page
    assert ASYLUM in page
    assert "forced_labour" in page


def test_another_organisations_reader_sees_nothing_of_ours(
    login: Any, world: Any, registered: Person
) -> None:
    theirs = _user(
        world, "their_admin", Role.SYSTEM_ADMIN, Role.CASEWORKER, organisation=world.other
    )
    page = _every_entry_page(login(theirs))
    for secret in SECRETS:
        assert secret not in page, secret
    # The person they registered themselves is theirs to read.
    assert "Aisha" in page


def test_organisation_administrators_and_field_roles_do_not_open_the_log(
    login: Any, world: Any, registered: Person
) -> None:
    entry = audit.history(registered).first()
    assert entry is not None
    for role in (Role.ORG_ADMIN, Role.CASEWORKER, Role.REGISTRATION_OFFICER):
        client = login(world.user(role))
        assert client.get(LIST).status_code in (302, 403), role
        assert client.get(entry_url(entry)).status_code in (302, 403, 404), role
    other_admin = _user(world, "other_org_admin", Role.ORG_ADMIN, organisation=world.other)
    assert login(other_admin).get(LIST).status_code in (302, 403)


def test_nobody_edits_or_deletes_entries(login: Any, world: Any, registered: Person) -> None:
    entry = audit.history(registered).first()
    assert entry is not None
    client = login(world.user(Role.SYSTEM_ADMIN))
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.post(entry_url(entry), {"object_repr": "x"}).status_code in (403, 405, 200)
    entry.refresh_from_db()
    assert entry.object_repr == f"person #{registered.pk}"


def test_a_command_without_a_user_shows_as_the_system_actor(login: Any, world: Any) -> None:
    command = SystemActor("mixflow import", organisation_id=world.home.pk)
    person = register_person(
        actor=command,
        organisation=world.home,
        site=world.agadez,
        registered_on=DAY,
        details=PersonDetails(given_name=NAME),
    )
    entry = audit.history(person).get(action=LogEntry.Action.CREATE)
    assert entry.actor_email == "system:mixflow import"
    page = login(world.user(Role.SYSTEM_ADMIN)).get(LIST, {"q": "system:mixflow"})
    text = page.content.decode()
    assert f"Person #{person.pk}" in text
    assert "system:mixflow import" in text
    assert NAME not in text


def test_a_page_asks_once_per_model_however_many_entries(world: Any, registered: Person) -> None:
    officer = world.user(Role.REGISTRATION_OFFICER)
    for number in range(30):
        register_person(
            actor=officer,
            organisation=world.home,
            site=world.agadez,
            registered_on=DAY,
            details=PersonDetails(given_name=f"N{number}"),
        )
    reader = _user(world, "reader", Role.SYSTEM_ADMIN, Role.CASEWORKER)
    entries = list(audit_log.entries_for(reader)[:100])
    models = {entry.content_type_id for entry in entries}
    with CaptureQueriesContext(connection) as queries:
        disclosures = audit_log.disclose(reader, entries)
    assert len(entries) == 100
    # The reader's scope (roles, sites) once, then one query per model on the page.
    assert len(queries) <= len(models) + 3
    assert sum(disclosure.readable for disclosure in disclosures) > 30


def test_entries_written_before_keep_no_name_after_the_migration(world: Any) -> None:
    migration = import_module("mixflow.core.migrations.0002_audit_titles_by_number")
    person = world.at_agadez
    # An entry as auditlog wrote it before: titled with the person's name.
    audit.history(person).update(object_repr=str(person))
    audit.history(world.user(Role.CASEWORKER)).update(object_repr="caseworker")
    migration.retitle(apps, None)
    assert set(audit.history(person).values_list("object_repr", flat=True)) == {
        f"person #{person.pk}"
    }
    assert audit.history(world.user(Role.CASEWORKER)).first().object_repr == "caseworker"


def test_a_field_marked_sensitive_is_withheld_without_view_sensitive(
    login: Any, world: Any, registered: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No registered model marks a field sensitive yet (sensitive answers have their own model):
    # mark one as an app would with register(..., sensitive_fields=...).
    monkeypatch.setitem(audit._sensitive_fields, Person, frozenset({"date_of_birth"}))
    entry = audit.history(registered).get(action=LogEntry.Action.CREATE)

    officer_admin = _user(world, "officer_admin", Role.SYSTEM_ADMIN, Role.REGISTRATION_OFFICER)
    page = login(officer_admin).get(entry_url(entry)).content.decode()
    assert NAME in page
    assert "1987-06-05" not in page
    assert "(withheld: sensitive)" in page

    caseworker_admin = _user(world, "caseworker_admin", Role.SYSTEM_ADMIN, Role.CASEWORKER)
    page = login(caseworker_admin).get(entry_url(entry)).content.decode()
    assert "1987-06-05" in page


def test_filter_by_record_type(login: Any, world: Any, registered: Person) -> None:
    client = login(world.user(Role.SYSTEM_ADMIN))
    documents = ContentType.objects.get_for_model(Document)
    page = client.get(LIST, {"record_type": documents.pk})
    assert {entry.content_type_id for entry in page.context["cl"].result_list} == {documents.pk}


def test_the_list_page_asks_once_per_model_not_once_per_entry(login: Any, world: Any) -> None:
    reader = _user(world, "reader", Role.SYSTEM_ADMIN, Role.CASEWORKER)
    client = login(reader)
    # Whatever the page holds: the session, the reader, the second factor that confirmed the
    # sign-in (django-otp), their role assignments and sites, the count and the page of entries.
    fixed = 7

    def check_page() -> None:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert response.status_code == 200
        entries = response.context["cl"].result_list
        assert len(queries) <= fixed + len({entry.content_type_id for entry in entries})

    client.get(LIST)  # content types are cached
    check_page()
    for number in range(60):
        register_person(
            actor=world.user(Role.REGISTRATION_OFFICER),
            organisation=world.home,
            site=world.agadez,
            registered_on=DAY,
            details=PersonDetails(given_name=f"N{number}", nationalities=["ERI"]),
        )
    assert LogEntry.objects.count() > 100
    check_page()


def test_a_registration_entry_holds_the_persons_fields_only(registered: Person) -> None:
    entry = audit.history(registered).get(action=LogEntry.Action.CREATE)
    assert entry.changes_dict["given_name"] == ["None", NAME]
    assert not {"name_keys", "encounters", "documents", "updated_at"} & set(entry.changes_dict)


def test_a_deleted_account_stays_readable_to_who_reads_every_account(
    login: Any, world: Any, registered: Person
) -> None:
    gone = _user(world, "gone_officer", Role.REGISTRATION_OFFICER)
    pk = gone.pk
    with audit.acting_as(world.user(Role.SYSTEM_ADMIN)):
        gone.delete()
    entry = LogEntry.objects.get(
        object_id=pk, action=LogEntry.Action.DELETE, object_repr="gone_officer"
    )
    page = login(world.user(Role.SYSTEM_ADMIN)).get(entry_url(entry)).content.decode()
    assert "gone_officer" in page
    # A deleted person's entries stay closed: who may read them cannot be known any more.
    person_pk = registered.pk
    with audit.acting_as(world.user(Role.CASEWORKER)):
        Person.objects.filter(pk=person_pk).delete()
    reader = _user(world, "caseworker_admin", Role.SYSTEM_ADMIN, Role.CASEWORKER)
    client = login(reader)
    for entry in LogEntry.objects.filter(object_id=person_pk, content_type__model="person"):
        assert NAME not in client.get(entry_url(entry)).content.decode()
