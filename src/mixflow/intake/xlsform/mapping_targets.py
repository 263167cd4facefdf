"""The vocabulary of the survey sheet's ``mixflow`` column: which domain field a question fills.

``MAPPING_TARGETS`` is what ``parse`` accepts; ``DESCRIPTIONS`` says what each one means (for the
documentation and the upload page's help). ``intake.mapping`` turns answers into domain values.
"""

from __future__ import annotations

from collections.abc import Mapping

from mixflow.intake.flow_count_fields import FLOW_COUNT_FIELDS

MEMBERS = "group.members"
"""On a ``begin_repeat``: each instance is one member; ``person.*`` and ``member.relationship``
inside it describe that member."""

FLOW_COUNT_HELP: Mapping[str, str] = {
    "observed_at": "When the flow was observed.",
    "site": "Code of the flow monitoring point.",
    "direction": "Direction of the movement (incoming, outgoing…).",
    "group_size": "Number of people counted.",
    "men": "Adult men counted.",
    "women": "Adult women counted.",
    "boys": "Boys counted.",
    "girls": "Girls counted.",
    "nationality": "Main nationality of the group (ISO 3166 alpha-3).",
    "area_of_origin": "Area the group comes from.",
    "previous_transit_point": "Previous transit point.",
    "intended_destination": "Intended destination (ISO 3166 alpha-3).",
    "transport": "Means of transport.",
    "reason": "Main reason for the movement.",
    "unaccompanied_children": "Unaccompanied children counted.",
    "pregnant_women": "Pregnant women counted.",
    "older_persons": "Older persons counted.",
    "persons_with_disability": "Persons with a disability counted.",
}
"""What each field of a flow count holds; its keys are ``FLOW_COUNT_FIELDS`` and the site."""

assert set(FLOW_COUNT_HELP) == {"site", *FLOW_COUNT_FIELDS}

DESCRIPTIONS: Mapping[str, str] = {
    "person.given_name": "Given (first) name.",
    "person.family_name": "Family name (surname).",
    "person.father_name": "Father's name, where names carry it.",
    "person.native_name": "The name in the person's own script.",
    "person.sex": "Sex: female, male, other or unknown.",
    "person.date_of_birth": "Date of birth (ISO date; see person.dob_precision).",
    "person.dob_precision": "How precise the date of birth is: exact, month, year, estimated…",
    "person.age_years": "Age in years, when the date of birth is not known.",
    "person.nationality": "Declared nationality (ISO 3166 alpha-3; several space-separated).",
    "person.other_nationality": "A further nationality (ISO 3166 alpha-3).",
    "person.languages": "Languages spoken (space-separated codes).",
    "person.document_kind": "Kind of identity document held (passport, national id…).",
    "person.document_number": "Number of that document.",
    "person.document_country": "Country that issued the document (ISO 3166 alpha-3).",
    "group.kind": "Kind of group travelling together (family, household, friends…).",
    MEMBERS: "On a repeat: each instance is one member of the group.",
    "member.relationship": "Inside the members repeat: the member's relationship to the person.",
    "encounter.occurred_on": "Date of the encounter (defaults to the day of submission).",
    "encounter.site": "Code of the site where the encounter took place.",
    "encounter.country_of_origin": "Country of origin (ISO 3166 alpha-3).",
    "encounter.country_of_residence": "Country of usual residence (ISO 3166 alpha-3).",
    "encounter.departure_date": "Date the journey began.",
    "encounter.countries_transited": "Countries transited (space-separated alpha-3 codes).",
    "encounter.intended_destination": "Intended destination country (ISO 3166 alpha-3).",
    "encounter.transport": "Means of transport used (choice codes).",
    "encounter.reasons_for_leaving": "Reasons for leaving (choice codes).",
    "encounter.used_smuggler": "Whether a smuggler was paid (yes/no).",
    "encounter.smuggler_cost_usd": "What the smuggler was paid, in US dollars.",
    "encounter.wishes_return": "Whether the person wishes to return (yes/no).",
    "sensitive.trafficking_indicators": "Trafficking indicators observed (sensitive).",
    "sensitive.violence_incidents": "Incidents of violence suffered (sensitive).",
    "sensitive.health_conditions": "Health conditions declared (sensitive).",
    "sensitive.wishes_asylum": "Whether the person wishes to seek asylum (sensitive, yes/no).",
    "sensitive.asylum_details": "What the person says about asylum (sensitive, free text).",
    "sensitive.fear_of_return": "Fears persecution or serious harm if returned (sensitive).",
    "sensitive.refugee_elsewhere": "Recognised as a refugee in another country (sensitive).",
    "sensitive.refugee_country": "Country of that refugee status (sensitive, alpha-3).",
    "sensitive.under_18": "Under 18: yes, no or possibly (sensitive).",
    "sensitive.child_care": "Who a child travels with: accompanied, separated… (sensitive).",
    "sensitive.single_caregiver": "Only adult caring for dependants (sensitive, yes/no).",
    "sensitive.travelling_with_others": "Travelling with family or others (sensitive, yes/no).",
    **{f"flow_count.{name}": FLOW_COUNT_HELP[name] for name in ("site", *FLOW_COUNT_FIELDS)},
    "consent.services": "Consent to be referred to services (yes/no).",
    "consent.statistics": "Consent to anonymised statistics (yes/no).",
    "consent.family_tracing": "Consent to family tracing (yes/no).",
    "consent.share_with_organisation": "Organisations the data may be shared with (codes).",
    "consent.withhold_from": "Organisations or people the data must be withheld from.",
    "consent.method": "How consent was given (verbal, written…).",
}

MAPPING_TARGETS: frozenset[str] = frozenset(DESCRIPTIONS)
