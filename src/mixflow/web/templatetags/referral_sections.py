"""The referral section of the person page: the person's referrals, and links to refer them
and to their consent. An inclusion tag, so the person page gains it without its view knowing
about referrals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.utils import timezone

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.protection.queries import referrals_of

if TYPE_CHECKING:
    from mixflow.identity.models import Person

register = template.Library()


@register.inclusion_tag("web/referrals/_person_referrals.html", takes_context=True)
def person_referrals(context: template.Context, person: Person) -> dict[str, Any]:
    user = context["request"].user
    scope = scope_of(user)
    can_refer = scope.can_at_site(Capability.MAKE_REFERRALS, person.registration_site_id)
    return {
        "person": person,
        "can_refer": can_refer,
        "can_consent": scope.can_at_site(Capability.REGISTER_PERSONS, person.registration_site_id),
        "referrals": list(referrals_of(user, person)) if can_refer else [],
        "today": timezone.localdate(),
    }
