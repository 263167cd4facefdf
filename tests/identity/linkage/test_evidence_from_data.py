"""Evidence measured on the data at hand: typing slips in names, namesakes born the same year."""

from __future__ import annotations

import dataclasses

import numpy as np

from mixflow.identity.linkage import LinkRecord, compare, dedupe, load_settings
from mixflow.identity.linkage.compare import Comparer, population
from mixflow.identity.linkage.features import Encoder, slips

SETTINGS = load_settings()


def _name_level(left: str, right: str) -> str:
    a = LinkRecord(record_id="a", given_name="Luis", family_name=left)
    b = LinkRecord(record_id="b", given_name="Luis", family_name=right)
    return next(f.level for f in compare(a, b, SETTINGS).fields if f.field == "name")


def test_a_typing_slip_in_a_long_name_is_the_same_name() -> None:
    # A letter dropped, a letter changed, two neighbours swapped.
    assert _name_level("Rodriguez", "Rodiguez") == "same names"
    assert _name_level("Quintero", "Quinteo") == "same names"
    assert _name_level("Gebremedhin", "Gebremeshin") == "same names"
    assert _name_level("Hernandez", "Hernadnez") == "same names"


def test_letters_spanish_writes_for_one_sound_are_the_same_name() -> None:
    # b and v, ll and y, g and j before e and i: as desks hear and write them.
    assert _name_level("Castillo", "Castiyo") == "same names"
    assert _name_level("Vargas", "Bargas") == "same names"
    assert _name_level("Llanos", "Yanos") == "same names"
    assert _name_level("Gerardo", "Jerardo") == "same names"
    assert _name_level("Gibril", "Jibril") == "same names"
    # ... but not in short names, nor a g that Spanish says hard.
    assert _name_level("Ravi", "Rabi") != "same names"
    assert _name_level("Guido", "Juido") != "same names"


def test_short_names_are_not_joined_across_a_slip() -> None:
    assert slips("Omar".lower()) == ()
    assert _name_level("Omar", "Amir") != "same names"
    assert _name_level("Nadia", "Nadir") != "same names"
    assert _name_level("Karim", "Karin") != "same names"


def test_ids_given_never_change_as_new_spellings_arrive() -> None:
    # The online index keeps its encoder: an id once given must mean the same name later.
    encoder = Encoder()
    first = encoder.encode([LinkRecord(record_id="1", given_name="Rodriguez")]).loose[0, 0]
    second = encoder.encode([LinkRecord(record_id="2", given_name="Rodiguez")]).loose[0, 0]
    third = encoder.encode([LinkRecord(record_id="3", given_name="Rodriguez")]).loose[0, 0]
    other = encoder.encode([LinkRecord(record_id="4", given_name="Fernandez")]).loose[0, 0]
    assert first == second == third != other


def _luis(record_id: str, year: str) -> LinkRecord:
    return LinkRecord(
        record_id=record_id,
        given_name="Luis",
        family_name="Rodríguez Gonzales",
        sex="male",
        date_of_birth=year,
        nationality="HND",
    )


def test_namesakes_are_counted_among_those_born_the_same_year() -> None:
    # Ten men of one name, born over ten years: two of them born in 1973.
    records = [_luis("a", "1973"), _luis("b", "1973")]
    records += [_luis(f"o{y}", str(y)) for y in range(1960, 1972)]
    encoder = Encoder()
    block = encoder.encode(records)
    comparer = Comparer(SETTINGS, *population(block))
    at = [f.name for f in SETTINGS.fields].index("name_set")
    levels = comparer.levels(block, np.array([0, 2]), block, np.array([1, 3]))
    names = SETTINGS.field("name_set").levels
    assert names[levels[0, at]] == "same names, found only in these two records"
    # Born in different years: the name alone is counted (twelve records hold it).
    assert names[levels[1, at]] == "same names, shared by 9 records or more"


def test_the_only_two_namesakes_born_that_year_are_linked() -> None:
    records = [_luis("a", "1973"), _luis("b", "1973")]
    records += [_luis(f"o{y}", str(y)) for y in range(1955, 1972, 3)]
    clusters = dedupe(records, SETTINGS, review_limit=0).clusters
    assert clusters["a"] == clusters["b"]
    assert all(clusters[r.record_id] != clusters["a"] for r in records[2:])


def test_a_name_held_by_the_same_few_is_as_rare_in_a_registry_sixty_four_times_larger() -> None:
    # Two records sharing one name, Wanjiru, among others; then the same two in a registry 64
    # times larger, where every other name is held by 64 times as many records: Wanjiru's
    # surprisal grows by six bits, but the same two people hold it, so it is no rarer evidence.
    records = [
        LinkRecord(record_id="a", given_name="Wanjiru", family_name="Kamau"),
        LinkRecord(record_id="b", given_name="Wanjiru", family_name="Otieno"),
    ]
    records += [
        LinkRecord(record_id=f"x{i}", given_name=given, family_name=family)
        for i, (given, family) in enumerate(
            (g, f) for g in ("Ana", "Omar", "Fatima", "Jean") for f in ("Diallo", "Haidari")
        )
    ]
    block = Encoder().encode(records)
    bits, sets = population(block)
    fields = [f.name for f in SETTINGS.fields]
    pair = (block, np.array([0]), block, np.array([1]))
    larger = 64 * len(records)
    # Settings that weigh one shared name's rarity in the name-rarity field (v1), and v2,
    # whose name level says whether that one name is common: read alike at either size.
    for field, one_name_rarity in (("name_rarity", False), ("name", True)):
        at = fields.index(field)
        shipped = dataclasses.replace(SETTINGS, one_name_rarity=one_name_rarity)
        settings = dataclasses.replace(shipped, measured_on=len(records))

        def level(comparer: Comparer, at: int = at) -> int:
            return int(comparer.levels(*pair)[0, at])

        here = level(Comparer(settings, bits, sets, records=len(records)))
        assert here > 0
        assert level(Comparer(settings, bits + 6.0, sets, records=larger)) == here
        # Read as a share of the registry, as before, the larger registry made it rarer.
        rarer = level(Comparer(settings, bits + 6.0, sets))
        assert rarer > here
        if one_name_rarity:
            assert SETTINGS.field("name").levels[rarer] == "one token shared, not a common name"
            # The online index reads the name-rarity level as a share, but whether one
            # shared name is common at the size the weights were measured on.
            assert level(Comparer(settings, bits + 6.0, sets, registry=larger)) == here
        # A smaller batch than the weights were measured on is read as it is.
        assert level(Comparer(shipped, bits, sets, records=len(records))) == level(
            Comparer(shipped, bits, sets)
        )


def test_two_records_with_no_name_in_common_are_not_one_person_by_their_birthday() -> None:
    # Two Malian women born the same day: nothing in their names is shared.
    amina = LinkRecord(
        record_id="a",
        given_name="Amina",
        family_name="Diallo",
        sex="female",
        date_of_birth="1990-03-04",
        nationality="MLI",
    )
    fatou = dataclasses.replace(amina, record_id="b", given_name="Fatou", family_name="Keita")
    result = compare(amina, fatou, SETTINGS)
    name = next(f for f in result.fields if f.field == "name")
    assert name.level == "no token shared"
    assert name.weight < 0
    # Not linked, neither at the desk nor in batch (a reviewer may still be asked).
    assert result.score < min(SETTINGS.upper, SETTINGS.cluster_link)
