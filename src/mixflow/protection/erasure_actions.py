"""Erasure: one mechanism that anonymises persons, used by a granted erasure request and by
retention (``retention_actions``).

``erase_persons`` anonymises the registration records (``identity.erasure_actions``), blanks
what people wrote about the person here (referral notes, case notes, assessments, tracing
requests, profile evidence), deletes case documents with their files, and calls the erasers the
higher layers registered (``use_eraser``: intake clears submissions' raw answers, attachments,
quarantined rows and sensitive details). Links and counts stay: the person's row, encounters,
consents, referrals' and cases' statuses, so flows' aggregates are unchanged. Every erased row's
audit entries are redacted to who did what and when.

An erasure is refused, with the reason, while the law or the work keeps the record: a legal hold
in force, or an open case of the person or of a group they belong to (``blockers_of``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.core import audit
from mixflow.identity.erasure_actions import anonymise_records, check_may_erase
from mixflow.identity.models import Person
from mixflow.protection.case_actions import documents_dir
from mixflow.protection.case_vocabulary import CaseStatus
from mixflow.protection.data_rights_actions import check_may_handle
from mixflow.protection.data_rights_models import (
    DataRequest,
    LegalHold,
    RequestKind,
    RequestOutcome,
)
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
    ProfileDecision,
    ProfileFlag,
    Referral,
)

Eraser = Callable[[list[int]], None]
_erasers: list[Eraser] = []


def use_eraser(eraser: Eraser) -> None:
    """Register one more app's part of erasure (called with the persons' ids, inside the
    erasing transaction, after their records were anonymised). Idempotent."""
    if eraser not in _erasers:
        _erasers.append(eraser)


def blockers_of(person: Person) -> list[str | Promise]:
    """Why ``person``'s record may not be erased now (empty: it may)."""
    reasons: list[str | Promise] = []
    holds = LegalHold.objects.filter(person=person, lifted_on__isnull=True).order_by("pk")
    for hold in holds:
        reasons.append(_("A legal hold keeps this record: %(reason)s") % {"reason": hold.reason})
    groups = person.group_memberships.values("group_id")
    open_cases = Case.objects.filter(
        Q(person=person) | Q(group_id__in=groups), status=CaseStatus.OPEN
    )
    if open_cases.exists():
        reasons.append(_("An open case needs this record; close it first."))
    return reasons


# What people wrote about the person, blanked; the rows and their statuses stay.
BLANKED: list[tuple[type[Model], str, dict[str, object]]] = [
    (
        Referral,
        "person_id",
        {"note": "", "contact": "", "decline_reason": "", "closure_reason": "", "feedback": ""},
    ),
    (ProfileFlag, "person_id", {"evidence": {}, "reason": ""}),
    (ProfileDecision, "flag__person_id", {"reason": ""}),
    (Case, "person_id", {"closure_note": ""}),
    (CaseAssessment, "case__person_id", {"summary": ""}),
    (CasePlan, "case__person_id", {"goals": "", "actions": ""}),
    (CaseTask, "case__person_id", {"title": ""}),
    (CaseTransfer, "case__person_id", {"reason": "", "decision_note": ""}),
    (BestInterestsStep, "case__person_id", {"findings": "", "recommendation": ""}),
    (FamilyTracingRequest, "case__person_id", {"sought_name": "", "last_known_place": ""}),
]
DELETED: list[tuple[type[Model], str]] = [(CaseNote, "case__person_id")]


def _erase_own(ids: list[int]) -> None:
    for model, path, values in BLANKED:
        rows = model._base_manager.filter(**{f"{path}__in": ids})
        pks = list(rows.values_list("pk", flat=True))
        rows.update(**values)
        audit.redact(model, pks)
    for model, path in DELETED:
        rows = model._base_manager.filter(**{f"{path}__in": ids})
        pks = list(rows.values_list("pk", flat=True))
        rows.delete()
        audit.redact(model, pks)
    documents = CaseDocument.objects.filter(case__person_id__in=ids)
    stored = list(documents.values_list("pk", "stored_name"))
    documents.delete()
    audit.redact(CaseDocument, [pk for pk, _name in stored])
    folder = documents_dir()

    def remove_files() -> None:
        for _pk, name in stored:
            (folder / name).unlink(missing_ok=True)

    # Files go only once the rows are gone for good.
    transaction.on_commit(remove_files)


@transaction.atomic
def erase_persons(*, actor: Actor, persons: Sequence[Person]) -> int:
    """Anonymise ``persons`` everywhere (the one mechanism). The caller has checked the
    blockers; the actor's right to erase each record is checked here."""
    check_may_erase(actor, persons)
    ids = [person.pk for person in persons]
    if not ids:
        return 0
    with audit.acting_as(actor):
        anonymise_records(actor=actor, persons=persons)
        _erase_own(ids)
        for eraser in _erasers:
            eraser(ids)
    return len(ids)


@transaction.atomic
def carry_out_erasure(*, actor: Actor, request: DataRequest, legal_basis: str) -> DataRequest:
    """Decide a pending erasure request: refused with the reason while something keeps the
    record (``blockers_of``), otherwise granted and carried out at once. The request is kept
    (who asked, when, the legal basis, who decided, when it was carried out)."""
    check_may_handle(actor, request.person)
    if request.kind != RequestKind.ERASURE:
        raise PermissionDenied(_("This is not a request for erasure."))
    if request.outcome != RequestOutcome.PENDING:
        raise PermissionDenied(_("This request is already decided."))
    reasons = blockers_of(request.person)
    request.decided_at = timezone.now()
    request.decided_by = user_of(actor)
    fields = ["outcome", "decided_at", "decided_by", "reason"]
    if reasons:
        request.outcome = RequestOutcome.REFUSED
        request.reason = "\n".join(str(reason) for reason in reasons)
    else:
        erase_persons(actor=actor, persons=[request.person])
        request.outcome = RequestOutcome.GRANTED
        request.reason = legal_basis[:2000]
        request.carried_out_at = timezone.now()
        fields.append("carried_out_at")
    with audit.acting_as(actor):
        request.save(update_fields=fields)
    return request


@transaction.atomic
def place_legal_hold(*, actor: Actor, person: Person, reason: str) -> LegalHold:
    check_may_handle(actor, person)
    with audit.acting_as(actor):
        return LegalHold.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            reason=reason[:2000],
            placed_on=timezone.localdate(),
            placed_by=user_of(actor),
        )


@transaction.atomic
def lift_legal_hold(*, actor: Actor, hold: LegalHold) -> LegalHold:
    check_may_handle(actor, hold.person)
    with audit.acting_as(actor):
        hold.lifted_on = timezone.localdate()
        hold.save(update_fields=["lifted_on"])
    return hold
