"""Scoped reads of cases and their parts. Reads only: the page or endpoint that shows notes
or documents logs the read (``core.audit.record_access``), since only it knows they were shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Count, Q, QuerySet

from mixflow.accounts.models import Organisation, User
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of, scoped
from mixflow.identity.models import GroupMember, Person
from mixflow.protection.case_actions import documents_dir, may_be_a_child, works_on
from mixflow.protection.case_vocabulary import ADULT_AGE, CaseStatus, TransferStatus
from mixflow.protection.models import (
    BestInterestsStep,
    Case,
    CaseDocument,
    CaseNote,
    CaseTask,
    CaseTransfer,
    FamilyTracingRequest,
)


def cases_for(user: Any) -> QuerySet[Case]:
    return scoped(user, Case).select_related(
        "person", "group", "site", "caseworker", "organisation"
    )


@dataclass(frozen=True)
class CaseFilter:
    """What the case list asked for; every part optional."""

    status: str = ""
    kind: str = ""
    mine: bool = False
    site_id: int | None = None


def filter_cases(user: Any, wanted: CaseFilter) -> QuerySet[Case]:
    cases = (
        cases_for(user)
        .annotate(open_tasks=Count("tasks", filter=Q(tasks__done_on__isnull=True)))
        .order_by("-opened_on", "-id")
    )
    if wanted.status:
        cases = cases.filter(status=wanted.status)
    if wanted.kind:
        cases = cases.filter(kind=wanted.kind)
    if wanted.mine:
        cases = cases.filter(caseworker_id=getattr(user, "pk", None))
    if wanted.site_id:
        cases = cases.filter(site_id=wanted.site_id)
    return cases


def case_for(user: Any, case_id: int) -> Case | None:
    return cases_for(user).filter(pk=case_id).first()


def cases_of_person(user: Any, person: Person) -> QuerySet[Case]:
    """The person's cases the user may read: their own, and their groups'."""
    groups = GroupMember.objects.filter(person=person).values("group_id")
    return cases_for(user).filter(Q(person=person) | Q(group_id__in=groups))


def may_open_case_for(user: Any, person: Person) -> bool:
    scope = scope_of(user)
    return scope.organisation_id == person.organisation_id and scope.can_at_site(
        Capability.MANAGE_CASES, person.registration_site_id
    )


def suggests_child_case(person: Person, on: datetime.date) -> bool:
    """Whether a case for this person should be a child's (under 18, or age uncertain)."""
    return may_be_a_child(person, on)


def tasks_of(user: Any, case: Case) -> QuerySet[CaseTask]:
    return scoped(user, CaseTask).filter(case=case).select_related("assignee")


def task_for(user: Any, task_id: int) -> CaseTask | None:
    return scoped(user, CaseTask).select_related("case").filter(pk=task_id).first()


def overdue_tasks_for(user: Any, today: datetime.date) -> QuerySet[CaseTask]:
    """Tasks assigned to the user, not done, due before today, in cases still open."""
    return (
        scoped(user, CaseTask)
        .filter(assignee_id=getattr(user, "pk", None), done_on__isnull=True, due_on__lt=today)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "case__person")
        .order_by("due_on", "id")
    )


def open_tasks_for(user: Any) -> QuerySet[CaseTask]:
    return (
        scoped(user, CaseTask)
        .filter(assignee_id=getattr(user, "pk", None), done_on__isnull=True)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "case__person")
        .order_by("due_on", "id")
    )


def may_read_sensitive_notes(user: Any, case: Case) -> bool:
    return works_on(user, case, Capability.VIEW_SENSITIVE)


def notes_of(user: Any, case: Case) -> QuerySet[CaseNote]:
    """The case's notes the user may read: every note with ``view_sensitive`` at the case's
    site, otherwise only those marked not sensitive."""
    if may_read_sensitive_notes(user, case):
        notes = scoped(user, CaseNote)
    else:
        notes = scoped(user, CaseNote, Capability.MANAGE_CASES).filter(sensitive=False)
    return notes.filter(case=case).select_related("written_by")


def note_count(user: Any, case: Case) -> int:
    """How many notes the case has (the count, not the notes, is shown before asking)."""
    if not scoped(user, Case).filter(pk=case.pk).exists():
        return 0
    return CaseNote.objects.filter(case=case).count()


def documents_of(user: Any, case: Case) -> QuerySet[CaseDocument]:
    return scoped(user, CaseDocument).filter(case=case).select_related("uploaded_by")


def document_for(user: Any, document_id: int) -> CaseDocument | None:
    return scoped(user, CaseDocument).select_related("case").filter(pk=document_id).first()


def document_path(document: CaseDocument) -> Path:
    return documents_dir() / document.stored_name


def best_interests_steps_of(user: Any, case: Case) -> QuerySet[BestInterestsStep]:
    return scoped(user, BestInterestsStep).filter(case=case).select_related("conducted_by")


def tracing_requests_of(user: Any, case: Case) -> QuerySet[FamilyTracingRequest]:
    return scoped(user, FamilyTracingRequest).filter(case=case)


def tracing_request_for(user: Any, request_id: int) -> FamilyTracingRequest | None:
    return scoped(user, FamilyTracingRequest).select_related("case").filter(pk=request_id).first()


def transfers_of(user: Any, case: Case) -> QuerySet[CaseTransfer]:
    """A case's transfers, for whoever may read the case (sender and, once accepted,
    receiver)."""
    if not scoped(user, Case).filter(pk=case.pk).exists():
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(case=case).select_related(
        "from_organisation", "to_organisation", "requested_by"
    )


def incoming_transfers_for(user: Any) -> QuerySet[CaseTransfer]:
    """Transfers addressed to the user's organisation, waiting for an answer."""
    return (
        scoped(user, CaseTransfer)
        .filter(status=TransferStatus.REQUESTED)
        .select_related("case", "case__person", "from_organisation")
    )


def transfer_for(user: Any, transfer_id: int) -> CaseTransfer | None:
    return scoped(user, CaseTransfer).select_related("case").filter(pk=transfer_id).first()


@dataclass(frozen=True)
class Companion:
    """A member of the child's travel group, as the case page shows them."""

    member: GroupMember
    adult: bool | None
    """True for 18 or over for certain, False for a possible child, None when unknown."""


def group_companions_of(user: Any, case: Case, today: datetime.date) -> list[Companion]:
    """The other members of the child's groups the user may read, adults first: who the child
    is travelling with decides whether they are unaccompanied or separated."""
    if case.person is None:
        return []
    groups = scoped(user, GroupMember).filter(person=case.person).values("group_id")
    members = (
        scoped(user, GroupMember)
        .filter(group_id__in=groups)
        .exclude(person=case.person)
        .select_related("person", "group")
        .order_by("group_id", "id")
    )
    companions = []
    for member in members:
        ages = member.person.age_on(today)
        adult = None if ages is None else ages[0] >= ADULT_AGE
        companions.append(Companion(member, adult))
    return sorted(companions, key=lambda c: (c.adult is not True, c.member.pk))


def caseworkers_for(case: Case) -> list[tuple[int, str]]:
    """Accounts of the case's organisation that may work on cases at its site, as choices."""
    users = User.objects.filter(organisation_id=case.organisation_id, is_active=True).order_by(
        "username"
    )
    return [
        (user.pk, user.get_full_name() or user.get_username())
        for user in users
        if scope_of(user).can_at_site(Capability.MANAGE_CASES, case.site_id)
    ]


def caseworker_of(case: Case, user_id: int) -> User | None:
    """The account chosen to work on the case, if it may."""
    if user_id not in {pk for pk, _name in caseworkers_for(case)}:
        return None
    return User.objects.get(pk=user_id)


def transfer_recipients(case: Case) -> QuerySet[Organisation]:
    """Organisations a case may be offered to (consent decides when it is asked)."""
    return Organisation.objects.exclude(pk=case.organisation_id).order_by("name")
