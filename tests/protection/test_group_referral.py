"""One referral for a group: the members chosen whose consent allows it are referred, the
others are left out with the reason; the provider reads only the members referred; the page
shows each member's consent before proposing and is reached from the person page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.identity.actions import PersonDetails, register_group, register_person
from mixflow.lib.vocabularies import GroupKind, Relationship
from mixflow.protection.actions import (
    ReferralError,
    propose_group_referral,
    send_referral,
    withdraw_consent,
)
from mixflow.protection.models import Consent, Referral
from mixflow.protection.queries import shared_view
from mixflow.protection.vocabulary import ReferralStatus
from tests.conftest import DAY, World
from tests.protection.conftest import Directory, consent_to_services

pytestmark = pytest.mark.django_db


def _family(world: World) -> tuple[Any, list[Any]]:
    officer = world.user(Role.REGISTRATION_OFFICER)

    def person(name: str, born: str) -> Any:
        return register_person(
            actor=officer,
            organisation=world.home,
            site=world.agadez,
            registered_on=DAY,
            details=PersonDetails(
                given_name=name, family_name="Bah", sex="female", date_of_birth=born
            ),
        )

    mother, son, aunt = person("Mariam", "1988"), person("Moussa", "2014"), person("Kadi", "1980")
    group = register_group(
        actor=officer,
        organisation=world.home,
        site=world.agadez,
        kind=GroupKind.FAMILY,
        formed_on=DAY,
        members=[
            (mother, Relationship.HEAD),
            (son, Relationship.CHILD),
            (aunt, Relationship.SIBLING),
        ],
    )
    return group, [mother, son, aunt]


def test_members_without_consent_are_left_out_with_the_reason(
    world: World, directory: Directory
) -> None:
    group, (mother, son, aunt) = _family(world)
    for member in (mother, son):
        consent_to_services(world, member, share_with=directory.clinic)
    caseworker = world.user(Role.CASEWORKER)
    made = propose_group_referral(
        actor=caseworker,
        group=group,
        members=[mother, son, aunt],
        service=directory.health,
        needs=["SM"],
    )
    assert set(made.referral.members.all()) == {mother, son}
    assert [m.person for m in made.excluded] == [aunt]
    assert str(made.excluded[0].decision.reason) == "The person has not agreed to this purpose."
    send_referral(actor=caseworker, referral=made.referral)
    # The provider reads the two members referred, not the aunt.
    view = shared_view(Referral.objects.get(pk=made.referral.pk))
    assert view.allowed
    names = {value.value for person in view.people for value in person if value.code == "name"}
    assert names == {"Mariam Bah", "Moussa Bah"}
    # One member withdrawing stops the sharing of the referral at once.
    withdraw_consent(
        actor=caseworker,
        consent=Consent.objects.filter(person=son, purpose="services").get(),
        on=DAY,
    )
    assert not shared_view(Referral.objects.get(pk=made.referral.pk)).allowed


def test_nothing_is_proposed_when_no_member_chosen_may_be_referred(
    world: World, directory: Directory
) -> None:
    group, (mother, _son, aunt) = _family(world)
    with pytest.raises(ReferralError):
        propose_group_referral(
            actor=world.user(Role.CASEWORKER),
            group=group,
            members=[mother, aunt],
            service=directory.health,
            needs=["SM"],
        )
    with pytest.raises(ReferralError):
        propose_group_referral(
            actor=world.user(Role.CASEWORKER),
            group=group,
            members=[world.at_agadez],
            service=directory.health,
            needs=["SM"],
        )
    assert not Referral.objects.exists()


def test_the_group_referral_page_checks_then_proposes(
    world: World, directory: Directory, client: Any
) -> None:
    group, (mother, son, aunt) = _family(world)
    for member in (mother, son):
        consent_to_services(world, member, share_with=directory.clinic)
    client.force_login(world.user(Role.CASEWORKER))
    page = reverse("web:group_referral_new", args=[group.pk])
    assert page in client.get(reverse("web:person_detail", args=[son.pk])).content.decode()
    form = {
        "service": str(directory.health.pk),
        "members": [str(p.pk) for p in (mother, son, aunt)],
        "needs": ["SM"],
    }
    checked = client.post(page, {**form, "check": "1"})
    assert checked.status_code == 200
    assert checked.context["sharing"][2].person == aunt
    assert not checked.context["sharing"][2].allowed
    assert "Left out" in checked.content.decode()
    assert not Referral.objects.exists()
    missing = client.post(page, {"members": [str(mother.pk)], "propose": "1"})
    assert missing.status_code == 200
    assert "There is a problem" in missing.content.decode()
    proposed = client.post(page, {**form, "propose": "1"}, follow=True)
    referral = Referral.objects.get()
    assert proposed.redirect_chain[-1][0] == reverse("web:referral_detail", args=[referral.pk])
    assert referral.status == ReferralStatus.PROPOSED
    text = proposed.content.decode()
    assert "Kadi Bah is left out" in text
    # Nobody else opens the page.
    client.force_login(world.outsider)
    assert client.get(page).status_code in (403, 404)
