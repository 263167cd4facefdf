"""Hostile rows: one bad row never stops an import, nothing is changed or dropped silently.

Each file mixes good rows with rows the form accepted once but the domain did not (a date of
birth in 1720, 30 February in a text date, an organisation that does not exist, a number too
big for the database), codes the domain does not know, ragged rows and reused instance ids.
Every row is accounted for: imported + already present + quarantined = rows in the file, the
count line ``mixflow import`` prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from mixflow.identity.models import Person
from mixflow.intake.actions import (
    ROW_FIELD,
    apply_mapping,
    correct_row,
    run_import,
    start_import,
    upload_questionnaire,
)
from mixflow.intake.models import ImportBatch, QuarantinedRow, QuestionnaireVersion, Submission
from mixflow.protection.models import Consent
from tests.intake.builders import labels, xlsform

pytestmark = pytest.mark.django_db

HEADER = "given,family,sex,born,nationality,smuggler,cost\n"
GOOD = [
    "Maxamed,Cabdi,male,1998-02-03,SOM,yes,1200",
    "Zoé,Hernández,female,2001-05-06,VEN,no,",
]


def hostile_form() -> bytes:
    """A form as organisations write them: sex coded f/m, a date typed as text, consent to
    share with an organisation named by its code, and a question that maps to nothing."""
    survey = [
        {
            "type": "text",
            "name": "given",
            "required": "yes",
            "mixflow": "person.given_name",
            **labels("Given name", "Prénom", "Nombre"),
        },
        {
            "type": "select_one sex",
            "name": "sex",
            "mixflow": "person.sex",
            **labels("Sex", "Sexe", "Sexo"),
        },
        {
            "type": "text",
            "name": "born",
            "mixflow": "person.date_of_birth",
            **labels("Date of birth", "Date de naissance", "Fecha de nacimiento"),
        },
        {
            "type": "text",
            "name": "share",
            "mixflow": "consent.share_with_organisation",
            **labels("Share with", "Partager avec", "Compartir con"),
        },
        {
            "type": "decimal",
            "name": "cost",
            "mixflow": "encounter.smuggler_cost_usd",
            **labels("Cost (USD)", "Coût (USD)", "Costo (USD)"),
        },
        {"type": "text", "name": "remarks", **labels("Remarks", "Remarques", "Observaciones")},
    ]
    choices = [
        {"list_name": "sex", "name": "f", **labels("Female", "Femme", "Mujer")},
        {"list_name": "sex", "name": "m", **labels("Male", "Homme", "Hombre")},
        {"list_name": "sex", "name": "n", **labels("Not said", "Non dit", "No dicho")},
    ]
    return xlsform(survey, choices, form_id="hostile", title="Hostile")


@pytest.fixture
def hostile(world: Any) -> QuestionnaireVersion:
    return upload_questionnaire(
        actor=world.user("org_admin"),
        organisation=world.home,
        content=hostile_form(),
        file_name="hostile.xlsx",
    )


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))


def _import(
    world: Any,
    version: QuestionnaireVersion,
    tmp_path: Path,
    text: str,
    *,
    name: str = "rows.csv",
    mapping: dict[str, str | None] | None = None,
    language: str = "en",
) -> ImportBatch:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    actor = world.user("registration_officer")
    with path.open("rb") as source:
        batch = start_import(
            actor=actor,
            questionnaire=version.questionnaire,
            source=source,
            file_name=name,
            site=world.agadez,
            language=language,
        )
    if mapping is not None:
        batch = apply_mapping(actor=actor, batch=batch, mapping=mapping)
    run_import(actor=actor, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.error
    # The count line of ``mixflow import``: every row of the file is accounted for.
    assert batch.imported + batch.already_present + batch.quarantined == batch.rows_total
    return batch


def _reasons(batch: ImportBatch) -> dict[int, dict[str, str]]:
    """Each quarantined row's problems, said in the active language."""
    return {row.row_number: row.problems for row in QuarantinedRow.objects.filter(batch=batch)}


def test_a_date_of_birth_the_form_accepts_but_no_person_can_have_is_quarantined(
    world: Any, registration: QuestionnaireVersion, tmp_path: Path
) -> None:
    rows = [GOOD[0], "Awet,Kidane,male,1720-01-01,ERI,no,", GOOD[1]]
    batch = _import(world, registration, tmp_path, HEADER + "\n".join(rows) + "\n")
    assert (batch.rows_total, batch.imported, batch.quarantined) == (3, 2, 1)
    assert "1720-01-01" in _reasons(batch)[2]["born"]
    assert "1850" in _reasons(batch)[2]["born"]
    assert not Person.objects.filter(given_name="Awet").exists()


def test_the_reason_is_in_the_uploaders_language(
    world: Any, registration: QuestionnaireVersion, tmp_path: Path
) -> None:
    rows = ["Awet,Kidane,male,1720-01-01,ERI,no,"]
    batch = _import(world, registration, tmp_path, HEADER + "\n".join(rows) + "\n", language="fr")
    with translation.override("fr"):  # the uploader reading the row
        assert "date de naissance" in _reasons(batch)[1]["born"]


def test_a_number_too_big_for_the_database_quarantines_its_row_only(
    world: Any, hostile: QuestionnaireVersion, tmp_path: Path
) -> None:
    """The savepoint per row: an error only the database sees is the row's, not the chunk's."""
    text = "given,sex,cost\nAmina,f,100\nHodan,f,1e30\nSelam,m,\n"
    batch = _import(world, hostile, tmp_path, text)
    assert (batch.rows_total, batch.imported, batch.quarantined) == (3, 2, 1)
    assert "could not be stored" in _reasons(batch)[2][ROW_FIELD]
    assert not Person.objects.filter(given_name="Hodan").exists()
    assert Person.objects.filter(given_name__in=["Amina", "Selam"]).count() == 2


def test_impossible_text_dates_and_unknown_organisations_are_quarantined(
    world: Any, hostile: QuestionnaireVersion, tmp_path: Path
) -> None:
    text = (
        "given,sex,born,share,remarks\n"
        "Hodan,f,1990-02-30,,\n"
        "Tesfay,m,1990-02-03,unknown-code,\n"
        "Amina,f,1992-03-04,other,sleeps at the station\n"
        "Yonas,n,1993-01-01,,\n"
        "Selam,m,1994,,\n"
    )
    batch = _import(world, hostile, tmp_path, text)
    assert (batch.rows_total, batch.imported, batch.quarantined) == (5, 2, 3)
    reasons = _reasons(batch)
    assert "1990-02-30" in reasons[1]["born"]
    assert "unknown-code" in reasons[2]["share"]
    assert "“n”" in reasons[4]["sex"]
    amina = Person.objects.get(given_name="Amina")
    assert amina.sex == "female"  # the form's "f", never "unknown"
    assert Person.objects.get(given_name="Selam").sex == "male"
    assert Consent.objects.filter(person=amina, target_organisation=world.other).exists()


def test_columns_mapped_to_no_question_are_kept_with_the_submission(
    world: Any, hostile: QuestionnaireVersion, tmp_path: Path
) -> None:
    text = "given,sex,tent,remarks\nAmina,f,B-12,\n"
    batch = _import(world, hostile, tmp_path, text)
    assert batch.mapping["tent"] is None
    submission = Submission.objects.get(batch=batch)
    assert submission.unmapped["tent"] == "B-12"


def test_a_corrected_row_keeps_its_unmapped_columns(
    world: Any, hostile: QuestionnaireVersion, tmp_path: Path
) -> None:
    batch = _import(world, hostile, tmp_path, "given,sex,born,tent\nHodan,f,1990-02-30,B-7\n")
    row = QuarantinedRow.objects.get(batch=batch)
    fixed = correct_row(
        actor=world.user("registration_officer"),
        row=row,
        values={**row.values, "born": "1990-02-28"},
    )
    assert fixed.ok, fixed.errors
    submission = Submission.objects.get(batch=batch)
    assert submission.unmapped["tent"] == "B-7"
    assert Person.objects.get(given_name="Hodan").date_of_birth.isoformat() == "1990-02-28"


def test_ragged_rows_are_quarantined_never_padded(
    world: Any, registration: QuestionnaireVersion, tmp_path: Path
) -> None:
    rows = [GOOD[0], "Awet,Kidane,male", "Yonas,Berhe,male,1990-01-01,ERI,no,,extra", GOOD[1]]
    batch = _import(world, registration, tmp_path, HEADER + "\n".join(rows) + "\n")
    assert (batch.rows_total, batch.imported, batch.quarantined) == (4, 2, 2)
    reasons = _reasons(batch)
    assert "3 cells where the file has 7 columns" in reasons[2]["born"]
    assert "more cells" in reasons[3]["#8"]
    assert not Person.objects.filter(given_name__in=["Awet", "Yonas"]).exists()


def test_rows_only_quarantined_before_are_imported_with_the_right_mapping(
    world: Any, registration: QuestionnaireVersion, tmp_path: Path
) -> None:
    text = HEADER + "\n".join(GOOD) + "\n"
    wrong = dict.fromkeys(HEADER.strip().split(",")) | {"family": "given"}
    first = _import(world, registration, tmp_path, text, mapping=wrong)
    assert (first.imported, first.already_present, first.quarantined) == (0, 0, 2)
    # The same file read the same way again: its rows wait in quarantine, counted once.
    same = _import(world, registration, tmp_path, text, mapping=wrong)
    assert (same.imported, same.already_present, same.quarantined) == (0, 2, 0)
    right = _import(world, registration, tmp_path, text)
    assert (right.imported, right.already_present, right.quarantined) == (2, 0, 0)
    assert Person.objects.filter(given_name__in=["Maxamed", "Zoé"]).count() == 2
    again = _import(world, registration, tmp_path, text)
    assert (again.imported, again.already_present, again.quarantined) == (0, 2, 0)


def test_a_reused_instance_id_with_other_content_is_quarantined(
    world: Any, registration: QuestionnaireVersion, tmp_path: Path
) -> None:
    header = "_uuid," + HEADER
    first = _import(world, registration, tmp_path, header + "uuid:1," + GOOD[0] + "\n")
    assert first.imported == 1
    text = header + "uuid:1," + GOOD[0] + "\n" + "uuid:1," + GOOD[1] + "\n"
    second = _import(world, registration, tmp_path, text, name="again.csv")
    assert (second.imported, second.already_present, second.quarantined) == (0, 1, 1)
    existing = Submission.objects.get(instance_id="uuid:1")
    assert str(existing.pk) in _reasons(second)[2][ROW_FIELD]
    assert not Person.objects.filter(given_name="Zoé").exists()
