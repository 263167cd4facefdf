"""The words of the service directory and of referrals: service types, the needs a referral
answers, referral states, and which of a person's fields each service type receives.

Interfaces use these without touching the models (the models use these same choices).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    ASYLUM_INFORMATION = "asylum_information", _("Asylum information and registration")
    LEGAL_AID = "legal_aid", _("Legal aid")
    CHILD_PROTECTION = "child_protection", _("Child protection and best-interests assessment")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    SAFE_CARE = "safe_care", _("Safe care")
    SHELTER = "shelter", _("Shelter")
    HEALTH = "health", _("Health")
    MHPSS = "mhpss", _("Mental health and psychosocial support")
    COUNTER_TRAFFICKING = "counter_trafficking", _("Counter-trafficking assistance")
    AVRR = "avrr", _("Assisted voluntary return and reintegration")
    FOOD_ITEMS = "food_items", _("Food and basic items")
    CASH = "cash", _("Cash assistance")


class Need(models.TextChoices):
    """What a referral answers: the indicative profiles of DOMAIN.md §4 and the refugee
    agency's specific-needs codes (sub-codes such as ``SC-UC`` count as their code)."""

    INTERNATIONAL_PROTECTION = "international_protection", _("International protection needs")
    REFUGEE = "refugee", _("Recognised refugee")
    UASC = "uasc", _("Unaccompanied or separated child")
    TRAFFICKING = "trafficking", _("Potential victim of trafficking")
    SMUGGLED = "smuggled", _("Smuggled migrant")
    ENVIRONMENTAL = "environmental", _("Environmental migrant")
    ECONOMIC = "economic", _("Economic migrant")
    STRANDED = "stranded", _("Stranded migrant wishing to return")
    SPECIFIC_NEEDS = "specific_needs", _("Person with specific needs")
    CR = "CR", _("CR — child at risk")
    SC = "SC", _("SC — unaccompanied or separated child")
    DS = "DS", _("DS — disability")
    SM = "SM", _("SM — serious medical condition")
    FU = "FU", _("FU — family unity")
    LP = "LP", _("LP — legal and physical protection needs")
    TR = "TR", _("TR — torture")
    SV = "SV", _("SV — sexual and gender-based violence")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset({ReferralStatus.PROPOSED, ReferralStatus.SENT, ReferralStatus.ACCEPTED})
"""States in which a referral still asks something of someone (and can be overdue)."""
SHARING_STATUSES = frozenset({ReferralStatus.SENT, ReferralStatus.ACCEPTED})
"""States in which the provider reads the shared fields (and consent must still allow it)."""


class SharedField(models.TextChoices):
    """A field of the person a provider may receive; which ones depends on the service type."""

    NAME = "name", _("Name")
    SEX = "sex", _("Sex")
    AGE = "age", _("Age")
    DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
    NATIONALITY = "nationality", _("Nationality")
    LANGUAGES = "languages", _("Languages")
    CONTACT = "contact", _("How to reach the person")
    NEEDS = "needs", _("Needs referred for")
    NOTE = "note", _("Note from the referring caseworker")
    GROUP = "group", _("Travelling with")


F = SharedField
_BASIC = (F.NAME, F.SEX, F.AGE, F.LANGUAGES, F.CONTACT)
SHARED_FIELDS: dict[str, tuple[SharedField, ...]] = {
    # Each service gets what it needs to serve the person, and no more (DOMAIN.md §6: data
    # minimisation). Needs and the caseworker's note can reveal trafficking, violence or an
    # asylum claim: only services that work on exactly that receive them.
    ServiceType.HEALTH: _BASIC,
    ServiceType.FOOD_ITEMS: (F.NAME, F.SEX, F.AGE, F.CONTACT, F.GROUP),
    ServiceType.CASH: (F.NAME, F.SEX, F.AGE, F.CONTACT, F.GROUP),
    ServiceType.SHELTER: (*_BASIC, F.GROUP),
    ServiceType.MHPSS: (*_BASIC, F.NOTE),
    ServiceType.LEGAL_AID: (*_BASIC, F.DATE_OF_BIRTH, F.NATIONALITY, F.NEEDS, F.NOTE),
    ServiceType.ASYLUM_INFORMATION: (*_BASIC, F.DATE_OF_BIRTH, F.NATIONALITY, F.NEEDS, F.NOTE),
    ServiceType.CHILD_PROTECTION: (
        *_BASIC,
        F.DATE_OF_BIRTH,
        F.NATIONALITY,
        F.NEEDS,
        F.NOTE,
        F.GROUP,
    ),
    ServiceType.FAMILY_TRACING: (*_BASIC, F.DATE_OF_BIRTH, F.NATIONALITY, F.GROUP),
    ServiceType.SAFE_CARE: (*_BASIC, F.DATE_OF_BIRTH, F.NEEDS, F.NOTE),
    ServiceType.COUNTER_TRAFFICKING: (*_BASIC, F.NATIONALITY, F.NEEDS, F.NOTE),
    ServiceType.AVRR: (*_BASIC, F.DATE_OF_BIRTH, F.NATIONALITY),
}

N = Need
S = ServiceType
SERVICES_FOR_NEED: dict[str, tuple[ServiceType, ...]] = {
    # The typical referrals of DOMAIN.md §4, most specific first (the order ranks them).
    N.INTERNATIONAL_PROTECTION: (S.ASYLUM_INFORMATION, S.LEGAL_AID),
    N.REFUGEE: (S.ASYLUM_INFORMATION, S.LEGAL_AID),
    N.UASC: (S.CHILD_PROTECTION, S.FAMILY_TRACING, S.SAFE_CARE),
    N.TRAFFICKING: (S.COUNTER_TRAFFICKING, S.SHELTER, S.MHPSS),
    N.SMUGGLED: (S.LEGAL_AID, S.HEALTH),
    N.ENVIRONMENTAL: (S.FOOD_ITEMS, S.CASH),
    N.ECONOMIC: (S.LEGAL_AID,),
    N.STRANDED: (S.AVRR, S.FOOD_ITEMS),
    N.SPECIFIC_NEEDS: (S.HEALTH, S.MHPSS, S.SHELTER),
    N.CR: (S.CHILD_PROTECTION, S.SAFE_CARE),
    N.SC: (S.CHILD_PROTECTION, S.FAMILY_TRACING, S.SAFE_CARE),
    N.DS: (S.HEALTH, S.SHELTER),
    N.SM: (S.HEALTH,),
    N.FU: (S.FAMILY_TRACING,),
    N.LP: (S.LEGAL_AID, S.ASYLUM_INFORMATION, S.SHELTER),
    N.TR: (S.HEALTH, S.MHPSS, S.LEGAL_AID),
    N.SV: (S.HEALTH, S.MHPSS, S.SAFE_CARE),
}

# Codes the profiling rules may spell differently (a profile's long name): same need.
NEED_ALIASES = {
    "asylum_seeker": N.INTERNATIONAL_PROTECTION,
    "recognised_refugee": N.REFUGEE,
    "unaccompanied_separated_child": N.UASC,
    "unaccompanied_or_separated_child": N.UASC,
    "trafficking_victim": N.TRAFFICKING,
    "potential_trafficking_victim": N.TRAFFICKING,
    "smuggled_migrant": N.SMUGGLED,
    "environmental_migrant": N.ENVIRONMENTAL,
    "economic_migrant": N.ECONOMIC,
    "stranded_return": N.STRANDED,
    "stranded_migrant": N.STRANDED,
    "person_with_specific_needs": N.SPECIFIC_NEEDS,
}


def normalise_need(code: str) -> str | None:
    """The ``Need`` a profile or specific-needs code stands for, or ``None`` if unknown.

    UNHCR sub-codes (``SC-UC``, ``SV-VA``…) count as their code; case does not matter for the
    profiles' own codes."""
    code = code.strip()
    if not code:
        return None
    head = code.split("-")[0].upper()
    if head in Need.values:
        return head
    lowered = code.lower()
    if lowered in Need.values:
        return lowered
    alias = NEED_ALIASES.get(lowered)
    return str(alias) if alias else None


def need_label(code: str) -> str:
    normal = normalise_need(code)
    return str(Need(normal).label) if normal else code
