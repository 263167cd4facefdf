"""A household or travel group kept up to date at the desk: members added and removed by a
registration officer of the group's site (issue 12), each change audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixflow.accounts.actors import Actor
from mixflow.core import audit
from mixflow.identity import linking
from mixflow.identity.actions import _may_register, register_group
from mixflow.identity.models import Group, GroupMember, Person
from mixflow.lib.vocabularies import GroupKind, Relationship


def _same_organisation(group: Group, person: Person) -> None:
    if person.organisation_id != group.organisation_id:
        raise PermissionDenied(_("A group holds records of its own organisation only."))


@transaction.atomic
def start_group(*, actor: Actor, person: Person, kind: str = GroupKind.HOUSEHOLD) -> Group:
    """A new group at the person's registration site, with the person as its head."""
    return register_group(
        actor=actor,
        organisation=person.organisation,
        site=person.registration_site,
        kind=kind,
        formed_on=timezone.localdate(),
        members=[(person, Relationship.HEAD)],
    )


@transaction.atomic
def add_member(*, actor: Actor, group: Group, person: Person, relationship: str) -> GroupMember:
    """``person`` joins ``group`` (a member already there keeps their place, with the new
    relationship)."""
    _may_register(actor, group.organisation_id, group.site_id)
    _same_organisation(group, person)
    with audit.acting_as(actor):
        member, _created = GroupMember.objects.update_or_create(
            group=group, person=person, defaults={"relationship": relationship}
        )
    if linking.matcher_available():
        linking.groups_changed(group.organisation_id, [person.pk])
    return member


@transaction.atomic
def remove_member(*, actor: Actor, member: GroupMember) -> None:
    """The member leaves the group; their record stays as it is."""
    _may_register(actor, member.group.organisation_id, member.group.site_id)
    with audit.acting_as(actor):
        member.delete()
    if linking.matcher_available():
        linking.groups_changed(member.group.organisation_id, [member.person_id])
