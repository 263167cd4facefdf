"""One pipeline for every channel: the version rule, checks that do not depend on the caller,
the import flow's actions and the command line over them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mixflow.cli.main import main
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.intake.actions import (
    MappingRefused,
    apply_mapping,
    receive_submission,
    run_import,
    save_preset,
    set_aside,
    start_import,
    upload_questionnaire,
)
from mixflow.intake.models import (
    ImportBatch,
    MappingPreset,
    QuarantinedRow,
    Questionnaire,
    Submission,
)
from mixflow.intake.tasks import import_batch
from tests.intake.builders import registration_form

ANSWERS = {"given": "Maxamed", "family": "Cabdi", "sex": "male", "born": "1998-02-03"}
COUNTS = b"day,direction,size,men,women\n2026-09-01,incoming,5,2,3\n2026-09-03,incoming,2,2,3\n"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))


def _receive(world: Any, version: Any, named: str | None, given: str) -> Any:
    return receive_submission(
        actor=world.user(Role.REGISTRATION_OFFICER),
        questionnaire=version.questionnaire,
        version=named,
        answers={**ANSWERS, "given": given},
        channel=Submission.Channel.WEB,
        site=world.agadez,
        lang="en",
    )


@pytest.mark.django_db
def test_the_named_version_is_used_else_the_current_one(world: Any, registration: Any) -> None:
    newer = upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=registration_form("2"),
        file_name="r2.xlsx",
    )
    assert _receive(world, registration, "1", "Older").submission.version == registration
    assert _receive(world, registration, None, "Newer").submission.version == newer


@pytest.mark.django_db
def test_a_system_actor_passes_the_same_checks_and_is_recorded_by_name(
    world: Any, registration: Any
) -> None:
    stranger = SystemActor("mixflow import", organisation_id=world.other.pk)
    with pytest.raises(PermissionDenied):
        receive_submission(
            actor=stranger,
            questionnaire=registration.questionnaire,
            answers=ANSWERS,
            channel=Submission.Channel.IMPORT,
            site=world.agadez,
            lang="en",
        )
    own = SystemActor("mixflow import", organisation_id=world.home.pk)
    outcome = receive_submission(
        actor=own,
        questionnaire=registration.questionnaire,
        answers=ANSWERS,
        channel=Submission.Channel.IMPORT,
        site=world.agadez,
        lang="en",
    )
    assert outcome.created
    assert outcome.submission.submitted_by is None
    entry = LogEntry.objects.get_for_object(outcome.submission).get()
    assert entry.actor_email == "system:mixflow import"


@pytest.mark.django_db
def test_a_user_without_import_data_may_not_start_an_import(world: Any, counts: Any) -> None:
    with pytest.raises(PermissionDenied):
        start_import(
            actor=world.user(Role.ENUMERATOR),
            questionnaire=counts.questionnaire,
            source=_source(COUNTS),
            file_name="c.csv",
        )
    assert not ImportBatch.objects.exists()


def _source(content: bytes) -> Any:
    import io

    return io.BytesIO(content)


@pytest.mark.django_db
def test_mapping_preset_and_set_aside_are_checked_and_audited(world: Any, counts: Any) -> None:
    analyst = world.user(Role.ANALYST)
    batch = start_import(
        actor=analyst,
        questionnaire=counts.questionnaire,
        source=_source(COUNTS),
        file_name="c.csv",
        site=world.agadez,
    )
    with pytest.raises(MappingRefused):
        apply_mapping(actor=analyst, batch=batch, mapping={"day": "nonsense"})
    with pytest.raises(MappingRefused):
        apply_mapping(actor=analyst, batch=batch, mapping={"men": "size", "size": "size"})
    with pytest.raises(PermissionDenied):
        apply_mapping(actor=world.outsider, batch=batch, mapping=batch.mapping)
    apply_mapping(actor=analyst, batch=batch, mapping={**batch.mapping, "women": None})
    batch.refresh_from_db()
    assert batch.mapping["women"] is None
    preset = save_preset(actor=analyst, batch=batch, name="weekly sheet")
    assert preset.mapping == {c: q for c, q in batch.mapping.items() if q}
    apply_mapping(actor=analyst, batch=batch, mapping={**batch.mapping, "women": "women"})
    run_import(actor=analyst, batch=batch)
    batch.refresh_from_db()
    assert (batch.imported, batch.quarantined) == (1, 1)
    row = QuarantinedRow.objects.get(batch=batch)
    with pytest.raises(PermissionDenied):
        set_aside(actor=world.user(Role.ENUMERATOR), row=row)
    set_aside(actor=analyst, row=row)
    row.refresh_from_db()
    assert row.status == QuarantinedRow.Status.DISCARDED
    for audited in (batch, preset, row):
        actors = {e.actor_id for e in LogEntry.objects.get_for_object(audited)}
        assert actors == {analyst.pk}, audited
    # The import's flow counts: one entry for the chunk, by the analyst.
    bulk = LogEntry.objects.get_for_object(batch).filter(additional_data__has_key="bulk")
    assert bulk.get().actor_id == analyst.pk


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "counts.csv"
    path.write_bytes(COUNTS)
    return path


@pytest.mark.django_db(transaction=True)
def test_the_cli_import_without_user_acts_as_the_system_and_checks_the_site(
    world: Any, counts: Any, tmp_path: Path, capsys: Any
) -> None:
    args = ["import", str(_csv(tmp_path)), "--form", counts.questionnaire.form_id]
    args += ["--organisation", world.home.code]
    assert main([*args, "--site", "NER"]) == 2  # a country, not a site
    assert "unknown site code" in capsys.readouterr().err
    assert main([*args, "--site", world.agadez.code]) == 0
    batch = ImportBatch.objects.get()
    assert (batch.imported, batch.quarantined, batch.uploaded_by) == (1, 1, None)
    names = {e.actor_email for e in LogEntry.objects.get_for_object(batch)}
    assert names == {"system:mixflow import"}


@pytest.mark.django_db(transaction=True)
def test_the_cli_import_with_a_user_is_refused_where_the_pages_refuse(
    world: Any, counts: Any, tmp_path: Path, capsys: Any
) -> None:
    args = ["import", str(_csv(tmp_path)), "--form", counts.questionnaire.form_id]
    args += ["--organisation", world.home.code, "--site", world.agadez.code]
    assert main([*args, "--user", world.user(Role.ENUMERATOR).username]) == 2
    assert capsys.readouterr().err.strip()
    assert not ImportBatch.objects.exists()
    # A user of another organisation does not even find the questionnaire.
    assert main([*args, "--user", world.outsider.username]) == 2
    assert main([*args, "--user", world.user(Role.ANALYST).username]) == 0
    assert ImportBatch.objects.get().uploaded_by == world.user(Role.ANALYST)


@pytest.mark.django_db(transaction=True)
def test_questionnaire_add_and_list(world: Any, tmp_path: Path, capsys: Any) -> None:
    form = tmp_path / "registration.xlsx"
    form.write_bytes(registration_form("7"))
    add = ["questionnaire", "add", str(form), "--organisation", world.home.code]
    assert main([*add, "--user", world.user(Role.ANALYST).username]) == 2
    assert "manage" in capsys.readouterr().err
    assert main([*add, "--user", world.outsider.username]) == 2
    assert not Questionnaire.objects.exists()
    assert main([*add, "--user", world.user(Role.ORG_ADMIN).username]) == 0
    assert main(add) == 2  # version 7 is already stored: refused with where to look
    assert "settings" in capsys.readouterr().err
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    assert main(["questionnaire", "add", str(broken), "--organisation", world.home.code]) == 2
    capsys.readouterr()
    assert main(["questionnaire", "list", "--organisation", world.home.code]) == 0
    listing = capsys.readouterr().out
    assert "home\t" in listing
    assert "\t7\t" in listing
    assert main(["questionnaire", "list", "--organisation", "nowhere"]) == 2


@pytest.mark.django_db
def test_the_web_form_stores_against_the_current_version(
    login: Any, world: Any, registration: Any
) -> None:
    newer = upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=registration_form("2"),
        file_name="r2.xlsx",
    )
    client = login(world.user(Role.REGISTRATION_OFFICER))
    url = reverse("web:questionnaire_fill", args=[registration.questionnaire_id])
    answers = {"_site": str(world.agadez.pk), "_identity": "new", **ANSWERS, "given": "Webb"}
    assert client.post(url, answers).status_code == 302
    assert Submission.objects.get(channel="web").version == newer


@pytest.mark.django_db
def test_an_import_stores_against_the_version_it_started_with(
    world: Any, registration: Any
) -> None:
    officer = world.user(Role.REGISTRATION_OFFICER)
    batch = start_import(
        actor=officer,
        questionnaire=registration.questionnaire,
        source=_source(b"given,family,sex,born\nImre,Nagy,male,1990-01-01\n"),
        file_name="p.csv",
        site=world.agadez,
    )
    upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=registration_form("2"),
        file_name="r2.xlsx",
    )
    run_import(actor=officer, batch=batch)
    assert Submission.objects.get(batch=batch).version == registration


@pytest.mark.django_db
def test_the_import_pages_write_through_the_actions_and_leave_audit_entries(
    login: Any, world: Any, counts: Any
) -> None:
    analyst = world.user(Role.ANALYST)
    client = login(analyst)
    upload = SimpleUploadedFile("c.csv", COUNTS)
    response = client.post(
        reverse("web:import_new"),
        {"questionnaire": counts.questionnaire_id, "site": str(world.agadez.pk), "file": upload},
    )
    batch = ImportBatch.objects.get()
    mapping_url = reverse("web:import_mapping", args=[batch.pk])
    assert response["Location"] == mapping_url
    columns = {f"column-{i}": q for i, q in enumerate(["day", "direction", "size", "men"])}
    # Two columns on one question: refused with the reason, nothing saved.
    refused = client.post(mapping_url, {**columns, "column-4": "men"})
    assert refused.status_code == 200
    assert "Two columns" in refused.content.decode()
    assert not MappingPreset.objects.exists()
    started = client.post(mapping_url, {**columns, "column-4": "women", "save_as": "weekly"})
    assert started.status_code == 302
    preset = MappingPreset.objects.get(name="weekly")
    import_batch.call(batch.pk)
    row = QuarantinedRow.objects.get(batch=batch)
    discard = client.post(reverse("web:quarantine_row", args=[batch.pk, row.pk]), {"discard": "1"})
    assert discard.status_code == 302
    row.refresh_from_db()
    assert row.status == QuarantinedRow.Status.DISCARDED
    for audited in (batch, preset, row):
        assert analyst.pk in {e.actor_id for e in LogEntry.objects.get_for_object(audited)}
    changes = [e.changes_dict for e in LogEntry.objects.get_for_object(row)]
    assert any("status" in c for c in changes)


def test_one_tuple_names_the_flow_count_fields_of_the_model() -> None:
    from mixflow.intake.flow_count_fields import FLOW_COUNT_FIELDS
    from mixflow.intake.models import FlowCount

    own = [
        f.name
        for f in FlowCount._meta.concrete_fields
        if f.name not in ("id", "organisation", "site", "recorded_by", "source_ref")
    ]
    assert tuple(own) == FLOW_COUNT_FIELDS


def test_the_api_shows_every_flow_count_field_of_the_tuple() -> None:
    # The serializer declares each field's type (the API imports no model), so it names the
    # fields itself: it must name exactly the tuple's.
    from mixflow.api.serializers import FlowCountOut
    from mixflow.intake.flow_count_fields import FLOW_COUNT_FIELDS

    assert set(FlowCountOut().fields) == {"id", "site", *FLOW_COUNT_FIELDS}


@pytest.mark.django_db
def test_questionnaires_and_submissions_are_audited_without_their_bulk_or_answers(
    world: Any, registration: Any
) -> None:
    version_entry = LogEntry.objects.get_for_object(registration).get()
    assert version_entry.actor_id == world.user(Role.ORG_ADMIN).pk
    assert "version" in version_entry.changes_dict
    assert not {"xlsform", "xform"} & set(version_entry.changes_dict)
    assert LogEntry.objects.get_for_object(registration.questionnaire).exists()
    submission = _receive(world, registration, None, "Audited").submission
    entry = LogEntry.objects.get_for_object(submission).get()
    assert entry.actor_id == world.user(Role.REGISTRATION_OFFICER).pk
    assert "instance_id" in entry.changes_dict
    assert "answers" not in entry.changes_dict
    assert "Audited" not in str(entry.changes)
