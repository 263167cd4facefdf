"""Cases: who may open, read and work on them, notes and their audit, documents, transfers
under consent, and a child's best-interests procedure."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mixflow.core import audit
from mixflow.core.roles import Role
from mixflow.identity.actions import PersonDetails, register_group, register_person
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose, GroupKind, Relationship
from mixflow.protection import actions
from mixflow.protection.case_queries import (
    cases_for,
    group_companions_of,
    notes_of,
    overdue_tasks_for,
)
from mixflow.protection.case_vocabulary import (
    BestInterestsStepKind,
    CaseKind,
    CaseStatus,
    ClosureReason,
    StepStatus,
    TransferStatus,
)
from mixflow.protection.models import BestInterestsStep, Case, CaseNote
from tests.conftest import DAY

pytestmark = pytest.mark.django_db

NOTE = "Said the uncle in Tripoli holds her papers"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))


def _child(world: Any, **details: Any) -> Any:
    return register_person(
        actor=world.user(Role.REGISTRATION_OFFICER),
        organisation=world.home,
        site=world.agadez,
        registered_on=DAY,
        details=PersonDetails(
            **{"given_name": "Hawa", "family_name": "Diallo", "sex": "female", **details}
        ),
    )


def _case_with_note(world: Any) -> Any:
    caseworker = world.user(Role.CASEWORKER)
    case = actions.open_case(actor=caseworker, person=world.at_agadez, kind=CaseKind.GENERAL)
    actions.add_note(actor=caseworker, case=case, text=NOTE)
    return case


def test_only_caseworkers_of_the_organisation_open_and_read_cases(world: Any) -> None:
    case = _case_with_note(world)
    assert list(cases_for(world.user(Role.CASEWORKER))) == [case]
    for role in Role:
        if role != Role.CASEWORKER:
            assert not cases_for(world.user(role)).exists(), role
    assert not cases_for(world.outsider).exists()
    with pytest.raises(PermissionDenied):
        actions.open_case(
            actor=world.user(Role.REGISTRATION_OFFICER),
            person=world.at_tripoli,
            kind=CaseKind.GENERAL,
        )
    with pytest.raises(PermissionDenied):
        actions.open_case(actor=world.outsider, person=world.at_tripoli, kind=CaseKind.GENERAL)


def test_a_registration_officer_cannot_read_notes(login: Any, world: Any) -> None:
    case = _case_with_note(world)
    officer = world.user(Role.REGISTRATION_OFFICER)
    assert not notes_of(officer, case).exists()
    client = login(officer)
    for name in ("case_detail", "case_notes"):
        assert client.get(reverse(f"web:{name}", args=[case.pk])).status_code == 403
    assert not audit.accesses_of(CaseNote.objects.get()).exists()


def test_another_organisation_sees_nothing_of_the_case(login: Any, world: Any) -> None:
    case = _case_with_note(world)
    client = login(world.outsider)  # a caseworker, of the other organisation
    for name in ("case_detail", "case_notes"):
        assert client.get(reverse(f"web:{name}", args=[case.pk])).status_code == 404
    mine = client.get(reverse("web:case_list")).content.decode()
    assert "Tesfaye" not in mine
    assert NOTE not in mine


def test_notes_open_on_request_and_each_read_is_logged(login: Any, world: Any) -> None:
    case = _case_with_note(world)
    caseworker = world.user(Role.CASEWORKER)
    client = login(caseworker)
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert NOTE not in page
    note = CaseNote.objects.get()
    assert not audit.accesses_of(note).exists()
    shown = client.get(reverse("web:case_notes", args=[case.pk]), HTTP_HX_REQUEST="true")
    assert NOTE in shown.content.decode()
    (entry,) = audit.accesses_of(note)
    assert entry.actor == caseworker


def test_a_note_not_marked_sensitive_is_read_with_manage_cases_only(world: Any) -> None:
    case = _case_with_note(world)
    plain = actions.add_note(
        actor=world.user(Role.CASEWORKER), case=case, text="Called back", sensitive=False
    )
    # Someone who manages cases without view_sensitive (no such shipped role): the system actor
    # of the organisation stands in for the rule's two halves.
    from mixflow.core.scoping import Scope

    scope = Scope(
        user_id=None,
        organisation_id=world.home.pk,
        site_limits={"manage_cases": None},  # type: ignore[dict-item]
    )
    assert [n.pk for n in notes_of(scope, case)] == [plain.pk]


def test_transfer_is_refused_without_consent_and_allowed_with_it(world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    case = actions.open_case(actor=caseworker, person=world.at_agadez, kind=CaseKind.GENERAL)
    with pytest.raises(actions.TransferRefused):
        actions.request_transfer(
            actor=caseworker, case=case, to_organisation=world.other, reason="Moving to Niamey"
        )
    assert not case.transfers.exists()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN

    actions.record_consent(
        actor=caseworker,
        person=world.at_agadez,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        given=True,
        method=ConsentMethod.SIGNED,
        recorded_on=DAY,
        target_organisation=world.other,
    )
    transfer = actions.request_transfer(
        actor=caseworker, case=case, to_organisation=world.other, reason="Moving to Niamey"
    )
    assert transfer.consent_decision
    # Only the receiving organisation answers.
    with pytest.raises(PermissionDenied):
        actions.answer_transfer(actor=caseworker, transfer=transfer, accept=True)
    actions.answer_transfer(actor=world.outsider, transfer=transfer, accept=True)
    assert transfer.status == TransferStatus.ACCEPTED
    # The receiver opens its own case; the sender's case, notes and all, stays the sender's.
    received = transfer.received_case
    assert received is not None
    assert (received.organisation_id, received.person_id) == (world.other.pk, world.at_agadez.pk)
    assert received.caseworker == world.outsider
    assert list(cases_for(world.outsider)) == [received]
    assert list(cases_for(caseworker)) == [case]
    actions.close_case(actor=caseworker, case=case, reason=ClosureReason.TRANSFERRED)


def test_accepting_a_transfer_asks_consent_again(world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    consent = actions.record_consent(
        actor=caseworker,
        person=world.at_agadez,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        given=True,
        method=ConsentMethod.VERBAL,
        recorded_on=DAY,
        target_organisation=world.other,
    )
    case = actions.open_case(actor=caseworker, person=world.at_agadez, kind=CaseKind.GENERAL)
    transfer = actions.request_transfer(
        actor=caseworker, case=case, to_organisation=world.other, reason="Moving on"
    )
    actions.withdraw_consent(actor=caseworker, consent=consent, on=DAY)
    with pytest.raises(actions.TransferRefused):
        actions.answer_transfer(actor=world.outsider, transfer=transfer, accept=True)
    assert not cases_for(world.outsider).exists()


def test_a_child_case_proposes_the_assessment_and_the_determination_waits_for_it(
    world: Any,
) -> None:
    caseworker = world.user(Role.CASEWORKER)
    child = _child(world, date_of_birth=str(DAY.year - 15))
    case = actions.open_case(actor=caseworker, person=child, kind=CaseKind.CHILD)
    (bia,) = BestInterestsStep.objects.filter(case=case)
    assert (bia.step, bia.status) == (BestInterestsStepKind.ASSESSMENT, StepStatus.PROPOSED)
    (task,) = case.tasks.all()
    assert task.due_on == case.opened_on + datetime.timedelta(days=14)
    with pytest.raises(ValidationError):
        actions.record_best_interests_step(
            actor=caseworker,
            case=case,
            step=BestInterestsStepKind.DETERMINATION,
            findings="-",
            recommendation="-",
        )
    actions.record_best_interests_step(
        actor=caseworker,
        case=case,
        step=BestInterestsStepKind.ASSESSMENT,
        findings="Alone since Agadez",
        recommendation="Interim care; trace the mother",
        determination_needed=True,
    )
    steps = dict(BestInterestsStep.objects.filter(case=case).values_list("step", "status"))
    assert steps == {"bia": StepStatus.DONE, "bid": StepStatus.PROPOSED}
    task.refresh_from_db()
    assert task.done_on is not None  # recording the assessment completes its task
    actions.record_best_interests_step(
        actor=caseworker,
        case=case,
        step=BestInterestsStepKind.DETERMINATION,
        findings="Mother found in Bamako",
        recommendation="Reunification",
    )
    actions.close_case(actor=caseworker, case=case, reason=ClosureReason.DURABLE_SOLUTION)
    with pytest.raises(ValidationError):
        actions.add_task(actor=caseworker, case=case, title="Too late")


def test_age_uncertain_gets_the_benefit_of_the_doubt_and_adults_do_not(world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    unknown = _child(world)  # no date of birth
    case = actions.open_case(actor=caseworker, person=unknown, kind=CaseKind.CHILD)
    assert case.best_interests_steps.filter(step=BestInterestsStepKind.ASSESSMENT).exists()
    adult_case = actions.open_case(actor=caseworker, person=world.at_agadez, kind=CaseKind.CHILD)
    assert not adult_case.best_interests_steps.exists()


def test_a_childs_case_shows_the_adults_of_her_group(world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    child = _child(world, date_of_birth=str(DAY.year - 12))
    register_group(
        actor=world.user(Role.REGISTRATION_OFFICER),
        organisation=world.home,
        site=world.agadez,
        kind=GroupKind.FAMILY,
        formed_on=DAY,
        members=[(world.at_agadez, Relationship.HEAD), (child, Relationship.NON_RELATIVE)],
    )
    case = actions.open_case(
        actor=caseworker, person=child, kind=CaseKind.CHILD, child_situation="separated"
    )
    (companion,) = group_companions_of(caseworker, case, DAY)
    assert companion.member.person == world.at_agadez
    assert companion.adult is True
    tracing = actions.request_family_tracing(
        actor=caseworker,
        case=case,
        sought_name="Mariam Diallo",
        relationship=Relationship.PARENT,
        last_known_place="Gao",
    )
    assert tracing.status == "open"


def test_overdue_tasks_are_the_assignees(world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    case = actions.open_case(actor=caseworker, person=world.at_agadez, kind=CaseKind.GENERAL)
    late = actions.add_task(
        actor=caseworker, case=case, title="Visit", due_on=DAY - datetime.timedelta(days=3)
    )
    actions.add_task(actor=caseworker, case=case, title="Later", due_on=DAY)
    assert list(overdue_tasks_for(caseworker, DAY)) == [late]
    actions.complete_task(actor=caseworker, task=late)
    assert not overdue_tasks_for(caseworker, DAY).exists()


def test_documents_are_checked_kept_privately_and_downloads_logged(
    login: Any, world: Any, tmp_path: Path
) -> None:
    caseworker = world.user(Role.CASEWORKER)
    case = actions.open_case(actor=caseworker, person=world.at_agadez, kind=CaseKind.GENERAL)
    with pytest.raises(ValidationError):
        actions.attach_document(
            actor=caseworker,
            case=case,
            title="x",
            upload=actions.Upload(name="x.pdf", content=b"MZ\x90\x00 not a pdf"),
        )
    with pytest.raises(ValidationError):
        actions.attach_document(
            actor=caseworker,
            case=case,
            title="x",
            upload=actions.Upload(name="run.exe", content=b"MZ"),
        )
    client = login(caseworker)
    response = client.post(
        reverse("web:case_document_add", args=[case.pk]),
        {"title": "Medical letter", "file": _upload("letter.pdf", b"%PDF-1.4 letter")},
    )
    assert response.status_code == 302
    (document,) = case.documents.all()
    stored = tmp_path / "data" / "case-documents" / document.stored_name
    assert stored.read_bytes() == b"%PDF-1.4 letter"
    download = client.get(reverse("web:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content == b"%PDF-1.4 letter"
    assert audit.accesses_of(document).count() == 1
    outsider = login(world.outsider).get(reverse("web:document_download", args=[document.pk]))
    assert outsider.status_code == 404


def _upload(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_sensitive_details_open_on_request_and_are_logged_then(login: Any, world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    client = login(caseworker)
    details = world.at_agadez.encounters.get().sensitive
    page = client.get(reverse("web:person_detail", args=[world.at_agadez.pk])).content.decode()
    assert "Debt bondage" not in page
    assert reverse("web:person_sensitive", args=[world.at_agadez.pk]) in page
    assert not audit.accesses_of(details).exists()
    shown = client.get(reverse("web:person_sensitive", args=[world.at_agadez.pk]))
    assert "Debt bondage" in shown.content.decode()
    assert audit.accesses_of(details).filter(actor=caseworker).count() == 1
    officer = login(world.user(Role.REGISTRATION_OFFICER))
    page = officer.get(reverse("web:person_detail", args=[world.at_agadez.pk])).content.decode()
    assert reverse("web:person_sensitive", args=[world.at_agadez.pk]) not in page
    refused = officer.get(reverse("web:person_sensitive", args=[world.at_agadez.pk]))
    assert refused.status_code == 403


def test_my_work_shows_my_cases_and_overdue_tasks(login: Any, world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    case = actions.open_case(actor=caseworker, person=world.at_agadez, kind=CaseKind.GENERAL)
    actions.add_task(
        actor=caseworker, case=case, title="Call the clinic", due_on=datetime.date(2020, 1, 1)
    )
    client = login(caseworker)
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("web:my_work") in home
    page = client.get(reverse("web:my_work")).content.decode()
    assert "Call the clinic" in page
    assert "overdue" in page
    assert "Tesfaye" in page


def test_a_case_is_opened_for_the_persons_group_from_the_person_page(
    login: Any, world: Any
) -> None:
    group = register_group(
        actor=world.user(Role.REGISTRATION_OFFICER),
        organisation=world.home,
        site=world.agadez,
        kind=GroupKind.FAMILY,
        formed_on=DAY,
        members=[(world.at_agadez, Relationship.HEAD)],
    )
    client = login(world.user(Role.CASEWORKER))
    page = client.get(reverse("web:person_detail", args=[world.at_agadez.pk])).content.decode()
    assert f'value="{group.pk}"' in page
    response = client.post(
        reverse("web:case_open", args=[world.at_agadez.pk]),
        {"kind": "general", "child_situation": "", "group": str(group.pk)},
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("web:case_detail", args=[case.pk])
    assert (case.group_id, case.person_id, case.site_id) == (group.pk, None, world.agadez.pk)
    # A group the person is not in is not offered, and not accepted.
    other = client.post(
        reverse("web:case_open", args=[world.at_agadez.pk]),
        {"kind": "general", "group": str(group.pk + 1000)},
    )
    assert other.status_code == 302
    assert Case.objects.count() == 1


def test_the_receiver_accepts_a_transfer_on_the_page_and_lands_on_its_own_case(
    login: Any, world: Any
) -> None:
    # The person of ``other`` who consented to share with home: other's caseworker offers the
    # case to home, home's caseworker accepts it from the case list.
    sent = actions.open_case(actor=world.outsider, person=world.shared, kind=CaseKind.GENERAL)
    actions.add_note(actor=world.outsider, case=sent, text=NOTE)
    transfer = actions.request_transfer(
        actor=world.outsider, case=sent, to_organisation=world.home, reason="Moving to Agadez"
    )
    client = login(world.user(Role.CASEWORKER))
    listed = client.get(reverse("web:case_list")).content.decode()
    assert "Moving to Agadez" in listed
    response = client.post(reverse("web:transfer_answer", args=[transfer.pk]), {"accept": "yes"})
    transfer.refresh_from_db()
    assert transfer.received_case is not None
    assert response["Location"] == reverse("web:case_detail", args=[transfer.received_case.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Yusuf" in page
    # The sender's case and its notes stay the sender's.
    assert client.get(reverse("web:case_detail", args=[sent.pk])).status_code == 404
    assert client.get(reverse("web:case_notes", args=[sent.pk])).status_code == 404


def test_a_site_limited_caseworker_who_accepts_a_transfer_works_on_the_new_case(
    world: Any,
) -> None:
    """The received case stays at the sender's site (Agadez); the receiver's caseworker is
    limited to Tripoli. Assignment decides: the case they accepted is theirs to read and work
    on; a colleague limited to Tripoli too does not see it."""
    from mixflow.accounts.actions import create_or_update_user
    from mixflow.protection.case_queries import notes_of
    from tests.conftest import PASSWORD, SETUP

    def tripoli_caseworker(username: str) -> Any:
        return create_or_update_user(
            username=username,
            organisation=world.other,
            password=PASSWORD,
            roles=[Role.CASEWORKER],
            limited_to=[world.tripoli],
            actor=SETUP,
        )

    receiver, colleague = tripoli_caseworker("tripoli_cw"), tripoli_caseworker("tripoli_cw2")
    caseworker = world.user(Role.CASEWORKER)
    actions.record_consent(
        actor=caseworker,
        person=world.at_agadez,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        given=True,
        method=ConsentMethod.SIGNED,
        recorded_on=DAY,
        target_organisation=world.other,
    )
    case = actions.open_case(actor=caseworker, person=world.at_agadez, kind=CaseKind.GENERAL)
    transfer = actions.request_transfer(
        actor=caseworker, case=case, to_organisation=world.other, reason="Moving to Tripoli"
    )
    actions.answer_transfer(actor=receiver, transfer=transfer, accept=True)
    received = transfer.received_case
    assert received is not None
    assert received.site_id == world.agadez.pk
    assert list(cases_for(receiver)) == [received]
    assert not cases_for(colleague).exists()
    # Theirs to work on, sensitive notes included, as at their own site.
    note = actions.add_note(actor=receiver, case=received, text="First call made")
    assert list(notes_of(receiver, received)) == [note]
    assert not notes_of(colleague, received).exists()
    with pytest.raises(PermissionDenied):
        actions.add_note(actor=colleague, case=received, text="-")
    # Assigned to someone else (the organisation-wide caseworker), it follows the assignment.
    actions.assign_case(actor=world.outsider, case=received, caseworker=world.outsider)
    assert not cases_for(receiver).exists()
