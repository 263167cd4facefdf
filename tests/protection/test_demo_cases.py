"""The demo's cases: every state, and a child's case with the assessment done and the
determination pending, so that the caseworker sees real work on first sign-in."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from mixflow.core.roles import Role
from mixflow.identity.actions import PersonDetails, register_person
from mixflow.protection.case_queries import overdue_tasks_for
from mixflow.protection.case_vocabulary import CaseKind, CaseStatus, StepStatus, TransferStatus
from mixflow.protection.models import Case, CaseTransfer
from mixflow.testing.demo_cases import ensure_demo_cases
from tests.conftest import DAY

pytestmark = pytest.mark.django_db


def test_the_demo_opens_cases_in_every_state_once(world: Any) -> None:
    year = timezone.localdate().year
    for n, born in enumerate((year - 10, year - 15, 1980, 1975)):
        register_person(
            actor=world.user(Role.REGISTRATION_OFFICER),
            organisation=world.home,
            site=world.agadez,
            registered_on=DAY,
            details=PersonDetails(given_name=f"Demo{n}", sex="male", date_of_birth=str(born)),
        )
    caseworker = world.user(Role.CASEWORKER)
    assert ensure_demo_cases(caseworker) == 6
    assert ensure_demo_cases(caseworker) == 0  # once only
    cases = Case.objects.filter(organisation=world.home)
    assert {c.status for c in cases} == set(CaseStatus.values)
    child = cases.get(kind=CaseKind.CHILD, status=CaseStatus.OPEN)
    steps = dict(child.best_interests_steps.values_list("step", "status"))
    assert steps == {"bia": StepStatus.DONE, "bid": StepStatus.PROPOSED}
    assert child.tracing_requests.exists()
    assert CaseTransfer.objects.get().status == TransferStatus.REQUESTED
    assert overdue_tasks_for(caseworker, timezone.localdate()).count() == 2
