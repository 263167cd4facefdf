"""Which services to suggest for a person's needs, ranked, each with its reasons.

Plain functions over the directory: ``suggest_services`` takes the need or profile codes
(confirmed profiles once the profiling rules give them, or codes a caseworker chose) and a
site; it never decides anything itself — the caseworker proposes, the person consents.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from mixflow.lib.distance import haversine_km
from mixflow.protection.vocabulary import SERVICES_FOR_NEED, Need, ServiceType, normalise_need

if TYPE_CHECKING:
    from mixflow.geo.models import Location
    from mixflow.identity.models import Person
    from mixflow.protection.models import Service

CHILD_NEEDS = frozenset({Need.UASC, Need.SC, Need.CR})
"""Child indicators take priority (DOMAIN.md §4): services answering them rank first."""

NEARBY_KM = 300.0
"""Beyond this distance a service is suggested only if its catchment covers the site."""


@dataclass
class Suggestion:
    service: Service
    score: float
    needs: list[str]
    """The needs (normalised codes) this service answers."""
    reasons: list[str] = field(default_factory=list)
    distance_km: float | None = None


def distance_from(service: Service, site: Location | None) -> float | None:
    """Kilometres from ``site`` to the nearest site where the service is delivered."""
    if site is None or site.latitude is None or site.longitude is None:
        return None
    distances = [
        haversine_km(site.latitude, site.longitude, s.latitude, s.longitude)
        for s in service.sites.all()
        if s.latitude is not None and s.longitude is not None
    ]
    return min(distances) if distances else None


def covers(service: Service, site: Location | None) -> bool:
    """Whether ``site`` is one of the service's sites or inside one of its catchment areas."""
    if site is None:
        return False
    if any(s.pk == site.pk for s in service.sites.all()):
        return True
    return any(site.path.startswith(area.path + "/") for area in service.catchment_areas.all())


def ineligibility(
    service: Service, person: Person | None, needs: set[str], today: datetime.date
) -> str | None:
    """Why the person is not eligible, or ``None``. Unknown facts never exclude: an age that
    might be in range counts as in range (the benefit of the doubt)."""
    if person is not None:
        age = person.age_on(today)
        if age is not None:
            low, high = age
            if service.min_age is not None and high < service.min_age:
                return _("younger than %(age)s") % {"age": service.min_age}
            if service.max_age is not None and low > service.max_age:
                return _("older than %(age)s") % {"age": service.max_age}
        if service.sexes and person.sex in ("female", "male") and person.sex not in service.sexes:
            return _("serves another sex")
        if service.nationalities:
            held = {n.country for n in person.nationalities.all()}
            if held and not held & set(service.nationalities):
                return _("serves other nationalities")
    if service.needs and not {normalise_need(n) for n in service.needs} & needs:
        return _("serves other profiles or needs")
    return None


def suggest_services(
    *,
    person: Person | None,
    needs: Iterable[str],
    near_site: Location | None,
    services: Iterable[Service],
    today: datetime.date | None = None,
) -> list[Suggestion]:
    """Eligible, active services answering at least one of ``needs``, best first.

    Ranked by: how closely the type answers the need (the typical referral first), whether
    the service covers the site, distance, a shared language, free capacity. Each suggestion
    says why, in the user's language."""
    today = today or timezone.localdate()
    wanted = [code for code in (normalise_need(n) for n in needs) if code]
    wanted_set = set(wanted)
    languages = set(person.languages or []) if person is not None else set()
    found: list[Suggestion] = []
    for service in services:
        if not service.active:
            continue
        answered = [
            (need, SERVICES_FOR_NEED[need].index(ServiceType(service.service_type)))
            for need in wanted
            if ServiceType(service.service_type) in SERVICES_FOR_NEED.get(need, ())
        ]
        if not answered:
            continue
        if ineligibility(service, person, wanted_set, today) is not None:
            continue
        in_catchment = covers(service, near_site)
        distance = distance_from(service, near_site)
        if not in_catchment and (distance is None or distance > NEARBY_KM):
            continue
        rank = min(position for _need, position in answered)
        score = 100.0 - 20 * rank + 5 * (len(answered) - 1)
        reasons = [
            _("Answers: %(needs)s") % {"needs": ", ".join(str(Need(n).label) for n, _p in answered)}
        ]
        if any(need in CHILD_NEEDS for need, _p in answered):
            score += 25
            reasons.append(_("A child's needs come first"))
        if in_catchment:
            score += 15
            reasons.append(_("Serves this site"))
        if distance is not None:
            score -= min(distance, NEARBY_KM) / 10
            reasons.append(_("%(km)s km away") % {"km": round(distance)})
        spoken = sorted(languages & set(service.languages))
        if spoken:
            score += 10
            reasons.append(
                _("Speaks the person's language (%(codes)s)") % {"codes": ", ".join(spoken)}
            )
        if service.capacity is not None:
            reasons.append(_("Capacity: %(n)s") % {"n": service.capacity})
        found.append(
            Suggestion(
                service=service,
                score=round(score, 1),
                needs=[n for n, _p in answered],
                reasons=reasons,
                distance_km=distance,
            )
        )
    found.sort(key=lambda s: (-s.score, s.service.name))
    return found
