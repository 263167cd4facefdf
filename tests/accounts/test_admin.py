"""The Django admin writes accounts only through the actions: the escalation of issue 8 is
refused there, for organisation administrators (the admin is closed to them) and for system
administrators (who may not grant or take over what they do not hold)."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from mixflow.accounts import actions
from mixflow.accounts.models import Organisation, RoleAssignment, User
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from tests.accounts.conftest import entries_about, roles_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADD = reverse("admin:accounts_roleassignment_add")
NEW_PASSWORD = "Another-long-passphrase-77"


def _password_url(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def _password_form() -> dict[str, str]:
    return {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "set_usable_password": "true"}


def test_org_admin_cannot_add_itself_a_role_through_the_admin(login: Any, world: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    client = login(admin)
    for role in (Role.SYSTEM_ADMIN, Role.CASEWORKER):
        response = client.post(ADD, {"user": admin.pk, "role": role})
        assert response.status_code == 302, role
        assert "login" in response["Location"]
    assert roles_of(admin) == {Role.ORG_ADMIN}


def test_org_admin_cannot_change_its_assignment_through_the_admin(login: Any, world: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    assignment = RoleAssignment.objects.get(user=admin)
    url = reverse("admin:accounts_roleassignment_change", args=[assignment.pk])
    response = login(admin).post(url, {"user": admin.pk, "role": Role.SYSTEM_ADMIN})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert roles_of(admin) == {Role.ORG_ADMIN}


def test_system_admin_cannot_grant_a_role_it_does_not_hold(login: Any, world: Any) -> None:
    system = world.user(Role.SYSTEM_ADMIN)
    response = login(system).post(ADD, {"user": system.pk, "role": Role.CASEWORKER})
    assert response.status_code == 200
    assert "view_persons" in response.content.decode()  # the refusal, as a form error
    assert roles_of(system) == {Role.SYSTEM_ADMIN}


def test_system_admin_cannot_turn_an_assignment_into_one_it_does_not_hold(
    login: Any, world: Any
) -> None:
    admin = world.user(Role.ORG_ADMIN)
    assignment = RoleAssignment.objects.get(user=admin)
    url = reverse("admin:accounts_roleassignment_change", args=[assignment.pk])
    response = login(world.user(Role.SYSTEM_ADMIN)).post(
        url, {"user": admin.pk, "role": Role.CASEWORKER}
    )
    assert response.status_code == 200
    assert roles_of(admin) == {Role.ORG_ADMIN}


def test_system_admin_cannot_revoke_a_role_it_does_not_hold(login: Any, world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    assignment = RoleAssignment.objects.get(user=caseworker)
    url = reverse("admin:accounts_roleassignment_delete", args=[assignment.pk])
    response = login(world.user(Role.SYSTEM_ADMIN)).post(url, {"post": "yes"})
    assert response.status_code == 403
    assert roles_of(caseworker) == {Role.CASEWORKER}


def test_system_admin_grants_system_admin_through_the_admin(login: Any, world: Any) -> None:
    system = world.user(Role.SYSTEM_ADMIN)
    # An account holding nothing the system administrator lacks.
    official = actions.create_user(
        actor=SystemActor("tests"), organisation=world.home, username="newcomer", password=PASSWORD
    )
    response = login(system).post(ADD, {"user": official.pk, "role": Role.SYSTEM_ADMIN})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assignment = RoleAssignment.objects.get(user=official, role=Role.SYSTEM_ADMIN)
    assert [e.actor for e in entries_about(RoleAssignment, assignment.pk)] == [system]
    assert User.objects.get(pk=official.pk).is_staff


def test_org_admin_cannot_reset_passwords_through_the_admin(login: Any, world: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    for target in (world.outsider, world.user(Role.SYSTEM_ADMIN)):
        response = client.post(_password_url(target), _password_form())
        assert response.status_code == 302
        assert "login" in response["Location"]
        assert User.objects.get(pk=target.pk).check_password(PASSWORD)


def test_system_admin_cannot_take_over_a_caseworker_of_another_organisation(
    login: Any, world: Any
) -> None:
    client = login(world.user(Role.SYSTEM_ADMIN))
    assert client.get(_password_url(world.outsider)).status_code == 403
    assert client.post(_password_url(world.outsider), _password_form()).status_code == 403
    assert User.objects.get(pk=world.outsider.pk).check_password(PASSWORD)


def test_system_admin_resets_a_password_it_may_and_the_log_keeps_no_value(
    login: Any, world: Any
) -> None:
    system = world.user(Role.SYSTEM_ADMIN)
    # An account holding nothing the system administrator lacks.
    official = actions.create_user(
        actor=SystemActor("tests"), organisation=world.home, username="newcomer", password=PASSWORD
    )
    response = login(system).post(_password_url(official), _password_form())
    assert response.status_code == 302
    changed = User.objects.get(pk=official.pk)
    assert changed.check_password(NEW_PASSWORD)
    entry = entries_about(User, official.pk).filter(action=LogEntry.Action.UPDATE).last()
    assert entry is not None
    assert entry.actor == system
    assert NEW_PASSWORD not in str(entry.changes)
    assert changed.password not in str(entry.changes)


def test_system_admin_cannot_deactivate_a_caseworker_through_the_admin(
    login: Any, world: Any
) -> None:
    caseworker = world.user(Role.CASEWORKER)
    url = reverse("admin:accounts_user_change", args=[caseworker.pk])
    form = {
        "username": caseworker.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "organisation": world.home.pk,
        # is_active left out: unchecked
    }
    response = login(world.user(Role.SYSTEM_ADMIN)).post(url, form)
    assert response.status_code == 403
    assert User.objects.get(pk=caseworker.pk).is_active


def test_system_admin_adds_an_account_through_the_admin(login: Any, world: Any) -> None:
    system = world.user(Role.SYSTEM_ADMIN)
    response = login(system).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "from-admin",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "organisation": world.other.pk,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    made = User.objects.get(username="from-admin")
    assert made.organisation == world.other
    assert made.check_password(NEW_PASSWORD)
    assert [e.actor for e in entries_about(User, made.pk)] == [system]


def test_users_and_organisations_are_not_deleted_in_the_admin(login: Any, world: Any) -> None:
    client = login(world.user(Role.SYSTEM_ADMIN))
    official = world.user(Role.GOVERNMENT_OFFICIAL)
    url = reverse("admin:accounts_user_delete", args=[official.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    url = reverse("admin:accounts_organisation_delete", args=[world.other.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=official.pk).exists()
    actions.deactivate_user(actor=world.user(Role.ORG_ADMIN), user=official)  # the way instead


def test_the_changelists_delete_action_revokes_through_the_actions(login: Any, world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    assignment = RoleAssignment.objects.get(user=caseworker)
    response = login(world.user(Role.SYSTEM_ADMIN)).post(
        reverse("admin:accounts_roleassignment_changelist"),
        {"action": "delete_selected", "_selected_action": [assignment.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert roles_of(caseworker) == {Role.CASEWORKER}


def test_system_admin_adds_and_renames_an_organisation(login: Any, world: Any) -> None:
    system = world.user(Role.SYSTEM_ADMIN)
    client = login(system)
    form = {"code": "newngo", "name": "New NGO", "kind": "ngo", "country": "NER"}
    assert client.post(reverse("admin:accounts_organisation_add"), form).status_code == 302
    made = Organisation.objects.get(code="newngo")
    url = reverse("admin:accounts_organisation_change", args=[made.pk])
    assert client.post(url, {**form, "name": "Renamed NGO"}).status_code == 302
    assert Organisation.objects.get(pk=made.pk).name == "Renamed NGO"
    assert {e.actor for e in entries_about(Organisation, made.pk)} == {system}
