"""The demo's service directory along its routes, and referrals in every state.

Called once by ``mixflow demo`` after the data is loaded and the demo accounts exist: the
demo caseworker refers people of its organisation (with their recorded consent) to services,
most of them of the demo service provider's organisation, whose ``service_provider`` account
then finds referrals waiting, accepted, declined, completed and overdue in its inbox.
Everything goes through ``protection.actions``, as the pages do. Run again, it does nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from mixflow.accounts.models import Organisation, User
from mixflow.core.actors import SystemActor
from mixflow.geo.models import Location
from mixflow.identity.models import Person
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose, LocationLevel
from mixflow.protection.actions import (
    ServiceValues,
    accept_referral,
    close_referral,
    complete_referral,
    decline_referral,
    ensure_provider,
    give_feedback,
    propose_referral,
    record_consent,
    save_service,
    send_referral,
)
from mixflow.protection.consent import may_share
from mixflow.protection.models import Referral, Service
from mixflow.protection.suggestions import distance_from

DEMO = SystemActor("mixflow demo")

CENTRAL_MED = ["NER-NIA-BUS", "NER-AGZ-BUS", "NER-ARL-TC", "LBY-SEB-HUB", "LBY-TIP-HUB"]
CENTRAL_MED += ["LBY-ZUW-PRT", "TUN-SFX-PRT", "ITA-LMP-DIS", "ITA-AUG-DIS", "ITA-CRO-RC"]
AMERICAS = ["COL-NEC-TH", "COL-CAP-BC", "PAN-BCH-RC", "PAN-LBL-RC", "PAN-SVI-TC"]
AMERICAS += ["CRI-PCA-BC", "HND-DAN-TC", "GTM-ESQ-BC", "MEX-TAP-RC", "MEX-CJS-BC"]


@dataclass(frozen=True)
class Entry:
    organisation: str
    unit: str
    name: str
    service_type: str
    sites: Sequence[str]
    languages: Sequence[str]
    min_age: int | None = None
    max_age: int | None = None
    sexes: Sequence[str] = ()
    capacity: int | None = None
    hours: str = "Mon–Fri 08:00–17:00"


DIRECTORY = [
    Entry("sp-clinic", "Agadez mobile clinic", "Mobile clinic Agadez", "health",
          ["NER-AGZ-BUS", "NER-ARL-TC"], ["hau", "fra", "eng", "ara"], capacity=60),
    Entry("sp-clinic", "Niamey clinic", "Niamey primary care", "health",
          ["NER-NIA-BUS"], ["hau", "fra", "eng"], capacity=80),
    Entry("sp-clinic", "Lampedusa medical point", "Lampedusa first aid", "health",
          ["ITA-LMP-DIS", "ITA-AUG-DIS"], ["ita", "eng", "fra", "ara", "tir"], capacity=120,
          hours="24/7"),
    Entry("sp-clinic", "Psychosocial team", "Psychosocial support Sicily", "mhpss",
          ["ITA-AUG-DIS", "ITA-CRO-RC"], ["ita", "eng", "fra", "ara"], capacity=25),
    Entry("sp-clinic", "Darién health post", "Darién health post", "health",
          ["PAN-BCH-RC", "PAN-LBL-RC"], ["spa", "eng", "fra", "hat"], capacity=90, hours="24/7"),
    Entry("sp-clinic", "Tapachula clinic", "Tapachula clinic", "health",
          ["MEX-TAP-RC"], ["spa", "eng", "hat"], capacity=70),
    Entry("sp-clinic", "Psychosocial team Americas", "Psychosocial support Necoclí", "mhpss",
          ["COL-NEC-TH", "COL-CAP-BC"], ["spa", "hat", "eng"], capacity=20),
    Entry("sp-shelter", "", "Women's safe house Agadez", "shelter",
          ["NER-AGZ-BUS"], ["hau", "fra"], sexes=["female"], capacity=30),
    Entry("sp-shelter", "", "Safe care for children Agadez", "safe_care",
          ["NER-AGZ-BUS", "NER-ARL-TC"], ["hau", "fra", "ara"], max_age=17, capacity=20),
    Entry("sp-shelter", "", "Transit shelter Lajas Blancas", "shelter",
          ["PAN-LBL-RC", "PAN-SVI-TC"], ["spa", "eng"], capacity=300),
    Entry("un-refugee", "", "Asylum information desk Niger", "asylum_information",
          ["NER-NIA-BUS", "NER-AGZ-BUS"], ["fra", "eng", "ara", "tir"]),
    Entry("un-refugee", "", "Asylum information Italy", "asylum_information",
          ["ITA-LMP-DIS", "ITA-CRO-RC"], ["ita", "eng", "fra", "ara", "tir"]),
    Entry("un-refugee", "", "Asylum information Mexico", "asylum_information",
          ["MEX-TAP-RC", "MEX-CJS-BC"], ["spa", "eng", "fra"]),
    Entry("un-children", "", "Best-interests assessment Agadez", "child_protection",
          ["NER-AGZ-BUS", "NER-ARL-TC"], ["hau", "fra", "ara", "tir"], max_age=17),
    Entry("un-children", "", "Child protection Sicily", "child_protection",
          ["ITA-LMP-DIS", "ITA-AUG-DIS", "ITA-CRO-RC"], ["ita", "eng", "fra", "ara"],
          max_age=17),
    Entry("un-children", "", "Family tracing Central Mediterranean", "family_tracing",
          CENTRAL_MED, ["fra", "eng", "ara"]),
    Entry("un-children", "", "Child protection Darién", "child_protection",
          ["PAN-BCH-RC", "PAN-LBL-RC", "COL-NEC-TH"], ["spa", "hat"], max_age=17),
    Entry("un-migration", "", "Voluntary return Niger", "avrr",
          ["NER-AGZ-BUS", "NER-ARL-TC", "NER-NIA-BUS"], ["hau", "fra", "eng"], min_age=18),
    Entry("un-migration", "", "Counter-trafficking Libya", "counter_trafficking",
          ["LBY-TIP-HUB", "LBY-SEB-HUB", "LBY-ZUW-PRT"], ["ara", "eng", "fra"]),
    Entry("un-migration", "", "Counter-trafficking Panama", "counter_trafficking",
          ["PAN-LBL-RC", "PAN-SVI-TC"], ["spa", "eng"]),
    Entry("ngo-solidarite", "", "Legal aid Sicily", "legal_aid",
          ["ITA-AUG-DIS", "ITA-CRO-RC"], ["ita", "fra", "eng"]),
    Entry("ngo-solidarite", "", "Food and hygiene kits Agadez", "food_items",
          ["NER-AGZ-BUS"], ["hau", "fra"], capacity=500),
    Entry("ngo-caminos", "", "Legal aid Necoclí", "legal_aid",
          ["COL-NEC-TH", "COL-CAP-BC"], ["spa", "eng"]),
    Entry("ngo-caminos", "", "Cash for the road Panama", "cash",
          ["PAN-LBL-RC", "PAN-SVI-TC"], ["spa"], capacity=200),
]  # fmt: skip


def _directory() -> list[Service]:
    sites = {s.code: s for s in Location.objects.filter(level=LocationLevel.SITE)}
    organisations = {o.code: o for o in Organisation.objects.all()}
    services = []
    for entry in DIRECTORY:
        organisation = organisations.get(entry.organisation)
        here = [sites[c].pk for c in entry.sites if c in sites]
        if organisation is None or not here:
            continue  # a demo generated without this organisation or route
        provider = ensure_provider(actor=DEMO, organisation=organisation, unit=entry.unit)
        services.append(
            save_service(
                actor=DEMO,
                provider=provider,
                values=ServiceValues(
                    name=entry.name,
                    service_type=entry.service_type,
                    site_ids=here,
                    languages=list(entry.languages),
                    min_age=entry.min_age,
                    max_age=entry.max_age,
                    sexes=list(entry.sexes),
                    capacity=entry.capacity,
                    opening_hours=entry.hours,
                    contact_name="Demo desk",
                    contact_phone="+000 000 000",
                ),
            )
        )
    return services


# The states the demo shows, in order: what each referral goes through after proposal.
STORIES = [
    ("proposed", False),
    ("proposed", True),
    ("sent", False),
    ("sent", True),
    ("sent", False),
    ("accepted", False),
    ("accepted", True),
    ("declined", False),
    ("completed", False),
    ("completed", False),
    ("closed", False),
]
NEEDS = {"health": ["SM"], "mhpss": ["specific_needs"], "shelter": ["specific_needs"]}


def _tell(referral: Referral, story: str, caseworker: User, provider: User) -> None:
    if story == "proposed":
        return
    send_referral(actor=caseworker, referral=referral)
    if story == "sent":
        return
    if story == "declined":
        decline_referral(actor=provider, referral=referral, reason="No places left this week.")
        return
    accept_referral(actor=provider, referral=referral, feedback="Appointment given.")
    if story == "accepted":
        return
    complete_referral(actor=provider, referral=referral, feedback="Seen and treated.")
    give_feedback(
        actor=provider, referral=referral, feedback="Seen and treated; follow-up in a week."
    )
    if story == "closed":
        close_referral(actor=caseworker, referral=referral, reason="Need met.")


def build_demo_referrals(users: Sequence[User]) -> int:
    """The directory and the referrals; the number of referrals made (0 when already done)."""
    if Referral.objects.exists():
        return 0
    by_role = {u.username: u for u in users}
    caseworker, provider = by_role.get("caseworker"), by_role.get("service_provider")
    services = _directory()
    if caseworker is None or provider is None or caseworker.organisation is None:
        return 0
    received = [s for s in services if s.provider.organisation_id == provider.organisation_id]
    if not received:
        return 0
    today = timezone.localdate()
    people = list(
        Person.objects.filter(organisation=caseworker.organisation)
        .select_related("registration_site")
        .order_by("pk")[: len(STORIES) + 3]
    )
    made = 0
    for index, person in enumerate(people):
        story, late = STORIES[index % len(STORIES)]
        # The provider's service nearest to where the person is followed.
        service = min(
            received,
            key=lambda s: (distance_from(s, person.registration_site) or float("inf"), s.pk),
        )
        for purpose, target in (
            (ConsentPurpose.SERVICES, None),
            (ConsentPurpose.SHARE_WITH_ORGANISATION, service.provider.organisation),
        ):
            recipient = target.pk if target else person.organisation_id
            if may_share(person=person, recipient_organisation_id=recipient, purpose=purpose):
                continue  # the loaded data recorded it already
            record_consent(
                actor=caseworker,
                person=person,
                purpose=purpose,
                given=True,
                method=ConsentMethod.VERBAL,
                recorded_on=today,
                target_organisation=target,
            )
        due = today + datetime.timedelta(days=-3 if late else 10)
        referral = propose_referral(
            actor=caseworker,
            person=person,
            service=service,
            needs=NEEDS.get(service.service_type, ["specific_needs"]),
            due_on=due,
            contact="Through the caseworker at the registration site",
        )
        _tell(referral, story, caseworker, provider)
        made += 1
    return made
