"""The scoping mechanism itself: limits by area, several roles, users without organisation."""

from __future__ import annotations

from typing import Any

import pytest

from mixflow.accounts.actions import create_or_update_user
from mixflow.accounts.models import User
from mixflow.core.roles import Capability, Role
from mixflow.core.scoping import scope_of, scoped
from mixflow.geo.models import Location
from mixflow.identity.models import Person
from mixflow.intake.models import Encounter, SensitiveDetails
from tests.conftest import SETUP

pytestmark = pytest.mark.django_db


def test_a_limit_to_an_area_covers_the_sites_inside_it(world: Any) -> None:
    area = Location.objects.get(code="NE001")
    user = create_or_update_user(
        username="by-area",
        organisation=world.home,
        password="x" * 12,
        actor=SETUP,
        roles=[Role.CASEWORKER],
        limited_to=[area],
    )
    assert scope_of(user).sites_for(Capability.VIEW_PERSONS) == frozenset({world.agadez.pk})
    assert set(scoped(user, Person)) == {world.at_agadez, world.shared}


def test_a_limit_to_a_country_covers_its_areas_sites(world: Any) -> None:
    user = create_or_update_user(
        username="by-country",
        organisation=world.home,
        password="x" * 12,
        actor=SETUP,
        roles=[Role.CASEWORKER],
        limited_to=[Location.objects.get(code="LBY")],
    )
    assert set(scoped(user, Person)) == {world.at_tripoli}


def test_roles_add_up(world: Any) -> None:
    user = create_or_update_user(
        username="two-hats",
        organisation=world.home,
        password="x" * 12,
        actor=SETUP,
        roles=[Role.ENUMERATOR, Role.REGISTRATION_OFFICER],
    )
    scope = scope_of(user)
    assert scope.can(Capability.RECORD_FLOW_COUNTS)
    assert scope.can(Capability.VIEW_PERSONS)
    assert not scope.can(Capability.VIEW_SENSITIVE)
    assert not scoped(user, SensitiveDetails).exists()


def test_user_without_organisation_or_roles_sees_nothing(world: Any) -> None:
    loner = User.objects.create_user(username="loner", password="x" * 12)
    assert not scoped(loner, Person).exists()
    assert not scoped(loner, Encounter).exists()
    assert not scoped(loner, Location).exists()


def test_inactive_user_sees_nothing(world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    caseworker.is_active = False
    assert not scoped(caseworker, Person).exists()


def test_every_model_with_personal_data_declares_a_rule() -> None:
    from django.apps import apps

    personal_apps = {"identity", "intake", "protection"}
    for model in apps.get_models():
        if model._meta.app_label in personal_apps and model.__name__ != "NameKey":
            assert hasattr(model, "scope_rule"), model.__name__


def test_withhold_overrides_a_consent_to_share(world: Any) -> None:
    from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose
    from mixflow.protection.actions import record_consent

    caseworker = world.user(Role.CASEWORKER)
    assert scoped(caseworker, Person).filter(pk=world.shared.pk).exists()
    record_consent(
        actor=world.outsider,
        person=world.shared,
        purpose=ConsentPurpose.WITHHOLD_FROM,
        given=True,
        method=ConsentMethod.VERBAL,
        recorded_on=world.shared.registered_on,
        target_organisation=world.home,
    )
    assert not scoped(caseworker, Person).filter(pk=world.shared.pk).exists()
