"""Comparing two records: names, dates, sex, nationality, and the explanation of the score."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mixflow.identity.linkage import LinkRecord, compare, load_settings
from mixflow.identity.linkage.features import loose_key, name_keys, parse_dob

SETTINGS = load_settings()


def _level(a: LinkRecord, b: LinkRecord, field: str) -> str:
    return next(f.level for f in compare(a, b, SETTINGS).fields if f.field == field)


def _person(**kw: str) -> LinkRecord:
    return LinkRecord(record_id=kw.pop("record_id", "x"), **kw)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Mohammed", "Muhammad"),
        ("Mohammed", "Mohamed"),
        ("Mohammed", "Maxamed"),
        ("Abdel Rahman", "Abd al-Rahman"),
        ("Tesfay", "Tesfaye"),
        ("González", "Gonzales"),
        ("Jhon", "John"),
        ("Mamadou", "Mahamadou"),
    ],
)
def test_transliteration_variants_are_one_name(left: str, right: str) -> None:
    a = _person(record_id="a", given_name=left, family_name="Osman")
    b = _person(record_id="b", given_name=right, family_name="Osman")
    assert _level(a, b, "name") == "same names"


@pytest.mark.parametrize(
    ("joined", "apart"),
    [
        ("Mohammadreza", "Mohammad Reza"),
        ("Gholamhossein", "Gholam Hossein"),
        ("Alireza", "Ali-Reza"),
        ("Mariajosé", "María José"),
    ],
)
def test_a_compound_written_joined_or_apart_is_one_name(joined: str, apart: str) -> None:
    a = _person(record_id="a", given_name=joined, family_name="Karimi", date_of_birth="1990")
    b = _person(record_id="b", given_name=apart, family_name="Karimi", date_of_birth="1990")
    assert _level(a, b, "name") == "same names"
    # And the first of its names alone is a name set within the other, as when apart.
    first = _person(record_id="c", given_name=apart.split()[0].split("-")[0], family_name="Karimi")
    assert _level(a, first, "name") == _level(b, first, "name")


def test_a_particle_written_joined_is_dropped_as_when_apart() -> None:
    a = _person(record_id="a", given_name="José", family_name="De La Cruz")
    b = _person(record_id="b", given_name="Jose", family_name="Delacruz")
    assert _level(a, b, "name") == "same names"


def test_different_names_stay_apart() -> None:
    a = _person(record_id="a", given_name="Hassan", family_name="Osman")
    b = _person(record_id="b", given_name="Hussein", family_name="Osman")
    assert _level(a, b, "name") != "same names"
    omar = _person(record_id="c", given_name="Omar", family_name="Ali")
    amir = _person(record_id="d", given_name="Amir", family_name="Ali")
    assert _level(omar, amir, "name") != "same names"


def test_name_order_does_not_matter() -> None:
    a = _person(record_id="a", given_name="Miguel", family_name="Torres")
    b = _person(record_id="b", given_name="Torrez", family_name="Miguel")
    assert _level(a, b, "name") == "same names"


def test_fathers_name_recorded_as_family_name() -> None:
    full = _person(given_name="Yonas", father_name="Tesfaye", family_name="Gebremedhin")
    short = _person(record_id="y", given_name="Yonas", family_name="Tesfay")
    assert _level(full, short, "name") == "one name set within the other"
    # A sibling shares the father's and grandfather's names, not the given name.
    sibling = _person(
        record_id="s", given_name="Selam", father_name="Tesfaye", family_name="Gebremedhin"
    )
    assert _level(full, sibling, "name") == "two or more tokens shared, not the given name"
    assert compare(full, short, SETTINGS).score > compare(full, sibling, SETTINGS).score


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        # Hayle and Hailu both meet Haile: one name shared there, not two.
        (
            ("Hayle", "Hailu", "Abbebe"),
            ("Yohannes", "Haile", "Abebe"),
            "two or more tokens shared, not the given name",
        ),
        # Mohammad and Mohammadi share a loose key: Mohammad Rahimi shares one name with
        # Mohammad Mohammadi, not both.
        (("Mohammad", "", "Mohammadi"), ("Mohammad", "", "Rahimi"), "one token shared"),
        # Two different names with one wide key (José, Díaz) are still both shared.
        (("José", "", "Díaz"), ("Jose", "", "Diaz"), "same names"),
        (("Hailu", "Haile", "Abebe"), ("Haile", "Hailu", "Abebe"), "same names"),
        # One name in common, two others on each side that differ: another man.
        (
            ("Tesfaye", "Samuel", "Yonas"),
            ("Tesfaye", "Getachew", "Natnael"),
            "one name shared, two or more others on each side",
        ),
        # With one other name on a side, the father's name may just be missing.
        (("Tesfaye", "", "Yonas"), ("Tesfaye", "Getachew", "Natnael"), "one token shared"),
    ],
)
def test_a_name_is_shared_as_often_as_both_sides_hold_it(
    left: tuple[str, str, str], right: tuple[str, str, str], level: str
) -> None:
    """Shared names are counted as a matching, once per holder on each side, so a name
    written twice on one side, or two names with one loose key, cannot make every name of
    the pair look shared."""
    a = _person(record_id="a", given_name=left[0], father_name=left[1], family_name=left[2])
    b = _person(record_id="b", given_name=right[0], father_name=right[1], family_name=right[2])
    assert _level(a, b, "name") == level
    assert _level(b, a, "name") == level


def test_one_name_people() -> None:
    a = _person(record_id="a", given_name="Noor")
    b = _person(record_id="b", given_name="Nour")
    assert _level(a, b, "name") == "one-name person, name shared"


def test_particles_are_dropped() -> None:
    a = _person(record_id="a", given_name="José", family_name="de la Cruz")
    b = _person(record_id="b", given_name="Jose", family_name="Cruz")
    assert _level(a, b, "name") == "same names"


def test_placeholder_date_is_year_evidence_only() -> None:
    assert parse_dob("1990-01-01") == (1990, 0, 0, 3)
    a = _person(record_id="a", given_name="Ali", date_of_birth="1990-01-01")
    b = _person(record_id="b", given_name="Ali", date_of_birth="1990-06-15")
    assert _level(a, b, "date_of_birth") == "same year (year-only or placeholder date)"
    c = _person(record_id="c", given_name="Ali", date_of_birth="1990-06-16")
    assert _level(b, c, "date_of_birth") == "same year, month or day differ"


def test_day_month_swap_and_exact_dates() -> None:
    a = _person(record_id="a", given_name="Ali", date_of_birth="1990-04-03")
    b = _person(record_id="b", given_name="Ali", date_of_birth="1990-03-04")
    assert _level(a, b, "date_of_birth") == "day and month swapped"
    assert _level(a, a, "date_of_birth") == "same exact date"
    far = _person(record_id="c", given_name="Ali", date_of_birth="1970")
    assert _level(a, far, "date_of_birth") == "years more than 4 apart"
    assert compare(a, b, SETTINGS).score > compare(a, far, SETTINGS).score


def test_estimated_and_month_dates() -> None:
    a = _person(record_id="a", given_name="Ali", date_of_birth="1990-04")
    b = _person(record_id="b", given_name="Ali", date_of_birth="1990-04-20")
    assert _level(a, b, "date_of_birth") == "same year and month"
    assert parse_dob("~1988") == (1988, 0, 0, 4)


def test_nationality_confusions_are_data() -> None:
    a = _person(record_id="a", given_name="Ali", nationality="SDN")
    b = _person(record_id="b", given_name="Ali", nationality="SSD")
    c = _person(record_id="c", given_name="Ali", nationality="MEX")
    assert _level(a, b, "nationality") == "commonly confused or shared"
    assert _level(a, c, "nationality") == "different"
    assert ("SDN", "SSD") in SETTINGS.confusions
    other = _person(
        record_id="d", given_name="Ali", nationality="MEX", other_nationalities=("SDN",)
    )
    assert _level(a, other, "nationality") == "commonly confused or shared"


def test_sex_and_missing_fields_weigh_nothing() -> None:
    a = _person(record_id="a", given_name="Ali", sex="male")
    b = _person(record_id="b", given_name="Ali")
    fields = {f.field: f for f in compare(a, b, SETTINGS).fields}
    assert fields["sex"].level == "missing"
    assert fields["sex"].weight == 0
    assert fields["date_of_birth"].weight == 0


def test_explanation_is_field_by_field() -> None:
    a = _person(
        record_id="a",
        given_name="Mohammed",
        family_name="Salah",
        sex="male",
        date_of_birth="1988-01-01",
        nationality="SYR",
    )
    b = _person(
        record_id="b",
        given_name="Maxamed",
        family_name="Salah",
        sex="male",
        date_of_birth="1988",
        nationality="SYR",
    )
    match = compare(a, b, SETTINGS)
    by_field = {f.field: f for f in match.fields}
    assert set(by_field) == {f.name for f in SETTINGS.fields}
    assert by_field["name"].left == "Mohammed / Salah"
    assert by_field["name"].right == "Maxamed / Salah"
    assert by_field["date_of_birth"].note.startswith("1 January")
    assert match.score == pytest.approx(
        SETTINGS.prior + sum(f.weight for f in match.fields), abs=0.01
    )
    assert 0 < match.probability < 1
    assert match.decision in ("link", "review", "apart")
    assert "name: same names" in match.describe()


def test_decision_follows_thresholds() -> None:
    a = _person(
        record_id="a",
        given_name="Tesfay",
        father_name="Gebre",
        family_name="Kidane",
        sex="male",
        date_of_birth="1991-05-17",
        nationality="ERI",
    )
    same = _person(
        record_id="b",
        given_name="Tesfaye",
        father_name="Ghebre",
        family_name="Kidane",
        sex="male",
        date_of_birth="1991-05-17",
        nationality="ETH",
    )
    other = _person(
        record_id="c",
        given_name="Amina",
        family_name="Torres",
        sex="female",
        date_of_birth="1960",
        nationality="VEN",
    )
    assert compare(a, same, SETTINGS).decision == "link"
    assert compare(a, other, SETTINGS).decision == "apart"


def test_keys_helpers() -> None:
    assert [k for _, k in name_keys("Abd al-Rahman")] == [k for _, k in name_keys("Abdel Rahman")]
    assert loose_key("GNZLS") == loose_key("GNZLZ")
    assert loose_key("HSN") != loose_key("HSIN")


def test_package_imports_without_django_settings() -> None:
    code = (
        "import os, sys; os.environ.pop('DJANGO_SETTINGS_MODULE', None);"
        "import mixflow.identity.linkage as l;"
        "from django.conf import settings;"
        "assert not settings.configured; print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr


def _three(given: str, father: str, family: str, record_id: str = "x") -> LinkRecord:
    return _person(
        record_id=record_id,
        given_name=given,
        father_name=father,
        family_name=family,
        sex="male",
        date_of_birth="1993",
        nationality="ETH",
    )


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        # Names handed down in another order: Tekle son of Mesfin, Mesfin son of Tekle.
        (
            ("Tekle", "Mesfin", "Berhane"),
            ("Mesfin", "Tekle", "Berhane"),
            "one's given name is the other's father's name",
        ),
        # A man and his father: the son's father's name is the father's given name.
        (
            ("Abebe", "Getachew", "Tesfaye"),
            ("Getachew", "Tesfaye", "Mulugeta"),
            "one's given name is the other's father's name",
        ),
        # The recording errors the names are compared for stay unweighed: given and family
        # swapped, a father's name taken for the family name, a spelling.
        (("Abebe", "Getachew", "Tesfaye"), ("Tesfaye", "Getachew", "Abebe"), "missing"),
        (("Abebe", "Getachew", "Tesfaye"), ("Abebe", "", "Getachew"), "missing"),
        (("Abebe", "Getachew", "Tesfaye"), ("Abbebe", "Getachew", "Tesfay"), "missing"),
        # A name in the father's field on one side only says nothing about places.
        (("Mesfin", "", "Tekle"), ("Tekle", "Mesfin", "Berhane"), "missing"),
    ],
)
def test_a_given_name_found_in_the_fathers_place(
    left: tuple[str, str, str], right: tuple[str, str, str], level: str
) -> None:
    a = _three(*left, record_id="a")
    b = _three(*right, record_id="b")
    assert _level(a, b, "name_places") == level
    assert _level(b, a, "name_places") == level


def test_names_in_other_places_weigh_against() -> None:
    """The same three names, each person's own first: the pair with the names in other
    places scores lower by the field's weight, which is bounded like any disagreement."""
    tekle = _three("Tekle", "Mesfin", "Berhane", record_id="a")
    mesfin = _three("Mesfin", "Tekle", "Berhane", record_id="b")
    again = _three("Tekle", "Mesfin", "Berhane", record_id="c")
    crossed = compare(tekle, mesfin, SETTINGS)
    same = compare(tekle, again, SETTINGS)
    weight = next(f.weight for f in crossed.fields if f.field == "name_places")
    assert -6.7 < weight < -2
    assert crossed.score == pytest.approx(same.score + weight, abs=0.01)
    assert crossed.decision != "link"


def test_one_name_of_many_weighs_more_against_than_one_name() -> None:
    settings = load_settings()
    weights = dict(
        zip(settings.field("name").levels, settings.field("name").weights(), strict=True)
    )
    many = weights["one name shared, two or more others on each side"]
    assert many < weights["one token shared, not a common name"] - 1
    # "One token shared" is now the common name's half of the level; pairs sharing one name
    # of many still have the name-rarity field weigh it as well (about -1.6 bits).
    assert many < weights["one token shared"]
    assert many > -6.7
