"""Column names to questions: exact, folded, group-prefixed, by label; presets validated."""

from __future__ import annotations

import json

import pytest

from mixflow.intake.importing.columns import (
    MappingPreset,
    PresetError,
    normalise_header,
    suggest_mapping,
)

QUESTIONS = ["given_name", "family_name", "date-of-birth", "sex", "consent"]
LABELS = {
    "given_name": ["Given name", "Prénom", "الاسم"],
    "family_name": ["Family name", "Nom de famille"],
    "sex": ["**Sex**", "Sexe"],
}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Given_Name", "given_name"),
        ("  Given   name ", "given_name"),
        ("Prénom", "prenom"),
        ("person/given_name", "given_name"),
        ("grp/sub/Given Name", "given_name"),
        ("person-given_name", "given_name"),
        ("date-of-birth", "date-of-birth"),
        ("person-date-of-birth", "date-of-birth"),
        ("person/unknown", "person/unknown"),
    ],
)
def test_normalise_header(header: str, expected: str) -> None:
    assert normalise_header(header, QUESTIONS) == expected


def test_without_questions_the_header_is_only_folded() -> None:
    assert normalise_header("Person/Given  Name") == "person/given_name"


def test_suggest_mapping_uses_names_groups_and_labels() -> None:
    columns = [
        "given_name",
        "Family Name",
        "grp-date-of-birth",
        "Sexe",
        "person/consent",
        "_uuid",
        "Prénom",
    ]
    assert suggest_mapping(columns, QUESTIONS, LABELS) == {
        "given_name": "given_name",
        "Family Name": "family_name",
        "grp-date-of-birth": "date-of-birth",
        "Sexe": "sex",
        "person/consent": "consent",
        "_uuid": None,
        "Prénom": None,  # given_name is already taken by the exact column
    }


def test_a_label_shared_by_two_questions_is_not_guessed() -> None:
    labels = {"given_name": ["Name"], "family_name": ["Name"]}
    assert suggest_mapping(["Name"], QUESTIONS, labels) == {"Name": None}


def test_a_label_in_another_script_matches() -> None:
    assert suggest_mapping(["الاسم"], QUESTIONS, LABELS) == {"الاسم": "given_name"}


def test_presets_round_trip_through_json_and_are_validated() -> None:
    preset = MappingPreset("kobo 2026", {"person/given_name": "given_name", "_uuid": None})
    data = json.loads(json.dumps(preset.to_data()))
    assert MappingPreset.from_data(data, QUESTIONS) == preset


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"name": "x", "mapping": {"a": "nickname"}}, "nickname"),
        ({"name": "x", "mapping": {"a": "sex", "b": "sex"}}, "same question: sex"),
        ({"name": " ", "mapping": {}}, "needs a name"),
        ({"name": "x", "mapping": ["a"]}, "not a mapping preset"),
        ({"name": "x", "mapping": {"a": 3}}, "not a mapping preset"),
    ],
)
def test_bad_presets_are_rejected(data: dict[str, object], words: str) -> None:
    with pytest.raises(PresetError) as error:
        MappingPreset.from_data(data, QUESTIONS)
    assert words in str(error.value)
