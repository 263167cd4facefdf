from __future__ import annotations

from typing import Any

import pytest

from mixflow.intake.actions import upload_questionnaire
from mixflow.intake.models import QuestionnaireVersion
from tests.intake.builders import flow_count_form, registration_form


@pytest.fixture
def registration(world: Any) -> QuestionnaireVersion:
    return upload_questionnaire(
        actor=world.user("org_admin"),
        organisation=world.home,
        content=registration_form(),
        file_name="registration.xlsx",
    )


@pytest.fixture
def counts(world: Any) -> QuestionnaireVersion:
    return upload_questionnaire(
        actor=world.user("org_admin"),
        organisation=world.home,
        content=flow_count_form(),
        file_name="counts.xlsx",
    )
