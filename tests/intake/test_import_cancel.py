"""An import read but never started can be continued or cancelled; a started one cannot be."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mixflow.intake.actions import MappingRefused, cancel_import, run_import, start_import
from mixflow.intake.queries import batch_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))


def _start(world: Any, registration: Any, tmp_path: Path) -> Any:
    path = tmp_path / "people.csv"
    path.write_text("given_name,family_name\nAmina,Yusuf\n", encoding="utf-8")
    with path.open("rb") as source:
        return start_import(
            actor=world.user("registration_officer"),
            questionnaire=registration.questionnaire,
            source=source,
            file_name="people.csv",
            site=world.agadez,
        )


def test_a_waiting_import_offers_to_continue_or_cancel_and_cancels(
    login: Any,
    world: Any,
    outsiders: Any,
    registration: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    batch = _start(world, registration, tmp_path)
    stored = Path(batch.stored_file)
    assert stored.exists()
    client = login(world.user("registration_officer"))
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert f"/imports/{batch.pk}/columns/" in page
    assert f"/imports/{batch.pk}/cancel/" in page
    # Someone of another organisation cannot cancel it (they do not see it).
    other = login(outsiders["registration_officer"])
    assert other.post(f"/imports/{batch.pk}/cancel/").status_code == 404
    client = login(world.user("registration_officer"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/imports/{batch.pk}/cancel/", follow=True)
    assert "is cancelled" in response.content.decode()
    assert batch_for(world.user("registration_officer"), batch.pk) is None
    assert not stored.exists()


def test_a_started_import_cannot_be_cancelled(
    world: Any, registration: Any, tmp_path: Path
) -> None:
    batch = _start(world, registration, tmp_path)
    run_import(actor=world.user("registration_officer"), batch=batch)
    batch.refresh_from_db()
    with pytest.raises(MappingRefused):
        cancel_import(actor=world.user("registration_officer"), batch=batch)
    assert batch_for(world.user("registration_officer"), batch.pk) is not None
