from __future__ import annotations

from pathlib import Path

import pytest

from mixflow.intake.xlsform.mapping_targets import DESCRIPTIONS, MAPPING_TARGETS
from mixflow.intake.xlsform.model import Question, Section
from mixflow.intake.xlsform.parse import FormError, Problem, form_xml, load_xlsform
from tests.intake.xlsform.forms import EN, ES, FR, form, workbook

BASE_ROWS = [
    ("type", "name", f"label::{EN}", f"label::{FR}", f"hint::{EN}", "mixflow"),
    ("start", "started", "", "", "", ""),
    ("today", "day", "", "", "", "encounter.occurred_on"),
    ("deviceid", "device", "", "", "", ""),
    ("username", "user", "", "", "", ""),
    ("end", "ended", "", "", "", ""),
    ("text", "given", "Given name", "Prénom", "As written", "person.given_name"),
    ("integer", "age", "Age", "Âge", "", "person.age_years"),
    ("decimal", "cost", "Cost", "Coût", "", "encounter.smuggler_cost_usd"),
    ("date", "born", "Born", "Né le", "", "person.date_of_birth"),
    ("select_one sex", "sex", "Sex", "Sexe", "", "person.sex"),
    ("select_multiple reasons", "why", "Why", "Pourquoi", "", "encounter.reasons_for_leaving"),
    ("note", "intro", "Hello", "Bonjour", "", ""),
    ("geopoint", "where", "Where", "Où", "", ""),
    ("calculate", "twice", "", "", "", ""),
    ("begin_group", "journey", "Journey", "Voyage", "", ""),
    ("text", "route", "Route", "Route", "", ""),
    ("end_group", "", "", "", "", ""),
    ("begin_repeat", "members", "Member", "Membre", "", "group.members"),
    ("text", "m_name", "Name", "Nom", "", "person.given_name"),
    ("text", "m_rel", "Relation", "Lien", "", "member.relationship"),
    ("end_repeat", "", "", "", "", ""),
]
ALL_TYPES: list[tuple[str, ...]] = [
    (*row, "calculation" if i == 0 else ("${age} * 2" if row[1] == "twice" else ""))
    for i, row in enumerate(BASE_ROWS)
]
CHOICES = [
    ("list_name", "name", f"label::{EN}", f"label::{FR}"),
    ("sex", "female", "Female", "Femme"),
    ("sex", "male", "Male", "Homme"),
    ("reasons", "work", "Work", "Travail"),
    ("reasons", "war", "War", ""),
]


def test_every_supported_type_is_parsed_with_rows_and_mapping() -> None:
    parsed = form(ALL_TYPES, CHOICES)
    types = {q.name: q.type for q in parsed.questions()}
    assert types == {
        "started": "start",
        "day": "today",
        "device": "deviceid",
        "user": "username",
        "ended": "end",
        "given": "text",
        "age": "integer",
        "cost": "decimal",
        "born": "date",
        "sex": "select_one",
        "why": "select_multiple",
        "intro": "note",
        "where": "geopoint",
        "twice": "calculate",
        "route": "text",
        "m_name": "text",
        "m_rel": "text",
    }
    assert parsed.question("given").row == 7
    assert parsed.question("m_rel").row == 21
    assert parsed.question("given").maps_to == "person.given_name"
    assert parsed.question("intro").maps_to is None
    members = parsed.children[-1]
    assert isinstance(members, Section)
    assert members.repeat
    assert members.maps_to == "group.members"
    assert members.row == 19
    journey = parsed.element("journey")
    assert isinstance(journey, Section)
    assert not journey.repeat
    assert [c.name for c in journey.children] == ["route"]


def test_languages_labels_and_fallbacks() -> None:
    parsed = form(ALL_TYPES, CHOICES)
    assert parsed.languages == ("en", "fr")
    assert parsed.default_language == "en"
    given = parsed.question("given")
    assert given.label == {"en": "Given name", "fr": "Prénom"}
    assert given.label_in("fr") == "Prénom"
    assert given.label_in("fr-ca") == "Prénom"
    assert given.label_in("es") == "Given name"  # missing → the default language
    assert given.hint_in("fr") == "As written"  # only English: first available
    assert parsed.question("started").label_in("fr") == "started"  # no label → the name
    war = parsed.question("why").choice("war")
    assert war is not None
    assert war.label_in("fr") == "War"
    assert [c.name for c in parsed.question("sex").choices] == ["female", "male"]
    assert set(parsed.choice_lists) == {"sex", "reasons"}


def test_settings_and_the_xform_are_kept() -> None:
    content = workbook(
        [("type", "name", "label"), ("text", "q", "Q")],
        settings=[("form_id", "version", "form_title"), ("reg", "2026-09", "Registration")],
    )
    parsed = load_xlsform(content, "reg.xlsx")
    assert parsed.form_id == "reg"
    assert parsed.version == "2026-09"
    assert parsed.title_in("fr") == "Registration"
    assert '<data id="reg" version="2026-09">' in form_xml(parsed)
    assert "mixflow" not in parsed.xform


def test_a_path_is_read_like_bytes(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    path.write_bytes(workbook([("type", "name", "label"), ("integer", "n", "N")]))
    assert load_xlsform(path, "f.xlsx").question("n").type == "integer"


def test_columns_are_read_into_the_question() -> None:
    parsed = form(
        [
            (
                "type",
                "name",
                "label",
                "required",
                f"required_message::{EN}",
                "relevant",
                "constraint",
                f"constraint_message::{FR}",
                "default",
                "read_only",
                "appearance",
                "calculation",
                "choice_filter",
            ),
            ("integer", "n", "N", "yes", "Needed", "", ". > 0", "Positif", "2", "yes", "", "", ""),
            ("select_one c", "c", "C", "", "", "${n} > 1", "", "", "", "", "minimal", "", "k = 1"),
            ("calculate", "k2", "", "", "", "", "", "", "", "", "", "${n} * 2", ""),
        ],
        [("list_name", "name", "label", "k"), ("c", "a", "A", "1")],
    )
    n = parsed.question("n")
    assert (n.required, n.required_message, n.constraint) == ("true()", {"en": "Needed"}, ". > 0")
    assert n.constraint_message == {"fr": "Positif"}
    assert (n.default, n.default_is_expression, n.read_only) == ("2", False, "true()")
    c = parsed.question("c")
    assert (c.relevant, c.appearance, c.choice_filter) == ("${n} > 1", "minimal", "k = 1")
    assert c.choices[0].extra == {"k": "1"}
    assert parsed.question("k2").calculation == "${n} * 2"


def test_mapping_vocabulary_is_documented() -> None:
    assert "person.given_name" in MAPPING_TARGETS
    assert "consent.method" in MAPPING_TARGETS
    assert len(MAPPING_TARGETS) == 65  # 58, and the 7 screening answers of issue 9
    assert all(DESCRIPTIONS[t] for t in MAPPING_TARGETS)


def refused(
    survey: list[tuple[str, ...]], choices: list[tuple[str, ...]] | None = None
) -> list[Problem]:
    with pytest.raises(FormError) as caught:
        form(survey, choices or [])
    return caught.value.problems


@pytest.mark.parametrize(
    "kind",
    [
        "range",
        "rank r",
        "xml-external",
    ],
)
def test_types_only_odk_collect_shows_are_accepted_with_a_note(kind: str) -> None:
    parsed = form(
        [("type", "name", "label"), ("text", "ok", "OK"), (kind, "other", "Other")],
        [("list_name", "name", "label"), ("r", "a", "A")],
    )
    assert [(n.sheet, n.row, n.column) for n in parsed.notes] == [("survey", 3, "type")]
    assert kind in parsed.notes[0].message
    assert "ODK Collect" in parsed.notes[0].message


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("time", "time"),
        ("datetime", "datetime"),
        ("date time", "datetime"),
        ("image", "image"),
        ("photo", "image"),
        ("audio", "audio"),
        ("video", "video"),
        ("file", "file"),
        ("barcode", "barcode"),
        ("acknowledge", "acknowledge"),
        ("trigger", "acknowledge"),
        ("phonenumber", "phonenumber"),
        ("phone number", "phonenumber"),
        ("uri:deviceid", "deviceid"),
        ("email", "email"),
        ("simserial", "simserial"),
        ("subscriberid", "subscriberid"),
        ("start-geopoint", "start-geopoint"),
    ],
)
def test_the_types_of_the_spec_are_read_without_a_note(kind: str, expected: str) -> None:
    parsed = form([("type", "name", "label"), (kind, "q", "Q")])
    assert parsed.notes == ()
    assert parsed.question("q").type == expected


def test_or_other_adds_the_other_choice() -> None:
    parsed = form(
        [("type", "name", "label"), ("select_one r or_other", "q", "Q")],
        [("list_name", "name", "label"), ("r", "a", "A")],
    )
    assert [c.name for c in parsed.question("q").choices] == ["a", "other"]
    assert parsed.notes == ()


def test_unknown_columns_are_kept_with_a_note() -> None:
    parsed = form(
        [
            ("type", "name", "label", "media::image", "my notes", "parameters"),
            ("text", "a", "A", "x.png", "ask Bob", ""),
        ]
    )
    assert [(n.sheet, n.row, n.column) for n in parsed.notes] == [
        ("survey", 1, "media::image"),
        ("survey", 1, "my notes"),
        ("survey", 1, "parameters"),
    ]
    assert "ignored" in parsed.notes[1].message
    assert parsed.question("a").label == {"en": "A"}


@pytest.mark.parametrize(
    "column",
    ["label::French (fr)", "label:French", "label::fr", "label::Français (fr)", "LABEL::fr"],
)
def test_every_spelling_of_a_language_column_is_read(column: str) -> None:
    parsed = form(
        [
            ("type", "name", "label::English (en)", column, "hint:French", "required"),
            ("integer", "a", "Age", "Âge", "En années", "yes"),
        ]
    )
    question = parsed.question("a")
    assert question.label["fr"] == "Âge"
    assert question.hint["fr"] == "En années"
    assert parsed.languages == ("en", "fr")
    assert parsed.notes == ()


def test_choice_labels_in_the_one_colon_spelling_are_read() -> None:
    parsed = form(
        [("type", "name", "label:English", "label:French"), ("select_one yn", "q", "Q", "Q")],
        [("list_name", "name", "label:English", "label:French"), ("yn", "y", "Yes", "Oui")],
    )
    assert parsed.question("q").choices[0].label == {"en": "Yes", "fr": "Oui"}
    assert parsed.languages == ("en", "fr")


def test_per_language_messages_are_read() -> None:
    parsed = form(
        [
            (
                "type",
                "name",
                "label::English (en)",
                "label::French (fr)",
                "constraint",
                "constraint_message::English (en)",
                "constraint_message::French (fr)",
                "required",
                "required_message::English (en)",
                "required_message::French (fr)",
            ),
            (
                "integer",
                "a",
                "Age",
                "Âge",
                ". < 120",
                "Too old",
                "Trop âgé",
                "yes",
                "Age?",
                "Âge ?",
            ),
        ]
    )
    question = parsed.question("a")
    assert question.constraint_message == {"en": "Too old", "fr": "Trop âgé"}
    assert question.required_message == {"en": "Age?", "fr": "Âge ?"}


def test_unknown_mapping_target_is_refused() -> None:
    problems = refused(
        [
            ("type", "name", "label", "mixflow"),
            ("text", "a", "A", "person.given_name"),
            ("text", "b", "B", "person.shoe_size"),
            ("text", "c", "C", "member.relationship"),
            ("text", "d", "D", "group.members"),
        ]
    )
    assert [(p.row, p.column) for p in problems] == [(3, "mixflow"), (4, "mixflow"), (5, "mixflow")]
    assert "person.shoe_size" in problems[0].message


def test_what_only_odk_collect_evaluates_is_accepted_with_a_note() -> None:
    parsed = form(
        [
            ("type", "name", "label", "relevant", "constraint", "calculation"),
            ("integer", "a", "A", "", ". > 0", ""),
            ("integer", "b", "B", "pulldata('x', 'y', 'z', ${a})", "", ""),
            ("integer", "c", "C", "", "/data/a > 1", ""),
            ("calculate", "d", "", "", "", "randomize(${a})"),
            ("text", "e", "E", "a > 1", "", ""),
            ("calculate", "f", "", "", "", "sqrt(${a}) + pow(2, 3)"),
        ]
    )
    assert [(n.row, n.column) for n in parsed.notes] == [
        (3, "relevant"),
        (3, "relevant"),
        (4, "constraint"),
        (5, "calculation"),
        (6, "relevant"),
    ]
    assert "pulldata('x', …)" in parsed.notes[0].message
    assert "Attach the CSV file" in parsed.notes[1].message
    assert "/data/a" in parsed.notes[2].message
    assert "randomize()" in parsed.notes[3].message


def test_pulldata_of_an_attached_csv_is_evaluated_on_the_server() -> None:
    from mixflow.intake.xlsform.validate import validate_answers

    content = workbook(
        [
            ("type", "name", "label", "calculation"),
            ("text", "item", "Item", ""),
            ("calculate", "price", "", "pulldata('prices', 'price', 'item', ${item})"),
        ]
    )
    media = {"prices.csv": b"item,price\nrice,12\noil,30\n"}
    parsed = load_xlsform(content, "test.xlsx", media=media)
    assert parsed.notes == ()
    assert validate_answers(parsed, {"item": "oil"}).answers["price"] == "30"


def test_duplicate_names_in_one_scope_are_refused() -> None:
    problems = refused(
        [
            ("type", "name", "label"),
            ("text", "a", "A"),
            ("begin_group", "g", "G"),
            ("text", "a", "A again"),
            ("end_group", "", ""),
        ]
    )
    assert [(p.row, p.column) for p in problems] == [(4, "name")]


def test_pyxform_errors_become_problems() -> None:
    problems = refused([("type", "name", "label", "relevant"), ("text", "a", "A", "${nope} = 1")])
    assert len(problems) == 1
    assert "nope" in problems[0].message


def test_missing_choice_list_and_bad_files_are_refused() -> None:
    problems = refused([("type", "name", "label"), ("select_one nolist", "a", "A")])
    assert [(p.row, p.column) for p in problems] == [(2, "type")]
    with pytest.raises(FormError, match="xlsx"):
        load_xlsform(b"not a workbook", "form.xlsx")
    with pytest.raises(FormError, match="xlsx"):
        load_xlsform(workbook([("type", "name"), ("text", "a")]), "form.xls")


def test_several_problems_are_reported_at_once() -> None:
    problems = refused(
        [("type", "name", "label", "colour"), ("text", "a", "A", ""), ("text", "a", "B", "")],
    )
    assert [(p.row, p.column) for p in problems] == [(3, "name")]
    assert "row 3" in str(problems[0])


def test_questions_and_question_lookup() -> None:
    parsed = form(ALL_TYPES, CHOICES)
    assert isinstance(parsed.question("m_name"), Question)
    with pytest.raises(KeyError):
        parsed.question("nope")


def test_spanish_language_code() -> None:
    parsed = form([("type", "name", f"label::{ES}", f"label::{EN}"), ("text", "a", "Uno", "One")])
    assert parsed.question("a").label == {"es": "Uno", "en": "One"}


def test_other_sheets_and_settings_are_kept_with_a_note() -> None:
    import io

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(io.BytesIO(workbook([("type", "name", "label"), ("text", "a", "A")])))
    book.create_sheet("entities").append(["list_name", "label"])
    book.create_sheet("changelog").append(["when", "what"])
    book["settings"]["D1"] = "submission_url"
    book["settings"]["E1"] = "public_key"
    out = io.BytesIO()
    book.save(out)
    parsed = load_xlsform(out.getvalue(), "f.xlsx")
    assert [(n.sheet, n.row, n.column) for n in parsed.notes] == [
        ("entities", None, None),
        ("changelog", None, None),
        ("settings", 1, "submission_url"),
        ("settings", 1, "public_key"),
    ]
    assert "ODK Collect" in parsed.notes[0].message
    assert "ignored" in parsed.notes[1].message


def test_a_lone_sheet_is_the_survey() -> None:
    import io

    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["type", "name", "label"])
    sheet.append(["text", "a", "A"])
    out = io.BytesIO()
    book.save(out)
    assert load_xlsform(out.getvalue(), "f.xlsx").question("a").type == "text"
