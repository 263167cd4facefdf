"""Erasure on request and retention, one mechanism: the person's identifying data is gone from
every table (the audit log too), the request is kept, the aggregates are unchanged; refused
while a legal hold or an open case keeps the record, and to roles that may not handle data
requests. Rectification keeps the values it replaced."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.flows.models import EncounterFact
from mixflow.identity.actions import correct_person
from mixflow.identity.models import Person
from mixflow.protection import erasure_actions, retention_actions
from mixflow.protection.actions import open_case
from mixflow.protection.case_vocabulary import CaseKind
from mixflow.protection.data_rights_models import DataRequest

NAME = ("Zerihun", "Woldemariam")
BORN = "1987-11-23"


def _rows_mentioning(*needles: str) -> list[str]:
    """Every row of every table whose values contain one of ``needles``."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._base_manager.values_list():
            text = str(row)
            if any(needle in text for needle in needles):
                found.append(f"{model._meta.label}: {text[:200]}")
    return found


def _screened(screen: Any) -> Person:
    submission = screen(given_name=NAME[0], family_name=NAME[1], date_of_birth=BORN)
    person: Person = submission.person
    return person


def test_an_erasure_leaves_the_name_and_date_of_birth_nowhere(
    world: Any, login: Any, screen: Any
) -> None:
    person = _screened(screen)
    caseworker = world.user(Role.CASEWORKER)
    correct_person(
        actor=caseworker, person=person, changes={"father_name": "Gebre"}, reason="asked"
    )
    assert _rows_mentioning(*NAME, BORN)  # the submission, the record, the audit log…
    facts = EncounterFact.objects.filter(encounter__person=person)
    before = sorted(facts.values_list("sex", "birth_year", "nationality"))
    assert before
    client = login(caseworker)
    client.post(
        reverse("web:data_request_add", args=[person.pk]),
        {"kind": "erasure", "received_on": "2026-10-01", "details": "asked at the desk"},
    )
    request = DataRequest.objects.get(person=person, kind="erasure")
    response = client.post(
        reverse("web:data_request_decide", args=[request.pk]),
        {"granted": "yes", "reason": "GDPR art. 17(1)(a): no longer needed"},
    )
    assert response.status_code == 302
    assert _rows_mentioning(*NAME, "Gebre", BORN) == []
    person.refresh_from_db()
    assert person.anonymised_on == timezone.localdate()
    assert (person.birth_year, person.sex) == (1987, "male")
    # The aggregates count the same encounters, as before.
    assert sorted(facts.values_list("sex", "birth_year", "nationality")) == before
    request.refresh_from_db()  # the request is kept, with its decision and legal basis
    assert request.outcome == "granted"
    assert request.carried_out_at is not None
    assert request.reason == "GDPR art. 17(1)(a): no longer needed"
    assert request.decided_by == caseworker
    assert request.received_on == datetime.date(2026, 10, 1)


def test_an_erasure_is_refused_while_a_legal_hold_or_an_open_case_keeps_the_record(
    world: Any, screen: Any
) -> None:
    person = _screened(screen)
    caseworker = world.user(Role.CASEWORKER)
    hold = erasure_actions.place_legal_hold(
        actor=caseworker, person=person, reason="court order 12/2026"
    )
    case = open_case(actor=caseworker, kind=CaseKind.values[0], person=person)
    from mixflow.protection import data_rights_actions

    request = data_rights_actions.record_request(
        actor=caseworker, person=person, kind="erasure", received_on=datetime.date(2026, 10, 1)
    )
    decided = erasure_actions.carry_out_erasure(
        actor=caseworker, request=request, legal_basis="asked"
    )
    assert decided.outcome == "refused"
    assert "court order 12/2026" in decided.reason
    assert "open case" in decided.reason
    person.refresh_from_db()
    assert person.given_name == NAME[0]
    erasure_actions.lift_legal_hold(actor=caseworker, hold=hold)
    assert [str(r) for r in erasure_actions.blockers_of(person)] != []  # the case still open
    assert case.pk
    # A role without handle_data_requests erases nothing, whatever path it takes.
    for role in (Role.ANALYST, Role.ORG_ADMIN, Role.ENUMERATOR):
        with pytest.raises(PermissionDenied):
            erasure_actions.erase_persons(actor=world.user(role), persons=[person])
    person.refresh_from_db()
    assert person.given_name == NAME[0]


def test_retention_anonymises_what_expired_dry_run_first(world: Any, screen: Any) -> None:
    old = _screened(screen)
    recent = world.at_tripoli
    Person.objects.filter(pk=old.pk).update(registered_on=datetime.date(2020, 1, 1))
    old.encounters.update(occurred_on=datetime.date(2020, 1, 2))
    admin = world.user(Role.ORG_ADMIN)
    retention_actions.set_retention(
        actor=admin,
        organisation=world.home,
        record_type="person",
        purpose="registration",
        months=24,
    )
    retention_actions.set_retention(
        actor=admin,
        organisation=world.home,
        record_type="sensitive_details",
        purpose="protection",
        months=24,
    )
    with pytest.raises(PermissionDenied):
        retention_actions.set_retention(
            actor=world.user(Role.CASEWORKER),
            organisation=world.home,
            record_type="person",
            purpose="registration",
            months=1,
        )
    facts = EncounterFact.objects.count()
    operator = SystemActor("mixflow retention run")
    dry = retention_actions.run_retention(actor=operator, dry_run=True)
    assert dry.counts["person"] == 1
    assert dry.counts["sensitive_details"] == 1
    old.refresh_from_db()
    assert old.given_name == NAME[0]  # a dry run writes nothing
    done = retention_actions.run_retention(actor=operator, dry_run=False)
    # The person's erasure took their sensitive details with it: counted once, as a person.
    assert done.counts["person"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_on is not None
    assert old.given_name == ""
    assert recent.given_name == "Mohammed"
    assert _rows_mentioning(*NAME, BORN) == []
    assert EncounterFact.objects.count() == facts
    again = retention_actions.run_retention(actor=operator, dry_run=True)
    assert again.counts["person"] == 0


def test_the_retention_command_and_page(world: Any, login: Any, capsys: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    page = client.get(reverse("web:retention"))
    assert page.status_code == 200
    client.post(
        reverse("web:retention"),
        {"record_type": "quarantined_row", "purpose": "import", "months": "6"},
    )
    assert 'value="6"' in client.get(reverse("web:retention")).content.decode()
    assert login(world.user(Role.CASEWORKER)).get(reverse("web:retention")).status_code == 403
    from mixflow.cli.main import main

    assert main(["retention", "run", "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "quarantined_row\t0\twould be deleted" in printed
    assert "dry run" in printed


def test_a_correction_keeps_the_values_it_replaced(world: Any, login: Any) -> None:
    person = world.at_tripoli
    client = login(world.user(Role.CASEWORKER))
    client.post(
        reverse("web:person_correct", args=[person.pk]),
        {
            "given_name": "Mohamed",
            "family_name": "Abdelrahman",
            "sex": "male",
            "date_of_birth": "2001-03-05",
            "reason": "spelling on the passport",
        },
    )
    person.refresh_from_db()
    assert (person.given_name, person.date_of_birth) == ("Mohamed", datetime.date(2001, 3, 5))
    page = client.get(reverse("web:person_detail", args=[person.pk])).content.decode()
    assert "Mohammed" in page
    assert "spelling on the passport" in page
    correction = person.corrections.get()
    assert correction.before == {"given_name": "Mohammed", "date_of_birth": "2001-03-04"}
    assert login(world.user(Role.ANALYST)).post(
        reverse("web:person_correct", args=[person.pk]), {"given_name": "X"}
    ).status_code in (403, 404)


def test_the_access_report_pdf_is_in_the_persons_language(world: Any, login: Any) -> None:
    client = login(world.user(Role.CASEWORKER))
    response = client.get(
        reverse("web:access_report_pdf", args=[world.at_agadez.pk]), {"lang": "fr"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
