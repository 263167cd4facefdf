"""The records the walk fills URLs with, and the marker strings planted in them.

Everything belongs to ``home`` (the ``world`` of tests/conftest.py), so that each role of
``other`` tries home's ids, and each role of ``home`` tries records its scope may or may not
reach (the marked person is registered at Tripoli, outside the site-limited officer's sites).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Model
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mixflow.accounts.actions import issue_api_token
from mixflow.accounts.models import RoleAssignment, SignedInSession, User
from mixflow.core.models import LoadedDataset
from mixflow.core.roles import Capability, Role
from mixflow.core.scoping import scope_of, scoped
from mixflow.identity.actions import (
    PersonDetails,
    decide_candidate,
    register_group,
    register_person,
)
from mixflow.identity.linkage.settings import load_settings
from mixflow.identity.models import (
    Document,
    GroupMember,
    LinkSettingsVersion,
    MatchCandidate,
    Person,
    PersonAlias,
)
from mixflow.intake.actions import (
    Journey,
    Sensitive,
    record_encounter,
    record_flow_count,
    run_import,
    start_import,
    upload_questionnaire,
)
from mixflow.intake.models import (
    Draft,
    ImportBatch,
    QuarantinedRow,
    QuestionnaireVersion,
    SensitiveDetails,
    Submission,
)
from mixflow.intake.screening import profile_encounter
from mixflow.lib.vocabularies import (
    ConsentMethod,
    ConsentPurpose,
    Direction,
    DocumentKind,
    EncounterKind,
    GroupKind,
    Relationship,
)
from mixflow.protection import actions as protection
from mixflow.protection.actions import (
    ServiceValues,
    ensure_provider,
    propose_referral,
    record_consent,
    save_service,
    send_referral,
)
from mixflow.protection.case_vocabulary import BestInterestsStepKind, CaseKind
from mixflow.protection.data_rights_actions import record_request
from mixflow.protection.erasure_actions import place_legal_hold
from mixflow.protection.models import CaseNote, ReceivedReferral, Referral
from tests.intake.builders import labels, xlsform
from tests.urlwalk.publications import approved_publication

# Marker strings: made-up words that appear nowhere else, so that finding one in an answer
# means the record it was planted in was read. Letters only, so no escaping changes them;
# matched without regard to case (pages may capitalise names).
PERSON_NAME = "Zorbaquintel"
FAMILY_NAME = "Vexmarrowind"
SENSITIVE_TEXT = "Asylquorvantis"
DOCUMENT_NUMBER = "DOCQZX7731K"
QUARANTINED_VALUE = "Quarvelinthos"
QUESTIONNAIRE_TITLE = "Formidwalkoran"
USER_NAME = "Usrmarkelveth"
REFERRAL_NOTE = "Refnotequorvix"
CASE_NOTE = "Notquorvalinde"

DAY = datetime.date(2026, 9, 14)
WALK_PASSWORD = "Walk-horse-battery-staple-77"

MayRead = Callable[[Any], bool]
"""Whether a user may read the record a marker was planted in."""


@dataclass(frozen=True)
class Marker:
    text: str
    record: str
    may_read: MayRead


@dataclass
class Walk:
    """What the walk needs: the records by role in the URL, the markers, the users."""

    world: Any
    users: dict[str, User]
    """Every signed-in user tried: ``home:<role>``, ``home:limited``, ``other:<role>``."""
    records: dict[str, Model]
    markers: list[Marker]
    questionnaire_answers: dict[str, str]
    """Answers that fill the marked questionnaire validly (request bodies for submissions)."""
    version: QuestionnaireVersion
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Upload bodies by kind: ``xlsx`` (a questionnaire), ``csv`` (rows to import)."""


def _readable(model: type[Model], pk: Any) -> MayRead:
    """``scoped`` is the oracle: the user may read the record if their scope returns it."""
    return lambda user: scoped(user, model).filter(pk=pk).exists()


def _readable_with(model: type[Model], pk: Any, capability: Capability) -> MayRead:
    return lambda user: _readable(model, pk)(user) and scope_of(user).can(capability)


def walk_form(version: str = "1", title: str = QUESTIONNAIRE_TITLE) -> bytes:
    """A registration questionnaire (its title a marker, unless given another)."""
    survey = [
        {
            "type": "text",
            "name": "given",
            "required": "yes",
            "mixflow": "person.given_name",
            **labels("Given name", "Prénom", "Nombre"),
        },
        {
            "type": "text",
            "name": "family",
            "mixflow": "person.family_name",
            **labels("Family name", "Nom de famille", "Apellido"),
        },
        {
            "type": "select_one sex",
            "name": "sex",
            "required": "yes",
            "mixflow": "person.sex",
            **labels("Sex", "Sexe", "Sexo"),
        },
    ]
    choices = [
        {"list_name": "sex", "name": "female", **labels("Female", "Femme", "Mujer")},
        {"list_name": "sex", "name": "male", **labels("Male", "Homme", "Hombre")},
    ]
    return xlsform(survey, choices, form_id="walk_form", version=version, title=title)


def _quarantined(world: Any, version: QuestionnaireVersion, data_dir: Path) -> QuarantinedRow:
    """An import with one good row and one quarantined row holding a marked name."""
    officer = world.user(Role.REGISTRATION_OFFICER)
    content = (
        "given,family,sex\nAmanuel,Tesfu,male\n" + f"{QUARANTINED_VALUE},Gebre,robot\n"
    ).encode()
    batch = start_import(
        actor=officer,
        questionnaire=version.questionnaire,
        source=io.BytesIO(content),
        file_name="walk.csv",
        site=world.agadez,
    )
    run_import(actor=officer, batch=batch)
    # Marked as stopped midway, so that its page offers to resume it (one more form to post).
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, error="Stopped (walk)"
    )
    return QuarantinedRow.objects.get(batch=batch)


def build(world: Any, outsiders: dict[str, User], data_dir: Path) -> Walk:
    officer = world.user(Role.REGISTRATION_OFFICER)
    caseworker = world.user(Role.CASEWORKER)
    marked = register_person(
        actor=officer,
        organisation=world.home,
        site=world.tripoli,
        registered_on=DAY,
        details=PersonDetails(
            given_name=PERSON_NAME,
            family_name=FAMILY_NAME,
            sex="female",
            date_of_birth="1998",
            nationalities=["ERI"],
        ),
    )
    encounter = record_encounter(
        actor=caseworker,
        person=marked,
        site=world.tripoli,
        occurred_on=DAY,
        kind=EncounterKind.REGISTRATION,
        journey=Journey(country_of_origin="ERI", intended_destination="ITA"),
        sensitive=Sensitive(wishes_asylum=True, asylum_details=f"Fled because {SENSITIVE_TEXT}"),
    )
    # Every submitted screening is profiled; this encounter was recorded directly, so profile
    # it the same way (wishes asylum: a flag a caseworker may decide on).
    (flag,) = profile_encounter(encounter)
    # Documents and aliases have no action yet (registration does not record them): the test
    # plants them directly, as a record that an action would leave.
    document = Document.objects.create(
        person=marked, kind=DocumentKind.values[0], number=DOCUMENT_NUMBER, issuing_country="ERI"
    )
    alias = PersonAlias.objects.create(person=marked, name="Zorba Walk")
    group = register_group(
        actor=officer,
        organisation=world.home,
        site=world.tripoli,
        kind=GroupKind.FAMILY,
        formed_on=DAY,
        members=[(marked, Relationship.HEAD)],
    )
    # Suggested matches: one left open for review, one decided apart (so it can be undone),
    # and one decided the same, so that the marked record is linked and can be split off.
    open_pair = _candidate(world.at_agadez, marked)
    decided_pair = _candidate(world.at_tripoli, marked)
    decision = decide_candidate(
        actor=caseworker,
        candidate=decided_pair,
        verdict=MatchCandidate.Verdict.DIFFERENT,
        reason="Different parents",
    )
    twin = register_person(
        actor=officer,
        organisation=world.home,
        site=world.tripoli,
        registered_on=DAY,
        details=PersonDetails(given_name="Selam", family_name="Walk", sex="female"),
    )
    decide_candidate(
        actor=caseworker,
        candidate=_candidate(twin, marked),
        verdict=MatchCandidate.Verdict.SAME,
        reason="Same documents",
    )
    link_settings = LinkSettingsVersion.objects.create(
        organisation=world.home,
        version="walk",
        settings=load_settings().to_dict(),
        decisions_used=1,
    )
    version = upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=walk_form(),
        file_name="walk.xlsx",
    )
    row = _quarantined(world, version, data_dir)
    flow_count = record_flow_count(
        actor=world.user(Role.ENUMERATOR),
        organisation=world.home,
        site=world.agadez,
        values={
            "observed_at": datetime.datetime(2026, 9, 14, 10, tzinfo=datetime.UTC),
            "direction": Direction.INCOMING,
            "group_size": 4,
            "men": 4,
            "nationality": "NER",
        },
    )
    marked_user = world.user(Role.SYSTEM_ADMIN)
    User.objects.filter(pk=marked_user.pk).update(first_name=USER_NAME, last_name="Walk")
    dataset = LoadedDataset.objects.create(fingerprint="walk", source="walk.csv")
    now = timezone.now()
    task = DBTaskResult.objects.create(
        enqueued_at=now,
        run_after=now,
        args_kwargs={"args": [row.batch_id], "kwargs": {}},
        task_path="mixflow.intake.tasks.import_batch",
        backend_name="default",
        exception_class_path="",
        traceback="",
    )
    # Sign-in records (django-axes), as its handler writes them for a failed and a good sign-in.
    seen = {"user_agent": "walk", "ip_address": "192.0.2.1", "http_accept": "*/*"}
    attempt = AccessAttempt.objects.create(
        username="walk-guess",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
        **seen,
    )
    failure = AccessFailureLog.objects.create(
        username="walk-guess", path_info="/accounts/login/", locked_out=False, **seen
    )
    access = AccessLog.objects.create(
        username=marked_user.username, path_info="/accounts/login/", **seen
    )
    # An open session of the marked account, as signing in leaves one (accounts.sign_ins).
    browser_session = SessionStore()
    browser_session.create()
    signed_in = SignedInSession.objects.create(
        user=marked_user, session_key=browser_session.session_key, ip_address="192.0.2.1"
    )
    data_request = record_request(
        actor=world.user(Role.CASEWORKER),
        person=marked,
        kind="access",
        received_on=datetime.date(2026, 9, 15),
    )
    legal_hold = place_legal_hold(
        actor=world.user(Role.CASEWORKER), person=marked, reason="Court order of the walk"
    )
    caseworker = world.user(Role.CASEWORKER)
    api_token, _key = issue_api_token(actor=caseworker, user=caseworker, name="walk")
    person_type = ContentType.objects.get_for_model(Person)
    audit_entry = (
        LogEntry.objects.filter(content_type=person_type, object_pk=str(marked.pk))
        .order_by("-pk")
        .first()
    )
    case_records = _cases(world, outsiders, marked)
    records: dict[str, Model] = {
        **case_records,
        "person": marked,
        "encounter": encounter,
        "sensitive": SensitiveDetails.objects.get(pk=encounter.pk),
        "document": document,
        "alias": alias,
        "nationality": marked.nationalities.first(),  # type: ignore[dict-item]
        "group": group,
        "group_member": GroupMember.objects.get(group=group, person=marked),
        "identity": marked.identity,  # type: ignore[dict-item]
        "candidate": open_pair,
        "decision": decision,
        "link_settings": link_settings,
        "questionnaire": version.questionnaire,
        "version": version,
        "batch": row.batch,
        "row": row,
        "submission": Submission.objects.filter(organisation=world.home).first(),  # type: ignore[dict-item]
        "flow_count": flow_count,
        "consent": world.shared.consents.get(),
        "flag": flag,
        "organisation": world.home,
        # The most powerful account of home: a write to it by anyone with less is a takeover.
        "user": marked_user,
        # A role assignment an organisation administrator may manage, to try widening it.
        "role_assignment": RoleAssignment.objects.get(user=world.user(Role.ENUMERATOR)),
        "site": world.tripoli,
        "dataset": dataset,
        "task": task,
        "access_attempt": attempt,
        "access_failure": failure,
        "access_log": access,
        "api_token": api_token,
        "session": signed_in,
        "data_request": data_request,
        "legal_hold": legal_hold,
        "person_type": person_type,
        "publication": approved_publication(world),
    }
    records.update(_referral_records(world))
    # A web form saved as a draft by home's registration officer (only they read it).
    records["draft"] = Draft.objects.create(
        organisation=world.home,
        version=version,
        site=world.agadez,
        owner=world.user(Role.REGISTRATION_OFFICER),
        answers={"given_name": "Walkdraft"},
        expires_at=now + datetime.timedelta(days=14),
    )
    records["attachment"] = _attachment(records["submission"])
    if audit_entry is not None:
        records["audit_entry"] = audit_entry
    users = {f"home:{role}": user for role, user in world.users.items()}
    users["home:limited"] = world.limited
    users.update({f"other:{role}": user for role, user in outsiders.items()})
    markers = [
        Marker(PERSON_NAME, "person", _readable(Person, marked.pk)),
        Marker(FAMILY_NAME, "person", _readable(Person, marked.pk)),
        Marker(SENSITIVE_TEXT, "sensitive details", _readable(SensitiveDetails, encounter.pk)),
        Marker(DOCUMENT_NUMBER, "document", _readable(Document, document.pk)),
        # A quarantined row is a person's registration that failed validation: reading it needs
        # the import capability *and* the one that reads persons.
        Marker(
            QUARANTINED_VALUE,
            "quarantined row",
            _readable_with(QuarantinedRow, row.pk, Capability.VIEW_PERSONS),
        ),
        Marker(
            QUESTIONNAIRE_TITLE,
            "questionnaire",
            _readable(type(version.questionnaire), version.questionnaire_id),
        ),
        Marker(USER_NAME, "user", _readable(User, marked_user.pk)),
        # A referral's note: read by the referring caseworkers and, once sent to a service
        # whose type receives notes, by the receiving organisation; by nobody else.
        Marker(
            REFERRAL_NOTE,
            "referral",
            lambda user: (
                _readable(Referral, records["referral"].pk)(user)
                or _readable(ReceivedReferral, records["referral"].pk)(user)
            ),
        ),
        Marker(CASE_NOTE, "case note", _readable(CaseNote, case_records["case_note"].pk)),
    ]
    csv = b"given,family,sex\nWalkimport,Person,male\n"
    return Walk(
        world=world,
        users=users,
        records=records,
        markers=markers,
        questionnaire_answers={"given": "Walksubmitted", "family": "Person", "sex": "male"},
        version=version,
        files={
            "xlsx": ("walk-2.xlsx", walk_form(version="2", title="Walk upload")),
            "csv": ("walk-rows.csv", csv),
        },
    )


def _candidate(a: Person, b: Person) -> MatchCandidate:
    """A review-queue entry as the matcher leaves one (the matcher's output is not an action)."""
    first, second = sorted((a, b), key=lambda p: p.pk)
    return MatchCandidate.objects.create(
        organisation=a.organisation,
        record_a=first,
        record_b=second,
        score=3.0,
        suggested="review",
        settings_version="walk",
        explanation=[
            {
                "field": "name",
                "level": "one token shared",
                "weight": 1.0,
                "left": first.display_name,
                "right": second.display_name,
                "note": "",
            }
        ],
    )


def _referral_records(world: Any) -> dict[str, Model]:
    """A legal-aid service of home at Tripoli, and a referral to it, sent, of a person who
    consented to receive services (not the marked person: the provider reads the name)."""
    provider = ensure_provider(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    service = save_service(
        actor=world.user(Role.ORG_ADMIN),
        provider=provider,
        values=ServiceValues(
            name="Walk legal aid", service_type="legal_aid", site_ids=[world.tripoli.pk]
        ),
    )
    caseworker = world.user(Role.CASEWORKER)
    record_consent(
        actor=caseworker,
        person=world.at_tripoli,
        purpose=ConsentPurpose.SERVICES,
        given=True,
        method=ConsentMethod.VERBAL,
        recorded_on=DAY,
    )
    referral = propose_referral(
        actor=caseworker,
        person=world.at_tripoli,
        service=service,
        needs=["LP"],
        note=f"Walk note {REFERRAL_NOTE}",
    )
    send_referral(actor=caseworker, referral=referral)
    return {
        "service": service,
        "referral": referral,
        "received_referral": ReceivedReferral.objects.get(pk=referral.pk),
    }


def _attachment(submission: Model) -> Model:
    """A file answered in a form (what the web page and ODK Collect attach to a submission)."""
    from mixflow.intake.models import SubmissionAttachment

    return SubmissionAttachment.objects.create(
        submission=submission, name="walk.png", content_type="image/png", data=b"\x89PNG\r\n"
    )


def _cases(world: Any, outsiders: dict[str, User], marked: Person) -> dict[str, Model]:
    """A child's case of home for the marked person, with a task, a (marked) note, a
    document and a tracing request; and a case of ``other`` offered to home by transfer."""
    caseworker = world.user(Role.CASEWORKER)
    case = protection.open_case(actor=caseworker, person=marked, kind=CaseKind.CHILD)
    protection.record_best_interests_step(
        actor=caseworker,
        case=case,
        step=BestInterestsStepKind.ASSESSMENT,
        findings="Walk findings",
        recommendation="Walk recommendation",
        determination_needed=True,
    )
    task = protection.add_task(actor=caseworker, case=case, title="Walk task", due_on=DAY)
    note = protection.add_note(actor=caseworker, case=case, text=f"Said {CASE_NOTE}")
    document = protection.attach_document(
        actor=caseworker,
        case=case,
        title="Walk letter",
        upload=protection.Upload(name="walk.txt", content=b"walk letter"),
    )
    tracing = protection.request_family_tracing(
        actor=caseworker, case=case, sought_name="Walk Parent", relationship=Relationship.PARENT
    )
    # other's caseworker offers home a case of the person who consented to share with home.
    sender = outsiders[Role.CASEWORKER]
    offered = protection.open_case(actor=sender, person=world.shared, kind=CaseKind.GENERAL)
    if not world.shared.consents.filter(purpose=ConsentPurpose.SHARE_WITH_ORGANISATION).exists():
        protection.record_consent(
            actor=sender,
            person=world.shared,
            purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
            given=True,
            method=ConsentMethod.SIGNED,
            recorded_on=DAY,
            target_organisation=world.home,
        )
    transfer = protection.request_transfer(
        actor=sender, case=offered, to_organisation=world.home, reason="Walk transfer"
    )
    return {
        "case": case,
        "case_task": task,
        "case_note": note,
        "case_document": document,
        "tracing": tracing,
        "transfer": transfer,
    }
