"""The routes of DOMAIN.md §5: who travels them, and how their names are written."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from mixflow.testing.synthetic import names as n

SITES_CSV = Path(__file__).resolve().parents[2] / "geo" / "data" / "route_sites.csv"


@dataclass(frozen=True)
class Culture:
    """How a naming culture writes names.

    ``patronymic``: people carry given + father's (+ grandfather's) names, no family name, so a
    father's name is easily recorded as a family name. ``one_name``: share of people known by
    one name only. ``script``: the script of ``native`` spellings.
    """

    male: tuple[n.Name, ...]
    female: tuple[n.Name, ...]
    family: tuple[n.Name, ...]
    patronymic: bool
    one_name: float
    script: str
    languages: tuple[str, ...]


ARABIC = Culture(n.ARABIC_MALE, n.ARABIC_FEMALE, n.ARABIC_FAMILY, True, 0.0, "Arab", ("ara",))
SOMALI = Culture(n.SOMALI_MALE, n.SOMALI_FEMALE, (), True, 0.0, "Latn", ("som",))
HABESHA = Culture(n.HABESHA_MALE, n.HABESHA_FEMALE, (), True, 0.0, "Ethi", ("tir", "amh"))
OROMO = Culture(n.HABESHA_MALE, n.HABESHA_FEMALE, (), True, 0.0, "Ethi", ("orm", "amh"))
PASHTO = Culture(n.PASHTO_MALE, n.PASHTO_FEMALE, n.PASHTO_FAMILY, True, 0.4, "Arab", ("pus", "prs"))
WEST_AFRICAN = Culture(
    n.WEST_AFRICAN_MALE,
    n.WEST_AFRICAN_FEMALE,
    n.WEST_AFRICAN_FAMILY,
    False,
    0.0,
    "Latn",
    ("fra", "ful", "wol", "bam"),
)
NIGERIAN = Culture(
    n.WEST_AFRICAN_MALE,
    n.WEST_AFRICAN_FEMALE,
    n.WEST_AFRICAN_FAMILY,
    False,
    0.0,
    "Latn",
    ("eng", "yor", "ibo"),
)
BENGALI = Culture(n.BENGALI_MALE, n.BENGALI_FEMALE, n.BENGALI_FAMILY, False, 0.1, "Beng", ("ben",))
ROHINGYA = Culture(n.BENGALI_MALE, n.BENGALI_FEMALE, n.BENGALI_FAMILY, False, 0.5, "Beng", ("rhg",))
SPANISH = Culture(n.SPANISH_MALE, n.SPANISH_FEMALE, n.SPANISH_FAMILY, False, 0.0, "Latn", ("spa",))
HAITIAN = Culture(
    n.HAITIAN_MALE, n.HAITIAN_FEMALE, n.HAITIAN_FAMILY, False, 0.0, "Latn", ("hat", "fra")
)

CULTURE_OF = {
    "SDN": ARABIC,
    "SYR": ARABIC,
    "LBY": ARABIC,
    "MAR": ARABIC,
    "DZA": ARABIC,
    "TUN": ARABIC,
    "EGY": ARABIC,
    "IRQ": ARABIC,
    "YEM": ARABIC,
    "PSE": ARABIC,
    "MRT": ARABIC,
    "SSD": ARABIC,
    "SOM": SOMALI,
    "ERI": HABESHA,
    "ETH": OROMO,
    "AFG": PASHTO,
    "PAK": PASHTO,
    "IRN": PASHTO,
    "SEN": WEST_AFRICAN,
    "GMB": WEST_AFRICAN,
    "GIN": WEST_AFRICAN,
    "MLI": WEST_AFRICAN,
    "CIV": WEST_AFRICAN,
    "BFA": WEST_AFRICAN,
    "CMR": WEST_AFRICAN,
    "NGA": NIGERIAN,
    "GHA": NIGERIAN,
    "BGD": BENGALI,
    "MMR": ROHINGYA,
    "VEN": SPANISH,
    "COL": SPANISH,
    "ECU": SPANISH,
    "CUB": SPANISH,
    "PER": SPANISH,
    "HTI": HAITIAN,
}

# Nationality declared differently at another site: the common confusions.
CONFUSED_WITH = {
    "ERI": "ETH",
    "ETH": "ERI",
    "SDN": "SSD",
    "SSD": "SDN",
    "SYR": "PSE",
    "PSE": "SYR",
    "AFG": "PAK",
    "PAK": "AFG",
    "MMR": "BGD",
    "BGD": "MMR",
    "VEN": "COL",
    "COL": "VEN",
    "GIN": "SEN",
    "SEN": "GMB",
    "GMB": "SEN",
    "MLI": "GIN",
    "SOM": "ETH",
    "CIV": "BFA",
}


@dataclass(frozen=True)
class Route:
    code: str
    nationalities: tuple[tuple[str, float], ...]
    destinations: tuple[str, ...]
    female: float
    """Share of women and girls among adults travelling alone or with friends."""
    families: float
    """Share of travel units that are families with children."""
    unaccompanied: float
    """Share of travel units that are children alone or with non-caregivers."""
    trafficking: float
    violence: float
    smuggler: float
    transport: tuple[str, ...]
    reasons: tuple[tuple[str, float], ...]
    cost_usd: tuple[int, int]


ROUTES = {
    "central_med": Route(
        "central_med",
        (
            ("ERI", 10),
            ("SDN", 12),
            ("GIN", 10),
            ("CIV", 9),
            ("MLI", 7),
            ("BGD", 10),
            ("EGY", 6),
            ("SYR", 5),
            ("NGA", 8),
            ("SEN", 6),
            ("GMB", 5),
            ("TUN", 5),
            ("PAK", 4),
            ("CMR", 3),
        ),
        ("ITA", "FRA", "DEU"),
        0.12,
        0.10,
        0.09,
        0.06,
        0.14,
        0.9,
        ("bus", "truck", "boat"),
        (
            ("economic", 4),
            ("conflict", 3),
            ("persecution", 2),
            ("targeted_violence", 1),
            ("lack_of_services", 1),
            ("family_reunification", 0.5),
        ),
        (800, 6000),
    ),
    "americas": Route(
        "americas",
        (
            ("VEN", 45),
            ("HTI", 12),
            ("ECU", 15),
            ("COL", 8),
            ("CUB", 6),
            ("PER", 4),
            ("AFG", 2),
            ("CMR", 2),
        ),
        ("USA", "MEX", "CAN"),
        0.42,
        0.40,
        0.04,
        0.03,
        0.10,
        0.6,
        ("bus", "foot", "boat"),
        (
            ("economic", 6),
            ("targeted_violence", 2),
            ("lack_of_services", 2),
            ("persecution", 1),
            ("family_reunification", 1),
        ),
        (300, 5000),
    ),
    "western_med": Route(
        "western_med",
        (("MAR", 30), ("DZA", 20), ("SEN", 15), ("MLI", 15), ("GIN", 10), ("MRT", 5), ("GMB", 5)),
        ("ESP", "FRA"),
        0.10,
        0.05,
        0.08,
        0.03,
        0.08,
        0.85,
        ("bus", "car", "boat"),
        (("economic", 6), ("conflict", 1), ("environmental_degradation", 1), ("education", 1)),
        (500, 3000),
    ),
    "eastern_med": Route(
        "eastern_med",
        (("SYR", 35), ("AFG", 30), ("IRQ", 15), ("PAK", 10), ("PSE", 5), ("IRN", 5)),
        ("DEU", "AUT", "SWE"),
        0.25,
        0.35,
        0.05,
        0.02,
        0.07,
        0.85,
        ("bus", "car", "foot", "boat"),
        (("conflict", 5), ("persecution", 2), ("economic", 2), ("family_reunification", 1)),
        (1500, 9000),
    ),
    "eastern": Route(
        "eastern",
        (("ETH", 90), ("SOM", 10)),
        ("SAU",),
        0.12,
        0.02,
        0.10,
        0.07,
        0.20,
        0.95,
        ("foot", "bus", "boat"),
        (("economic", 7), ("environmental_degradation", 2), ("conflict", 1)),
        (200, 1500),
    ),
    "southern": Route(
        "southern",
        (("ETH", 70), ("SOM", 30)),
        ("ZAF",),
        0.08,
        0.03,
        0.06,
        0.04,
        0.12,
        0.9,
        ("truck", "bus", "foot"),
        (("economic", 7), ("conflict", 1), ("natural_disaster", 1)),
        (1500, 5000),
    ),
    "afghan": Route(
        "afghan",
        (("AFG", 100),),
        ("TUR", "IRN"),
        0.15,
        0.20,
        0.07,
        0.03,
        0.12,
        0.9,
        ("car", "foot", "bus"),
        (("conflict", 3), ("persecution", 2), ("economic", 4), ("natural_disaster", 0.5)),
        (500, 4000),
    ),
    "rohingya": Route(
        "rohingya",
        (("MMR", 90), ("BGD", 10)),
        ("MYS", "IDN"),
        0.55,
        0.45,
        0.06,
        0.05,
        0.15,
        0.8,
        ("boat", "foot"),
        (("persecution", 6), ("targeted_violence", 2), ("lack_of_services", 2)),
        (300, 2500),
    ),
}


@dataclass(frozen=True)
class Site:
    code: str
    kind: str
    country: str
    routes: tuple[str, ...]


def read_sites() -> list[Site]:
    with SITES_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            Site(row["code"], row["kind"], row["country"], tuple(row["routes"].split(";")))
            for row in csv.DictReader(handle)
        ]
