"""The vocabulary of the survey sheet's ``mixflow`` column: which domain field a question fills.

``MAPPING_TARGETS`` is what ``parse`` accepts; ``DESCRIPTIONS`` says what each one means (for the
documentation and the upload page's help). ``intake.mapping`` turns answers into domain values.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mixflow.intake.flow_count_fields import FLOW_COUNT_FIELDS

MEMBERS = "group.members"
"""On a ``begin_repeat``: each instance is one member; ``person.*`` and ``member.relationship``
inside it describe that member."""

FLOW_COUNT_HELP: Mapping[str, Promise] = {
    "observed_at": _("When the flow was observed."),
    "site": _("Code of the flow monitoring point."),
    "direction": _("Direction of the movement (incoming, outgoing…)."),
    "group_size": _("Number of people counted."),
    "men": _("Adult men counted."),
    "women": _("Adult women counted."),
    "boys": _("Boys counted."),
    "girls": _("Girls counted."),
    "nationality": _("Main nationality of the group (ISO 3166 alpha-3)."),
    "area_of_origin": _("Area the group comes from."),
    "previous_transit_point": _("Previous transit point."),
    "intended_destination": _("Intended destination (ISO 3166 alpha-3)."),
    "transport": _("Means of transport."),
    "reason": _("Main reason for the movement."),
    "unaccompanied_children": _("Unaccompanied children counted."),
    "pregnant_women": _("Pregnant women counted."),
    "older_persons": _("Older persons counted."),
    "persons_with_disability": _("Persons with a disability counted."),
}
"""What each field of a flow count holds; its keys are ``FLOW_COUNT_FIELDS`` and the site."""

assert set(FLOW_COUNT_HELP) == {"site", *FLOW_COUNT_FIELDS}

DESCRIPTIONS: Mapping[str, Promise] = {
    "person.given_name": _("Given (first) name."),
    "person.family_name": _("Family name (surname)."),
    "person.father_name": _("Father's name, where names carry it."),
    "person.native_name": _("The name in the person's own script."),
    "person.sex": _("Sex: female, male, other or unknown."),
    "person.date_of_birth": _("Date of birth (ISO date; see person.dob_precision)."),
    "person.dob_precision": _("How precise the date of birth is: exact, month, year, estimated…"),
    "person.age_years": _("Age in years, when the date of birth is not known."),
    "person.nationality": _("Declared nationality (ISO 3166 alpha-3; several space-separated)."),
    "person.other_nationality": _("A further nationality (ISO 3166 alpha-3)."),
    "person.languages": _("Languages spoken (space-separated codes)."),
    "person.document_kind": _("Kind of identity document held (passport, national id…)."),
    "person.document_number": _("Number of that document."),
    "person.document_country": _("Country that issued the document (ISO 3166 alpha-3)."),
    "group.kind": _("Kind of group travelling together (family, household, friends…)."),
    MEMBERS: _("On a repeat: each instance is one member of the group."),
    "member.relationship": _("Inside the members repeat: the member's relationship to the person."),
    "encounter.occurred_on": _("Date of the encounter (defaults to the day of submission)."),
    "encounter.site": _("Code of the site where the encounter took place."),
    "encounter.country_of_origin": _("Country of origin (ISO 3166 alpha-3)."),
    "encounter.country_of_residence": _("Country of usual residence (ISO 3166 alpha-3)."),
    "encounter.departure_date": _("Date the journey began."),
    "encounter.countries_transited": _("Countries transited (space-separated alpha-3 codes)."),
    "encounter.intended_destination": _("Intended destination country (ISO 3166 alpha-3)."),
    "encounter.transport": _("Means of transport used (choice codes)."),
    "encounter.reasons_for_leaving": _("Reasons for leaving (choice codes)."),
    "encounter.used_smuggler": _("Whether a smuggler was paid (yes/no)."),
    "encounter.smuggler_cost_usd": _("What the smuggler was paid, in US dollars."),
    "encounter.wishes_return": _("Whether the person wishes to return (yes/no)."),
    "sensitive.trafficking_indicators": _("Trafficking indicators observed (sensitive)."),
    "sensitive.violence_incidents": _("Incidents of violence suffered (sensitive)."),
    "sensitive.health_conditions": _("Health conditions declared (sensitive)."),
    "sensitive.wishes_asylum": _("Whether the person wishes to seek asylum (sensitive, yes/no)."),
    "sensitive.asylum_details": _("What the person says about asylum (sensitive, free text)."),
    "sensitive.fear_of_return": _("Fears persecution or serious harm if returned (sensitive)."),
    "sensitive.refugee_elsewhere": _("Recognised as a refugee in another country (sensitive)."),
    "sensitive.refugee_country": _("Country of that refugee status (sensitive, alpha-3)."),
    "sensitive.under_18": _("Under 18: yes, no or possibly (sensitive)."),
    "sensitive.child_care": _("Who a child travels with: accompanied, separated… (sensitive)."),
    "sensitive.single_caregiver": _("Only adult caring for dependants (sensitive, yes/no)."),
    "sensitive.travelling_with_others": _("Travelling with family or others (sensitive, yes/no)."),
    **{f"flow_count.{name}": FLOW_COUNT_HELP[name] for name in ("site", *FLOW_COUNT_FIELDS)},
    "consent.services": _("Consent to be referred to services (yes/no)."),
    "consent.statistics": _("Consent to anonymised statistics (yes/no)."),
    "consent.family_tracing": _("Consent to family tracing (yes/no)."),
    "consent.share_with_organisation": _("Organisations the data may be shared with (codes)."),
    "consent.withhold_from": _("Organisations or people the data must be withheld from."),
    "consent.method": _("How consent was given (verbal, written…)."),
}

MAPPING_TARGETS: frozenset[str] = frozenset(DESCRIPTIONS)
