"""The rules of ``accounts.actions``, called directly: who may grant what, at how many sites,
to whom; and that each change leaves an audit entry naming its actor."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from mixflow.accounts import actions
from mixflow.accounts.models import Organisation, RoleAssignment, User
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Capability, Role
from mixflow.core.scoping import scope_of
from mixflow.geo.models import Location
from tests.accounts.conftest import entries_about, roles_of
from tests.conftest import PASSWORD, SETUP

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_org_admin_cannot_make_itself_system_admin_then_caseworker(world: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    with pytest.raises(PermissionDenied, match="Only a system administrator"):
        actions.grant_role(actor=admin, user=admin, role=Role.SYSTEM_ADMIN)
    with pytest.raises(PermissionDenied, match="view_persons, view_sensitive"):
        actions.grant_role(actor=admin, user=admin, role=Role.CASEWORKER)
    assert roles_of(admin) == {Role.ORG_ADMIN}
    after = scope_of(fresh(admin))
    assert not after.can(Capability.ADMINISTER_SYSTEM)
    assert not after.can(Capability.VIEW_SENSITIVE)


@pytest.mark.parametrize(
    "role",
    [Role.ENUMERATOR, Role.REGISTRATION_OFFICER, Role.CASEWORKER, Role.ANALYST, Role.SYSTEM_ADMIN],
)
def test_org_admin_cannot_grant_what_it_does_not_hold(
    world: Any, newcomer: User, role: str
) -> None:
    with pytest.raises(PermissionDenied):
        actions.grant_role(actor=world.user(Role.ORG_ADMIN), user=newcomer, role=role)
    assert roles_of(newcomer) == set()


@pytest.mark.parametrize("role", [Role.GOVERNMENT_OFFICIAL, Role.SERVICE_PROVIDER, Role.ORG_ADMIN])
def test_org_admin_grants_and_revokes_the_roles_it_holds(
    world: Any, newcomer: User, role: str
) -> None:
    admin = world.user(Role.ORG_ADMIN)
    actions.grant_role(actor=admin, user=newcomer, role=role)
    assert roles_of(newcomer) == {role}
    actions.revoke_role(actor=admin, user=newcomer, role=role)
    assert roles_of(newcomer) == set()


def test_nobody_acts_on_another_organisations_accounts(world: Any) -> None:
    outsider = world.outsider
    other_official = actions.create_user(
        actor=SystemActor("tests"), organisation=world.other, username="o2", password=PASSWORD
    )
    with pytest.raises(PermissionDenied, match="your own organisation"):
        actions.grant_role(
            actor=world.user(Role.ORG_ADMIN), user=other_official, role=Role.SERVICE_PROVIDER
        )
    with pytest.raises(PermissionDenied, match="your own organisation"):
        actions.update_user(actor=world.user(Role.ORG_ADMIN), user=outsider, first_name="X")
    with pytest.raises(PermissionDenied, match="manage_users"):
        actions.create_user(
            actor=world.user(Role.CASEWORKER),
            organisation=world.home,
            username="sneaky",
            password=PASSWORD,
        )
    assert fresh(outsider).first_name == ""
    assert not User.objects.filter(username="sneaky").exists()


def test_password_of_an_account_that_may_do_more_cannot_be_changed(world: Any) -> None:
    # The org admin and its own organisation's system administrator.
    with pytest.raises(PermissionDenied, match="administer_system"):
        actions.set_password(
            actor=world.user(Role.ORG_ADMIN), user=world.user(Role.SYSTEM_ADMIN), password="x" * 20
        )
    # A system administrator and another organisation's caseworker: taking that account over
    # would open migrants' records to it.
    with pytest.raises(PermissionDenied, match="view_persons"):
        actions.set_password(
            actor=world.user(Role.SYSTEM_ADMIN), user=world.outsider, password="x" * 20
        )
    assert fresh(world.user(Role.SYSTEM_ADMIN)).check_password(PASSWORD)
    assert fresh(world.outsider).check_password(PASSWORD)


def test_activity_and_roles_of_an_account_that_may_do_more_cannot_be_changed(world: Any) -> None:
    admin, caseworker = world.user(Role.ORG_ADMIN), world.user(Role.CASEWORKER)
    with pytest.raises(PermissionDenied):
        actions.deactivate_user(actor=admin, user=caseworker)
    with pytest.raises(PermissionDenied):
        actions.revoke_role(actor=admin, user=caseworker, role=Role.CASEWORKER)
    with pytest.raises(PermissionDenied):
        # A role the admin may grant, to an account it may not change.
        actions.grant_role(actor=admin, user=caseworker, role=Role.GOVERNMENT_OFFICIAL)
    assert fresh(caseworker).is_active
    assert roles_of(caseworker) == {Role.CASEWORKER}


def test_names_of_any_account_of_the_organisation_can_be_corrected(world: Any) -> None:
    admin, caseworker = world.user(Role.ORG_ADMIN), world.user(Role.CASEWORKER)
    actions.update_user(actor=admin, user=caseworker, last_name="Diallo", email="")
    assert fresh(caseworker).last_name == "Diallo"
    # Its username and email identify the account: changing them is a take-over.
    with pytest.raises(PermissionDenied):
        actions.update_user(actor=admin, user=caseworker, email="admin@example.org")
    with pytest.raises(PermissionDenied):
        actions.update_user(actor=admin, user=caseworker, username="renamed")
    assert (fresh(caseworker).email, fresh(caseworker).username) == ("", "caseworker")


def test_org_admin_deactivates_what_it_may_but_not_itself(world: Any, newcomer: User) -> None:
    admin = world.user(Role.ORG_ADMIN)
    actions.grant_role(actor=admin, user=newcomer, role=Role.GOVERNMENT_OFFICIAL)
    actions.deactivate_user(actor=admin, user=newcomer)
    assert not fresh(newcomer).is_active
    with pytest.raises(PermissionDenied, match="your own account"):
        actions.deactivate_user(actor=admin, user=admin)


def test_system_admin_grants_system_admin_but_not_a_role_that_sees_persons(
    world: Any, newcomer: User
) -> None:
    system = world.user(Role.SYSTEM_ADMIN)
    actions.grant_role(actor=system, user=newcomer, role=Role.SYSTEM_ADMIN)
    assert roles_of(newcomer) == {Role.SYSTEM_ADMIN}
    assert fresh(newcomer).is_staff  # the admin's sign-in form asks for it
    with pytest.raises(PermissionDenied, match="view_persons"):
        actions.grant_role(actor=system, user=newcomer, role=Role.REGISTRATION_OFFICER)
    actions.revoke_role(actor=system, user=newcomer, role=Role.SYSTEM_ADMIN)
    assert not fresh(newcomer).is_staff


def test_limits_narrower_than_the_actors_are_accepted_wider_refused(
    world: Any, newcomer: User, site_admin: User
) -> None:
    actions.grant_role(
        actor=site_admin, user=newcomer, role=Role.GOVERNMENT_OFFICIAL, limited_to=[world.agadez]
    )
    assert roles_of(newcomer) == {Role.GOVERNMENT_OFFICIAL}
    # The area holding Agadez is wider than Agadez, though it holds no other site today.
    for wider in (
        [world.tripoli],
        [],
        [Location.objects.get(code="NE001")],
        [world.agadez, world.tripoli],
    ):
        with pytest.raises(PermissionDenied, match="that widely"):
            actions.grant_role(
                actor=site_admin, user=newcomer, role=Role.GOVERNMENT_OFFICIAL, limited_to=wider
            )
    limits = RoleAssignment.objects.get(user=newcomer, role=Role.GOVERNMENT_OFFICIAL).limited_to
    assert list(limits.all()) == [world.agadez]


def test_an_admin_limited_to_an_area_grants_its_sites(world: Any, newcomer: User) -> None:
    area = Location.objects.get(code="NE001")
    area_admin = actions.create_or_update_user(
        actor=SETUP,
        username="area-admin",
        organisation=world.home,
        password=PASSWORD,
        roles=[Role.ORG_ADMIN],
        limited_to=[area],
    )
    for narrower in ([area], [world.agadez]):
        actions.grant_role(
            actor=area_admin, user=newcomer, role=Role.SERVICE_PROVIDER, limited_to=narrower
        )
    with pytest.raises(PermissionDenied, match="that widely"):
        actions.grant_role(
            actor=area_admin,
            user=newcomer,
            role=Role.SERVICE_PROVIDER,
            limited_to=[Location.objects.get(code="NER")],
        )


def test_a_limited_admin_cannot_change_an_account_covering_more_sites(
    world: Any, site_admin: User
) -> None:
    # The unlimited organisation administrator covers more sites than the Agadez one.
    with pytest.raises(PermissionDenied, match="more sites"):
        actions.set_password(actor=site_admin, user=world.user(Role.ORG_ADMIN), password="y" * 20)


def test_create_or_update_user_goes_through_the_same_checks(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_or_update_user(
            actor=world.user(Role.ORG_ADMIN),
            username="made-up",
            organisation=world.home,
            password=PASSWORD,
            roles=[Role.CASEWORKER],
        )
    assert not User.objects.filter(username="made-up").exists()  # one transaction: nothing kept


def test_only_system_administrators_create_organisations(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_organisation(
            actor=world.user(Role.ORG_ADMIN), code="mine", name="Mine", kind="ngo"
        )
    made = actions.create_organisation(
        actor=world.user(Role.SYSTEM_ADMIN), code="new", name="New NGO", kind="ngo"
    )
    actions.update_organisation(
        actor=world.user(Role.SYSTEM_ADMIN), organisation=made, name="Renamed"
    )
    assert Organisation.objects.get(code="new").name == "Renamed"
    with pytest.raises(PermissionDenied):
        actions.update_organisation(
            actor=world.user(Role.ORG_ADMIN), organisation=world.home, name="Ours now"
        )


def test_each_change_is_audited_with_its_actor_and_no_password(world: Any, newcomer: User) -> None:
    admin = world.user(Role.ORG_ADMIN)
    assignment = actions.grant_role(
        actor=admin, user=newcomer, role=Role.GOVERNMENT_OFFICIAL, limited_to=[world.agadez]
    )
    actions.grant_role(
        actor=admin, user=newcomer, role=Role.GOVERNMENT_OFFICIAL, limited_to=[world.tripoli]
    )
    actions.set_password(actor=admin, user=newcomer, password="a-new-secret-password-1")
    entries = list(entries_about(RoleAssignment, assignment.pk))
    assert entries
    assert all(e.actor == admin for e in entries)
    # The limit's changes are recorded, not only the assignment's creation.
    assert any("limited_to" in (e.changes_dict or {}) for e in entries[1:])
    user_entries = list(entries_about(User, newcomer.pk))
    password_entries = [e for e in user_entries if "password" in (e.changes_dict or {})]
    assert len(password_entries) == 1
    assert password_entries[0].actor == admin
    hashed = fresh(newcomer).password
    for entry in user_entries:
        text = f"{entry.changes} {entry.additional_data}"
        assert "a-new-secret-password-1" not in text
        assert hashed not in text


def test_the_operator_is_named_in_the_audit_log(world: Any) -> None:
    user = actions.create_user(
        actor=SystemActor("mixflow users"),
        organisation=world.home,
        username="op",
        password=PASSWORD,
    )
    entries = list(entries_about(User, user.pk))
    assert [e.actor_email for e in entries] == ["system:mixflow users"]
    assert entries[0].actor is None


def test_a_system_actor_for_one_organisation_manages_that_one_only(world: Any) -> None:
    task = SystemActor("a task", organisation_id=world.home.pk)
    actions.create_user(actor=task, organisation=world.home, username="by-task", password=PASSWORD)
    with pytest.raises(PermissionDenied, match="started for"):
        actions.create_user(
            actor=task, organisation=world.other, username="elsewhere", password=PASSWORD
        )
    with pytest.raises(PermissionDenied):
        actions.create_organisation(actor=task, code="t", name="T", kind="ngo")
    assert set(
        User.objects.filter(username__in=["by-task", "elsewhere"]).values_list(
            "username", flat=True
        )
    ) == {"by-task"}


def test_an_account_limited_to_an_area_is_wider_than_one_limited_to_its_site(
    world: Any, site_admin: User
) -> None:
    by_area = actions.create_or_update_user(
        actor=SETUP,
        username="by-area",
        organisation=world.home,
        password=PASSWORD,
        roles=[Role.SERVICE_PROVIDER],
        limited_to=[Location.objects.get(code="NE001")],
    )
    with pytest.raises(PermissionDenied, match="more sites"):
        actions.set_password(actor=site_admin, user=by_area, password="z" * 20)
