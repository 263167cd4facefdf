"""Synthetic mixed-migration data: people travelling the routes, registered again and again.

Each human being travels part of a route in a *unit* (alone, with friends, as a family, or as a
child alone or with a non-caregiver). At each site where the unit is registered, every member
gets a new registration record written as that officer would write it: another spelling of the
name, a father's name taken for a family name, a year-only or 1 January date of birth, another
nationality. ``truth.csv`` says which records are the same human. The same seed gives the same
files, byte for byte.
"""

from __future__ import annotations

import csv
import datetime
import random
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from mixflow.intake.flow_count_fields import FLOW_COUNT_FIELDS
from mixflow.testing.synthetic import names as n
from mixflow.testing.synthetic.routes import (
    CONFUSED_WITH,
    CULTURE_OF,
    ROUTES,
    Culture,
    Route,
    Site,
    read_sites,
)

END = datetime.date(2026, 10, 31)
SPAN_DAYS = 730
START = END - datetime.timedelta(days=SPAN_DAYS)
# Dates as strings, precomputed: formatting a million dates is the slow part otherwise.
_DAY = [(START + datetime.timedelta(days=k)).isoformat() for k in range(-400, SPAN_DAYS + 60)]
_DAY_OFFSET = 400

ROUTE_WEIGHTS = {
    "central_med": 3.0,
    "americas": 4.0,
    "western_med": 1.5,
    "eastern_med": 2.0,
    "eastern": 2.0,
    "southern": 1.0,
    "afghan": 1.5,
    "rohingya": 1.0,
}
SITES_VISITED = (1, 2, 3, 4, 5)
SITES_VISITED_CUM = list(accumulate((0.58, 0.26, 0.10, 0.045, 0.015)))
FLOW_MONITORING = {"border_crossing", "bus_station", "port", "disembarkation_point", "transit_hub"}
TRAFFICKING = (
    "deceived",
    "forced_work",
    "forced_sex",
    "documents_confiscated",
    "debt_bondage",
    "movement_restricted",
    "threats",
    "unpaid",
)
VIOLENCE = ("physical", "sexual", "robbery", "kidnapping", "detention", "torture")

HEADERS = {
    "organisations": ["code", "name", "kind", "country"],
    "records": [
        "record_id",
        "organisation",
        "site",
        "registered_on",
        "given_name",
        "family_name",
        "father_name",
        "name_native",
        "script",
        "sex",
        "date_of_birth",
        "dob_precision",
        "nationality",
        "other_nationality",
        "languages",
        "document_kind",
        "document_number",
        "document_country",
        "group_id",
        "relationship",
    ],
    "encounters": [
        "encounter_id",
        "record_id",
        "organisation",
        "site",
        "occurred_on",
        "kind",
        "country_of_origin",
        "country_of_residence",
        "departure_date",
        "countries_transited",
        "intended_destination",
        "transport",
        "reasons",
        "used_smuggler",
        "smuggler_cost_usd",
        "group_id",
        "trafficking_indicators",
        "violence_incidents",
        "health_conditions",
        "wishes_asylum",
        "wishes_return",
    ],
    "groups": ["group_id", "organisation", "site", "kind", "formed_on"],
    # The registry's own fields, named once (intake.flow_count_fields).
    "flow_counts": ["flow_count_id", "organisation", "site", *FLOW_COUNT_FIELDS],
    "consents": ["record_id", "purpose", "given", "method", "recorded_on", "target_organisation"],
    "sites": ["code"],
    "truth": ["record_id", "person_id"],
}


@dataclass(frozen=True)
class SynthResult:
    out_dir: Path
    people: int
    records: int
    encounters: int
    groups: int
    flow_counts: int
    consents: int


@dataclass
class Human:
    """One human being as they really are (the records are views of this)."""

    person_id: str
    sex: str
    year: int
    month: int
    day: int
    nationality: str
    culture: Culture
    given: n.Name
    father: n.Name | None
    family: n.Name | None
    one_name: bool
    relationship: str
    document: tuple[str, str] | None
    reasons: str
    child: bool


class _Chooser:
    """Weighted choice with precomputed cumulative weights (``random.choices`` recomputes)."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.values[bisect(self.cum, rng.random() * self.total)]


def _organisations(sites: list[Site]) -> tuple[list[list[str]], dict[str, list[str]]]:
    import pycountry

    base = [
        ["un-migration", "Migration Response Agency (synthetic)", "un_agency", ""],
        ["un-refugee", "Refugee Protection Agency (synthetic)", "un_agency", ""],
        ["un-children", "Children's Rights Agency (synthetic)", "un_agency", ""],
        ["ngo-solidarite", "Solidarité Migrants (synthetic)", "ngo", "FRA"],
        ["ngo-caminos", "Caminos Seguros (synthetic)", "ngo", "COL"],
        ["sp-clinic", "Mobile Clinic Network (synthetic)", "service_provider", ""],
        ["sp-shelter", "Safe Shelter Network (synthetic)", "service_provider", ""],
    ]
    rows = list(base)
    serving: dict[str, list[str]] = {}
    seen_gov: set[str] = set()
    for index, site in enumerate(sites):
        gov = f"gov-{site.country.lower()}"
        if site.country not in seen_gov:
            country = pycountry.countries.get(alpha_3=site.country)
            name = getattr(country, "common_name", None) or country.name  # type: ignore[union-attr]
            rows.append(
                [gov, f"Migration authority of {name} (synthetic)", "government", site.country]
            )
            seen_gov.add(site.country)
        second = (
            gov,
            "ngo-caminos" if "americas" in site.routes else "ngo-solidarite",
            "un-refugee",
        )[index % 3]
        serving[site.code] = ["un-migration", second]
    return rows, serving


class _Generator:
    def __init__(self, out_dir: Path, people: int, seed: int, routes: Sequence[str] | None) -> None:
        self.out = out_dir
        self.people = people
        self.rng = random.Random(seed)
        chosen = [r for r in ROUTE_WEIGHTS if routes is None or r in routes]
        unknown = set(routes or ()) - set(ROUTE_WEIGHTS)
        if unknown:
            raise ValueError(f"Unknown route(s) {sorted(unknown)}; known: {sorted(ROUTE_WEIGHTS)}")
        self.route_choice = _Chooser([(ROUTES[r], ROUTE_WEIGHTS[r]) for r in chosen])
        self.sites = [s for s in read_sites() if any(r in chosen for r in s.routes)]
        self.route_sites = {r: [s for s in self.sites if r in s.routes] for r in chosen}
        self.site_country = {s.code: s.country for s in self.sites}
        self.nationality = {r: _Chooser(ROUTES[r].nationalities) for r in chosen}
        self.reasons = {r: _Chooser(ROUTES[r].reasons) for r in chosen}
        self.counts = {"records": 0, "encounters": 0, "groups": 0, "flow_counts": 0, "consents": 0}
        self.n_people = 0

    # -- identities ------------------------------------------------------------------------

    def _human(
        self,
        route: Route,
        nationality: str,
        sex: str,
        age: int,
        relationship: str,
        family: n.Name | None,
        father: n.Name | None,
    ) -> Human:
        rng = self.rng
        culture = CULTURE_OF[nationality]
        self.n_people += 1
        given = rng.choice(culture.male if sex == "male" else culture.female)
        if culture.patronymic:
            father = father or rng.choice(culture.male)
            # Patronymic cultures: the "family name" officers ask for is the grandfather's name,
            # unless the culture has family names (Arabic, Afghan) and this one uses them.
            family = family or (
                rng.choice(culture.family)
                if culture.family and rng.random() < 0.5
                else rng.choice(culture.male)
            )
        else:
            family = family or (rng.choice(culture.family) if culture.family else None)
        year = END.year - age - (1 if rng.random() < 0.5 else 0)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        one_name = rng.random() < culture.one_name
        document = None
        if rng.random() < (0.45 if route.code == "americas" else 0.25):
            kind = "passport" if rng.random() < 0.6 else "national_id"
            document = (kind, f"{nationality[:2]}{rng.randint(1000000, 9999999)}")
        reasons = self.reasons[route.code](rng)
        if rng.random() < 0.35:
            other = self.reasons[route.code](rng)
            if other != reasons:
                reasons += ";" + other
        return Human(
            person_id=f"P{self.n_people:08d}",
            sex=sex,
            year=year,
            month=month,
            day=day,
            nationality=nationality,
            culture=culture,
            given=given,
            father=father,
            family=family,
            one_name=one_name,
            relationship=relationship,
            document=document,
            reasons=reasons,
            child=age < 18,
        )

    def _unit(self, route: Route) -> tuple[str, list[Human]]:
        """A travel unit: its group kind ('' for someone alone) and its members."""
        rng = self.rng
        nationality = self.nationality[route.code](rng)
        draw = rng.random()
        if draw < route.families:
            mother_alone = rng.random() < 0.2
            head = self._human(
                route,
                nationality,
                "female" if mother_alone else "male",
                rng.randint(22, 50),
                "head",
                None,
                None,
            )
            members = [head]
            if not mother_alone and rng.random() < 0.85:
                members.append(
                    self._human(
                        route,
                        nationality,
                        "female",
                        rng.randint(19, 45),
                        "spouse",
                        head.family,
                        None,
                    )
                )
            for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
                members.append(
                    self._human(
                        route,
                        nationality,
                        rng.choice(("male", "female")),
                        rng.randint(0, 16),
                        "child",
                        head.family,
                        head.given if head.sex == "male" else None,
                    )
                )
            return "family", members
        if draw < route.families + route.unaccompanied:
            child = self._human(
                route,
                nationality,
                "male" if rng.random() < 0.8 else "female",
                rng.randint(12, 17),
                "head",
                None,
                None,
            )
            roll = rng.random()
            if roll < 0.55:
                return "", [child]  # unaccompanied, alone
            if roll < 0.75:  # a group of children only
                friend = self._human(
                    route, nationality, child.sex, rng.randint(13, 17), "non_relative", None, None
                )
                return "friends", [child, friend]
            # separated: with an adult who is not their usual caregiver
            adult = self._human(route, nationality, "male", rng.randint(20, 45), "head", None, None)
            child.relationship = "other_relative" if rng.random() < 0.6 else "non_relative"
            return "other", [adult, child]
        sex = "female" if rng.random() < route.female else "male"
        first = self._human(route, nationality, sex, rng.randint(18, 45), "head", None, None)
        if rng.random() < 0.8:
            return "", [first]
        friends = [first] + [
            self._human(route, nationality, sex, rng.randint(18, 40), "non_relative", None, None)
            for _ in range(rng.randint(1, 3))
        ]
        return "friends", friends

    # -- how an officer writes a human down ---------------------------------------------------

    def _spell(self, name: n.Name | None, noisy: bool) -> str:
        if name is None:
            return ""
        if name.variants and self.rng.random() < (0.35 if noisy else 0.08):
            return self.rng.choice(name.variants)
        return name.latin

    def _typo(self, text: str) -> str:
        if len(text) < 4:
            return text
        at = self.rng.randint(1, len(text) - 2)
        if self.rng.random() < 0.5:
            return text[:at] + text[at + 1 :]
        return text[:at] + text[at] + text[at:]

    def _record_names(self, h: Human, noisy: bool) -> tuple[str, str, str, str, str]:
        rng = self.rng
        given = self._spell(h.given, noisy)
        if h.one_name:
            return given, "", "", "", "Latn"
        father = self._spell(h.father, noisy) if h.father is not None else ""
        family = self._spell(h.family, noisy)
        if h.culture.patronymic and father and rng.random() < (0.3 if noisy else 0.15):
            family, father = father, ""  # the father's name taken for the family name
        elif father and not h.culture.patronymic:
            father = ""
        if noisy and rng.random() < 0.07:
            given, family = family or given, given if family else ""  # order swapped
        if noisy and rng.random() < 0.04:
            given = self._typo(given)
        native, script = "", "Latn"
        if h.culture.script != "Latn" and rng.random() < 0.3:
            parts = [x.native for x in (h.given, h.father, h.family) if x is not None and x.native]
            if parts:
                native, script = " ".join(parts), h.culture.script
        return given, family, father, native, script

    def _record_dob(self, h: Human, noisy: bool) -> tuple[str, str]:
        draw = self.rng.random()
        if h.child and draw < 0.1:
            return str(h.year + self.rng.randint(-1, 1)), "estimated"
        if draw < 0.45:
            month, day = h.month, h.day
            if noisy and day <= 12 and self.rng.random() < 0.05:
                month, day = day, month  # day and month swapped
            return f"{h.year:04d}-{month:02d}-{day:02d}", "exact"
        if draw < 0.67:
            return f"{h.year:04d}", "year"
        if draw < 0.82:
            return f"{h.year:04d}-01-01", "exact"  # a placeholder, as the officer typed it
        if draw < 0.92:
            return str(h.year + self.rng.randint(-2, 2)), "estimated"
        if draw < 0.95:
            return f"{h.year:04d}-{h.month:02d}", "month"
        return "", "unknown"

    # -- writing ----------------------------------------------------------------------------------

    def run(self, progress: Callable[[int], None] | None) -> SynthResult:
        self.out.mkdir(parents=True, exist_ok=True)
        handles = {
            name: (self.out / f"{name}.csv").open("w", encoding="utf-8", newline="")
            for name in HEADERS
        }
        try:
            writers = {
                name: csv.writer(handle, lineterminator="\n") for name, handle in handles.items()
            }
            for name, header in HEADERS.items():
                writers[name].writerow(header)
            organisations, self.serving = _organisations(self.sites)
            writers["organisations"].writerows(organisations)
            writers["sites"].writerows([site.code] for site in self.sites)
            self._people(writers, progress)
            self._flow_counts(writers["flow_counts"])
        finally:
            for handle in handles.values():
                handle.close()
        return SynthResult(out_dir=self.out, people=self.n_people, **self.counts)

    def _people(self, writers: dict[str, Any], progress: Callable[[int], None] | None) -> None:
        rng = self.rng
        records: list[tuple[Any, ...]] = []
        encounters: list[tuple[Any, ...]] = []
        consents: list[tuple[Any, ...]] = []
        truth: list[tuple[str, str]] = []
        groups: list[tuple[str, ...]] = []
        next_report = 5000
        while self.n_people < self.people:
            route = self.route_choice(rng)
            kind, members = self._unit(route)
            path = self.route_sites[route.code]
            start = 0 if rng.random() < 0.6 else rng.randrange(len(path))
            visits = SITES_VISITED[bisect(SITES_VISITED_CUM, rng.random() * SITES_VISITED_CUM[-1])]
            stops = [path[start]]
            for site in path[start + 1 :]:
                if len(stops) >= visits:
                    break
                if rng.random() < 0.75:
                    stops.append(site)
            day = rng.randrange(0, SPAN_DAYS - 5)
            departure = _DAY[_DAY_OFFSET + day - rng.randint(7, 180)]
            destination = rng.choice(route.destinations)
            smuggled = rng.random() < route.smuggler
            cost = str(rng.randrange(route.cost_usd[0], route.cost_usd[1], 50)) if smuggled else ""
            transport = ";".join(sorted(set(rng.sample(route.transport, rng.randint(1, 2)))))
            transited: list[str] = []
            for visit, site in enumerate(stops):
                if day > SPAN_DAYS:
                    break
                on = _DAY[_DAY_OFFSET + day]
                organisation = rng.choice(self.serving[site.code])
                group_id = ""
                if kind and len(members) > 1:
                    self.counts["groups"] += 1
                    group_id = f"G{self.counts['groups']:08d}"
                    groups.append((group_id, organisation, site.code, kind, on))
                told = ";".join(c for c in transited if rng.random() < 0.85)
                for h in members:
                    self._write_person(
                        h,
                        route,
                        site,
                        organisation,
                        on,
                        day,
                        visit > 0,
                        group_id,
                        departure,
                        told,
                        destination,
                        transport,
                        smuggled,
                        cost,
                        records,
                        encounters,
                        consents,
                        truth,
                    )
                if site.country not in transited and site.country != members[0].nationality:
                    transited.append(site.country)
                day += rng.randint(3, 45)
            if len(records) > 20000:
                self._flush(writers, records, encounters, consents, truth, groups)
            if progress is not None and self.n_people >= next_report:
                progress(min(self.n_people, self.people))
                next_report += 5000
        self._flush(writers, records, encounters, consents, truth, groups)
        if progress is not None:
            progress(self.people)

    def _write_person(
        self,
        h: Human,
        route: Route,
        site: Site,
        organisation: str,
        on: str,
        day: int,
        noisy: bool,
        group_id: str,
        departure: str,
        transited: str,
        destination: str,
        transport: str,
        smuggled: bool,
        cost: str,
        records: list[Any],
        encounters: list[Any],
        consents: list[Any],
        truth: list[Any],
    ) -> None:
        rng = self.rng
        self.counts["records"] += 1
        record_id = f"R{self.counts['records']:08d}"
        given, family, father, native, script = self._record_names(h, noisy)
        dob, precision = self._record_dob(h, noisy)
        nationality = h.nationality
        if noisy and rng.random() < 0.08 and nationality in CONFUSED_WITH:
            nationality = CONFUSED_WITH[nationality]
        document = h.document if h.document and rng.random() < 0.7 else None
        records.append(
            (
                record_id,
                organisation,
                site.code,
                on,
                given,
                family,
                father,
                native,
                script,
                h.sex,
                dob,
                precision,
                nationality,
                "",
                ";".join(h.culture.languages[:2]),
                document[0] if document else "",
                document[1] if document else "",
                h.nationality if document else "",
                group_id,
                h.relationship if group_id else "",
            )
        )
        truth.append((record_id, h.person_id))
        adult = not h.child
        trafficking = violence = health = ""
        if adult and rng.random() < route.trafficking * (1.5 if noisy else 1.0):
            trafficking = ";".join(sorted(rng.sample(TRAFFICKING, rng.randint(1, 3))))
        if rng.random() < route.violence:
            violence = ";".join(sorted(rng.sample(VIOLENCE, rng.randint(1, 2))))
        if h.sex == "female" and adult and rng.random() < 0.05:
            health = "pregnancy"
        elif rng.random() < 0.03:
            health = rng.choice(("serious_medical", "disability", "acute_distress"))
        fears = "persecution" in h.reasons or "conflict" in h.reasons
        asylum = "1" if rng.random() < (0.7 if fears else 0.1) else "0"
        wishes_return = "1" if rng.random() < 0.03 else "0"
        base = (record_id, organisation, site.code)
        journey = (
            h.nationality,
            h.nationality if rng.random() < 0.9 else self.site_country[site.code],
            departure,
            transited,
            destination,
            transport,
            h.reasons,
            "1" if smuggled else "0",
            cost if adult else "",
            group_id,
        )
        self.counts["encounters"] += 1
        encounters.append(
            (
                f"E{self.counts['encounters']:09d}",
                *base,
                on,
                "registration",
                *journey,
                trafficking,
                violence,
                health,
                asylum if adult else "",
                wishes_return,
            )
        )
        if rng.random() < 0.1:
            self.counts["encounters"] += 1
            later = _DAY[_DAY_OFFSET + day + rng.randint(0, 2)]
            encounters.append(
                (
                    f"E{self.counts['encounters']:09d}",
                    *base,
                    later,
                    "screening",
                    *journey,
                    trafficking,
                    violence,
                    health,
                    asylum if adult else "",
                    wishes_return,
                )
            )
        method = "signed" if rng.random() < 0.6 else "verbal"
        consents.append(
            (record_id, "services", "1" if rng.random() < 0.97 else "0", method, on, "")
        )
        consents.append(
            (record_id, "statistics", "1" if rng.random() < 0.9 else "0", method, on, "")
        )
        if h.child and rng.random() < 0.4:
            consents.append((record_id, "family_tracing", "1", method, on, ""))
        if rng.random() < 0.12:
            target = rng.choice(("un-refugee", "un-children", "sp-clinic", "sp-shelter"))
            if target != organisation:
                consents.append((record_id, "share_with_organisation", "1", method, on, target))

    def _flush(
        self,
        writers: dict[str, Any],
        records: list[Any],
        encounters: list[Any],
        consents: list[Any],
        truth: list[Any],
        groups: list[Any],
    ) -> None:
        writers["records"].writerows(records)
        writers["encounters"].writerows(encounters)
        writers["consents"].writerows(consents)
        writers["truth"].writerows(truth)
        writers["groups"].writerows(groups)
        self.counts["consents"] += len(consents)
        for rows in (records, encounters, consents, truth, groups):
            rows.clear()

    def _flow_counts(self, writer: Any) -> None:
        rng = self.rng
        points = [s for s in self.sites if s.kind in FLOW_MONITORING]
        if not points:
            return
        rows = []
        for index in range(1, self.people // 2 + 1):
            site = rng.choice(points)
            route_code = rng.choice(site.routes)
            if route_code not in self.nationality:
                route_code = next(r for r in site.routes if r in self.nationality)
            route = ROUTES[route_code]
            path = self.route_sites[route_code]
            position = path.index(site)
            previous = path[position - 1].code if position > 0 and rng.random() < 0.7 else ""
            size = rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 6, 8))
            parts = [0, 0, 0, 0]  # men, women, boys, girls
            family = size > 2 and rng.random() < route.families * 2
            for _ in range(size):
                if family and rng.random() < 0.45:
                    parts[2 if rng.random() < 0.5 else 3] += 1
                else:
                    parts[1 if rng.random() < route.female else 0] += 1
            children = parts[2] + parts[3]
            unaccompanied = children if children and not (parts[0] + parts[1]) else 0
            day = rng.randrange(SPAN_DAYS)
            hour, minute = rng.randint(5, 21), rng.randrange(0, 60, 5)
            rows.append(
                (
                    f"F{index:08d}",
                    rng.choice(self.serving[site.code]),
                    site.code,
                    f"{_DAY[_DAY_OFFSET + day]}T{hour:02d}:{minute:02d}",
                    "incoming"
                    if rng.random() < 0.6
                    else ("outgoing" if rng.random() < 0.5 else "transit"),
                    size,
                    *parts,
                    self.nationality[route_code](rng),
                    "",
                    previous,
                    rng.choice(route.destinations),
                    rng.choice(route.transport),
                    self.reasons[route_code](rng),
                    unaccompanied,
                    1 if parts[1] and rng.random() < 0.04 else 0,
                    1 if rng.random() < 0.03 else 0,
                    1 if rng.random() < 0.02 else 0,
                )
            )
            if len(rows) >= 20000:
                writer.writerows(rows)
                rows.clear()
        writer.writerows(rows)
        self.counts["flow_counts"] = self.people // 2


def generate(
    out_dir: Path,
    people: int,
    seed: int,
    routes: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> SynthResult:
    """Write a synthetic dataset of ``people`` human beings to ``out_dir``."""
    return _Generator(Path(out_dir), people, seed, routes).run(progress)
