"""The pages do their job: search tolerant of spelling, paging, timelines, languages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from mixflow.core.audit import accesses_of
from mixflow.core.roles import Role
from mixflow.identity.actions import PersonDetails, register_person
from mixflow.intake.actions import Journey, record_encounter
from tests.identity.conftest import suggest

pytestmark = pytest.mark.django_db


def _search(client: Any, **params: str) -> str:
    response = client.get(reverse("web:person_search"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "query", ["Tesfaye", "tesfay", "TESFAYE HAILE", "haile tesfaye", "Tesf", "ተስፋይ"]
)
def test_search_is_tolerant_of_case_order_spelling_and_script(
    login: Any, world: Any, query: str
) -> None:
    body = _search(login(world.user(Role.CASEWORKER)), q=query)
    assert "Tesfaye Haile" in body


@pytest.mark.parametrize(
    "query", ["Muhammad", "mohamed", "Maxamed", "Mohamed Abd al-Rahman", "Mühammed"]
)
def test_search_finds_transliteration_variants(login: Any, world: Any, query: str) -> None:
    body = _search(login(world.user(Role.CASEWORKER)), q=query)
    assert "Abdelrahman" in body


def test_search_by_year_date_nationality_and_site(login: Any, world: Any) -> None:
    client = login(world.user(Role.CASEWORKER))
    assert "Tesfaye" in _search(client, born="1999")
    assert "Tesfaye" not in _search(client, born="2001")
    assert "Abdelrahman" in _search(client, born="2001-03-04")
    assert "Tesfaye" in _search(client, nationality="ERI")
    assert "Tesfaye" not in _search(client, nationality="SDN")
    assert "Abdelrahman" in _search(client, site=str(world.tripoli.pk))
    assert "Tesfaye" not in _search(client, site=str(world.tripoli.pk))


def test_search_explains_a_bad_date(login: Any, world: Any) -> None:
    body = _search(login(world.user(Role.CASEWORKER)), born="1999-02-30")
    assert "This date does not exist." in body


def test_search_pages_through_many_results(login: Any, world: Any) -> None:
    officer = world.user(Role.REGISTRATION_OFFICER)
    for n in range(30):
        register_person(
            actor=officer,
            organisation=world.home,
            site=world.agadez,
            registered_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            details=PersonDetails(
                given_name="Amina", family_name=f"Test{n}", nationalities=["NGA"]
            ),
        )
    client = login(officer)
    first = _search(client, q="amina")
    assert "30 persons found" in first
    assert "Page 1 of 2" in first
    second = _search(client, q="amina", page="2")
    assert "Page 2 of 2" in second
    assert second.count("Amina") == 5


def test_htmx_search_returns_only_the_results(login: Any, world: Any) -> None:
    client = login(world.user(Role.CASEWORKER))
    response = client.get(
        reverse("web:person_search"), {"q": "tesfaye"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Tesfaye Haile" in body
    assert "<html" not in body


def test_person_page_shows_encounters_as_a_timeline(login: Any, world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    record_encounter(
        actor=caseworker,
        person=world.at_agadez,
        site=world.tripoli,
        occurred_on=datetime.date(2026, 10, 2),
        kind="screening",
        journey=Journey(countries_transited=["NER"], reasons_for_leaving=["persecution"]),
    )
    body = (
        login(caseworker)
        .get(reverse("web:person_detail", args=[world.at_agadez.pk]))
        .content.decode()
    )
    assert body.index("Agadez bus station") < body.index("Tripoli transit hub")
    assert "Persecution or fear of serious harm" in body
    assert "Eritrea" in body


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", ["Rechercher une personne", "Érythrée"]), ("es", ["Buscar a una persona", "Eritrea"])],
)
def test_pages_speak_the_chosen_language(
    login: Any, world: Any, language: str, words: list[str]
) -> None:
    client = login(world.user(Role.CASEWORKER))
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    home = client.get(reverse("web:home")).content.decode()
    assert f'lang="{language}"' in home
    person = client.get(reverse("web:person_detail", args=[world.at_agadez.pk])).content.decode()
    search = client.get(reverse("web:person_search")).content.decode()
    assert words[0] in search
    assert words[1] in person


def test_home_figures_follow_the_scope(login: Any, world: Any) -> None:
    from mixflow.flows.figures import figures_for

    home = figures_for(world.user(Role.CASEWORKER))
    assert home.persons == 3  # two registered at home + one shared by consent
    limited = figures_for(world.limited)
    assert limited.persons == 2  # the one at Agadez + the one shared, also at Agadez
    assert figures_for(world.user(Role.ENUMERATOR)).persons is None


def test_login_page_answers_and_signs_in(client: Any, world: Any) -> None:
    from tests.conftest import PASSWORD

    assert client.get(reverse("web:login")).status_code == 200
    response = client.post(reverse("web:login"), {"username": "caseworker", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    client.post(reverse("web:logout"))
    bad = client.post(reverse("web:login"), {"username": "caseworker", "password": "nope"})
    assert "didn" in bad.content.decode()


def test_security_headers(client: Any, world: Any) -> None:
    response = client.get(reverse("web:login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_busy_pages_make_the_same_queries_for_one_result_or_many(login: Any, world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = world.user(Role.REGISTRATION_OFFICER)
    client = login(officer)

    def queries(**params: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("web:person_search"), params).status_code == 200
        return len(captured)

    one = queries(q="amina")  # nobody yet: the empty page
    for n in range(12):
        register_person(
            actor=officer,
            organisation=world.home,
            site=world.agadez,
            registered_on=world.at_agadez.registered_on,
            details=PersonDetails(
                given_name="Amina", family_name=f"Test{n}", nationalities=["NGA", "NER"]
            ),
        )
    many = queries(q="amina")
    assert many <= one + 3  # the count, the page and the prefetch of nationalities: not per row

    def person_page_queries(person: Any) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("web:person_detail", args=[person.pk]))
        return len(captured)

    before = person_page_queries(world.at_agadez)
    for day in range(5):
        record_encounter(
            actor=officer,
            person=world.at_agadez,
            site=world.tripoli,
            occurred_on=datetime.date(2026, 10, 1 + day),
            kind="screening",
        )
    assert person_page_queries(world.at_agadez) == before


@pytest.mark.parametrize(
    ("language", "name"), [("en", "Amharic"), ("fr", "amharique"), ("es", "ámárico")]
)
def test_languages_are_named_in_the_readers_language(language: str, name: str) -> None:
    from django.utils import translation

    from mixflow.web.templatetags.mixflow import languages

    with translation.override(language):
        assert name.lower() in languages(["amh", "xyz"]).lower()
        assert languages(["amh", "xyz"]).endswith("xyz")


def test_person_page_leaves_exactly_one_access_entry_and_one_per_sensitive_read(
    login: Any, world: Any
) -> None:
    caseworker = world.user(Role.CASEWORKER)
    client = login(caseworker)
    page = client.get(reverse("web:person_detail", args=[world.at_agadez.pk]))
    assert page.status_code == 200
    (entry,) = accesses_of(world.at_agadez)
    assert entry.actor == caseworker
    # The page itself reads no sensitive details: they open on request, logged then.
    assert not accesses_of(world.at_agadez.encounters.get().sensitive).exists()
    client.get(reverse("web:person_sensitive", args=[world.at_agadez.pk]))
    (sensitive,) = accesses_of(world.at_agadez.encounters.get().sensitive)
    assert sensitive.actor == caseworker
    # Without view_sensitive, the page reads no sensitive details and logs none.
    login(world.user(Role.REGISTRATION_OFFICER)).get(
        reverse("web:person_detail", args=[world.at_tripoli.pk])
    )
    assert accesses_of(world.at_tripoli).count() == 1
    assert not accesses_of(world.at_tripoli.encounters.get().sensitive).exists()


def test_match_review_page_logs_each_record_once(login: Any, world: Any) -> None:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    reviewer = login(world.user(Role.CASEWORKER))
    assert reviewer.get(reverse("web:candidate_review", args=[candidate.pk])).status_code == 200
    for person in (world.at_agadez, world.at_tripoli):
        (entry,) = accesses_of(person)
        assert entry.additional_data == {"via": "match_review"}
