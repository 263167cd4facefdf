"""The user-management page of an organisation administrator (``/accounts/users/``): what it
shows, what it lets do, and the escalation refused there."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mixflow.accounts import actions
from mixflow.accounts.models import RoleAssignment, User
from mixflow.core.roles import Role
from tests.accounts.conftest import entries_about, roles_of
from tests.conftest import PASSWORD, SETUP

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-long-passphrase-77"


def _url(name: str, user: User, *args: str) -> str:
    return reverse(f"web:{name}", args=[user.pk, *args])


def test_lists_the_organisations_accounts_with_roles_and_limits(login: Any, world: Any) -> None:
    page = login(world.user(Role.ORG_ADMIN)).get(reverse("web:user_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "limited" in body
    assert "Agadez bus station" in body
    assert "caseworker" in body
    assert "outsider" not in body  # another organisation's


def test_only_account_managers_reach_the_page(client: Any, login: Any, world: Any) -> None:
    url = reverse("web:user_list")
    assert "login" in client.get(url)["Location"]
    for role in (Role.CASEWORKER, Role.ANALYST, Role.GOVERNMENT_OFFICIAL):
        assert login(world.user(role)).get(url).status_code == 403, role
    home = login(world.user(Role.ORG_ADMIN)).get(reverse("web:home")).content.decode()
    assert reverse("web:user_list") in home  # linked from the navigation


def test_another_organisations_account_is_not_found(login: Any, world: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    assert client.get(_url("user_detail", world.outsider)).status_code == 404
    response = client.post(
        _url("user_password", world.outsider),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 404
    assert User.objects.get(pk=world.outsider.pk).check_password(PASSWORD)


def test_org_admin_cannot_grant_itself_system_admin_or_caseworker(login: Any, world: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    client = login(admin)
    for role in (Role.SYSTEM_ADMIN, Role.CASEWORKER):
        response = client.post(_url("user_grant", admin), {"role": role})
        assert response.status_code == 400, role
        assert "role" in response.context["grant_form"].errors
    assert roles_of(admin) == {Role.ORG_ADMIN}


def test_page_offers_only_the_roles_the_admin_may_grant(login: Any, world: Any) -> None:
    page = login(world.user(Role.ORG_ADMIN)).get(
        _url("user_detail", world.user(Role.SERVICE_PROVIDER))
    )
    offered = {value for value, _ in page.context["grant_form"].fields["role"].choices}
    assert offered == {Role.SERVICE_PROVIDER, Role.GOVERNMENT_OFFICIAL, Role.ORG_ADMIN}


def test_org_admin_cannot_reset_the_password_of_its_system_admin(login: Any, world: Any) -> None:
    system = world.user(Role.SYSTEM_ADMIN)
    client = login(world.user(Role.ORG_ADMIN))
    page = client.get(_url("user_detail", system)).content.decode()
    assert "administer_system" in page  # says why, and offers no form
    assert _url("user_password", system) not in page
    response = client.post(
        _url("user_password", system), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 403
    assert User.objects.get(pk=system.pk).check_password(PASSWORD)


def test_org_admin_cannot_revoke_or_deactivate_a_caseworker(login: Any, world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    client = login(world.user(Role.ORG_ADMIN))
    assert client.post(_url("user_revoke", caseworker, Role.CASEWORKER)).status_code == 403
    assert client.post(_url("user_active", caseworker), {"active": "0"}).status_code == 403
    assert roles_of(caseworker) == {Role.CASEWORKER}
    assert User.objects.get(pk=caseworker.pk).is_active


def test_org_admin_adds_an_account_and_manages_a_role_it_may_grant(login: Any, world: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    client = login(admin)
    response = client.post(
        reverse("web:user_add"),
        {
            "username": "new-official",
            "first_name": "Awa",
            "last_name": "Traoré",
            "email": "",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    made = User.objects.get(username="new-official")
    assert made.organisation == world.home
    assert made.check_password(NEW_PASSWORD)

    response = client.post(
        _url("user_grant", made),
        {"role": Role.GOVERNMENT_OFFICIAL, "limited_to": [world.agadez.pk]},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=made)
    assert list(assignment.limited_to.all()) == [world.agadez]
    assert all(e.actor == admin for e in entries_about(RoleAssignment, assignment.pk))

    assert client.post(_url("user_names", made), {"last_name": "Traore"}).status_code == 302
    response = client.post(
        _url("user_password", made),
        {"password1": "Yet-another-one-88", "password2": "Yet-another-one-88"},
    )
    assert response.status_code == 302
    assert client.post(_url("user_revoke", made, Role.GOVERNMENT_OFFICIAL)).status_code == 302
    assert client.post(_url("user_active", made), {"active": "0"}).status_code == 302
    made.refresh_from_db()
    assert (made.last_name, made.is_active, roles_of(made)) == ("Traore", False, set())
    assert made.check_password("Yet-another-one-88")


def test_a_limited_admin_is_offered_its_sites_and_refused_wider(
    login: Any, world: Any, site_admin: User, newcomer: User
) -> None:
    client = login(site_admin)
    page = client.get(_url("user_detail", newcomer))
    assert list(page.context["grant_form"].fields["limited_to"].queryset) == [world.agadez]
    grant = _url("user_grant", newcomer)
    whole = client.post(grant, {"role": Role.SERVICE_PROVIDER})
    assert whole.status_code == 400
    assert "that widely" in whole.content.decode()
    elsewhere = client.post(
        grant, {"role": Role.SERVICE_PROVIDER, "limited_to": [world.tripoli.pk]}
    )
    assert elsewhere.status_code == 400
    assert roles_of(newcomer) == set()
    narrow = client.post(grant, {"role": Role.SERVICE_PROVIDER, "limited_to": [world.agadez.pk]})
    assert narrow.status_code == 302
    assert roles_of(newcomer) == {Role.SERVICE_PROVIDER}


def test_searching_places_for_a_limit(login: Any, world: Any) -> None:
    page = login(world.user(Role.ORG_ADMIN)).get(
        _url("user_detail", world.user(Role.SERVICE_PROVIDER)), {"q": "tripoli"}
    )
    offered = list(page.context["grant_form"].fields["limited_to"].queryset)
    assert world.tripoli in offered
    assert world.agadez not in offered


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Utilisateurs", "Ajouter un utilisateur", "Rôles que vous pouvez attribuer"]),
        ("es", ["Usuarios", "Añadir un usuario", "Roles que puede otorgar"]),
    ],
)
def test_the_page_speaks_french_and_spanish(
    login: Any, world: Any, language: str, words: list[str]
) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    listing = client.get(reverse("web:user_list"), HTTP_ACCEPT_LANGUAGE=language)
    body = listing.content.decode()
    for word in words:
        assert word in body, (language, word)
    assert "Add a user" not in body
    detail = client.get(
        _url("user_detail", world.user(Role.SYSTEM_ADMIN)), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert "You cannot change the password" not in detail  # the refusal is translated too
    assert "administer_system" in detail


def test_the_list_costs_the_same_queries_for_twenty_more_accounts(login: Any, world: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    client.get(reverse("web:user_list"))  # the session and caches warmed
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("web:user_list"))
    for n in range(20):
        actions.create_or_update_user(
            actor=SETUP,
            username=f"extra-{n}",
            organisation=world.home,
            password=PASSWORD,
            roles=[Role.SERVICE_PROVIDER],
            limited_to=[world.agadez],
        )
    with CaptureQueriesContext(connection) as after:
        body = client.get(reverse("web:user_list")).content.decode()
    assert "extra-19" in body
    assert len(after.captured_queries) == len(before.captured_queries)
