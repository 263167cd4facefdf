"""The default questionnaires: valid XLSForms (ODK Validate), complete in three languages,
mapped with Mixflow's vocabulary onto the application's codes, and reproducibly built."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pycountry
import pytest
from django.db.models import TextChoices
from openpyxl import load_workbook  # type: ignore[import-untyped]
from pyxform.xls2xform import convert  # type: ignore[import-untyped]

from mixflow.intake.mapping import map_answers, mapping_of
from mixflow.intake.questionnaires import DEFAULT_QUESTIONNAIRES, path_of
from mixflow.intake.questionnaires.build import build
from mixflow.intake.xlsform.mapping_targets import MAPPING_TARGETS
from mixflow.intake.xlsform.parse import load_xlsform
from mixflow.intake.xlsform.validate import validate_answers
from mixflow.lib import vocabularies as v
from mixflow.protection.profiling.answers import ANSWERS as PROFILING_ANSWERS

FORM_IDS = ("flow_monitoring_registry", "flow_monitoring_survey", "registration_screening")
LANGS = ("English (en)", "Français (fr)", "Español (es)")
TRANSLATED = ("label", "hint", "constraint_message", "required_message")
UNLABELLED_TYPES = {"calculate", "start", "end", "today", "deviceid", "username"}
TODAY = datetime.date(2026, 11, 29)

Sheet = list[dict[str, str]]


def sheet(path: Path, name: str) -> Sheet:
    book = load_workbook(path, read_only=True)
    rows = [
        [("" if c is None else str(c)) for c in row]
        for row in book[name].iter_rows(values_only=True)
    ]
    book.close()
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(path, read_only=True)
    out = {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    book.close()
    return out


def mappings(form_id: str) -> dict[str, str]:
    """question name → mixflow target."""
    return {r["name"]: r["mixflow"] for r in sheet(path_of(form_id), "survey") if r.get("mixflow")}


def list_of(row: dict[str, str]) -> str:
    return row["type"].split()[1]


def choice_names(form_id: str, list_name: str) -> set[str]:
    return {c["name"] for c in sheet(path_of(form_id), "choices") if c["list_name"] == list_name}


def form(form_id: str) -> Any:
    return load_xlsform(path_of(form_id), f"{form_id}.xlsx")


# --- the packaged files ----------------------------------------------------------------


def test_the_three_forms_are_packaged_by_form_id() -> None:
    assert set(DEFAULT_QUESTIONNAIRES) == set(FORM_IDS)
    for form_id in FORM_IDS:
        assert path_of(form_id).is_file()
        settings = sheet(path_of(form_id), "settings")[0]
        assert settings["form_id"] == form_id
        assert settings["default_language"] == LANGS[0]
        assert settings["version"].isdigit()
    with pytest.raises(KeyError):
        path_of("no_such_form")


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_odk_validate_accepts_the_form(form_id: str) -> None:
    result = convert(xlsform=str(path_of(form_id)), validate=True)
    for lang in LANGS:
        assert f'lang="{lang}"' in result.xform
    assert "instanceID" in result.xform


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_mixflow_parser_accepts_the_form(form_id: str) -> None:
    assert form(form_id).form_id == form_id


# --- three languages everywhere --------------------------------------------------------


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_text_exists_in_the_three_languages(form_id: str) -> None:
    rows = sheet(path_of(form_id), "survey")
    for row in rows:
        kind = row["type"]
        if kind in UNLABELLED_TYPES or kind.startswith("end_"):
            continue
        assert all(row[f"label::{lang}"].strip() for lang in LANGS), row["name"]
        for column in TRANSLATED:
            texts = [row.get(f"{column}::{lang}", "").strip() for lang in LANGS]
            assert all(texts) or not any(texts), (row["name"], column)
    for choice in sheet(path_of(form_id), "choices"):
        assert all(choice[f"label::{lang}"].strip() for lang in LANGS), choice


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_the_translations_are_not_copies_of_the_english(form_id: str) -> None:
    rows = [r for r in sheet(path_of(form_id), "survey") if r.get(f"label::{LANGS[0]}")]
    for lang in LANGS[1:]:
        same = [r["name"] for r in rows if r[f"label::{lang}"] == r[f"label::{LANGS[0]}"]]
        assert len(same) <= len(rows) // 20, (lang, same)


# --- mapping ---------------------------------------------------------------------------


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_mapping_is_a_mixflow_field(form_id: str) -> None:
    targets = set(mappings(form_id).values())
    assert targets
    assert targets <= MAPPING_TARGETS, targets - MAPPING_TARGETS


def test_the_registry_maps_the_flow_count_and_nothing_else() -> None:
    targets = set(mappings("flow_monitoring_registry").values())
    assert {f"flow_count.{f}" for f in ("group_size", "men", "women", "boys", "girls")} <= targets
    assert {
        "flow_count.observed_at",
        "flow_count.site",
        "flow_count.direction",
        "flow_count.unaccompanied_children",
        "flow_count.pregnant_women",
        "flow_count.older_persons",
        "flow_count.persons_with_disability",
    } <= targets
    assert all(t.startswith("flow_count.") for t in targets)


def test_the_survey_is_anonymous() -> None:
    targets = set(mappings("flow_monitoring_survey").values())
    assert all(
        t.startswith(("encounter.", "sensitive.")) or t == "consent.statistics" for t in targets
    ), targets
    assert {
        "consent.statistics",
        "encounter.reasons_for_leaving",
        "encounter.countries_transited",
        "sensitive.trafficking_indicators",
    } <= targets
    names = {r["name"] for r in sheet(path_of("flow_monitoring_survey"), "survey")}
    assert not any(n.endswith("_name") for n in names), names


def test_registration_maps_person_consent_and_members() -> None:
    rows = sheet(path_of("registration_screening"), "survey")
    targets = {r["mixflow"] for r in rows if r.get("mixflow")}
    assert {
        "person.given_name",
        "person.family_name",
        "person.father_name",
        "person.native_name",
        "person.date_of_birth",
        "person.dob_precision",
        "person.age_years",
        "person.sex",
        "person.nationality",
        "person.other_nationality",
        "person.languages",
        "person.document_kind",
        "group.kind",
        "consent.services",
        "consent.statistics",
        "consent.family_tracing",
        "consent.share_with_organisation",
        "consent.withhold_from",
        "consent.method",
        "encounter.used_smuggler",
        "encounter.wishes_return",
        "sensitive.wishes_asylum",
        "sensitive.trafficking_indicators",
        "sensitive.violence_incidents",
        "sensitive.health_conditions",
    } <= targets
    repeats = [
        r for r in rows if r["type"] == "begin_repeat" and r.get("mixflow") == "group.members"
    ]
    assert len(repeats) == 1
    mapping = mapping_of(form("registration_screening"))
    assert mapping.members_repeat == repeats[0]["name"]
    assert {"person.given_name", "person.sex", "member.relationship"} <= set(
        mapping.member_targets.values()
    )


# --- choices are the application's codes -----------------------------------------------

VOCABULARY: dict[str, type[TextChoices]] = {
    "person.sex": v.Sex,
    "person.dob_precision": v.DatePrecision,
    "person.document_kind": v.DocumentKind,
    "group.kind": v.GroupKind,
    "member.relationship": v.Relationship,
    "flow_count.direction": v.Direction,
    "flow_count.transport": v.Transport,
    "encounter.transport": v.Transport,
    "flow_count.reason": v.ReasonForLeaving,
    "encounter.reasons_for_leaving": v.ReasonForLeaving,
    "sensitive.trafficking_indicators": v.TraffickingIndicator,
    "sensitive.violence_incidents": v.ViolenceIncident,
    "sensitive.health_conditions": v.HealthCondition,
    "consent.method": v.ConsentMethod,
}
COUNTRY_TARGETS = {
    "person.nationality",
    "person.other_nationality",
    "person.document_country",
    "encounter.country_of_origin",
    "encounter.country_of_residence",
    "encounter.countries_transited",
    "encounter.intended_destination",
    "flow_count.nationality",
    "flow_count.intended_destination",
    "sensitive.refugee_country",
}
YES_NO_TARGETS = {
    "encounter.used_smuggler",
    "encounter.wishes_return",
    "sensitive.wishes_asylum",
    "consent.services",
    "consent.statistics",
    "consent.family_tracing",
    "sensitive.fear_of_return",
    "sensitive.refugee_elsewhere",
    "sensitive.single_caregiver",
    "sensitive.travelling_with_others",
}
SCREENING_CODES = {
    # What the profiling rules read (protection.profiling.answers) is what the form offers.
    "sensitive.under_18": set(PROFILING_ANSWERS["under_18"].values),
    "sensitive.child_care": set(PROFILING_ANSWERS["child_care"].values),
}
ALPHA_3 = {c.alpha_3 for c in pycountry.countries}


def mapped_selects() -> Iterator[tuple[str, str, dict[str, str]]]:
    for form_id in FORM_IDS:
        for row in sheet(path_of(form_id), "survey"):
            if row["type"].startswith("select_") and row.get("mixflow"):
                yield form_id, row["mixflow"], row


def test_mapped_choices_are_the_application_codes() -> None:
    seen = set()
    for form_id, target, row in mapped_selects():
        names = choice_names(form_id, list_of(row))
        seen.add(target)
        if target in VOCABULARY:
            assert names == set(VOCABULARY[target].values), (form_id, row["name"])
        elif target in COUNTRY_TARGETS:
            assert ALPHA_3 <= names <= ALPHA_3 | {"XXA"}, (form_id, row["name"])
        elif target in YES_NO_TARGETS:
            assert {"yes", "no"} <= names <= {"yes", "no", "dont_know", "refused"}, row["name"]
        elif target in SCREENING_CODES:
            assert names == SCREENING_CODES[target], (form_id, row["name"])
        elif target == "person.languages":
            assert all(len(n) == 3 and pycountry.languages.get(alpha_3=n) for n in names)
        elif target == "flow_count.previous_transit_point":
            assert "NER-AGZ-BUS" in names
        else:
            pytest.fail(f"{form_id}: no check for the choices of {target}")
    assert {"person.sex", "sensitive.trafficking_indicators", "flow_count.direction"} <= seen


def test_country_names_are_translated() -> None:
    labels = {c["name"]: c for c in sheet(path_of("registration_screening"), "choices")}
    germany = labels["DEU"]
    assert (germany[f"label::{LANGS[0]}"], germany[f"label::{LANGS[1]}"]) == (
        "Germany",
        "Allemagne",
    )
    assert germany[f"label::{LANGS[2]}"] == "Alemania"


# --- the forms behave as designed (Mixflow's own validation and mapping) ---------------


def checked(form_id: str, raw: dict[str, Any]) -> Any:
    return validate_answers(form(form_id), raw, "fr", today=TODAY)


REGISTRY = {
    "site": "NER-AGZ-BUS",
    "observed_on": "2026-11-28",
    "observed_time": "14:30",
    "direction": "incoming",
    "group_size": 5,
    "men": 2,
    "women": 1,
    "boys": 1,
    "girls": 1,
    "nationality": "NGA",
    "previous_transit_point": "NER-NIA-BUS",
    "intended_destination": "LBY",
    "transport": "truck",
    "reason": "economic",
    "unaccompanied_children": 1,
}


def test_a_registry_row_maps_to_a_flow_count() -> None:
    result = checked("flow_monitoring_registry", REGISTRY)
    assert result.ok, result.errors
    mapped = map_answers(mapping_of(form("flow_monitoring_registry")), result.answers, TODAY)
    assert mapped.person is None
    assert mapped.flow_count is not None
    assert mapped.flow_count["observed_at"] == "2026-11-28T14:30:00"
    assert mapped.flow_count["group_size"] == 5
    assert mapped.flow_count["previous_transit_point"] == "NER-NIA-BUS"


def test_the_registry_refuses_counts_that_do_not_add_up() -> None:
    result = checked("flow_monitoring_registry", {**REGISTRY, "girls": 2})
    assert set(result.errors) == {"girls"}
    assert "taille du groupe" in result.errors["girls"]
    result = checked("flow_monitoring_registry", {**REGISTRY, "unaccompanied_children": 3})
    assert set(result.errors) == {"unaccompanied_children"}


def test_the_survey_asks_nothing_without_consent_and_only_from_14() -> None:
    refused = checked("flow_monitoring_survey", {"site": "NER-AGZ-BUS", "consent": "no"})
    assert refused.ok, refused.errors
    assert "age" not in refused.relevant
    child = checked(
        "flow_monitoring_survey",
        {
            "site": "NER-AGZ-BUS",
            "consent": "yes",
            "age": 13,
            "sex": "male",
            "reasons_for_leaving": "economic",
            "companions": "alone",
            "with_children": "no",
        },
    )
    assert set(child.errors) == {"age"}


def test_a_survey_maps_to_a_journey_and_sensitive_answers_only() -> None:
    result = checked(
        "flow_monitoring_survey",
        {
            "site": "NER-AGZ-BUS",
            "consent": "yes",
            "age": 25,
            "sex": "male",
            "nationality": "SDN",
            "country_of_origin": "SDN",
            "reasons_for_leaving": "conflict economic",
            "departure_date": "2026-06-01",
            "countries_transited": "TCD NER",
            "used_smuggler": "yes",
            "smuggler_cost_usd": 800,
            "companions": "friends",
            "any_exploitation": "yes",
            "trafficking_indicators": "forced_work unpaid",
            "trafficking_country_forced_work": "LBY",
            "with_children": "no",
        },
    )
    assert result.ok, result.errors
    days = (TODAY - datetime.date(2026, 6, 1)).days
    assert result.answers["journey_days"] in (days, str(days))
    mapped = map_answers(mapping_of(form("flow_monitoring_survey")), result.answers, TODAY)
    assert mapped.person is None
    assert not mapped.members
    assert mapped.journey is not None
    assert mapped.journey.countries_transited == ("TCD", "NER")
    assert mapped.sensitive.trafficking_indicators == ("forced_work", "unpaid")
    assert "trafficking_indicators" not in mapped.kept
    assert mapped.kept["trafficking_country_forced_work"] == "LBY"


def test_a_registration_maps_the_person_the_group_and_consent() -> None:
    result = checked(
        "registration_screening",
        {
            "site": "ITA-LMP-DIS",
            "consent_services": "yes",
            "consent_statistics": "yes",
            "consent_family_tracing": "no",
            "consent_share": "yes",
            "consent_share_with": "unhcr ngo-1",
            "consent_withhold": "no",
            "consent_method": "verbal",
            "given_name": "Mohamed",
            "family_name": "Ali",
            "sex": "male",
            "dob_precision": "year",
            "date_of_birth": "1990-01-01",
            "nationality": "ERI",
            "languages": "tir ara",
            "has_document": "no",
            "with_others": "yes",
            "group_kind": "family",
            "members": [
                {
                    "m_given_name": "Aster",
                    "m_sex": "female",
                    "m_dob_precision": "estimated",
                    "m_age_years": 7,
                    "m_relationship": "child",
                }
            ],
            "reasons_for_leaving": "persecution",
            "fear_of_return": "yes",
            "wishes_asylum": "yes",
            "under_18": "no",
        },
    )
    assert result.ok, result.errors
    mapped = map_answers(mapping_of(form("registration_screening")), result.answers, TODAY)
    assert mapped.person is not None
    assert (mapped.person.given_name, mapped.person.date_of_birth) == ("Mohamed", "1990")
    assert mapped.person.nationalities == ("ERI",)
    ((member, relationship),) = mapped.members
    assert (member.given_name, member.date_of_birth, relationship) == ("Aster", "2019", "child")
    assert mapped.sensitive.wishes_asylum is True
    assert {(c.purpose, c.given) for c in mapped.consents} >= {
        ("services", True),
        ("family_tracing", False),
    }
    assert [c.target_organisation for c in mapped.consents if c.target_organisation] == [
        "unhcr",
        "ngo-1",
    ]


def test_registration_asks_an_unsure_age_child_who_they_travel_with() -> None:
    base = {
        "site": "X",
        "consent_services": "yes",
        "consent_statistics": "yes",
        "consent_family_tracing": "yes",
        "consent_share": "no",
        "consent_withhold": "no",
        "consent_method": "signed",
        "given_name": "A",
        "sex": "female",
        "dob_precision": "estimated",
        "age_years": 16,
        "nationality": "AFG",
        "has_document": "no",
        "with_others": "no",
        "reasons_for_leaving": "conflict",
    }
    adult = checked("registration_screening", {**base, "under_18": "no"})
    assert adult.ok, adult.errors
    unsure = checked("registration_screening", {**base, "under_18": "possibly"})
    assert set(unsure.errors) == {"child_care"}


# --- reproducible build ----------------------------------------------------------------


def test_the_build_regenerates_the_committed_files(tmp_path: Path) -> None:
    first = build(tmp_path / "a")
    second = build(tmp_path / "b")
    assert [p.name for p in first] == [f"{f}.xlsx" for f in FORM_IDS]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert cells(a) == cells(DEFAULT_QUESTIONNAIRES[a.stem])


def test_every_answer_the_profiling_rules_read_is_a_question_of_the_registration() -> None:
    names = {r["name"] for r in sheet(path_of("registration_screening"), "survey")}
    assert set(PROFILING_ANSWERS) <= names, set(PROFILING_ANSWERS) - names


def test_the_screening_answers_are_stored_behind_view_sensitive() -> None:
    mapping = mapping_of(form("registration_screening"))
    assert {
        "fear_of_return",
        "refugee_elsewhere",
        "refugee_country",
        "under_18",
        "child_care",
        "single_caregiver",
        "with_others",
    } <= mapping.sensitive_questions()
