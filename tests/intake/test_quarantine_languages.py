"""A quarantined row's problems are said in the language of whoever reads them, not in the
language of whoever imported the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.intake.models import ImportBatch, QuarantinedRow


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path))


def _imported_in_french(client: Any, world: Any, registration: Any, rows: str) -> ImportBatch:
    from mixflow.intake.tasks import import_batch

    response = client.post(
        reverse("web:import_new"),
        {
            "questionnaire": registration.questionnaire_id,
            "site": str(world.agadez.pk),
            "file": SimpleUploadedFile("q.csv", rows.encode()),
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    batch = ImportBatch.objects.get()
    assert batch.language == "fr"
    client.post(
        response["Location"],
        {"column-0": "given", "column-1": "family", "column-2": "sex", "column-3": "born"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    import_batch.call(batch.pk)
    batch.refresh_from_db()
    return batch


def test_a_row_imported_in_french_is_read_in_spanish(
    login: Any, world: Any, registration: Any
) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    rows = "prénom,family,sex,born\nAwa,,robot,1990-01-01\nSami,Musa,male,3000-01-01\nLina,Musa\n"
    batch = _imported_in_french(client, world, registration, rows)
    assert batch.quarantined == 3
    url = reverse("web:quarantine_list", args=[batch.pk])

    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "«robot» no es una de las opciones." in spanish  # Mixflow's message
    assert "No en el futuro" in spanish  # the form's own constraint message, in Spanish
    assert "Esta fila tiene 2 celdas y el archivo tiene 4 columnas" in spanish  # the reader's
    assert "ne fait pas partie des choix" not in spanish
    assert "Pas dans le futur" not in spanish

    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "«\u00a0robot\u00a0» ne fait pas partie des choix proposés." in french
    assert "Pas dans le futur" in french

    row = batch.quarantine.get(row_number=1)
    one = client.get(
        reverse("web:quarantine_row", args=[batch.pk, row.pk]), HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "«robot» no es una de las opciones." in one.content.decode()


def test_a_correction_refused_in_spanish_is_read_in_french(
    login: Any, world: Any, registration: Any
) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    batch = _imported_in_french(
        client, world, registration, "prénom,family,sex,born\nAwa,,robot,\n"
    )
    row = batch.quarantine.get()
    url = reverse("web:quarantine_row", args=[batch.pk, row.pk])
    refused = client.post(
        url, {"v-0": "Awa", "v-1": "", "v-2": "alien", "v-3": ""}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "«alien» no es una de las opciones." in refused.content.decode()
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "«\u00a0alien\u00a0» ne fait pas partie des choix proposés." in french


def test_rows_quarantined_before_are_still_shown(login: Any, world: Any, registration: Any) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    batch = _imported_in_french(
        client, world, registration, "prénom,family,sex,born\nAwa,,robot,\n"
    )
    # What rows stored before messages had codes hold: the text, in the importer's language.
    QuarantinedRow.objects.filter(batch=batch).update(
        errors={"sex": "« robot » ne fait pas partie des choix proposés."}
    )
    url = reverse("web:quarantine_list", args=[batch.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "« robot » ne fait pas partie des choix proposés." in page


def test_an_import_refused_as_a_whole_is_read_in_spanish(
    login: Any, world: Any, registration: Any
) -> None:
    from mixflow.intake.tasks import import_batch

    client = login(world.user(Role.REGISTRATION_OFFICER))
    client.post(
        reverse("web:import_new"),
        {
            "questionnaire": registration.questionnaire_id,
            "site": str(world.agadez.pk),
            "file": SimpleUploadedFile("q.csv", b"given,family\nAwa,Musa\n"),
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    batch = ImportBatch.objects.get()
    # The stored copy is lost before the worker reads it (a disk that filled up).
    Path(batch.stored_file).write_bytes(b"")
    import_batch.call(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    url = reverse("web:import_detail", args=[batch.pk])
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Este archivo está vacío" in spanish
    assert "Ce fichier est vide" not in spanish
    assert '"code"' not in spanish  # the stored form is never shown
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ce fichier est vide" in french


@pytest.mark.parametrize(
    ("language", "said", "not_said"),
    [
        ("en", "longer than 65,536 bytes", "65536"),
        ("fr", "Cette cellule dépasse 65\u00a0536 octets", "longer than"),
        ("es", "Esta celda supera los 65\u00a0536 bytes", "longer than"),
    ],
)
def test_a_readers_message_is_said_again_with_its_numbers_in_the_readers_language(
    login: Any, world: Any, registration: Any, language: str, said: str, not_said: str
) -> None:
    """The file reader's messages (Django-free) are kept as their template and values: read
    in another language than the importer's, their words and their numbers follow."""
    client = login(world.user(Role.REGISTRATION_OFFICER))
    long_name = "x" * 70_000
    batch = _imported_in_french(
        client, world, registration, f"prénom,family,sex,born\nAwa,{long_name},female,\n"
    )
    assert batch.quarantined == 1
    assert batch.quarantine.get().errors["family"]["params"] == {"limit": 65536}
    url = reverse("web:quarantine_list", args=[batch.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert said in page
    assert not_said not in page


def test_a_message_stored_with_its_values_as_text_is_still_shown(
    login: Any, world: Any, registration: Any
) -> None:
    """Rows quarantined before numbers were kept as numbers hold them as text: said as they
    were written, in the reader's language."""
    client = login(world.user(Role.REGISTRATION_OFFICER))
    batch = _imported_in_french(
        client, world, registration, "prénom,family,sex,born\nAwa,,robot,\n"
    )
    QuarantinedRow.objects.filter(batch=batch).update(
        errors={
            "sex": {
                "code": "This cell is longer than %(limit)s bytes; only the beginning was kept.",
                "params": {"limit": "65536"},
            }
        }
    )
    url = reverse("web:quarantine_list", args=[batch.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Esta celda supera los 65536 bytes" in page


@pytest.mark.parametrize(
    ("language", "said", "not_said"),
    [
        ("fr", "Ce fichier n'est ni un fichier CSV ni un fichier Excel", "is not a CSV"),
        ("es", "Este archivo no es un archivo CSV ni Excel (parece un archivo PNG)", "is not"),
    ],
)
def test_a_file_refused_at_upload_is_refused_in_the_pages_language(
    login: Any, world: Any, registration: Any, language: str, said: str, not_said: str
) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    response = client.post(
        reverse("web:import_new"),
        {
            "questionnaire": registration.questionnaire_id,
            "file": SimpleUploadedFile("x.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert said in error
    assert not_said not in error
    assert not ImportBatch.objects.exists()


def test_the_import_command_refuses_a_file_in_its_language(
    world: Any, registration: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mixflow.cli.main import main

    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    form = ["--form", "test_registration", "--organisation", "home"]
    assert main(["--language", "fr", "import", str(picture), *form]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mixflow import\u00a0: Ce fichier n'est ni un fichier CSV"), err
    assert main(["--language", "es", "import", str(picture), *form]) == 2
    assert "Este archivo no es un archivo CSV ni Excel (parece un archivo PNG)" in (
        capsys.readouterr().err
    )
