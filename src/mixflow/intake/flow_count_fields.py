"""The fields a flow count records, named once.

The model, the mapping targets of XLSForms, the API's serializer, the importer and the synthetic
loader all take their list of flow-count fields from here: a field added to the registry is
added here and in the model (a test checks the two agree), and every reader and writer follows.
No Django import: the loader and the form tools read this module too.
"""

from __future__ import annotations

FLOW_COUNT_NUMBERS = (
    "group_size",
    "men",
    "women",
    "boys",
    "girls",
    "unaccompanied_children",
    "pregnant_women",
    "older_persons",
    "persons_with_disability",
)
"""Head counts: whole numbers, 0 when not given."""

FLOW_COUNT_CODES = (
    "direction",
    "nationality",
    "area_of_origin",
    "intended_destination",
    "transport",
    "reason",
)
"""Codes and short texts: empty when not given."""

FLOW_COUNT_FIELDS = (
    "observed_at",
    "direction",
    "group_size",
    "men",
    "women",
    "boys",
    "girls",
    "nationality",
    "area_of_origin",
    "previous_transit_point",
    "intended_destination",
    "transport",
    "reason",
    "unaccompanied_children",
    "pregnant_women",
    "older_persons",
    "persons_with_disability",
)
"""Every observed field of ``FlowCount``, in the model's order (its organisation, site, author
and source reference aside): what a form may map and what the API shows."""

FLOW_COUNT_VALUES = tuple(
    name for name in FLOW_COUNT_FIELDS if name not in ("observed_at", "previous_transit_point")
)
"""The fields copied as they are from mapped answers (the time and the previous transit point
are resolved first)."""

assert set(FLOW_COUNT_VALUES) == set(FLOW_COUNT_NUMBERS) | set(FLOW_COUNT_CODES)
