"""Reviewing is safe: the page shows both whole identities and what a decision will do, and a
decision can only merge what the page showed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.identity.actions import LinkError, decide_candidate, link_records
from mixflow.identity.models import LinkDecision, MatchCandidate, Person
from mixflow.identity.queries import review_queue_for
from tests.identity.conftest import register, shown_ids, suggest

pytestmark = pytest.mark.django_db
LATER = datetime.date(2026, 10, 2)


def _fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


@pytest.fixture
def earlier_link(world: Any) -> Person:
    """A third record already linked to the Agadez record (the reviewer did not suggest it)."""
    third = register(world, world.agadez, LATER, given_name="Tesfay", family_name="Haile")
    if _fresh(third).identity_id != _fresh(world.at_agadez).identity_id:
        link_records(actor=world.user("caseworker"), a=world.at_agadez, b=third, reason="")
    return third


def test_the_page_shows_both_whole_identities_and_what_same_will_merge(
    login: Any, world: Any, earlier_link: Person
) -> None:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    client = login(world.user(Role.CASEWORKER))
    page = client.get(reverse("web:candidate_review", args=[candidate.pk])).content.decode()
    # The record linked earlier is listed with the Agadez record, before any decision.
    assert reverse("web:person_detail", args=[earlier_link.pk]) in page
    assert "all 3 records listed above become one person" in page
    shown = shown_ids(client, candidate)
    assert shown["shown_a" if candidate.record_a_id == world.at_agadez.pk else "shown_b"] == (
        ",".join(str(i) for i in sorted((world.at_agadez.pk, earlier_link.pk)))
    )
    # Same / Different / Not sure are the labels of their radio buttons.
    for n in range(3):
        assert f'<label for="id_verdict_{n}"><input type="radio"' in page


def test_a_decision_is_refused_when_the_identities_changed_since_the_page(
    login: Any, world: Any
) -> None:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    client = login(world.user(Role.CASEWORKER))
    shown = shown_ids(client, candidate)
    # Meanwhile another reviewer links someone else's record to the Tripoli record.
    other = register(world, world.tripoli, LATER, given_name="Amina", family_name="Yusuf")
    link_records(actor=world.user("caseworker"), a=world.at_tripoli, b=other, reason="")
    decisions = LinkDecision.objects.count()
    response = client.post(
        reverse("web:candidate_review", args=[candidate.pk]),
        {"verdict": "same", "reason": "", **shown},
        follow=True,
    )
    assert "since the page was shown" in response.content.decode()
    assert LinkDecision.objects.count() == decisions
    assert _fresh(world.at_agadez).identity_id != _fresh(other).identity_id
    assert MatchCandidate.objects.get(pk=candidate.pk).status == "open"
    # Shown again, the page lists the new record; deciding on what it shows works.
    again = shown_ids(client, candidate)
    assert str(other.pk) in again["shown_a"] + "," + again["shown_b"]
    client.post(reverse("web:candidate_review", args=[candidate.pk]), {"verdict": "same", **again})
    merged = {_fresh(p).identity_id for p in (world.at_agadez, world.at_tripoli, other)}
    assert len(merged) == 1


def test_the_action_merges_only_what_the_caller_says_it_showed(world: Any) -> None:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    other = register(world, world.tripoli, LATER, given_name="Amina", family_name="Yusuf")
    link_records(actor=world.user("caseworker"), a=world.at_tripoli, b=other, reason="")
    with pytest.raises(LinkError):
        decide_candidate(
            actor=world.user("caseworker"),
            candidate=candidate,
            verdict="same",
            reason="",
            shown=([world.at_agadez.pk], [world.at_tripoli.pk]),  # not the whole identity
        )
    assert _fresh(world.at_agadez).identity_id != _fresh(world.at_tripoli).identity_id
    # A post without the ids the page showed is refused as incomplete.


def test_a_post_without_the_shown_ids_is_refused(login: Any, world: Any) -> None:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    client = login(world.user(Role.CASEWORKER))
    url = reverse("web:candidate_review", args=[candidate.pk])
    assert client.post(url, {"verdict": "same"}).status_code == 400
    assert _fresh(world.at_agadez).identity_id != _fresh(world.at_tripoli).identity_id


def test_the_queue_puts_the_most_doubtful_first(world: Any) -> None:
    sure = suggest(world.at_agadez, world.at_tripoli, score=-5.5)
    near = suggest(
        world.at_agadez,
        register(world, world.agadez, LATER, given_name="Tesfaye", family_name="Hailu"),
        score=-0.3,
    )
    order = [c.pk for c in review_queue_for(world.user("caseworker"))]
    assert order.index(near.pk) < order.index(sure.pk)


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", "un nom en commun"), ("es", "un nombre en común")],
)
def test_findings_are_in_the_reader_language(
    login: Any, world: Any, language: str, words: str
) -> None:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    client = login(world.user(Role.CASEWORKER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("web:candidate_review", args=[candidate.pk])).content.decode()
    assert words in page
    assert "one name in common" not in page
    assert "Starting point" not in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "the first name of one is the father's name of the other"),
        ("fr", "le prénom de l'un est le nom du père de l'autre"),
        ("es", "el nombre de pila de uno es el nombre del padre del otro"),
    ],
)
def test_names_in_other_places_are_said_and_otherwise_left_out(language: str, words: str) -> None:
    """The finding shows when one's given name is the other's father's name; when it is not,
    the row (weight 0, level "missing") is left out instead of saying "not known"."""
    from django.utils import translation

    from mixflow.identity.explaining import plain_rows
    from mixflow.identity.linkage import LinkRecord, compare, load_settings
    from mixflow.identity.linking import explanation

    settings_ = load_settings()

    def record(rid: str, given: str, father: str) -> LinkRecord:
        return LinkRecord(
            record_id=rid, given_name=given, father_name=father, family_name="Berhane"
        )

    crossed = compare(record("a", "Tekle", "Mesfin"), record("b", "Mesfin", "Tekle"), settings_)
    same = compare(record("a", "Tekle", "Mesfin"), record("c", "Tekle", "Mesfin"), settings_)
    with translation.override(language):
        shown = [str(r.finding) for r in plain_rows(explanation(crossed), crossed.score)]
        assert any(words in finding for finding in shown), shown
        rows = plain_rows(explanation(same), same.score)
        assert "name_places" not in [r.field for r in rows]
        # The rows still add up to the score the headline shows.
        assert sum(r.weight for r in rows) == pytest.approx(same.score, abs=0.01)


def test_only_the_names_values_are_shown_once() -> None:
    """The names' findings share their values ("as above"); two other fields that happen to
    hold the same values (a travel group and a site both unknown) show their own."""
    from mixflow.identity.explaining import plain_rows

    def row(field: str, level: str, left: str, right: str) -> dict[str, object]:
        return {"field": field, "level": level, "weight": 0.0, "left": left, "right": right}

    rows = plain_rows(
        [
            row("name", "same names", "Tekle / Berhane", "Tekle / Berhane"),
            row("name_spelling", "shared names alike", "Tekle / Berhane", "Tekle / Berhane"),
            row("group", "missing", "", ""),
            row("site", "missing", "", ""),
        ]
    )
    assert [r.repeat for r in rows] == [False, True, False, False]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "one name in common, and not a common one"),
        ("fr", "un nom en commun, et ce n'est pas un nom courant"),
        ("es", "un nombre en común, y no es un nombre frecuente"),
    ],
)
def test_one_shared_name_says_how_common_it_is_in_the_names_row(language: str, words: str) -> None:
    """When one name is all two records share, the names' row says whether it is common;
    the rows on how common the shared names are and on other records carrying the same
    names, which then weigh nothing, are left out instead of saying "not known"."""
    from django.utils import translation

    from mixflow.identity.explaining import plain_rows

    def row(field: str, level: str, weight: float) -> dict[str, object]:
        left, right = "Yusleidy / Pérez", "Yusleidy / Gómez"
        return {"field": field, "level": level, "weight": weight, "left": left, "right": right}

    stored = [
        row("name", "one token shared, not a common name", -1.46),
        row("name_spelling", "shared names alike", 0.22),
        row("name_rarity", "missing", 0.0),
        row("name_set", "missing", 0.0),
    ]
    with translation.override(language):
        rows = plain_rows(stored, score=-6.0)
        assert str(rows[1].finding) == words
    # Nor is "other records with these names" said to be unknown: it does not apply.
    assert [r.field for r in rows] == ["prior", "name", "name_spelling"]
    assert sum(r.weight for r in rows) == pytest.approx(-6.0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "countries"),
    [("en", "Afghanistan"), ("fr", "Afghanistan"), ("es", "Afganistán")],
)
def test_nationalities_are_named_in_the_reader_language(language: str, countries: str) -> None:
    """The matcher writes nationalities as codes; the row shows the countries' names, as the
    comparison table above it does (a batch now weighs the nationality from its own pairs,
    so the row often counts)."""
    from django.utils import translation

    from mixflow.identity.explaining import plain_rows

    stored = [
        {
            "field": "nationality",
            "level": "different",
            "weight": -0.35,
            "left": "AFG",
            "right": "IRN SYR",
        },
        {"field": "site", "level": "same site", "weight": 3.78, "left": "S1", "right": "S1"},
    ]
    with translation.override(language):
        rows = plain_rows(stored)
        nationality = next(r for r in rows if r.field == "nationality")
        assert str(nationality.left) == countries
        assert "AFG" not in str(nationality.left)
        assert "IRN" not in str(nationality.right)
        assert ", " in str(nationality.right)  # both of the record's nationalities


def test_a_percentage_stays_inside_the_words_said_beside_it() -> None:
    import itertools

    from mixflow.identity.explaining import _LIKELIHOODS, likelihood, percent

    lower = {words: 0.0 for _, words in _LIKELIHOODS}
    for (bound, _), (_, words) in itertools.pairwise(_LIKELIHOODS):
        lower[words] = bound
    upper = {words: bound for bound, words in _LIKELIHOODS}
    for step in range(-2000, 2001):
        score = step / 100
        shown = percent(score) / 100
        words = likelihood(score)
        assert lower[words] <= shown < upper[words], (score, shown, words)
        assert 0.01 <= shown <= 0.99, score
    assert percent(-0.01) == 49
    assert percent(0.0) == 50
    assert percent(30.0) == 99


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Paco is a short form of Francisco"),
        ("fr", "Paco est un diminutif de Francisco"),
        ("es", "Paco es un diminutivo de Francisco"),
    ],
)
def test_a_short_form_is_said_beside_the_same_names(language: str, words: str) -> None:
    """Paco and Francisco meet as the same names: the row says why, in the reader's
    language; names that are merely alike say nothing of the kind."""
    from django.utils import translation

    from mixflow.identity.explaining import plain_rows
    from mixflow.identity.linkage import LinkRecord, compare, load_settings
    from mixflow.identity.linking import explanation

    settings_ = load_settings()

    def record(rid: str, given: str) -> LinkRecord:
        return LinkRecord(
            record_id=rid, given_name=given, family_name="Rodríguez", date_of_birth="1990-03-04"
        )

    short = compare(record("a", "Paco"), record("b", "Francisco"), settings_)
    alike = compare(record("a", "Francisco"), record("c", "Fransisco"), settings_)
    with translation.override(language):
        names = [str(r.finding) for r in plain_rows(explanation(short)) if r.field == "name"]
        assert len(names) == 1, names
        assert words in names[0], names
        names = [str(r.finding) for r in plain_rows(explanation(alike)) if r.field == "name"]
        assert not any("Francisco" in n for n in names), names


@pytest.mark.parametrize(
    ("language", "exact", "month", "estimated"),
    [
        ("en", "03/04/1990", "March 1990", "about 1990"),
        ("fr", "04/03/1990", "mars 1990", "vers 1990"),
        ("es", "04/03/1990", "marzo de 1990", "hacia 1990"),
    ],
)
def test_dates_in_the_explanation_are_written_as_the_page_writes_them(
    language: str, exact: str, month: str, estimated: str
) -> None:
    """The rows showed 1990-03-04 under a comparison table that writes 04/03/1990."""
    from django.utils import translation

    from mixflow.identity.explaining import plain_rows

    def row(left: str, right: str) -> dict[str, object]:
        level = "same date"
        return {
            "field": "date_of_birth",
            "level": level,
            "weight": 1.0,
            "left": left,
            "right": right,
        }

    with translation.override(language):
        shown = plain_rows([row("1990-03-04", "1990-03"), row("~1990", "1990")])
        assert [(str(r.left), str(r.right)) for r in shown] == [
            (exact, month),
            (estimated, "1990"),
        ]


@pytest.mark.parametrize(("language", "word"), [("en", "Male"), ("fr", "Masculin")])
def test_sex_in_the_explanation_uses_the_words_of_the_comparison_table(
    language: str, word: str
) -> None:
    """The table above said "Masculin" and the explanation "homme"."""
    from django.utils import translation

    from mixflow.identity.explaining import plain_rows
    from mixflow.lib.vocabularies import Sex

    row = {"field": "sex", "level": "same", "weight": 0.1, "left": "male", "right": "male"}
    with translation.override(language):
        (shown,) = plain_rows([row])
        assert str(shown.left) == str(Sex.MALE.label) == word
