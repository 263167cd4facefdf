"""A third synthetic generator for judging the matcher on data nobody here tuned it on.

Written apart from both ``mixflow.testing.synthetic`` and ``linkage_generator2.py``: the names
come from Faker's locale name lists (hundreds of given names and surnames per culture, against
the 20-30 of generator 2), so namesakes are rarer and spellings more varied; the errors are a
different process again (respellings by sound at one place in a name, keyboard slips, compound
names cut short, the father's name written as family name, ages guessed by the officer, digits
miskeyed in dates); people move along a route of sites, so one person's records are at
different sites and a family's records at the same ones; about 1.8 records per person, as in
a registry where most people are seen once.

Output: ``input.csv`` (the seven CLI columns plus ``site``) and ``truth.csv``
(``record_id,cluster_id``), the format of ``benchmarks/linkage_data.py``.

Needs Faker (the ``bench`` extra). Usage:
python benchmarks/linkage_generator3.py CONFIG --people 12000 --seed 5 --out DIR
"""

from __future__ import annotations

import argparse
import datetime
import random
from dataclasses import dataclass, replace
from pathlib import Path

from faker import Faker

from _linkage_common import write_set

#: culture -> (Faker locale, nationalities it is registered with, neighbours a nationality is
#: confused with, how its names are written).
CULTURES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], str]] = {
    "andean": ("es_CO", ("VEN", "COL"), ("COL", "VEN", "ECU", "PER"), "two_surnames"),
    "south_asian": ("en_PK", ("AFG", "PAK"), ("PAK", "AFG", "IRN"), "father"),
    "maghreb": ("fr_DZ", ("DZA", "MAR"), ("DZA", "MAR", "TUN", "LBY"), "plain"),
    "yoruba": ("yo_NG", ("NGA",), ("NGA", "BEN", "NER"), "plain"),
    "akan": ("tw_GH", ("GHA",), ("GHA", "CIV", "TGO"), "plain"),
    "swahili": ("sw", ("TZA", "KEN"), ("KEN", "TZA", "UGA", "SOM"), "father"),
    "uzbek": ("uz_UZ", ("UZB", "TJK"), ("UZB", "TJK", "AFG"), "father"),
}

#: Respellings by sound: what one clerk writes for what another heard.
SOUND_RULES: tuple[tuple[str, str], ...] = (
    ("ph", "f"), ("f", "ph"), ("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"),
    ("y", "i"), ("i", "y"), ("k", "q"), ("q", "k"), ("c", "k"), ("j", "y"), ("y", "j"),
    ("v", "b"), ("b", "v"), ("s", "z"), ("z", "s"), ("kh", "h"), ("h", ""), ("a", "e"),
    ("e", "a"), ("o", "u"), ("dj", "j"), ("w", "u"), ("sh", "ch"), ("ch", "sh"),
    ("ll", "y"), ("gu", "g"), ("x", "kh"), ("aa", "a"), ("ie", "i"), ("t", "tt"),
    ("ss", "s"), ("nn", "n"), ("mm", "m"),
)  # fmt: skip

KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


@dataclass(frozen=True)
class Config:
    """The knobs of one data set; rates are per record (per name part for the name errors)."""

    name: str
    cultures: tuple[tuple[str, float], ...] = (
        ("andean", 0.25),
        ("south_asian", 0.2),
        ("maghreb", 0.15),
        ("yoruba", 0.1),
        ("akan", 0.1),
        ("swahili", 0.1),
        ("uzbek", 0.1),
    )
    records_per_person: tuple[float, ...] = (0.6, 0.2, 0.1, 0.05, 0.03, 0.02)
    respell: float = 0.12
    slip: float = 0.04
    order_swap: float = 0.04
    shorten: float = 0.2  # a compound given name or second surname left out
    father_as_family: float = 0.1
    dob_missing: float = 0.07
    dob_year_only: float = 0.15
    dob_first_january: float = 0.08
    dob_guessed: float = 0.07  # adults: an age guessed, written as a year or 1 July
    dob_miskeyed: float = 0.05  # day and month swapped, a day digit or the year off by one
    nat_change: float = 0.05
    nat_missing: float = 0.03
    sex_missing: float = 0.02
    in_family: float = 0.4
    twins: float = 0.02
    sites: int = 30
    children: float = 0.3  # share of people under 18
    zipf: float = 0.0  # how unevenly names are shared (see _Names)


CONFIGS: dict[str, Config] = {
    "base": Config("base"),
    "andean": Config("andean", cultures=(("andean", 1.0),)),
    "south_asian": Config("south_asian", cultures=(("south_asian", 0.7), ("uzbek", 0.3))),
    "sparse_dates": Config(
        "sparse_dates", dob_missing=0.25, dob_year_only=0.3, dob_first_january=0.15, dob_guessed=0.1
    ),
    "noisy": Config("noisy", respell=0.3, slip=0.1, order_swap=0.1, shorten=0.35, nat_change=0.12),
    "children": Config("children", children=0.6, in_family=0.8, twins=0.08),
    "common_names": Config("common_names", zipf=1.0),
    "common_sparse": Config(
        "common_sparse", zipf=1.0, dob_missing=0.2, dob_year_only=0.25, dob_first_january=0.12
    ),
}


@dataclass
class Person:
    pid: str
    culture: str
    sex: str
    given: list[str]
    family: list[str]
    father: str
    born: datetime.date
    nationality: str
    route: list[str]


class _Names:
    """Faker's name lists of each culture, seeded: the same seed gives the same people.

    ``zipf`` 0 draws every name of a list alike (Faker's way); above 0, the names are ranked
    in a seeded order and drawn with weight 1 / rank ** zipf, so that a few names are held by
    many people, as Mohammad, Ahmadi or González are in a real registry.
    """

    def __init__(self, seed: int, zipf: float) -> None:
        self.lists: dict[tuple[str, str], tuple[list[str], list[float]]] = {}
        for culture, (locale, *_rest) in CULTURES.items():
            f = Faker(locale)
            f.seed_instance(f"{seed}:{culture}")
            order = random.Random(f"{seed}:{culture}:rank")
            for kind, draw in (
                ("given:male", f.first_name_male),
                ("given:female", f.first_name_female),
                ("family:male", getattr(f, "last_name_male", f.last_name)),
                ("family:female", getattr(f, "last_name_female", f.last_name)),
            ):
                names = sorted({str(draw()) for _ in range(4000)})
                order.shuffle(names)
                weights = [1.0 / (rank + 1) ** zipf for rank in range(len(names))]
                self.lists[(culture, kind)] = (names, weights)
        self.rng = random.Random(f"{seed}:names")

    def _draw(self, culture: str, kind: str) -> str:
        names, weights = self.lists[(culture, kind)]
        return self.rng.choices(names, weights)[0]

    def given(self, culture: str, sex: str) -> str:
        return self._draw(culture, f"given:{sex}")

    def family(self, culture: str, sex: str) -> str:
        return self._draw(culture, f"family:{sex}")


def _route(rng: random.Random, sites: int) -> list[str]:
    """Sites along one way north: a start and the next few stops."""
    start = rng.randrange(sites)
    return [f"S{(start + i * rng.choice((1, 2))) % sites:02d}" for i in range(6)]


def _people(cfg: Config, n: int, rng: random.Random, names: _Names) -> list[Person]:
    cultures = [c for c, _ in cfg.cultures]
    weights = [w for _, w in cfg.cultures]
    people: list[Person] = []
    while len(people) < n:
        culture = rng.choices(cultures, weights)[0]
        nat = rng.choice(CULTURES[culture][1])
        custom = CULTURES[culture][3]
        route = _route(rng, cfg.sites)
        size = rng.choice((2, 3, 4, 5, 6)) if rng.random() < cfg.in_family else 1
        # The head of a family is its father, whose given name his children carry as
        # their father's name where that is the custom.
        father_given = names.given(culture, "male")
        family = [names.family(culture, "male")]
        if custom == "two_surnames":
            family.append(names.family(culture, "female"))
        head_born = _birth(rng, adult=True)
        twins_at = rng.randrange(1, size) if size > 2 and rng.random() < cfg.twins else -1
        last_child: datetime.date | None = None
        for k in range(size):
            sex = "male" if k == 0 and size > 1 else rng.choice(("male", "female"))
            given = [father_given if k == 0 and size > 1 else names.given(culture, sex)]
            if k == 0 and size > 1:
                born = head_born
                father = names.given(culture, "male")
            elif size == 1:
                born = _birth(rng, adult=rng.random() >= cfg.children)
                father = names.given(culture, "male")
            else:
                if k == twins_at + 1 and last_child is not None:
                    born = last_child
                else:
                    born = _child_of(rng, head_born)
                last_child = born
                father = father_given
            if custom == "two_surnames" and rng.random() < 0.4:
                given.append(names.given(culture, sex))
            surnames = list(family)
            if custom == "two_surnames" and k > 0:
                # Children carry the father's first surname and the mother's.
                surnames = [family[0], names.family(culture, "female")]
            people.append(
                Person(
                    f"P{len(people):07d}",
                    culture,
                    sex,
                    given,
                    surnames,
                    father if custom == "father" else "",
                    born,
                    nat,
                    route,
                )
            )
    return people[:n]


def _birth(rng: random.Random, adult: bool) -> datetime.date:
    age_days = rng.randrange(18 * 365, 70 * 365) if adult else rng.randrange(30, 18 * 365)
    return datetime.date(2026, 6, 1) - datetime.timedelta(days=age_days)


def _child_of(rng: random.Random, parent: datetime.date) -> datetime.date:
    first = parent + datetime.timedelta(days=17 * 365)
    last = min(parent + datetime.timedelta(days=42 * 365), datetime.date(2026, 5, 1))
    return first + datetime.timedelta(days=rng.randrange(max((last - first).days, 1)))


def _respell(rng: random.Random, word: str) -> str:
    low = word.lower()
    options = [(a, b) for a, b in SOUND_RULES if a in low]
    if not options:
        return word
    a, b = rng.choice(options)
    at = [i for i in range(len(low)) if low.startswith(a, i)]
    i = rng.choice(at)
    out = low[:i] + b + low[i + len(a) :]
    return out.capitalize() if out else word


def _slip(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + rng.choice(KEYBOARD) + word[i:]
    if kind == 2:
        return word[:i] + rng.choice(KEYBOARD) + word[i + 1 :]
    if i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word


def _noisy(cfg: Config, rng: random.Random, parts: list[str]) -> list[str]:
    out = []
    for w in parts:
        if rng.random() < cfg.respell:
            w = _respell(rng, w)
        if rng.random() < cfg.slip:
            w = _slip(rng, w)
        out.append(w)
    return out


def _date(cfg: Config, rng: random.Random, born: datetime.date) -> str:
    r = rng.random()
    age = (datetime.date(2026, 6, 1) - born).days // 365
    if r < cfg.dob_missing:
        return ""
    r -= cfg.dob_missing
    if r < cfg.dob_year_only:
        return str(born.year)
    r -= cfg.dob_year_only
    if r < cfg.dob_first_january:
        return f"{born.year}-01-01"
    r -= cfg.dob_first_january
    if r < cfg.dob_guessed and age >= 18:
        year = born.year + rng.randint(-3, 3)
        return str(year) if rng.random() < 0.5 else f"{year}-07-01"
    r -= cfg.dob_guessed
    if r < cfg.dob_miskeyed:
        kind = rng.randrange(3)
        if kind == 0 and born.day <= 12:
            return f"{born.year}-{born.day:02d}-{born.month:02d}"
        if kind == 1:
            day = min(28, max(1, born.day + rng.choice((-10, -1, 1, 10))))
            return f"{born.year}-{born.month:02d}-{day:02d}"
        moved = born.replace(year=born.year + rng.choice((-1, 1)), day=min(born.day, 28))
        return moved.isoformat()
    return born.isoformat()


def _record(cfg: Config, rng: random.Random, p: Person, visit: int) -> dict[str, str]:
    custom = CULTURES[p.culture][3]
    given = list(p.given)
    family = list(p.family)
    father = p.father
    if len(given) > 1 and rng.random() < cfg.shorten:
        given = given[:1]
    if len(family) > 1 and rng.random() < cfg.shorten:
        family = family[:1]
    if custom == "father" and father and rng.random() < cfg.father_as_family:
        family, father = [father], ""
    elif custom == "father" and rng.random() < 0.3:
        father = ""
    given = _noisy(cfg, rng, given)
    family = _noisy(cfg, rng, family)
    father = " ".join(_noisy(cfg, rng, [father])) if father else ""
    if rng.random() < cfg.order_swap:
        given, family = family, given
    nationality = p.nationality
    if rng.random() < cfg.nat_change:
        nationality = rng.choice(CULTURES[p.culture][2])
    if rng.random() < cfg.nat_missing:
        nationality = ""
    return {
        "given_name": " ".join(given),
        "family_name": " ".join(family),
        "father_name": father,
        "sex": "" if rng.random() < cfg.sex_missing else p.sex,
        "date_of_birth": _date(cfg, rng, p.born),
        "nationality": nationality,
        "site": p.route[min(visit, len(p.route) - 1)],
    }


def generate(cfg: Config, people: int, seed: int, out: Path) -> int:
    """Write ``input.csv`` and ``truth.csv`` to ``out``; return the number of records."""
    rng = random.Random(f"g3:{cfg.name}:{seed}")
    names = _Names(seed, cfg.zipf)
    persons = _people(cfg, people, rng, names)
    counts = list(range(1, len(cfg.records_per_person) + 1))
    rows: list[tuple[str, dict[str, str]]] = []
    for p in persons:
        for visit in range(rng.choices(counts, cfg.records_per_person)[0]):
            rows.append((p.pid, _record(cfg, rng, p, visit)))
    rng.shuffle(rows)
    return write_set(out, rows, "g3")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", choices=sorted(CONFIGS))
    parser.add_argument("--people", type=int, default=12000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    n = generate(replace(CONFIGS[args.config]), args.people, args.seed, args.out)
    print(f"{args.config}: {n} records → {args.out}")


if __name__ == "__main__":
    main()
