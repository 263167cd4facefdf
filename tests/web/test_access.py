"""Who must not see what: every page, for anonymous visitors, lower roles, another organisation
and users limited to some sites. Listing, searching, opening and guessing ids are all tried."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mixflow.core.roles import Role

pytestmark = pytest.mark.django_db

PERSON_ROLES = {Role.REGISTRATION_OFFICER, Role.CASEWORKER}
NO_PERSON_ROLES = [role for role in Role if role not in PERSON_ROLES]


def _pages(world: Any) -> list[str]:
    return [
        reverse("web:home"),
        reverse("web:person_search") + "?q=tesfay",
        reverse("web:person_detail", args=[world.at_agadez.pk]),
        reverse("web:site_list"),
        reverse("web:site_detail", args=[world.agadez.pk]),
        reverse("admin:index"),
        reverse("admin:identity_person_changelist"),
        reverse("admin:identity_person_change", args=[world.at_agadez.pk]),
        reverse("admin:accounts_user_changelist"),
    ]


def test_anonymous_visitor_is_sent_to_sign_in_everywhere(client: Any, world: Any) -> None:
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url


@pytest.mark.parametrize("role", NO_PERSON_ROLES)
def test_roles_without_person_access_get_403_on_person_pages(
    login: Any, world: Any, role: str
) -> None:
    client = login(world.user(role))
    for url in [
        reverse("web:person_search") + "?q=tesfay",
        reverse("web:person_detail", args=[world.at_agadez.pk]),
    ]:
        assert client.get(url).status_code == 403, (role, url)


@pytest.mark.parametrize("role", NO_PERSON_ROLES)
def test_roles_without_person_access_see_no_names_anywhere(
    login: Any, world: Any, role: str
) -> None:
    client = login(world.user(role))
    for url in [reverse("web:home"), reverse("web:site_detail", args=[world.agadez.pk])]:
        body = client.get(url).content.decode()
        assert "Tesfaye" not in body, (role, url)
        assert "Haile" not in body, (role, url)


@pytest.mark.parametrize("role", sorted(PERSON_ROLES))
def test_person_roles_find_and_open_their_organisations_persons(
    login: Any, world: Any, role: str
) -> None:
    client = login(world.user(role))
    found = client.get(reverse("web:person_search"), {"q": "tesfay"})
    assert found.status_code == 200
    assert "Tesfaye Haile" in found.content.decode()
    page = client.get(reverse("web:person_detail", args=[world.at_agadez.pk]))
    assert page.status_code == 200
    assert "Tesfaye" in page.content.decode()


def test_other_organisation_cannot_list_search_or_open(login: Any, world: Any) -> None:
    client = login(world.outsider)
    body = client.get(reverse("web:person_search"), {"q": "tesfaye haile"}).content.decode()
    assert "Tesfaye" not in body
    body = client.get(reverse("web:person_search"), {"nationality": "ERI"}).content.decode()
    assert "Tesfaye" not in body
    # Guessing the id of another organisation's person: not found, not "forbidden" (which
    # would confirm the record exists).
    for person in (world.at_agadez, world.at_tripoli):
        assert client.get(reverse("web:person_detail", args=[person.pk])).status_code == 404


def test_consent_to_share_opens_that_record_only(login: Any, world: Any) -> None:
    client = login(world.user(Role.CASEWORKER))
    assert client.get(reverse("web:person_detail", args=[world.shared.pk])).status_code == 200
    assert client.get(reverse("web:person_detail", args=[world.of_other.pk])).status_code == 404
    body = client.get(reverse("web:person_search"), {"born": "1990"}).content.decode()
    assert "Yusuf Omar" in body


def test_withdrawn_consent_closes_the_record_again(login: Any, world: Any) -> None:
    from mixflow.protection.actions import withdraw_consent

    consent = world.shared.consents.get()
    withdraw_consent(actor=world.outsider, consent=consent, on=consent.recorded_on)
    client = login(world.user(Role.CASEWORKER))
    assert client.get(reverse("web:person_detail", args=[world.shared.pk])).status_code == 404


def test_site_limited_officer_sees_only_their_sites(login: Any, world: Any) -> None:
    client = login(world.limited)
    assert client.get(reverse("web:person_detail", args=[world.at_agadez.pk])).status_code == 200
    assert client.get(reverse("web:person_detail", args=[world.at_tripoli.pk])).status_code == 404
    body = client.get(reverse("web:person_search"), {"q": "mohamed"}).content.decode()
    assert "Abdelrahman" not in body
    sites = client.get(reverse("web:site_list")).content.decode()
    assert "Agadez bus station" in sites
    assert "Tripoli transit hub" not in sites
    assert client.get(reverse("web:site_detail", args=[world.tripoli.pk])).status_code == 404


def test_sensitive_details_need_their_own_permission(login: Any, world: Any) -> None:
    # They open on request from the person page (a separate address that logs the read).
    url = reverse("web:person_sensitive", args=[world.at_agadez.pk])
    officer = login(world.user(Role.REGISTRATION_OFFICER)).get(url)
    assert officer.status_code == 403
    assert "Debt bondage" not in officer.content.decode()
    caseworker = login(world.user(Role.CASEWORKER)).get(url).content.decode()
    assert "Debt bondage" in caseworker


def test_admin_is_for_administrators_only(login: Any, world: Any) -> None:
    for role in (Role.CASEWORKER, Role.REGISTRATION_OFFICER, Role.ANALYST, Role.ENUMERATOR):
        response = login(world.user(role)).get(reverse("admin:index"))
        assert response.status_code == 302, role
        assert "login" in response["Location"]


def test_system_admin_sees_accounts_but_no_migrant_records(login: Any, world: Any) -> None:
    client = login(world.user(Role.SYSTEM_ADMIN))
    assert client.get(reverse("admin:index")).status_code == 200
    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "outsider" in users  # every organisation's accounts
    # Persons are registered in the admin, but reading them needs the same capability as
    # anywhere else, which administering the system does not give.
    assert client.get(reverse("admin:identity_person_changelist")).status_code == 403
    guessed = client.get(reverse("admin:identity_person_change", args=[world.at_agadez.pk]))
    assert guessed.status_code == 403
    assert "Tesfaye" not in client.get(reverse("admin:index")).content.decode()
    for records in (
        "auditlog_logentry",
        "core_loadeddataset",
        "django_tasks_database_dbtaskresult",
    ):
        assert client.get(reverse(f"admin:{records}_changelist")).status_code == 200, records
        assert client.get(reverse(f"admin:{records}_add")).status_code == 403, records


def test_org_admin_manages_only_their_organisations_users(login: Any, world: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    # They manage accounts on the Users page; the Django admin is for system administrators.
    users = client.get(reverse("web:user_list")).content.decode()
    assert "caseworker" in users
    assert "outsider" not in users
    response = client.get(reverse("web:user_detail", args=[world.outsider.pk]))
    assert response.status_code == 404
    for page in (
        "accounts_user_changelist",
        "auditlog_logentry_changelist",
        "core_loadeddataset_changelist",
        "django_tasks_database_dbtaskresult_changelist",
    ):
        assert client.get(reverse(f"admin:{page}")).status_code == 302, page
    # Nobody edits migrants' records in the admin, not even inside their scope.
    assert client.post(
        reverse("admin:identity_person_delete", args=[world.at_agadez.pk]), {"post": "yes"}
    ).status_code in (302, 403)
    assert type(world.at_agadez).objects.filter(pk=world.at_agadez.pk).exists()


def test_changes_need_csrf_token(world: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user(Role.CASEWORKER))
    assert client.post(reverse("web:logout")).status_code == 403
