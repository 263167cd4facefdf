"""A real-world form uploaded through the page: accepted, its notes told, its page rendered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.intake.models import Questionnaire

pytestmark = pytest.mark.django_db

UCL = Path(__file__).parent / "corpus" / "pyxform--bug_example_xls--UCL_Biomass_Plot_Form.xlsx"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))


def test_a_field_form_is_installed_with_its_notes_and_its_page_renders(
    login: Any, world: Any
) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    response = client.post(
        reverse("web:questionnaire_upload"),
        {"file": SimpleUploadedFile(UCL.name, UCL.read_bytes())},
    )
    assert response.status_code == 302, response.context and response.context["problems"]
    said = [str(m) for m in get_messages(response.wsgi_request)]
    notes = [m for m in said if m.startswith("Note:")]
    assert any("row 16" in m and "come from the file" in m for m in notes)
    assert any("row 9" in m and "relevant" in m for m in notes)  # curly quotes: left to Collect
    questionnaire = Questionnaire.objects.get(organisation=world.home)
    # an unmapped form records counts: an enumerator fills it
    client = login(world.user(Role.ENUMERATOR))
    page = client.get(reverse("web:questionnaire_fill", args=[questionnaire.pk]))
    assert page.status_code == 200
    assert "Answer this question in ODK Collect" in page.content.decode()
