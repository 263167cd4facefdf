"""The online index: add, query (ranked, explained), remove."""

from __future__ import annotations

from mixflow.identity.linkage import LinkIndex, LinkRecord, load_settings

SETTINGS = load_settings()

PEOPLE = [
    LinkRecord(
        "r1",
        given_name="Mohammed",
        family_name="Salah",
        sex="male",
        date_of_birth="1988-03-12",
        nationality="SYR",
    ),
    LinkRecord(
        "r2",
        given_name="Huda",
        family_name="Abdullah",
        father_name="Nour",
        sex="female",
        date_of_birth="2010",
        nationality="SYR",
    ),
    LinkRecord(
        "r3",
        given_name="Modou",
        family_name="Camara",
        sex="male",
        date_of_birth="1988-01-01",
        nationality="MLI",
    ),
    LinkRecord(
        "r4",
        given_name="Mohammed",
        family_name="Salih",
        sex="male",
        date_of_birth="1961",
        nationality="IRQ",
    ),
    LinkRecord(
        "r5",
        given_name="Selam",
        father_name="Tesfaye",
        family_name="Gebremedhin",
        sex="female",
        date_of_birth="1999-07-02",
        nationality="ERI",
    ),
]


def test_query_ranks_the_right_person_first() -> None:
    index = LinkIndex(SETTINGS)
    index.add_many(PEOPLE)
    assert len(index) == 5
    query = LinkRecord(
        "q",
        given_name="Maxamed",
        family_name="Salah",
        sex="male",
        date_of_birth="1988",
        nationality="SYR",
    )
    found = index.query(query, limit=3)
    assert found[0].record_id == "r1"
    assert found[0].match.fields
    assert [c.match.score for c in found] == sorted((c.match.score for c in found), reverse=True)
    tigrinya = LinkRecord(
        "q2",
        given_name="Selam",
        family_name="Tesfay",
        sex="female",
        date_of_birth="1999-02-07",
        nationality="ETH",
    )
    assert index.query(tigrinya)[0].record_id == "r5"


def test_add_one_by_one_and_remove() -> None:
    index = LinkIndex(SETTINGS)
    for record in PEOPLE:
        index.add(record)
    query = LinkRecord(
        "q",
        given_name="Modou",
        family_name="Kamara",
        sex="male",
        date_of_birth="1988",
        nationality="MLI",
    )
    assert index.query(query)[0].record_id == "r3"
    assert index.remove("r3")
    assert not index.remove("r3")
    assert all(c.record_id != "r3" for c in index.query(query))
    assert len(index) == 4


def test_a_record_does_not_find_itself_and_unknown_names_find_nothing() -> None:
    index = LinkIndex(SETTINGS)
    index.add_many(PEOPLE)
    assert all(c.record_id != "r1" for c in index.query(PEOPLE[0]))
    assert index.query(LinkRecord("z", given_name="Xylophone", family_name="Quartz")) == []
    assert LinkIndex(SETTINGS).query(PEOPLE[0]) == []
