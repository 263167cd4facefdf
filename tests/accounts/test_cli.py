"""``mixflow users``: the same actions, the same refusals (exit code 2, a message saying why),
and the operator named in the audit log when no ``--user`` is given."""

from __future__ import annotations

import io
from typing import Any

import pytest

from mixflow.accounts.models import RoleAssignment, User
from mixflow.cli.main import main
from mixflow.core.roles import Role
from tests.accounts.conftest import entries_about, roles_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-long-passphrase-77"


def test_org_admin_cannot_grant_itself_system_admin_or_caseworker(world: Any, capsys: Any) -> None:
    for role in (Role.SYSTEM_ADMIN, Role.CASEWORKER):
        code = main(["users", "grant", "--user", "org_admin", "org_admin", role])
        assert code == 2, role
    err = capsys.readouterr().err
    assert "Only a system administrator may grant the system administrator role." in err
    assert "view_persons, view_sensitive" in err
    assert roles_of(world.user(Role.ORG_ADMIN)) == {Role.ORG_ADMIN}


def test_org_admin_cannot_touch_another_organisations_account(world: Any, capsys: Any) -> None:
    code = main(["users", "revoke", "--user", "org_admin", "outsider", Role.CASEWORKER])
    assert code == 2
    assert "your own organisation" in capsys.readouterr().err
    assert roles_of(world.outsider) == {Role.CASEWORKER}


def test_operator_grants_with_a_limit_and_is_named_in_the_log(world: Any, capsys: Any) -> None:
    code = main(["users", "grant", "service_provider", Role.ENUMERATOR, "--limit", "NER-AGZ-BUS"])
    assert code == 0, capsys.readouterr().err
    assignment = RoleAssignment.objects.get(
        user=world.user(Role.SERVICE_PROVIDER), role=Role.ENUMERATOR
    )
    assert list(assignment.limited_to.all()) == [world.agadez]
    entries = list(entries_about(RoleAssignment, assignment.pk))
    assert entries
    assert all(e.actor_email == "system:mixflow users" for e in entries)
    assert main(["users", "revoke", "service_provider", Role.ENUMERATOR]) == 0
    assert roles_of(world.user(Role.SERVICE_PROVIDER)) == {Role.SERVICE_PROVIDER}


def test_org_admin_grants_what_it_may_within_its_limit(
    world: Any, site_admin: User, newcomer: User, capsys: Any
) -> None:
    grant = ["users", "grant", "--user", site_admin.username, "newcomer", Role.SERVICE_PROVIDER]
    assert main(grant) == 2  # the whole organisation: wider than Agadez
    assert "that widely" in capsys.readouterr().err
    assert main([*grant, "--limit", "NER-AGZ-BUS"]) == 0
    assert roles_of(newcomer) == {Role.SERVICE_PROVIDER}
    entries = entries_about(RoleAssignment, RoleAssignment.objects.get(user=newcomer).pk)
    assert {e.actor for e in entries} == {site_admin}


def test_add_reads_the_password_from_stdin(world: Any, monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    code = main(
        [
            "users",
            "add",
            "field-lead",
            "--organisation",
            "home",
            "--role",
            Role.CASEWORKER,
            "--limit",
            "NER-AGZ-BUS",
            "--password-stdin",
        ]
    )
    assert code == 0, capsys.readouterr().err
    made = User.objects.get(username="field-lead")
    assert made.check_password(NEW_PASSWORD)
    assert made.organisation == world.home
    assert roles_of(made) == {Role.CASEWORKER}
    assert next(e.actor_email for e in entries_about(User, made.pk)) == "system:mixflow users"


def test_refused_add_leaves_no_account(world: Any, monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    code = main(
        [
            "users",
            "add",
            "half-made",
            "--organisation",
            "home",
            "--role",
            Role.CASEWORKER,
            "--password-stdin",
            "--user",
            "org_admin",
        ]
    )
    assert code == 2
    assert not User.objects.filter(username="half-made").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grant", "nobody", "caseworker"], "no user named 'nobody'"),
        (["grant", "caseworker", "pilot"], "no role 'pilot'"),
        (["grant", "caseworker", "caseworker", "--limit", "XX-NOPE"], "XX-NOPE"),
        (["grant", "--user", "ghost", "caseworker", "caseworker"], "no active user named 'ghost'"),
        (["add", "x", "--organisation", "nowhere", "--password-stdin"], "known: home, other"),
        (["add", "caseworker", "--organisation", "home", "--password-stdin"], "is taken"),
    ],
)
def test_bad_input_is_explained(world: Any, capsys: Any, args: list[str], message: str) -> None:
    assert main(["users", *args]) == 2
    assert message in capsys.readouterr().err


def test_list_shows_what_the_actor_may_manage(world: Any, capsys: Any) -> None:
    assert main(["users", "list", "--user", "org_admin"]) == 0
    out = capsys.readouterr().out
    assert "limited\thome\tregistration_officer (NER-AGZ-BUS)" in out
    assert "outsider" not in out
    assert main(["users", "list"]) == 0
    assert "outsider\tother\tcaseworker" in capsys.readouterr().out
    assert main(["users", "list", "--user", "caseworker"]) == 0
    assert capsys.readouterr().out == ""  # a caseworker manages no account


def test_password_goes_through_the_action_and_refuses_a_takeover(
    world: Any, monkeypatch: Any, capsys: Any
) -> None:
    # An organisation administrator may not reset the password of an account that can do more
    # than it can (the system administrator of its own organisation).
    system_admin = world.user(Role.SYSTEM_ADMIN)
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    refused = ["users", "password", "--user", "org_admin", system_admin.username]
    assert main([*refused, "--password-stdin"]) == 2
    system_admin.refresh_from_db()
    assert not system_admin.check_password(NEW_PASSWORD)

    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    assert main(["users", "password", system_admin.username, "--password-stdin"]) == 0
    system_admin.refresh_from_db()
    assert system_admin.check_password(NEW_PASSWORD)
    assert any(
        e.actor_email == "system:mixflow users" for e in entries_about(User, system_admin.pk)
    )


@pytest.mark.parametrize("command", ["createsuperuser", "changepassword"])
def test_djangos_own_account_commands_are_refused(world: Any, command: str, capsys: Any) -> None:
    before = User.objects.count()
    assert main(["manage", command, "--help"]) == 2
    assert "mixflow users" in capsys.readouterr().err
    assert User.objects.count() == before
