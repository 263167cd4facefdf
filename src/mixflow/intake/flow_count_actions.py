"""Correcting a flow count already recorded: checked, written and audited (before and after)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mixflow.accounts.actors import Actor
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.intake.hooks import flow_counts_written
from mixflow.intake.models import FlowCount

CORRECTABLE = (
    "direction",
    "men",
    "women",
    "boys",
    "girls",
    "nationality",
    "intended_destination",
    "transport",
    "reason",
    "unaccompanied_children",
    "pregnant_women",
    "older_persons",
    "persons_with_disability",
)
"""What a correction may change: not where, when or by whom the group was counted."""


@transaction.atomic
def correct_flow_count(
    *, actor: Actor, flow_count: FlowCount, values: Mapping[str, Any]
) -> FlowCount:
    """Change observed values of one count; the group size follows its parts. The audit entry
    holds every changed value before and after."""
    scope = scope_of(actor)
    if not scope.acts_for(flow_count.organisation_id) or not scope.can_at_site(
        Capability.CORRECT_FLOW_COUNTS, flow_count.site_id
    ):
        raise PermissionDenied(_("You may not correct this flow count."))
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise ValidationError(
            _("These values cannot be corrected: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    count = FlowCount.objects.select_for_update().get(pk=flow_count.pk)
    for name, value in values.items():
        setattr(count, name, value)
    count.group_size = count.men + count.women + count.boys + count.girls
    if count.group_size < 1:
        raise ValidationError(_("A group counts at least one person."))
    if count.unaccompanied_children > count.boys + count.girls:
        raise ValidationError(_("There cannot be more unaccompanied children than children."))
    count.full_clean(exclude=["organisation", "site", "recorded_by", "previous_transit_point"])
    with audit.acting_as(actor):
        count.save()
    flow_counts_written([count.pk])
    return count
