"""Bulk import: counts always add up, nothing is lost, re-import creates nothing, resumable."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from mixflow.identity.models import Person
from mixflow.intake import import_batch_actions as imports
from mixflow.intake.actions import correct_row, start_import
from mixflow.intake.actions import run_import as run_import_action
from mixflow.intake.import_batch_actions import preview, store_upload
from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.models import ImportBatch, QuarantinedRow, Submission

HEADER = "given,family,sex,born,nationality,smuggler,cost\n"
GOOD = [
    "Maxamed,Cabdi,male,1998-02-03,SOM,yes,1200",
    "Zoé,Hernández,female,2001-05-06,VEN,no,",
    "Tesfay,Haile,male,1997-01-01,ERI,yes,800",
]
BAD = [
    "Awet,Kidane,male,2999-01-01,ERI,no,",  # born in the future
    ",Nameless,female,1990-01-01,SDN,no,",  # no given name (required)
    "Yonas,Berhe,robot,1990-01-01,ERI,no,",  # not a choice
]


def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _batch(
    world: Any,
    version: Any,
    path: Path,
    name: str | None = None,
    *,
    actor: Any = None,
    language: str = "en",
) -> ImportBatch:
    with path.open("rb") as source:
        return start_import(
            actor=actor or world.user("registration_officer"),
            questionnaire=version.questionnaire,
            source=source,
            file_name=name or path.name,
            site=world.agadez,
            language=language,
        )


def run_import(batch: ImportBatch, **kw: Any) -> None:
    """What the worker does: import as the person who uploaded the file."""
    run_import_action(actor=batch.uploaded_by, batch=batch, **kw)


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))


@pytest.mark.django_db
def test_rows_are_imported_or_quarantined_and_the_counts_add_up(
    world: Any, registration: Any, tmp_path: Path
) -> None:
    content = (HEADER + "\n".join(GOOD + BAD) + "\n").encode("utf-8")
    batch = _batch(world, registration, _file(tmp_path, "people.csv", content))
    assert batch.mapping["given"] == "given"
    run_import(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.rows_total, batch.imported, batch.quarantined) == (6, 3, 3)
    assert batch.imported + batch.already_present + batch.quarantined == batch.rows_total
    assert Person.objects.filter(given_name__in=["Maxamed", "Zoé", "Tesfay"]).count() == 3
    reasons = {r.row_number: r.errors for r in QuarantinedRow.objects.filter(batch=batch)}
    assert set(reasons) == {4, 5, 6}
    assert "born" in reasons[4]
    assert "given" in reasons[5]
    assert "sex" in reasons[6]


@pytest.mark.django_db
def test_importing_the_same_file_twice_creates_nothing_new(
    world: Any, registration: Any, tmp_path: Path
) -> None:
    content = (HEADER + "\n".join(GOOD + BAD) + "\n").encode("utf-8")
    path = _file(tmp_path, "people.csv", content)
    run_import(_batch(world, registration, path))
    people, submissions, quarantined = (
        Person.objects.count(),
        Submission.objects.count(),
        QuarantinedRow.objects.count(),
    )
    again = _batch(world, registration, path, "people-again.csv")
    run_import(again)
    again.refresh_from_db()
    assert (again.imported, again.already_present, again.quarantined) == (0, 6, 0)
    assert (Person.objects.count(), Submission.objects.count(), QuarantinedRow.objects.count()) == (
        people,
        submissions,
        quarantined,
    )


@pytest.mark.django_db
def test_a_quarantined_row_is_corrected_and_imported(
    world: Any, registration: Any, tmp_path: Path
) -> None:
    content = (HEADER + BAD[0] + "\n").encode("utf-8")
    batch = _batch(world, registration, _file(tmp_path, "one.csv", content))
    run_import(batch)
    row = QuarantinedRow.objects.get(batch=batch)
    still_bad = correct_row(
        actor=world.user("registration_officer"), row=row, values={**row.values, "born": "tomorrow"}
    )
    assert not still_bad.ok
    assert "born" in still_bad.errors
    fixed = correct_row(
        actor=world.user("registration_officer"),
        row=row,
        values={**row.values, "born": "1999-01-01"},
    )
    assert fixed.ok
    batch.refresh_from_db()
    assert (batch.imported, batch.quarantined) == (1, 0)
    assert Person.objects.filter(given_name="Awet").exists()
    # The original file again: the corrected row is already there.
    again = _batch(world, registration, _file(tmp_path, "one-again.csv", content))
    run_import(again)
    again.refresh_from_db()
    assert (again.imported, again.already_present, again.quarantined) == (0, 1, 0)


@pytest.mark.django_db
def test_a_crash_midway_leaves_whole_chunks_and_the_import_resumes(
    world: Any, registration: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    rows = [f"Person{i},Family{i},female,1990-01-{i + 1:02d},SDN,no," for i in range(7)]
    batch = _batch(
        world, registration, _file(tmp_path, "seven.csv", (HEADER + "\n".join(rows)).encode())
    )

    class Killed(Exception):
        pass

    def crash_after_two_chunks(b: ImportBatch) -> None:
        if b.rows_done >= 4:
            raise Killed

    with pytest.raises(Killed):
        run_import(batch, progress=crash_after_two_chunks)
    batch.refresh_from_db()
    assert batch.rows_done == 4
    assert batch.status == ImportBatch.Status.FAILED
    assert "row 4" in batch.failure
    # Kept as a message code: said in the language of whoever reads the batch.
    with translation.override("es"):
        assert "después de la fila 4" in batch.failure
    with translation.override("fr"):
        assert "après la ligne 4" in batch.failure
    assert batch.imported == 4
    assert Person.objects.filter(given_name__startswith="Person").count() == 4
    run_import(batch)
    batch.refresh_from_db()
    assert (batch.rows_total, batch.imported, batch.status) == (7, 7, ImportBatch.Status.DONE)
    assert Person.objects.filter(given_name__startswith="Person").count() == 7


HOSTILE = {
    "empty.csv": b"",
    "binary.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "zip.csv": b"PK\x03\x04" + b"\x00" * 200,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_unreadable_files_get_a_clear_error_and_change_nothing(
    world: Any, registration: Any, tmp_path: Path, name: str
) -> None:
    people = Person.objects.count()
    stored, _sha, _ = store_upload(io.BytesIO(HOSTILE[name]), name)
    with pytest.raises(ImportFileError) as error:
        preview(stored, name, registration)
    assert str(error.value.message)
    assert Person.objects.count() == people


@pytest.mark.django_db
def test_a_file_refused_as_a_whole_is_said_in_the_readers_language(
    world: Any, registration: Any, tmp_path: Path
) -> None:
    # Uploaded by a French-speaking officer, opened later by a Spanish-speaking one; the
    # stored copy was emptied before the worker read it (a disk that filled up).
    people = Person.objects.count()
    content = (HEADER + "Awa,Musa,female,1990-01-01,SDN,no,\n").encode()
    batch = _batch(world, registration, _file(tmp_path, "une.csv", content), language="fr")
    Path(batch.stored_file).write_bytes(b"")
    run_import(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    with translation.override("fr"):
        french = batch.failure
    with translation.override("es"):
        spanish = batch.failure
    with translation.override("en"):
        english = batch.failure
    assert len({french, spanish, english}) == 3, (french, spanish, english)
    assert Person.objects.count() == people
    # A refusal stored as text before messages were kept as codes is shown as written.
    ImportBatch.objects.filter(pk=batch.pk).update(error="Le fichier est vide.")
    batch.refresh_from_db()
    with translation.override("es"):
        assert batch.failure == "Le fichier est vide."


@pytest.mark.django_db
def test_hostile_cells_are_quarantined_with_their_reason(
    world: Any, registration: Any, tmp_path: Path
) -> None:
    big = "x" * (10 * 1024 * 1024)
    content = (
        HEADER
        + '=HYPERLINK("http://evil.example","click"),Doe,male,1990-01-01,SDN,no,\n'
        + f"{big},Doe,male,1990-01-01,SDN,no,\n"
        + "Amina,Doe,female,1990-01-01,XXX,no,\n"
    ).encode()
    batch = _batch(world, registration, _file(tmp_path, "hostile.csv", content))
    run_import(batch)
    batch.refresh_from_db()
    assert batch.rows_total == 3
    assert batch.imported + batch.quarantined == 3
    errors = [r.errors for r in QuarantinedRow.objects.filter(batch=batch).order_by("row_number")]
    assert "given" in errors[0]
    assert "given" in errors[1]
    assert not Person.objects.filter(given_name__startswith="=").exists()


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _formats() -> dict[str, bytes]:
    import json

    header = HEADER.strip().split(",")
    rows = [line.split(",") for line in GOOD]
    kobo = {
        "count": 3,
        "next": None,
        "results": [
            {
                **{f"person/{k}": v for k, v in zip(header, row, strict=True) if v},
                "_uuid": f"6b1f0c4e-0000-4000-8000-00000000000{i}",
                "_submission_time": "2026-11-01T10:00:00",
            }
            for i, row in enumerate(rows)
        ],
    }
    central = [
        ["SubmissionDate", *(f"person-{h}" for h in header), "meta-instanceID", "KEY"],
        *[
            ["2026-11-01T10:00:00.000Z", *row, f"uuid:c{i}", f"uuid:c{i}"]
            for i, row in enumerate(rows)
        ],
    ]
    central_csv = "\n".join(",".join(r) for r in central) + "\n"
    return {
        "people.xlsx": _xlsx([header, *rows]),
        "kobo.json": json.dumps(kobo, ensure_ascii=False).encode("utf-8"),
        "central.csv": central_csv.encode("utf-8"),
        "semicolon-cp1252.csv": (HEADER + "\n".join(GOOD) + "\n")
        .replace(",", ";")
        .encode("cp1252"),
        "utf16.csv": (HEADER + "\n".join(GOOD) + "\n").encode("utf-16"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(_formats()))
def test_each_format_is_imported_and_a_second_time_creates_nothing(
    world: Any, registration: Any, tmp_path: Path, name: str
) -> None:
    content = _formats()[name]
    batch = _batch(world, registration, _file(tmp_path, name, content))
    assert batch.mapping.get(next(c for c in batch.mapping if c.endswith("given"))) == "given"
    run_import(batch)
    batch.refresh_from_db()
    assert (batch.rows_total, batch.imported, batch.quarantined) == (3, 3, 0), batch.error
    assert Person.objects.filter(given_name__in=["Maxamed", "Zoé", "Tesfay"]).count() == 3
    assert Person.objects.filter(family_name="Hernández").exists()
    again = _batch(world, registration, _file(tmp_path, "again-" + name, content))
    run_import(again)
    again.refresh_from_db()
    assert (again.imported, again.already_present) == (0, 3)


@pytest.mark.django_db
def test_row_problems_are_explained_in_the_uploaders_language(
    world: Any, registration: Any, tmp_path: Path
) -> None:
    content = (
        b"given,family,sex,born,nationality,unexpected\n"
        b"Awet,Kidane,male,31/12/1990,ERI,extra\n"
        b"Hawa,Kamara,female,1990-01-01,XYZ,extra\n"
    )
    batch = _batch(world, registration, _file(tmp_path, "fr.csv", content), language="fr")
    assert batch.mapping["unexpected"] is None  # an extra column is kept, not an error
    run_import(batch)
    batch.refresh_from_db()
    assert (batch.rows_total, batch.quarantined) == (2, 2)
    # Stored as codes, said in the reader's language: here the uploader reads French.
    with translation.override("fr"):
        rows = QuarantinedRow.objects.filter(batch=batch).order_by("row_number")
        errors = [r.problems for r in rows]
    assert "AAAA-MM-JJ" in errors[0]["born"]
    assert "code pays ISO 3166" in errors[1]["nationality"]


@pytest.mark.django_db
def test_counts_take_the_bulk_path_and_still_add_up(
    world: Any, counts: Any, tmp_path: Path
) -> None:
    from mixflow.intake.models import FlowCount

    content = (
        b"day,direction,size,men,women\n"
        b"2026-09-01,incoming,5,2,3\n"
        b"2026-09-02,outgoing,2,1,1\n"
        b"2026-09-03,incoming,2,2,3\n"  # more adults than people: quarantined
        b"2026-09-04,sideways,2,1,1\n"  # not a choice: quarantined
    )
    batch = _batch(
        world, counts, _file(tmp_path, "counts.csv", content), actor=world.user("analyst")
    )
    run_import(batch)
    batch.refresh_from_db()
    assert (batch.rows_total, batch.imported, batch.quarantined) == (4, 2, 2)
    stored_counts = FlowCount.objects.filter(organisation=world.home).order_by("observed_at")
    assert [(c.group_size, c.men, c.women) for c in stored_counts] == [(5, 2, 3), (2, 1, 1)]
    submissions = Submission.objects.filter(batch=batch)
    assert sorted(s.flow_count_id for s in submissions) == sorted(c.pk for c in stored_counts)
    assert {r.row_number for r in QuarantinedRow.objects.filter(batch=batch)} == {3, 4}
    again = _batch(world, counts, _file(tmp_path, "counts-again.csv", content))
    run_import(again)
    again.refresh_from_db()
    assert (again.imported, again.already_present, again.quarantined) == (0, 4, 0)
    assert FlowCount.objects.filter(organisation=world.home).count() == 2
