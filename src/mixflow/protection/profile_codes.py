"""Names of the indicative profiles and specific-needs codes, in the reader's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mixflow.protection.profiling.rules import NEED_FAMILIES, PROFILES

PROFILE_LABELS: dict[str, Promise] = {
    "international_protection": _("International protection needs (potential asylum seeker)"),
    "refugee": _("Recognised refugee"),
    "unaccompanied_separated_child": _("Unaccompanied or separated child"),
    "trafficking": _("Potential victim of trafficking"),
    "smuggled": _("Smuggled migrant"),
    "environmental": _("Environmental migrant"),
    "economic": _("Economic migrant"),
    "stranded_return": _("Stranded migrant wishing to return"),
    "specific_needs": _("Person with specific needs"),
}
NEED_LABELS: dict[str, Promise] = {
    "CR": _("Child at risk"),
    "SC": _("Unaccompanied or separated child"),
    "SC-UC": _("Unaccompanied child"),
    "SC-SC": _("Separated child"),
    "DS": _("Disability"),
    "SM": _("Serious medical condition"),
    "FU": _("Family unity"),
    "LP": _("Legal and physical protection"),
    "TR": _("Torture"),
    "SV": _("Sexual and gender-based violence"),
    "ER": _("Older person at risk"),
    "SP": _("Single parent or caregiver"),
}

assert set(PROFILE_LABELS) == set(PROFILES)
assert {code.split("-")[0] for code in NEED_LABELS} == set(NEED_FAMILIES)


def code_label(code: str) -> str:
    """``Unaccompanied child (SC-UC)``; a profile by its name alone."""
    if code in PROFILE_LABELS:
        return str(PROFILE_LABELS[code])
    label = NEED_LABELS.get(code) or NEED_LABELS.get(code.split("-")[0])
    return f"{label} ({code})" if label else code


def code_choices() -> list[tuple[str, str]]:
    """Every profile and need code, for choosing what a flag should be amended to."""
    return [(code, code_label(code)) for code in (*PROFILE_LABELS, *NEED_LABELS)]


def code_kind(code: str) -> str:
    """``profile`` for one of the nine indicative profiles, ``need`` for a specific-needs code:
    the rule editor asks for the code alone, its kind follows from it."""
    return "profile" if code in PROFILE_LABELS else "need"


def grouped_code_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The codes a rule may flag, profiles and needs apart, each by its name in the reader's
    language (the rule editor's list)."""
    return [
        (str(_("Indicative profiles")), [(c, code_label(c)) for c in PROFILE_LABELS]),
        (str(_("Specific needs")), [(c, code_label(c)) for c in NEED_LABELS]),
    ]
