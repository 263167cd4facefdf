"""The review queue and its pages: who may see and decide what."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.identity.actions import link_records
from mixflow.identity.models import LinkDecision, MatchCandidate, Person
from tests.identity.conftest import register, shown_ids, suggest

pytestmark = pytest.mark.django_db

REVIEWERS = [Role.CASEWORKER, Role.REGISTRATION_OFFICER]
NOT_REVIEWERS = [role for role in Role if role not in REVIEWERS]
LATER = datetime.date(2026, 10, 2)


def _pages(world: Any, candidate: MatchCandidate, decision: LinkDecision) -> list[str]:
    return [
        reverse("web:review_queue"),
        reverse("web:review_queue") + "?status=all",
        reverse("web:candidate_review", args=[candidate.pk]),
        reverse("web:decision_history"),
    ]


def _posts(world: Any, candidate: MatchCandidate, decision: LinkDecision) -> list[str]:
    return [
        reverse("web:candidate_review", args=[candidate.pk]),
        reverse("web:decision_undo", args=[decision.pk]),
        reverse("web:person_split", args=[world.at_agadez.pk]),
    ]


@pytest.fixture
def queue(world: Any) -> tuple[MatchCandidate, LinkDecision]:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    twin = register(world, world.agadez, LATER, given_name="Tesfay", family_name="Haile")
    decision = link_records(
        actor=world.user("caseworker"), a=world.at_agadez, b=twin, reason="same photo"
    )
    return candidate, decision


def test_anonymous_visitor_is_sent_to_sign_in(client: Client, world: Any, queue: Any) -> None:
    for url in _pages(world, *queue):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url
    for url in _posts(world, *queue):
        response = client.post(url, {"verdict": "same"})
        assert response.status_code == 302, url
        assert "login" in response["Location"], url
    assert MatchCandidate.objects.get(pk=queue[0].pk).status == "open"
    assert LinkDecision.objects.count() == 1


@pytest.mark.parametrize("role", NOT_REVIEWERS)
def test_roles_without_the_capability_get_403(
    login: Any, world: Any, queue: Any, role: str
) -> None:
    client = login(world.user(role))
    for url in _pages(world, *queue):
        assert client.get(url).status_code == 403, (role, url)
    for url in _posts(world, *queue):
        assert client.post(url, {"verdict": "same"}).status_code in (403, 404), (role, url)
    assert MatchCandidate.objects.get(pk=queue[0].pk).status == "open"
    assert "Duplicates" not in client.get(reverse("web:home")).content.decode()


@pytest.mark.parametrize("role", REVIEWERS)
def test_reviewers_see_the_queue_and_compare(login: Any, world: Any, queue: Any, role: str) -> None:
    candidate, _decision = queue
    client = login(world.user(role))
    assert 'href="/identity/review/"' in client.get(reverse("web:home")).content.decode()
    body = client.get(reverse("web:review_queue")).content.decode()
    assert "Tesfaye Haile" in body
    assert "Mohammed Abdelrahman" in body
    page = client.get(reverse("web:candidate_review", args=[candidate.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Abdelrahman" in text
    # Findings in plain words, how much each counts in words, no raw levels or weights.
    assert "one token shared" not in text
    assert "one name in common" in text
    assert "-4.0" not in text
    assert "against" in text
    assert "bits" not in text
    assert "Settings " not in text
    # Sensitive answers of either record never appear in the comparison.
    assert "Debt bondage" not in text
    assert "debt_bondage" not in text
    history = client.get(reverse("web:decision_history")).content.decode()
    assert "same photo" in history
    assert "Undo" in history


def test_other_organisation_sees_nothing_and_gets_404(login: Any, world: Any, queue: Any) -> None:
    candidate, _decision = queue
    client = login(world.outsider)
    body = client.get(reverse("web:review_queue") + "?status=all").content.decode()
    assert "Tesfaye" not in body
    assert "Abdelrahman" not in body
    assert "same photo" not in client.get(reverse("web:decision_history")).content.decode()
    assert client.get(reverse("web:candidate_review", args=[candidate.pk])).status_code == 404
    for url in _posts(world, *queue):
        assert client.post(url, {"verdict": "same"}).status_code == 404, url
    assert LinkDecision.objects.count() == 1


def test_site_limited_officer_sees_only_pairs_within_their_sites(
    login: Any, world: Any, queue: Any
) -> None:
    candidate, _decision = queue  # the candidate has a record at Tripoli; the decision does not
    inside = suggest(
        world.at_agadez, register(world, world.agadez, LATER, given_name="T.", family_name="H.")
    )
    client = login(world.limited)
    body = client.get(reverse("web:review_queue")).content.decode()
    assert "Abdelrahman" not in body
    assert reverse("web:candidate_review", args=[inside.pk]) in body
    assert client.get(reverse("web:candidate_review", args=[candidate.pk])).status_code == 404
    assert client.get(reverse("web:candidate_review", args=[inside.pk])).status_code == 200
    history = client.get(reverse("web:decision_history")).content.decode()
    assert "same photo" in history


def test_deciding_through_the_page_links_and_undo_restores(
    login: Any, world: Any, queue: Any
) -> None:
    candidate, _decision = queue
    client = login(world.user(Role.CASEWORKER))
    url = reverse("web:candidate_review", args=[candidate.pk])
    missing = client.post(url, {"reason": "no verdict"})
    assert missing.status_code == 400
    assert "Choose same person" in missing.content.decode()
    response = client.post(
        url, {"verdict": "same", "reason": "same scar", **shown_ids(client, candidate)}
    )
    assert response.status_code == 302
    a, b = (Person.objects.get(pk=p.pk) for p in (world.at_agadez, world.at_tripoli))
    assert a.identity_id == b.identity_id
    decision = LinkDecision.objects.get(candidate=candidate)
    assert decision.reason == "same scar"
    assert decision.decided_by == world.user("caseworker")
    # Deciding again is refused until the decision is undone.
    client.post(url, {"verdict": "different", **shown_ids(client, candidate)})
    assert LinkDecision.objects.filter(candidate=candidate).count() == 1
    client.post(reverse("web:decision_undo", args=[decision.pk]), {"reason": "too hasty"})
    a, b = (Person.objects.get(pk=p.pk) for p in (world.at_agadez, world.at_tripoli))
    assert a.identity_id != b.identity_id
    assert MatchCandidate.objects.get(pk=candidate.pk).status == "open"


def test_undo_refusal_is_explained(login: Any, world: Any, queue: Any) -> None:
    _candidate, first = queue
    link_records(actor=world.user("caseworker"), a=world.at_agadez, b=world.at_tripoli, reason="")
    client = login(world.user(Role.CASEWORKER))
    response = client.post(reverse("web:decision_undo", args=[first.pk]), follow=True)
    assert "Later decisions changed the same records" in response.content.decode()
    assert not LinkDecision.objects.filter(reverses=first).exists()


def test_decisions_need_the_csrf_token(world: Any, queue: Any) -> None:
    candidate, _decision = queue
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user(Role.CASEWORKER))
    url = reverse("web:candidate_review", args=[candidate.pk])
    assert client.post(url, {"verdict": "same"}).status_code == 403
    assert MatchCandidate.objects.get(pk=candidate.pk).status == "open"


def test_not_sure_pairs_are_filtered_apart(login: Any, world: Any, queue: Any) -> None:
    candidate, _decision = queue
    client = login(world.user(Role.CASEWORKER))
    client.post(
        reverse("web:candidate_review", args=[candidate.pk]),
        {"verdict": "not_sure", **shown_ids(client, candidate)},
    )
    link = reverse("web:candidate_review", args=[candidate.pk])
    assert link not in client.get(reverse("web:review_queue")).content.decode()
    marked = client.get(reverse("web:review_queue"), {"status": "not_sure"}).content.decode()
    assert link in marked


@pytest.mark.parametrize("language", ["fr", "es"])
def test_comparison_and_queue_render_in_french_and_spanish(
    login: Any, world: Any, queue: Any, language: str
) -> None:
    candidate, _decision = queue
    client = login(world.user(Role.CASEWORKER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (
        reverse("web:candidate_review", args=[candidate.pk]),
        reverse("web:review_queue"),
        reverse("web:decision_history"),
        reverse("web:person_detail", args=[world.at_agadez.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode(), url


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "possibly the same person, more likely not (49% likely)"),
        ("fr", "peut-être la même personne, plutôt non (probabilité de 49 %)"),
        ("es", "(probabilidad del 49 %)"),
    ],
)
def test_the_queue_gives_a_percentage_that_agrees_with_its_words(
    login: Any, world: Any, language: str, words: str
) -> None:
    """49.8% is "more likely not": the queue said "(50%)" beside it, in English everywhere."""
    suggest(world.at_agadez, world.at_tripoli, score=-0.01)
    client = login(world.user(Role.CASEWORKER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = " ".join(client.get(reverse("web:review_queue")).content.decode().split())
    assert words in body.replace("\xa0", " ")


def test_queue_page_query_count_does_not_grow_with_the_queue(
    login: Any, world: Any, queue: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(world.user(Role.CASEWORKER))
    client.get(reverse("web:review_queue"))  # sessions, scope and caches warmed
    people = [
        register(world, world.agadez, LATER, given_name=f"Person{n}", family_name="Test")
        for n in range(4)
    ]
    with django_assert_max_num_queries(8):
        assert client.get(reverse("web:review_queue")).status_code == 200
    for first, second in itertools.pairwise(people):
        suggest(first, second)
    with django_assert_max_num_queries(8):
        body = client.get(reverse("web:review_queue")).content.decode()
    assert body.count("/identity/review/") >= 4


def test_administrators_do_not_read_the_review_queue_in_the_admin(
    login: Any, world: Any, queue: Any
) -> None:
    # The admin site is for system administrators, who manage accounts, not migrants' records;
    # organisation administrators do not enter it at all (sent to sign in).
    for model in ("matchcandidate", "linkdecision", "identity"):
        url = reverse(f"admin:identity_{model}_changelist")
        for role, status in ((Role.ORG_ADMIN, 302), (Role.SYSTEM_ADMIN, 403)):
            assert login(world.user(role)).get(url).status_code == status, (model, role)
