"""Demo cases: the demo caseworker finds real work on first sign-in.

Cases in every state (just opened, assessed with a plan and tasks — one overdue —, a transfer
waiting for the other organisation's answer, closed), and a child's case with the
best-interests assessment done and the determination pending, family tracing under way. Written
through the protection actions, as the caseworker, so the audit log reads as real work would.
Run once: a caseworker who already has cases is left alone.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from mixflow.accounts.models import Organisation, User
from mixflow.identity.models import Person
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose, Relationship
from mixflow.protection import actions
from mixflow.protection.case_vocabulary import (
    BestInterestsStepKind,
    CaseKind,
    ChildSituation,
    ClosureReason,
    RiskLevel,
)
from mixflow.protection.models import Case


def _years_ago(today: datetime.date, years: int) -> datetime.date:
    # 29 February has no match in most years: the day before stands in.
    day = today if (today.month, today.day) != (2, 29) else today - datetime.timedelta(days=1)
    return day.replace(year=day.year - years)


def _adults_and_children(
    organisation_id: int, today: datetime.date
) -> tuple[list[Person], list[Person]]:
    persons = Person.objects.filter(organisation_id=organisation_id).exclude(date_of_birth=None)
    cut = _years_ago(today, 18)
    children = list(persons.filter(date_of_birth__gt=cut + datetime.timedelta(days=366))[:20])
    adults = list(persons.filter(date_of_birth__lt=cut - datetime.timedelta(days=366))[:20])
    return adults, children


# Travelling in a group with no parent: the child is separated (if registered alone,
# unaccompanied; as a son or daughter of the group's head, with a caregiver).
NOT_THE_CAREGIVERS = (Relationship.SIBLING, Relationship.OTHER_RELATIVE, Relationship.NON_RELATIVE)


def _child_and_situation(children: list[Person], born_after: datetime.date) -> tuple[Person, str]:
    """A separated child if the demo data has one, else one registered alone, else the first."""
    youngest = Person.objects.filter(
        organisation_id=children[0].organisation_id, date_of_birth__gt=born_after
    )
    separated = youngest.filter(group_memberships__relationship__in=NOT_THE_CAREGIVERS).first()
    if separated is not None:
        return separated, ChildSituation.SEPARATED
    alone = youngest.filter(group_memberships=None).first()
    if alone is not None:
        return alone, ChildSituation.UNACCOMPANIED
    return children[0], ChildSituation.WITH_CAREGIVER


def ensure_demo_cases(caseworker: User) -> int:
    """Open the demo's cases for ``caseworker``; the number of cases opened (0 if done before)."""
    if Case.objects.filter(caseworker=caseworker).exists() or caseworker.organisation_id is None:
        return 0
    today = timezone.localdate()
    days = datetime.timedelta
    adults, children = _adults_and_children(caseworker.organisation_id, today)
    if len(adults) < 4 or len(children) < 2:
        return 0
    opened = 0

    # A child: assessment done, determination pending, tracing under way.
    child, situation = _child_and_situation(children, _years_ago(today, 17))
    case = actions.open_case(
        actor=caseworker,
        person=child,
        kind=CaseKind.CHILD,
        child_situation=situation,
        opened_on=today - days(20),
    )
    actions.record_assessment(
        actor=caseworker,
        case=case,
        risk_level=RiskLevel.HIGH,
        summary="No contact with the mother for 4 months. Sleeps at the transit centre; "
        "attends the child-friendly space.",
    )
    actions.record_plan(
        actor=caseworker,
        case=case,
        goals="Safe interim care; restore contact with the mother; decide a durable solution.",
        actions="Interim care arrangement, monitored weekly; tracing request; "
        "best-interests determination panel.",
    )
    actions.record_best_interests_step(
        actor=caseworker,
        case=case,
        step=BestInterestsStepKind.ASSESSMENT,
        findings="The child wishes to rejoin the mother. The present care arrangement cannot "
        "last beyond the summer.",
        recommendation="Trace the mother; refer to the determination panel for a durable solution.",
        determination_needed=True,
    )
    actions.request_family_tracing(
        actor=caseworker,
        case=case,
        sought_name="Mother (name recorded on the tracing form)",
        relationship=Relationship.PARENT,
        last_known_place="Gao",
    )
    actions.add_task(
        actor=caseworker,
        case=case,
        title="Weekly visit to the interim carer",
        due_on=today - days(2),
    )
    actions.add_task(
        actor=caseworker,
        case=case,
        title="Prepare the determination panel file",
        due_on=today + days(5),
    )
    actions.add_note(
        actor=caseworker,
        case=case,
        text="The child asked twice about the mother's phone number. Distressed at night.",
    )
    opened += 1

    # A general case assessed, with a plan and tasks, one of them overdue.
    case = actions.open_case(
        actor=caseworker, person=adults[0], kind=CaseKind.GENERAL, opened_on=today - days(12)
    )
    actions.record_assessment(
        actor=caseworker,
        case=case,
        risk_level=RiskLevel.MEDIUM,
        summary="Stranded after the employer kept the passport; wishes legal advice.",
    )
    actions.record_plan(
        actor=caseworker, case=case, goals="Recover documents; legal counselling.", actions=""
    )
    actions.add_task(
        actor=caseworker, case=case, title="Call the legal aid clinic", due_on=today - days(4)
    )
    actions.add_task(actor=caseworker, case=case, title="Follow-up meeting", due_on=today + days(3))
    actions.add_note(actor=caseworker, case=case, text="Afraid to go back to the employer's house.")
    opened += 1

    # Just opened: nothing done yet.
    actions.open_case(actor=caseworker, person=adults[1], kind=CaseKind.GENERAL)
    opened += 1

    # Closed, goals met.
    case = actions.open_case(
        actor=caseworker, person=adults[2], kind=CaseKind.GENERAL, opened_on=today - days(40)
    )
    actions.record_assessment(
        actor=caseworker, case=case, risk_level=RiskLevel.LOW, summary="Needed medical care."
    )
    done = actions.add_task(actor=caseworker, case=case, title="Clinic appointment")
    actions.complete_task(actor=caseworker, task=done)
    actions.close_case(
        actor=caseworker, case=case, reason=ClosureReason.GOALS_MET, note="Treated; moved on."
    )
    opened += 1

    # A transfer waiting for the other organisation, with the person's consent.
    other = Organisation.objects.exclude(pk=caseworker.organisation_id).order_by("pk").first()
    if other is not None:
        person = adults[3]
        actions.record_consent(
            actor=caseworker,
            person=person,
            purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
            given=True,
            method=ConsentMethod.SIGNED,
            recorded_on=today - days(1),
            target_organisation=other,
        )
        case = actions.open_case(
            actor=caseworker, person=person, kind=CaseKind.GENERAL, opened_on=today - days(6)
        )
        actions.request_transfer(
            actor=caseworker,
            case=case,
            to_organisation=other,
            reason="Moving to the city where the other organisation runs the shelter.",
        )
        opened += 1

    # A child's case closed after the determination: reunification.
    if len(children) > 1:
        case = actions.open_case(
            actor=caseworker,
            person=next(c for c in children if c != child),
            kind=CaseKind.CHILD,
            child_situation=ChildSituation.UNACCOMPANIED,
            opened_on=today - days(60),
        )
        actions.record_best_interests_step(
            actor=caseworker,
            case=case,
            step=BestInterestsStepKind.ASSESSMENT,
            findings="Unaccompanied; father found through tracing.",
            recommendation="Determination on reunification.",
            determination_needed=True,
        )
        actions.record_best_interests_step(
            actor=caseworker,
            case=case,
            step=BestInterestsStepKind.DETERMINATION,
            findings="Father able and willing to care; the child wishes it.",
            recommendation="Family reunification.",
        )
        for task in case.tasks.all():
            actions.complete_task(actor=caseworker, task=task)
        actions.close_case(actor=caseworker, case=case, reason=ClosureReason.DURABLE_SOLUTION)
        opened += 1
    return opened
