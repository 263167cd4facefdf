"""A second synthetic generator, independent of ``mixflow.testing.synthetic``, for judging
whether the matcher's quality carries over to data it was not tuned on.

Nothing here is shared with the project's generator: other name pools and naming customs
(Hispanic given names with two surnames, Afghan and Iranian names whose "surname" is the
father's name or a family name ending in -i/-zai, Horn of Africa patronymic chains, West
African given names with family names spelt several ways, one-name people), other error
processes (keyboard slips, transliteration variants, surnames dropped or swapped, year-only,
1 January placeholders, estimated ages, missing dates, nationality changes), families that
share surnames and sites, twins, and 1 to 6 records per person. Each
:class:`Config` turns the knobs differently; :data:`CONFIGS` lists the ones the harness runs.

Output: ``input.csv`` (the seven CLI columns plus ``site``) and ``truth.csv``
(``record_id,cluster_id``), the format of ``benchmarks/linkage_data.py``.

Usage: python benchmarks/linkage_generator2.py CONFIG --people 12000 --seed 5 --out DIR
"""

from __future__ import annotations

import argparse
import datetime
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from _linkage_common import write_set

# --- Name pools: (canonical, variant spellings); variants are what a clerk may write. ---

HISPANIC_GIVEN_M = [
    ("José", ["Jose"]),
    ("Juan", []),
    ("Luis", ["Luís"]),
    ("Carlos", []),
    ("Jesús", ["Jesus"]),
    ("Miguel", []),
    ("Ángel", ["Angel"]),
    ("Jorge", []),
    ("Andrés", ["Andres"]),
    ("Yeferson", ["Jeferson", "Yefferson"]),
    ("Wilmer", ["Vilmer"]),
    ("Darwin", []),
    ("Brayan", ["Bryan", "Brian"]),
    ("Kevin", ["Kevín"]),
    ("Jhonatan", ["Jonathan", "Johnatan"]),
    ("Eduardo", []),
    ("Héctor", ["Hector"]),
    ("Rafael", []),
    ("Alejandro", []),
    ("Víctor", ["Victor"]),
    ("Ronald", []),
    ("Franklin", []),
    ("Deiby", ["Deivi", "Daiby"]),
]
HISPANIC_GIVEN_F = [
    ("María", ["Maria"]),
    ("Génesis", ["Genesis"]),
    ("Yusleidy", ["Yuslady", "Yusleydi"]),
    ("Daniela", []),
    ("Andreína", ["Andreina"]),
    ("Valentina", []),
    ("Yenny", ["Jenny", "Yeni"]),
    ("Carmen", []),
    ("Rosa", []),
    ("Ana", []),
    ("Lucía", ["Lucia"]),
    ("Dayana", ["Diana", "Dayanna"]),
    ("Yorgelis", ["Yorgelys"]),
    ("Mariela", []),
    ("Yaneth", ["Janeth", "Yanet"]),
    ("Keila", ["Keyla"]),
    ("Milagros", []),
    ("Isabel", ["Isabela"]),
    ("Nayeli", ["Nayely"]),
    ("Fabiola", []),
]
HISPANIC_SURNAMES = [
    ("González", ["Gonzalez", "Gonzales"]),
    ("Rodríguez", ["Rodriguez"]),
    ("Pérez", ["Perez"]),
    ("Hernández", ["Hernandez"]),
    ("García", ["Garcia"]),
    ("Martínez", ["Martinez"]),
    ("López", ["Lopez"]),
    ("Rojas", []),
    ("Díaz", ["Diaz"]),
    ("Sánchez", ["Sanchez"]),
    ("Ramírez", ["Ramirez"]),
    ("Torres", []),
    ("Flores", []),
    ("Vargas", []),
    ("Castillo", []),
    ("Mendoza", []),
    ("Gutiérrez", ["Gutierrez"]),
    ("Medina", []),
    ("Contreras", []),
    ("Villalobos", ["Vilalobos"]),
    ("Urdaneta", []),
    ("Briceño", ["Briceno"]),
    ("Colmenares", []),
    ("Quintero", []),
    ("Montilla", []),
    ("Chirinos", []),
    ("Zambrano", ["Sambrano"]),
    ("Parra", []),
    ("Guerrero", []),
    ("Salazar", []),
    ("Osorio", []),
    ("Peña", ["Pena"]),
]
PERSIAN_GIVEN_M = [
    ("Mohammad", ["Mohammed", "Muhammad", "Mohamad"]),
    ("Ali", []),
    ("Reza", ["Riza"]),
    ("Hossein", ["Hussain", "Husain", "Hosein"]),
    ("Ahmad", ["Ahmed"]),
    ("Jawad", ["Javad"]),
    ("Mahdi", ["Mehdi"]),
    ("Abdul Rahim", ["Abdulrahim", "Abdurrahim"]),
    ("Naveed", ["Navid"]),
    ("Farid", ["Fareed"]),
    ("Hamid", ["Hameed"]),
    ("Sayed", ["Sayyed", "Said"]),
    ("Zabiullah", ["Zabihullah"]),
    ("Rahmatullah", ["Rahmatulla"]),
    ("Mustafa", ["Mostafa"]),
    ("Karim", ["Kareem"]),
    ("Bilal", []),
    ("Omid", ["Umid"]),
    ("Sohrab", []),
    ("Milad", []),
    ("Samiullah", ["Samiulla"]),
]
PERSIAN_GIVEN_F = [
    ("Fatima", ["Fatemeh", "Fatema"]),
    ("Zahra", ["Zahraa"]),
    ("Roya", ["Royah"]),
    ("Maryam", ["Mariam"]),
    ("Masuma", ["Masoumeh", "Masooma"]),
    ("Parwana", ["Parvaneh"]),
    ("Shakila", ["Shakeela"]),
    ("Nargis", ["Narges"]),
    ("Sima", []),
    ("Laila", ["Leila", "Layla"]),
    ("Farzana", []),
    ("Mahbooba", ["Mahbuba"]),
    ("Gulnaz", []),
    ("Soraya", ["Suraya"]),
    ("Hakima", []),
    ("Nasrin", ["Nasreen"]),
    ("Khadija", ["Khadijeh"]),
    ("Zainab", ["Zeinab"]),
]
PERSIAN_FAMILY = [
    ("Mohammadi", ["Muhammadi", "Mohamadi"]),
    ("Ahmadi", ["Ahmady"]),
    ("Hosseini", ["Husseini", "Hosaini"]),
    ("Rezaei", ["Rezai", "Rezayi"]),
    ("Karimi", ["Karrimi", "Kareemi"]),
    ("Sultani", ["Soltani"]),
    ("Rahimi", ["Raheemi"]),
    ("Jafari", ["Jafary", "Jaffari"]),
    ("Hakimi", []),
    ("Nazari", []),
    ("Azizi", []),
    ("Safi", []),
    ("Stanekzai", ["Stanikzai"]),
    ("Ahmadzai", []),
    ("Popal", []),
    ("Sharifi", ["Shareefi"]),
    ("Qasemi", ["Ghasemi", "Kasemi"]),
    ("Amiri", []),
    ("Noori", ["Nuri"]),
    ("Wardak", []),
    ("Barakzai", []),
    ("Haidari", ["Heydari", "Haydari"]),
]
HORN_M = [
    ("Tesfay", ["Tesfaye", "Tesfai"]),
    ("Yonas", ["Yohannes", "Yonnas"]),
    ("Gebremedhin", ["Ghebremedhin", "Gebremedin"]),
    ("Haile", ["Hayle"]),
    ("Berhane", ["Berhe", "Birhane"]),
    ("Mehari", []),
    ("Kidane", ["Kidan"]),
    ("Tekle", ["Teklay"]),
    ("Abraham", ["Abrham"]),
    ("Dawit", ["Dawitt", "Davit"]),
    ("Filmon", ["Filimon"]),
    ("Amanuel", ["Emanuel"]),
    ("Samuel", []),
    ("Goitom", []),
    ("Habtom", []),
    ("Mebrahtu", ["Mebrahtom"]),
    ("Abdi", []),
    ("Hassan", ["Hasan", "Xasan"]),
    ("Abdullahi", ["Cabdullahi"]),
    ("Mahamed", ["Maxamed"]),
    ("Yusuf", ["Yuusuf"]),
    ("Omar", ["Cumar"]),
    ("Ismail", ["Ismaaciil"]),
]
HORN_F = [
    ("Selam", ["Salam"]),
    ("Helen", []),
    ("Senait", ["Senayt"]),
    ("Mebrat", []),
    ("Saba", []),
    ("Luwam", []),
    ("Yordanos", ["Yordanus"]),
    ("Freweini", ["Fireweini"]),
    ("Rahwa", []),
    ("Hiwet", []),
    ("Tsega", ["Tsige"]),
    ("Ruta", []),
    ("Fatuma", ["Faadumo"]),
    ("Hodan", ["Hodon"]),
    ("Ayan", ["Ayaan"]),
    ("Amina", ["Aamina"]),
    ("Sahra", ["Sahro"]),
    ("Hibo", []),
]
WEST_GIVEN_M = [
    ("Mamadou", ["Mamadu", "Mahamadou"]),
    ("Ousmane", ["Usman", "Ousman"]),
    ("Ibrahima", ["Ibrahim", "Brahima"]),
    ("Abdoulaye", ["Abdulai", "Abdoulay"]),
    ("Moussa", ["Musa"]),
    ("Seydou", ["Seidou"]),
    ("Lamine", ["Lamin"]),
    ("Alpha", []),
    ("Sekou", ["Sékou"]),
    ("Bakary", ["Bakari"]),
    ("Chinedu", []),
    ("Emeka", []),
    ("Kwame", []),
    ("Kofi", []),
    ("Oumar", ["Umar"]),
    ("Souleymane", ["Suleiman", "Soulemane"]),
    ("Boubacar", ["Bubacar"]),
    ("Cheikh", ["Sheikh"]),
]
WEST_GIVEN_F = [
    ("Fatoumata", ["Fatumata", "Fatou"]),
    ("Aminata", ["Aminatta"]),
    ("Mariama", ["Mariam"]),
    ("Awa", []),
    ("Kadiatou", ["Kadiatu", "Hadiatou"]),
    ("Aissatou", ["Aisatou", "Aishatu"]),
    ("Ngozi", []),
    ("Adaeze", []),
    ("Blessing", []),
    ("Hawa", ["Haoua"]),
    ("Binta", []),
    ("Oumou", ["Umu"]),
    ("Ramatoulaye", ["Ramatulai"]),
    ("Safiatou", ["Safiatu"]),
]
WEST_FAMILY = [
    ("Diallo", ["Jallow", "Djallo"]),
    ("Bah", ["Ba"]),
    ("Barry", ["Bari"]),
    ("Sow", []),
    ("Camara", ["Kamara"]),
    ("Touré", ["Toure", "Ture"]),
    ("Traoré", ["Traore"]),
    ("Keita", ["Keïta"]),
    ("Coulibaly", ["Kulibali"]),
    ("Konaté", ["Konate"]),
    ("Sylla", ["Sila"]),
    ("Okafor", []),
    ("Okonkwo", []),
    ("Mensah", []),
    ("Ndiaye", ["Njie"]),
    ("Diop", []),
    ("Fofana", []),
    ("Cissé", ["Cisse"]),
    ("Kanté", ["Kante"]),
    ("Sissoko", []),
]

# Each culture: nationality weights and the neighbours a declaration may change to.
CULTURES = {
    "hispanic": (["VEN", "COL", "HND", "GTM", "SLV"], ["COL", "ECU", "PER", "VEN"]),
    "persian": (["AFG", "IRN", "AFG", "AFG"], ["PAK", "IRN", "TUR", "AFG"]),
    "horn": (["ERI", "ETH", "SOM", "SDN"], ["ETH", "SDN", "ERI", "DJI", "KEN"]),
    "west": (["GIN", "MLI", "SEN", "NGA", "CIV", "GMB"], ["SEN", "MLI", "GIN", "NER", "BFA"]),
}


@dataclass(frozen=True)
class Config:
    """The knobs of one data set; every rate is per record unless said otherwise."""

    name: str
    cultures: tuple[tuple[str, float], ...] = (
        ("hispanic", 0.3),
        ("persian", 0.3),
        ("horn", 0.2),
        ("west", 0.2),
    )
    records_per_person: tuple[float, ...] = (0.45, 0.25, 0.13, 0.08, 0.05, 0.04)  # 1..6
    typo: float = 0.06  # one keyboard slip in a name part
    variant: float = 0.25  # another accepted spelling of a name part
    drop_name: float = 0.08  # a second surname / father's name left out
    swap_order: float = 0.04  # given and family name written the wrong way round
    one_name: float = 0.03  # share of people known by one name only
    dob_missing: float = 0.08
    dob_year_only: float = 0.15
    dob_placeholder: float = 0.08  # 1 January of the year
    dob_estimated: float = 0.07  # an age guessed by the officer (adults: ±3 years)
    dob_swap: float = 0.02  # day and month swapped
    nat_change: float = 0.06
    sex_missing: float = 0.02
    family_share: float = 0.5  # share of people in a family (2-7 members, shared surname, site)
    twins: float = 0.03  # share of families with twins
    sites: int = 40
    extra: dict[str, float] = field(default_factory=dict)


CONFIGS: dict[str, Config] = {
    "mixed": Config("mixed"),
    "clean": Config(
        "clean",
        typo=0.01,
        variant=0.08,
        drop_name=0.03,
        dob_missing=0.02,
        dob_year_only=0.05,
        dob_placeholder=0.03,
        dob_estimated=0.02,
        nat_change=0.02,
    ),
    "noisy": Config(
        "noisy",
        typo=0.18,
        variant=0.45,
        drop_name=0.15,
        swap_order=0.1,
        dob_swap=0.05,
        nat_change=0.12,
    ),
    "sparse_dates": Config(
        "sparse_dates", dob_missing=0.3, dob_year_only=0.3, dob_placeholder=0.15, dob_estimated=0.15
    ),
    "one_name": Config("one_name", cultures=(("horn", 0.6), ("west", 0.4)), one_name=0.3),
    "families": Config("families", family_share=0.9, twins=0.15, sites=8),
    "hispanic": Config("hispanic", cultures=(("hispanic", 1.0),)),
    "persian": Config("persian", cultures=(("persian", 1.0),), family_share=0.7),
    "few_records": Config("few_records", records_per_person=(0.8, 0.15, 0.05)),
    "many_records": Config("many_records", records_per_person=(0.1, 0.15, 0.2, 0.2, 0.2, 0.15)),
}

KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def _pick(rng: random.Random, pool: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    # Zipf-like: a few names very common, a long tail (the way registries look).
    i = min(int(rng.paretovariate(1.1)) - 1, len(pool) - 1)
    return pool[(i * 7 + rng.randrange(3)) % len(pool)] if rng.random() < 0.5 else pool[i]


@dataclass
class Person:
    pid: str
    culture: str
    sex: str
    given: tuple[str, list[str]]
    second_given: tuple[str, list[str]] | None
    father: tuple[str, list[str]] | None
    family: tuple[str, list[str]] | None
    mother_family: tuple[str, list[str]] | None
    born: datetime.date
    nationality: str
    site: str
    one_name: bool


def _people(cfg: Config, n: int, rng: random.Random) -> list[Person]:
    out: list[Person] = []
    cultures = [c for c, _ in cfg.cultures]
    weights = [w for _, w in cfg.cultures]
    while len(out) < n:
        culture = rng.choices(cultures, weights)[0]
        nats, _ = CULTURES[culture]
        nationality = rng.choice(nats)
        site = f"S{rng.randrange(cfg.sites):03d}"
        size = rng.randint(2, 7) if rng.random() < cfg.family_share else 1
        pools = _pools(culture)
        family = _pick(rng, pools["family"]) if pools["family"] else None
        mother_family = _pick(rng, pools["family"]) if culture == "hispanic" else None
        father = _pick(rng, pools["m"])  # Horn / Persian children carry their father's name
        parent_born = datetime.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        twins_at = rng.randrange(size) if size > 2 and rng.random() < cfg.twins else -1
        last_born: datetime.date | None = None
        for k in range(size):
            sex = rng.choice(["male", "female"])
            if size == 1 or k == 0:
                born = datetime.date(
                    rng.randint(1955, 2024), rng.randint(1, 12), rng.randint(1, 28)
                )
            elif k == 1:
                born = parent_born
            elif k == twins_at + 1 and last_born is not None:
                born = last_born  # a twin: same date, same surnames, another given name
            else:
                born = datetime.date(
                    min(2025, parent_born.year + rng.randint(18, 40)),
                    rng.randint(1, 12),
                    rng.randint(1, 28),
                )
            last_born = born
            given = _pick(rng, pools[sex[0]])
            second = (
                _pick(rng, pools[sex[0]]) if culture == "hispanic" and rng.random() < 0.6 else None
            )
            one = rng.random() < cfg.one_name
            out.append(
                Person(
                    f"P{len(out):06d}",
                    culture,
                    sex,
                    given,
                    second,
                    father if culture in ("horn", "persian") else None,
                    family if culture != "horn" else None,
                    mother_family,
                    born,
                    nationality,
                    site,
                    one,
                )
            )
    return out[:n]


def _pools(culture: str) -> dict[str, list[tuple[str, list[str]]]]:
    if culture == "hispanic":
        return {"m": HISPANIC_GIVEN_M, "f": HISPANIC_GIVEN_F, "family": HISPANIC_SURNAMES}
    if culture == "persian":
        return {"m": PERSIAN_GIVEN_M, "f": PERSIAN_GIVEN_F, "family": PERSIAN_FAMILY}
    if culture == "horn":
        return {"m": HORN_M, "f": HORN_F, "family": []}
    return {"m": WEST_GIVEN_M, "f": WEST_GIVEN_F, "family": WEST_FAMILY}


def _typo(word: str, rng: random.Random) -> str:
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


def _spell(name: tuple[str, list[str]], cfg: Config, rng: random.Random) -> str:
    text = name[0]
    if name[1] and rng.random() < cfg.variant:
        text = rng.choice(name[1])
    if rng.random() < cfg.typo:
        text = _typo(text, rng)
    if rng.random() < 0.1:
        text = text.upper()
    return text


def _record(p: Person, cfg: Config, rng: random.Random, when: int) -> dict[str, str]:
    given = _spell(p.given, cfg, rng)
    if p.second_given and rng.random() > cfg.drop_name:
        given += " " + _spell(p.second_given, cfg, rng)
    father = ""
    family = ""
    if p.culture == "hispanic":
        family = _spell(p.family, cfg, rng) if p.family else ""
        if p.mother_family and rng.random() > cfg.drop_name * 2:
            family += " " + _spell(p.mother_family, cfg, rng)
    elif p.culture == "persian":
        # The father's name is written as the surname about half the time, or beside it.
        r = rng.random()
        if p.family and r < 0.55:
            family = _spell(p.family, cfg, rng)
            if p.father and rng.random() > cfg.drop_name * 3:
                father = _spell(p.father, cfg, rng)
        elif p.father:
            family = _spell(p.father, cfg, rng)
    elif p.culture == "horn":
        father = _spell(p.father, cfg, rng) if p.father else ""
        if rng.random() < 0.5 and father:
            family, father = father, ""  # the father's name written as the family name
    else:
        family = _spell(p.family, cfg, rng) if p.family else ""
    if p.one_name:
        father, family = "", ""
    if family and rng.random() < cfg.swap_order:
        given, family = family, given
    dob = _dob(p.born, cfg, rng, when)
    nationality = p.nationality
    if rng.random() < cfg.nat_change:
        nationality = rng.choice(CULTURES[p.culture][1])
    sex = "" if rng.random() < cfg.sex_missing else p.sex
    return {
        "given_name": given,
        "family_name": family,
        "father_name": father,
        "sex": sex,
        "date_of_birth": dob,
        "nationality": nationality,
        "site": p.site if rng.random() < 0.6 else f"S{rng.randrange(cfg.sites):03d}",
    }


def _dob(born: datetime.date, cfg: Config, rng: random.Random, when: int) -> str:
    r = rng.random()
    edges = [
        cfg.dob_missing,
        cfg.dob_year_only,
        cfg.dob_placeholder,
        cfg.dob_estimated,
        cfg.dob_swap,
    ]
    acc = 0.0
    kind = -1
    for k, rate in enumerate(edges):
        acc += rate
        if r < acc:
            kind = k
            break
    if kind < 0:
        return born.isoformat()
    if kind == 0:
        return ""
    if kind == 1:
        return f"{born.year}"
    if kind == 2:
        return f"{born.year}-01-01"
    if kind == 3:
        age = max(0, when - born.year)
        slack = 0 if age < 5 else (1 if age < 15 else 3)
        return f"{max(1940, born.year + rng.randint(-slack, slack))}"
    if born.day <= 12 and born.day != born.month:
        return f"{born.year}-{born.day:02d}-{born.month:02d}"
    return born.isoformat()


def generate(cfg: Config, people: int, seed: int, out: Path) -> int:
    """Write ``input.csv`` and ``truth.csv`` to ``out``; return the number of records."""
    rng = random.Random(f"{cfg.name}:{seed}")
    persons = _people(cfg, people, rng)
    counts = list(range(1, len(cfg.records_per_person) + 1))
    rows: list[tuple[str, dict[str, str]]] = []
    for p in persons:
        k = rng.choices(counts, cfg.records_per_person)[0]
        for _ in range(k):
            rows.append((p.pid, _record(p, cfg, rng, 2026)))
            if rng.random() < 0.02:
                rows.append((p.pid, dict(rows[-1][1])))  # registered twice the same day
    rng.shuffle(rows)
    return write_set(out, rows, "g2")


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
