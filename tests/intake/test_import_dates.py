"""The date of imported rows comes from the file or from the uploader, never from "today";
Mixflow's own layouts (the generator's ``flow_counts.csv``, one ``observed_at`` column) import
as they are."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import Any

import pytest

from mixflow.core.roles import Role
from mixflow.intake.actions import (
    MappingRefused,
    apply_mapping,
    install_default_questionnaires,
    receive_submission,
    run_import,
    start_import,
)
from mixflow.intake.models import FlowCount, Questionnaire, Submission
from mixflow.intake.queries import export_submissions
from mixflow.intake.submission_exports import to_csv
from mixflow.testing.synthetic.generator import HEADERS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def registry(world: Any) -> Questionnaire:
    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    return Questionnaire.objects.get(organisation=world.home, form_id="flow_monitoring_registry")


def _count_row(index: int, observed_at: str) -> dict[str, str]:
    return {
        "flow_count_id": f"F{index:08d}",
        "organisation": "home",
        "site": "NER-AGZ-BUS",
        "observed_at": observed_at,
        "direction": "incoming",
        "group_size": "3",
        "men": "1",
        "women": "1",
        "boys": "1",
        "girls": "0",
        "nationality": "NGA",
        "intended_destination": "LBY",
        "transport": "bus",
        "reason": "economic",
    }


def _start(world: Any, registry: Questionnaire, path: Path) -> Any:
    with path.open("rb") as source:
        return start_import(
            actor=world.user(Role.ANALYST),
            questionnaire=registry,
            source=source,
            file_name=path.name,
        )


def test_the_generators_flow_counts_import_as_they_are(
    world: Any, registry: Questionnaire, tmp_path: Path
) -> None:
    # The generator's own header, so that a column added there is tried here too.
    path = tmp_path / "flow_counts.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=HEADERS["flow_counts"], restval="")
        writer.writeheader()
        writer.writerow(_count_row(1, "2026-11-02T07:45"))
        writer.writerow(_count_row(2, "2026-11-03T16:05"))
    batch = _start(world, registry, path)
    assert batch.mapping["observed_at"] == "observed_at"
    run_import(actor=world.user(Role.ANALYST), batch=batch)
    batch.refresh_from_db()
    assert (batch.imported, batch.quarantined) == (2, 0), batch.quarantined_rows.values("errors")
    observed = sorted(
        f"{c.observed_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M}"
        for c in FlowCount.objects.filter(site=world.agadez)
    )
    assert observed == ["2026-11-02 07:45", "2026-11-03 16:05"]


def test_a_file_without_a_date_is_asked_for_one(
    world: Any, registry: Questionnaire, tmp_path: Path, login: Any
) -> None:
    rows = [_count_row(1, "") | {"observed_time": "09:30"}]
    path = tmp_path / "counts.csv"
    columns = [c for c in rows[0] if c != "observed_at"]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    batch = _start(world, registry, path)
    analyst = world.user(Role.ANALYST)
    with pytest.raises(MappingRefused, match="no column for"):
        run_import(actor=analyst, batch=batch)
    # The mapping page asks the question, in the user's language, and refuses to start.
    client = login(analyst)
    page = client.get(f"/imports/{batch.pk}/columns/", HTTP_ACCEPT_LANGUAGE="fr").content
    assert 'name="date-observed_on"' in page.decode()
    fields = {f"column-{i}": q or "" for i, q in enumerate(batch.mapping.values())}
    refused = client.post(f"/imports/{batch.pk}/columns/", fields | {"date-observed_on": ""})
    assert refused.status_code == 200
    assert 'class="error"' in refused.content.decode()
    with pytest.raises(MappingRefused, match="not a date"):
        apply_mapping(
            actor=analyst, batch=batch, mapping=batch.mapping, dates={"observed_on": "soon"}
        )
    apply_mapping(
        actor=analyst, batch=batch, mapping=batch.mapping, dates={"observed_on": "2026-10-30"}
    )
    run_import(actor=analyst, batch=batch)
    batch.refresh_from_db()
    assert (batch.imported, batch.quarantined) == (1, 0)
    count = FlowCount.objects.get(site=world.agadez)
    assert f"{count.observed_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M}" == "2026-10-30 09:30"


def test_an_export_of_the_registry_imports_as_it_is(
    world: Any, registry: Questionnaire, tmp_path: Path
) -> None:
    answers = {
        "site": "NER-AGZ-BUS",
        "observed_on": "2026-11-05",
        "observed_time": "11:20",
        "direction": "outgoing",
        "group_size": "1",
        "men": "1",
        **dict.fromkeys(
            (
                "women",
                "boys",
                "girls",
                "unaccompanied_children",
                "pregnant_women",
                "older_persons",
                "persons_with_disability",
            ),
            "0",
        ),
    }
    outcome = receive_submission(
        actor=world.user(Role.ENUMERATOR),
        questionnaire=registry,
        answers=answers,
        channel=Submission.Channel.WEB,
        lang="en",
        site=world.agadez,
    )
    assert outcome.submission is not None, outcome.errors
    # Submissions are read with ``view_persons``: the registration officer of the site exports.
    exporter = world.user(Role.REGISTRATION_OFFICER)
    tables, _held = export_submissions(exporter, registry, labels=False, lang="en")
    assert len(tables[0].rows) == 1
    content, extension = to_csv(tables)
    assert extension == "csv"
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    batch = _start(world, registry, path)
    run_import(actor=world.user(Role.ANALYST), batch=batch)
    batch.refresh_from_db()
    # The same submission again: recognised, nothing quarantined, nothing asked.
    assert (batch.quarantined, batch.imported + batch.already_present) == (0, 1)
