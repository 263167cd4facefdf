"""Every write of case management: opening, assigning, assessing, planning, tasks, notes,
documents, transfers, closing, and a child's best-interests procedure with family tracing.

Each action takes keyword-only arguments and one ``actor``, checks ``manage_cases`` for the
case's organisation at the case's site first (notes also need ``view_sensitive`` when they are
sensitive), then writes and audits in one transaction. A transfer asks the one consent decision,
``consent.may_share``, before anything is written.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.accounts.models import Organisation, User
from mixflow.conf import data_dir
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.identity.checks import require
from mixflow.identity.models import Group, Person
from mixflow.lib.vocabularies import ConsentPurpose
from mixflow.protection.case_vocabulary import (
    ADULT_AGE,
    BestInterestsStepKind,
    CaseKind,
    CaseStatus,
    ChildSituation,
    ClosureReason,
    StepStatus,
    TracingStatus,
    TransferStatus,
)
from mixflow.protection.consent import SharingDecision, may_share
from mixflow.protection.models import (
    BestInterestsStep,
    Case,
    CaseAssessment,
    CaseDocument,
    CaseNote,
    CasePlan,
    CaseTask,
    CaseTransfer,
    FamilyTracingRequest,
)

REFUSED_CASE = _("You may not work on this case.")
REFUSED_NOTE = _("Only those who may read sensitive details write or read sensitive notes.")
CLOSED_CASE = _("This case is closed.")
BIA_FIRST = _("The best-interests assessment comes before the determination.")
NOT_A_CHILD_CASE = _("The best-interests procedure is for children's cases.")
BIA_DUE_DAYS = 14
"""A proposed best-interests assessment is due this many days after the case is opened."""

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Accepted files: their extension, the type they are served with, and how their content begins
# (so a renamed executable is refused). Text has no signature.
DOCUMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "txt": ("text/plain", ()),
}


def documents_dir() -> Path:
    """Where case documents are kept: under the data directory, never under a served one."""
    return data_dir() / "case-documents"


def _may_work_on(actor: Actor, organisation_id: int, site_id: int) -> None:
    require(
        actor,
        [Capability.MANAGE_CASES],
        organisation_id=organisation_id,
        site_ids=[site_id],
        refusal=REFUSED_CASE,
    )


def works_on(actor: Actor, case: Case, capability: Capability = Capability.MANAGE_CASES) -> bool:
    """Whether ``actor`` holds ``capability`` for ``case``: at the case's site, or as the
    caseworker it is assigned to (a site-limited caseworker who accepted a transfer works on
    the new case at the sender's site: the same rule as ``Case.scope_rule.assigned_to``)."""
    scope = scope_of(actor)
    if not scope.acts_for(case.organisation_id) or not scope.can(capability):
        return False
    if scope.can_at_site(capability, case.site_id):
        return True
    user = user_of(actor)
    return user is not None and case.caseworker_id == user.pk


def _may_work_on_case(actor: Actor, case: Case, *, open_only: bool = True) -> None:
    if not works_on(actor, case):
        raise PermissionDenied(REFUSED_CASE)
    if open_only and not case.is_open:
        raise ValidationError(CLOSED_CASE)


def _today() -> datetime.date:
    return timezone.localdate()


def may_be_a_child(person: Person, on: datetime.date) -> bool:
    """Under 18, or of an age that may be under 18 (no date of birth, or a range reaching
    below 18): the benefit of the doubt goes to the child."""
    ages = person.age_on(on)
    return ages is None or ages[0] < ADULT_AGE


@transaction.atomic
def open_case(
    *,
    actor: Actor,
    kind: str,
    person: Person | None = None,
    group: Group | None = None,
    caseworker: User | None = None,
    child_situation: str = "",
    opened_on: datetime.date | None = None,
) -> Case:
    """Open a case for one person or one group of the person's (group's) organisation, at its
    site. A child's case for a person who is or may be under 18 proposes the best-interests
    assessment and a task to carry it out."""
    if (person is None) == (group is None):
        raise ValidationError(_("A case is for one person or one group."))
    if kind not in CaseKind.values:
        raise ValidationError(_("Unknown kind of case."))
    holder: Person | Group = person if person is not None else group  # type: ignore[assignment]
    site_id = person.registration_site_id if person is not None else group.site_id  # type: ignore[union-attr]
    _may_work_on(actor, holder.organisation_id, site_id)
    if caseworker is not None:
        _check_caseworker(caseworker, holder.organisation_id, site_id)
    with audit.acting_as(actor):
        return _new_case(
            actor=actor,
            organisation_id=holder.organisation_id,
            site_id=site_id,
            person=person,
            group=group,
            kind=kind,
            child_situation=child_situation,
            caseworker=caseworker or user_of(actor),
            day=opened_on or _today(),
        )


def _new_case(
    *,
    actor: Actor,
    organisation_id: int,
    site_id: int,
    person: Person | None,
    group: Group | None,
    kind: str,
    child_situation: str,
    caseworker: User | None,
    day: datetime.date,
) -> Case:
    situation = (child_situation or ChildSituation.UNKNOWN) if kind == CaseKind.CHILD else ""
    case = Case.objects.create(
        organisation_id=organisation_id,
        site_id=site_id,
        person=person,
        group=group,
        kind=kind,
        child_situation=situation,
        caseworker=caseworker,
        opened_on=day,
        opened_by=user_of(actor),
    )
    if kind == CaseKind.CHILD and (person is None or may_be_a_child(person, day)):
        step = _propose_step(case, BestInterestsStepKind.ASSESSMENT, day)
        CaseTask.objects.create(
            case=case,
            for_step=step,
            title=str(_("Carry out the best-interests assessment")),
            due_on=day + datetime.timedelta(days=BIA_DUE_DAYS),
            assignee=case.caseworker,
            created_on=day,
            created_by=user_of(actor),
        )
    return case


def _propose_step(case: Case, step: str, day: datetime.date) -> BestInterestsStep:
    existing = case.best_interests_steps.filter(step=step).first()
    if existing is not None:
        return existing
    return BestInterestsStep.objects.create(case=case, step=step, proposed_on=day)


def _check_caseworker(caseworker: User, organisation_id: int, site_id: int) -> None:
    if caseworker.organisation_id != organisation_id or not scope_of(caseworker).can_at_site(
        Capability.MANAGE_CASES, site_id
    ):
        raise ValidationError(_("This user does not work on cases at the case's site."))


@transaction.atomic
def assign_case(*, actor: Actor, case: Case, caseworker: User) -> Case:
    _may_work_on_case(actor, case)
    _check_caseworker(caseworker, case.organisation_id, case.site_id)
    with audit.acting_as(actor):
        case.caseworker = caseworker
        case.save(update_fields=["caseworker"])
    return case


@transaction.atomic
def record_assessment(
    *,
    actor: Actor,
    case: Case,
    risk_level: str,
    summary: str,
    assessed_on: datetime.date | None = None,
) -> CaseAssessment:
    _may_work_on_case(actor, case)
    with audit.acting_as(actor):
        return CaseAssessment.objects.create(
            case=case,
            risk_level=risk_level,
            summary=summary,
            assessed_on=assessed_on or _today(),
            assessed_by=user_of(actor),
        )


@transaction.atomic
def record_plan(*, actor: Actor, case: Case, goals: str, actions: str = "") -> CasePlan:
    _may_work_on_case(actor, case)
    with audit.acting_as(actor):
        return CasePlan.objects.create(
            case=case,
            goals=goals,
            actions=actions,
            written_on=_today(),
            written_by=user_of(actor),
        )


@transaction.atomic
def add_task(
    *,
    actor: Actor,
    case: Case,
    title: str,
    due_on: datetime.date | None = None,
    assignee: User | None = None,
) -> CaseTask:
    _may_work_on_case(actor, case)
    if assignee is not None:
        _check_caseworker(assignee, case.organisation_id, case.site_id)
    with audit.acting_as(actor):
        return CaseTask.objects.create(
            case=case,
            title=title,
            due_on=due_on,
            assignee=assignee or case.caseworker,
            created_on=_today(),
            created_by=user_of(actor),
        )


@transaction.atomic
def complete_task(*, actor: Actor, task: CaseTask) -> CaseTask:
    _may_work_on_case(actor, task.case)
    if task.done_on is None:
        with audit.acting_as(actor):
            task.done_on = _today()
            task.done_by = user_of(actor)
            task.save(update_fields=["done_on", "done_by"])
    return task


@transaction.atomic
def add_note(*, actor: Actor, case: Case, text: str, sensitive: bool = True) -> CaseNote:
    _may_work_on_case(actor, case)
    if sensitive and not works_on(actor, case, Capability.VIEW_SENSITIVE):
        raise PermissionDenied(REFUSED_NOTE)
    with audit.acting_as(actor):
        return CaseNote.objects.create(
            case=case,
            text=text,
            sensitive=sensitive,
            written_at=timezone.now(),
            written_by=user_of(actor),
        )


@dataclass(frozen=True)
class Upload:
    """A file as received: its name as the user's machine called it, and its content."""

    name: str
    content: bytes


def _checked_type(upload: Upload) -> str:
    extension = Path(upload.name).suffix.lower().lstrip(".")
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(_("Attach a PDF, PNG, JPEG or plain text file."))
    if not upload.content:
        raise ValidationError(_("The file is empty."))
    if len(upload.content) > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    content_type, signatures = DOCUMENT_TYPES[extension]
    if signatures and not upload.content.startswith(signatures):
        raise ValidationError(_("The file's content does not match its type."))
    if not signatures:
        try:
            upload.content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(_("A text file must be UTF-8 text.")) from error
    return content_type


@transaction.atomic
def attach_document(*, actor: Actor, case: Case, title: str, upload: Upload) -> CaseDocument:
    _may_work_on_case(actor, case)
    content_type = _checked_type(upload)
    extension = Path(upload.name).suffix.lower()
    stored = f"{uuid.uuid4().hex}{extension}"
    folder = documents_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / stored
    path.write_bytes(upload.content)
    # The file is written before the row: if the row fails, the file goes with it.
    try:
        with audit.acting_as(actor):
            return CaseDocument.objects.create(
                case=case,
                title=title or Path(upload.name).name,
                original_name=Path(upload.name).name[:255],
                stored_name=stored,
                content_type=content_type,
                size=len(upload.content),
                uploaded_at=timezone.now(),
                uploaded_by=user_of(actor),
            )
    except Exception:
        path.unlink(missing_ok=True)
        raise


class TransferRefused(PermissionDenied):
    """The person's consent does not allow the case to go to that organisation."""


def _consent_to_hand_over(case: Case, organisation_id: int) -> SharingDecision:
    """``may_share`` for every person of the case (each member of a group); the first refusal
    stops the transfer."""
    persons = [case.person] if case.person is not None else list(case.group.members.all())  # type: ignore[union-attr]
    if not persons:
        raise TransferRefused(REFUSED_CASE)
    decisions = [
        may_share(
            person=person,
            recipient_organisation_id=organisation_id,
            purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        )
        for person in persons
    ]
    for decision in decisions:
        if not decision:
            raise TransferRefused(decision.reason)
    return decisions[0]


@transaction.atomic
def request_transfer(
    *, actor: Actor, case: Case, to_organisation: Organisation, reason: str
) -> CaseTransfer:
    """Ask another organisation to take the case over. The person's consent decides first
    (``may_share`` for sharing with that organisation); for a group, every member's."""
    _may_work_on_case(actor, case)
    if to_organisation.pk == case.organisation_id:
        raise ValidationError(_("The case is already with this organisation."))
    if case.transfers.filter(status=TransferStatus.REQUESTED).exists():
        raise ValidationError(_("A transfer of this case is already waiting for an answer."))
    allowed = _consent_to_hand_over(case, to_organisation.pk)
    with audit.acting_as(actor):
        return CaseTransfer.objects.create(
            case=case,
            from_organisation_id=case.organisation_id,
            to_organisation=to_organisation,
            reason=reason,
            consent_decision=str(allowed.reason)[:300],
            requested_on=_today(),
            requested_by=user_of(actor),
        )


@transaction.atomic
def answer_transfer(
    *, actor: Actor, transfer: CaseTransfer, accept: bool, note: str = ""
) -> CaseTransfer:
    """The receiving organisation accepts, which opens a case of its own for the same person or
    group, assigned to whoever accepted; or declines. The sender's case is the sender's: it
    stays as it is (its caseworker closes it as transferred once accepted)."""
    require(
        actor,
        [Capability.MANAGE_CASES],
        organisation_id=transfer.to_organisation_id,
        refusal=REFUSED_CASE,
    )
    if transfer.status != TransferStatus.REQUESTED:
        raise ValidationError(_("This transfer has already been answered."))
    case = transfer.case
    if accept:
        # Consent may have been withdrawn since the request: asked again when handing over.
        _consent_to_hand_over(case, transfer.to_organisation_id)
    with audit.acting_as(actor):
        transfer.status = TransferStatus.ACCEPTED if accept else TransferStatus.DECLINED
        transfer.decided_on = _today()
        transfer.decided_by = user_of(actor)
        transfer.decision_note = note
        if accept:
            transfer.received_case = _new_case(
                actor=actor,
                organisation_id=transfer.to_organisation_id,
                site_id=case.site_id,
                person=case.person,
                group=case.group,
                kind=case.kind,
                child_situation=case.child_situation,
                caseworker=user_of(actor),
                day=_today(),
            )
        transfer.save(
            update_fields=["status", "decided_on", "decided_by", "decision_note", "received_case"]
        )
    return transfer


@transaction.atomic
def close_case(*, actor: Actor, case: Case, reason: str, note: str = "") -> Case:
    _may_work_on_case(actor, case)
    if reason not in ClosureReason.values:
        raise ValidationError(_("Say why the case is closed."))
    with audit.acting_as(actor):
        case.status = CaseStatus.CLOSED
        case.closed_on = _today()
        case.closed_by = user_of(actor)
        case.closure_reason = reason
        case.closure_note = note
        case.save(
            update_fields=["status", "closed_on", "closed_by", "closure_reason", "closure_note"]
        )
    return case


@transaction.atomic
def record_best_interests_step(
    *,
    actor: Actor,
    case: Case,
    step: str,
    findings: str,
    recommendation: str,
    conducted_on: datetime.date | None = None,
    determination_needed: bool = False,
) -> BestInterestsStep:
    """Record the assessment (BIA) or the determination (BID). The determination needs the
    assessment done first; an assessment that says a determination is needed (a durable
    solution is to be decided) proposes it."""
    _may_work_on_case(actor, case)
    if case.kind != CaseKind.CHILD:
        raise ValidationError(NOT_A_CHILD_CASE)
    if step not in BestInterestsStepKind.values:
        raise ValidationError(_("Unknown step."))
    if (
        step == BestInterestsStepKind.DETERMINATION
        and not case.best_interests_steps.filter(
            step=BestInterestsStepKind.ASSESSMENT, status=StepStatus.DONE
        ).exists()
    ):
        raise ValidationError(BIA_FIRST)
    day = conducted_on or _today()
    with audit.acting_as(actor):
        record = _propose_step(case, step, day)
        record.status = StepStatus.DONE
        record.conducted_on = day
        record.conducted_by = user_of(actor)
        record.findings = findings
        record.recommendation = recommendation
        record.save()
        for task in record.tasks.filter(done_on__isnull=True):
            task.done_on = day
            task.done_by = user_of(actor)
            task.save(update_fields=["done_on", "done_by"])
        if step == BestInterestsStepKind.ASSESSMENT and determination_needed:
            _propose_step(case, BestInterestsStepKind.DETERMINATION, day)
    return record


@transaction.atomic
def request_family_tracing(
    *,
    actor: Actor,
    case: Case,
    sought_name: str,
    relationship: str,
    last_known_place: str = "",
) -> FamilyTracingRequest:
    _may_work_on_case(actor, case)
    if case.kind != CaseKind.CHILD:
        raise ValidationError(NOT_A_CHILD_CASE)
    with audit.acting_as(actor):
        return FamilyTracingRequest.objects.create(
            case=case,
            sought_name=sought_name,
            relationship=relationship,
            last_known_place=last_known_place,
            requested_on=_today(),
            requested_by=user_of(actor),
        )


@transaction.atomic
def update_family_tracing(
    *, actor: Actor, request: FamilyTracingRequest, status: str
) -> FamilyTracingRequest:
    _may_work_on_case(actor, request.case)
    if status not in TracingStatus.values:
        raise ValidationError(_("Unknown status."))
    with audit.acting_as(actor):
        request.status = status
        request.updated_on = _today()
        request.save(update_fields=["status", "updated_on"])
    return request
