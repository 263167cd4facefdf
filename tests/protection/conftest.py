"""Screenings submitted through the one submission path, with the shipped registration form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mixflow.core.roles import Role

CONSENTED = {
    "site": "NER-AGZ-BUS",
    "consent_services": "yes",
    "consent_statistics": "yes",
    "consent_family_tracing": "yes",
    "consent_share": "no",
    "consent_withhold": "no",
    "consent_method": "verbal",
    "has_document": "no",
    "nationality": "ERI",
    "sex": "male",
    "dob_precision": "exact",
    "date_of_birth": "1990-05-05",
    "with_others": "no",
    "under_18": "no",
    "reasons_for_leaving": "other",
}
"""What every screening of these tests answers before its own story."""


@pytest.fixture
def registration_form(world: Any) -> Any:
    from mixflow.intake.actions import install_default_questionnaires
    from mixflow.intake.models import Questionnaire

    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    return Questionnaire.objects.get(organisation=world.home, form_id="registration_screening")


@pytest.fixture
def screen(world: Any, registration_form: Any) -> Callable[..., Any]:
    """Submit one screening at the desk (as the registration officer); returns the submission."""
    from mixflow.intake.actions import receive_submission

    def submit(given_name: str = "Test", **answers: Any) -> Any:
        outcome = receive_submission(
            actor=world.user(Role.REGISTRATION_OFFICER),
            questionnaire=registration_form,
            answers={**CONSENTED, "given_name": given_name, **answers},
            channel="web",
            lang="en",
        )
        assert outcome.ok, outcome.errors
        return outcome.submission

    return submit
