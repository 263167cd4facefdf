"""Linkage settings as versioned data: a JSON file, loaded, validated and saved.

The shipped default is ``settings/v2.json`` in this package (``v1.json`` before it). A
settings file holds the comparison fields with their levels and Fellegi–Sunter probabilities
(``m``: how often true matches fall in each level; ``u``: how often non-matches do), the
prior, the thresholds, the blocking rules and the nationality confusions. Scores are log2 odds
that two records are one person: ``link`` at or above ``upper``, ``review`` in
``[lower, upper)``, ``apart`` below.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, Final

from mixflow.lib.messages import Refusal, gettext_noop

__all__ = [
    "FIELD_LEVELS",
    "FieldParams",
    "LinkSettings",
    "SettingsError",
    "load_settings",
    "save_settings",
]

SCHEMA: Final = 1
#: The shipped settings loaded when none are named (``settings/<DEFAULT>.json``).
DEFAULT: Final = "v2"
#: The levels of each built-in comparison; level 0 is always "missing" (weight 0).
FIELD_LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "name": (
        "missing",
        "no token shared",
        "one token shared",
        "one-name person, name shared",
        "two or more tokens shared, not the given name",
        "given name and another token shared",
        "one name set within the other",
        "same names",
        # Added after the others (settings files listing eight name levels weigh it as "one
        # token shared": see ``LEGACY_LEVELS``): one name in common while each record has
        # two or more others. Measured on three generators, one person's pairs show it a
        # tenth as often as "one token shared" as a whole; two people's, about as often.
        "one name shared, two or more others on each side",
        # Added after those nine (see ``LEGACY_LEVELS``): "one token shared" and "one-name
        # person, name shared" split by how common the one shared name is. Settings whose
        # ``one_name_rarity`` is on read that name's rarity here, in the name level, and not
        # in "name_rarity": measured there (on every pair, most sharing several names) it
        # took about 1.6 bits from every pair sharing one name, one person or two alike.
        "one token shared, not a common name",
        "one-name person, name shared, not a common name",
    ),
    "name_spelling": ("missing", "a shared name only loosely alike", "shared names alike"),
    "name_rarity": (
        "missing",
        "shared names very common (under 8 bits)",
        "shared names common (8-12 bits)",
        "shared names fairly common (12-16 bits)",
        "shared names uncommon (16-20 bits)",
        "shared names rare (20-24 bits)",
        "shared names very rare (24 bits or more)",
    ),
    "name_set": (
        "missing",
        "same names, shared by 9 records or more",
        "same names, shared by 5 to 8 records",
        "same names, shared by 3 or 4 records",
        "same names, found only in these two records",
        # Added after the first four (settings files listing five name-set levels weigh
        # these three as the first: see ``LEGACY_LEVELS``).
        "same names, shared by 17 to 32 records",
        "same names, shared by 33 to 64 records",
        "same names, shared by 65 records or more",
    ),
    # Where the names were written: level 1 when both records give a given and a father's
    # name, the given names differ, and one's given name is the other's father's name
    # (Tekle Berhane Mesfin / Mesfin Berhane Tekle; a man and his father). Names are
    # otherwise compared as sets, because the known recording errors (given and family
    # swapped, a father's name taken for the family name) move names between those fields.
    "name_places": ("missing", "one's given name is the other's father's name"),
    "date_of_birth": (
        "missing",
        "years more than 4 apart",
        "years 2 to 4 apart",
        "years 1 apart",
        "same year, month or day differ",
        "same year (year-only or placeholder date)",
        "same year and month",
        "day and month swapped",
        "same exact date",
    ),
    "sex": ("missing", "different", "same"),
    "nationality": ("missing", "different", "commonly confused or shared", "same"),
    "group": ("missing", "different groups", "same travel group"),
    "site": ("missing", "different sites", "same site"),
}
#: Levels added to a comparison after settings were stored with fewer: for each field, the
#: number of levels the first such settings list, and the level each later one was split
#: from, in order. Settings listing fewer levels than the field has get the missing ones; a
#: level shares its m and u evenly with the levels split from it, so that each weighs as it
#: did. The name-set levels were split from "shared by 9 records or more" (crowded name
#: sets); the name levels from "one token shared" (one name of many; one name not common)
#: and "one-name person, name shared".
LEGACY_LEVELS: Final[dict[str, tuple[int, tuple[int, ...]]]] = {
    "name_set": (5, (1, 1, 1)),
    "name": (8, (2, 2, 3)),
}
#: Below this many bits (after the registry's size, see ``Comparer``) one shared name is "a
#: common name" for the name levels split by it (measured on the project generator's set,
#: BENCHMARKS.md "One name in common, read by its rarity").
ONE_NAME_COMMON_BITS: Final = 6.0
EXTRA_LEVELS: Final = ("missing", "different", "same")
#: Levels of an extra column listed in ``fuzzy_columns``: typing slips count as "similar".
FUZZY_LEVELS: Final = ("missing", "different", "similar", "same")
#: Fields a batch may estimate m and u for (``estimate_fields``): each compares two records'
#: values alone, with no count over the population, so a pair's level is known in any
#: engine before anything is scored.
ESTIMABLE_FIELDS: Final = frozenset({"sex", "nationality", "site"})
#: Combinations of the estimated fields' levels a batch counts its scores by, at most.
MAX_ESTIMATED_COMBINATIONS: Final = 255
BLOCK_COMPONENTS: Final = frozenset(
    {"name_pair", "name_key", "given", "year", "nationality", "sex", "one_name", "site"}
)


class SettingsError(Refusal):
    """A settings file that cannot be used, with what is wrong (a :class:`Refusal`, for the
    layer that shows it to translate)."""


@dataclass(frozen=True)
class FieldParams:
    """One comparison: its levels and, per level, m and u probabilities."""

    name: str
    levels: tuple[str, ...]
    m: tuple[float, ...]
    u: tuple[float, ...]

    def weights(self) -> tuple[float, ...]:
        """log2(m/u) per level; 0 for the missing level."""
        return (
            0.0,
            *tuple(
                math.log2(max(m, 1e-09) / max(u, 1e-09))
                for m, u in zip(self.m[1:], self.u[1:], strict=True)
            ),
        )


#: Records of the labelled sample the shipped settings were measured on
#: (``benchmarks/linkage_train.py`` on ``linkage_data.py synthetic --seed 77``: 20,000 records),
#: for settings that do not say.
MEASURED_ON = 20_000


@dataclass(frozen=True)
class LinkSettings:
    """Everything the matcher needs, as data."""

    version: str
    name: str
    prior: float  # log2 odds that a blocked pair is a match, before any evidence
    upper: float
    lower: float
    fields: tuple[FieldParams, ...]
    blocking: tuple[str, ...]
    confusions: tuple[tuple[str, str], ...]
    max_block_size: int = 400
    max_cluster_size: int = 30
    extra_columns: tuple[str, ...] = ()
    description: str = ""
    fuzzy_columns: tuple[str, ...] = ()
    #: Clustering refuses to join records whose known birth years lie further apart than this
    #: (``None``: no such rule; FEBRL-like data has typing slips in years).
    guard_year_spread: int | None = None
    #: Clustering refuses to put a man and a woman in one cluster.
    guard_sex: bool = False
    #: In batch, where every cluster is checked as a whole (average linkage), a pair may join
    #: from this score; ``None``: from ``upper``, as for a single pair online.
    batch_link: float | None = None
    #: In a cluster's average (average linkage), the least a pair counts: a pair scored under
    #: it, or never compared, counts this. ``None``: ``lower``, the bottom of the review band.
    cluster_floor: float | None = None
    #: Records compared with their nearest neighbours (by sex and birth date) inside a block
    #: over ``max_block_size``; 0: such blocks are skipped.
    neighbours: int = 0
    #: Records of the registry the prior was measured on: the odds of a pair fall as the
    #: registry grows past it, and automatic links at registration allow for that
    #: (:mod:`~mixflow.identity.linkage.autolink`).
    measured_on: int = MEASURED_ON
    #: In batch, ``prior`` is where the estimate starts and its ceiling: the share of
    #: candidate pairs that are one person is estimated from the batch itself, the weights
    #: held, and may only lower the prior (:mod:`~mixflow.identity.linkage.share`).
    estimate_prior: bool = False
    #: When one name is all two records share, how common it is chooses the name level
    #: ("one token shared" or "... not a common name"), and the name-rarity field says
    #: nothing of it. Off for settings stored before those levels: they weigh the name's
    #: rarity in the name-rarity field, as they were measured.
    one_name_rarity: bool = False
    #: In batch, fields whose m and u the batch estimates from its own pairs (with the
    #: prior, the other weights held; see :mod:`~mixflow.identity.linkage.share`): what they
    #: say depends on how people move and declare themselves where the data was taken, not
    #: on who they are. Only fields compared without population statistics
    #: (:data:`ESTIMABLE_FIELDS`, extra columns).
    estimate_fields: tuple[str, ...] = ()

    def size_bits(self, records: int) -> float:
        """How much lower, in bits, the odds of a pair are among ``records`` records than in
        the registry the prior was measured on (:attr:`measured_on`).

        Never negative: a smaller registry would make the odds higher, but nothing was
        measured there, and a small batch's counts of each name are too few to be bolder on.
        """
        return max(0.0, math.log2(max(records, 1) / self.measured_on))

    @property
    def cluster_link(self) -> float:
        """The score from which a pair may join a cluster in batch."""
        return self.upper if self.batch_link is None else self.batch_link

    @property
    def evidence_floor(self) -> float:
        """The least a pair counts in a cluster's average (:attr:`cluster_floor`)."""
        return self.lower if self.cluster_floor is None else self.cluster_floor

    def field(self, name: str) -> FieldParams:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def with_fields(self, fields: tuple[FieldParams, ...], **changes: Any) -> LinkSettings:
        return replace(self, fields=fields, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "version": self.version,
            "name": self.name,
            "description": self.description,
            "prior": round(self.prior, 6),
            "thresholds": {"upper": self.upper, "lower": self.lower}
            | ({} if self.batch_link is None else {"batch": self.batch_link})
            | ({} if self.cluster_floor is None else {"cluster_floor": self.cluster_floor}),
            "max_block_size": self.max_block_size,
            "neighbours": self.neighbours,
            "measured_on": self.measured_on,
            "estimate_prior": self.estimate_prior,
            "one_name_rarity": self.one_name_rarity,
            "estimate_fields": list(self.estimate_fields),
            "max_cluster_size": self.max_cluster_size,
            "blocking": list(self.blocking),
            "extra_columns": list(self.extra_columns),
            "fuzzy_columns": list(self.fuzzy_columns),
            "cluster_guard": {"max_year_spread": self.guard_year_spread, "sex": self.guard_sex},
            "nationality_confusions": [list(p) for p in self.confusions],
            "fields": [
                {
                    "name": f.name,
                    "levels": list(f.levels),
                    "m": [round(x, 8) for x in f.m],
                    "u": [round(x, 8) for x in f.u],
                }
                for f in self.fields
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkSettings:
        return _validated(data)


def _split_levels(values: tuple[float, ...], sources: tuple[int, ...]) -> tuple[float, ...]:
    """``values`` of stored settings with a level appended for each of ``sources``, the
    level it is split from; a level shares its value evenly with those split from it (see
    ``LEGACY_LEVELS``)."""
    parts = [values[s] / (1 + sources.count(s)) for s in range(len(values))]
    return (*parts, *(parts[s] for s in sources))


def _need(cond: bool, template: str, **params: object) -> None:
    if not cond:
        raise SettingsError(template, **params)


def _validated(data: Any) -> LinkSettings:
    _need(isinstance(data, dict), gettext_noop("settings must be a JSON object"))
    _need(
        data.get("schema") == SCHEMA,
        gettext_noop("settings schema must be %(schema)s"),
        schema=str(SCHEMA),
    )
    for key in ("version", "prior", "thresholds", "fields", "blocking"):
        _need(key in data, gettext_noop("settings lack %(key)r"), key=key)
    upper = float(data["thresholds"]["upper"])
    lower = float(data["thresholds"]["lower"])
    _need(lower <= upper, gettext_noop("thresholds: lower must not exceed upper"))
    batch = data["thresholds"].get("batch")
    _need(
        batch is None or (isinstance(batch, (int, float)) and lower <= batch <= upper),
        gettext_noop("thresholds: batch must lie between lower and upper"),
    )
    floor = data["thresholds"].get("cluster_floor")
    _need(
        floor is None
        or (
            isinstance(floor, (int, float))
            and lower <= floor <= (upper if batch is None else batch)
        ),
        gettext_noop("thresholds: cluster_floor must lie between lower and the batch threshold"),
    )
    extra = tuple(str(c) for c in data.get("extra_columns", []))
    fuzzy = tuple(str(c) for c in data.get("fuzzy_columns", []))
    for c in fuzzy:
        _need(
            c in extra,
            gettext_noop("fuzzy column %(column)r needs to be in extra_columns"),
            column=c,
        )
    fields: list[FieldParams] = []
    for f in data["fields"]:
        name = str(f["name"])
        if name.startswith("extra:"):
            _need(
                name[6:] in extra,
                gettext_noop("field %(field)r needs %(column)r in extra_columns"),
                field=name,
                column=name[6:],
            )
            levels: tuple[str, ...] = FUZZY_LEVELS if name[6:] in fuzzy else EXTRA_LEVELS
        else:
            _need(
                name in FIELD_LEVELS, gettext_noop("unknown comparison field %(field)r"), field=name
            )
            levels = FIELD_LEVELS[name]
        m = tuple(float(x) for x in f["m"])
        u = tuple(float(x) for x in f["u"])
        legacy = LEGACY_LEVELS.get(name)
        if legacy is not None and len(m) == len(u) and legacy[0] <= len(m) < len(levels):
            sources = legacy[1][len(m) - legacy[0] :]
            m, u = _split_levels(m, sources), _split_levels(u, sources)
        _need(
            len(m) == len(u) == len(levels),
            gettext_noop("field %(field)r needs %(count)s m and u values, one per level"),
            field=name,
            count=len(levels),
        )
        _need(
            all(0 <= x <= 1 for x in m + u),
            gettext_noop("field %(field)r: probabilities are in [0, 1]"),
            field=name,
        )
        fields.append(FieldParams(name, levels, m, u))
    _need(
        any(f.name == "name" for f in fields), gettext_noop("settings need the 'name' comparison")
    )
    blocking = tuple(str(b) for b in data["blocking"])
    for rule in blocking:
        for part in rule.split("+"):
            _need(
                part in BLOCK_COMPONENTS or (part.startswith("extra:") and part[6:] in extra),
                gettext_noop("unknown blocking component %(part)r in %(rule)r"),
                part=part,
                rule=rule,
            )
        # Never block on a bare date of birth: every rule carries a name or identifier.
        _need(
            any(
                p in ("name_pair", "name_key", "given") or p.startswith("extra:")
                for p in rule.split("+")
            ),
            gettext_noop("blocking rule %(rule)r needs a name or identifier component"),
            rule=rule,
        )
    confusions = tuple(
        (str(a).upper(), str(b).upper()) for a, b in data.get("nationality_confusions", [])
    )
    guard = data.get("cluster_guard", {})
    _need(isinstance(guard, dict), gettext_noop("cluster_guard must be a JSON object"))
    spread = guard.get("max_year_spread")
    _need(
        spread is None or (isinstance(spread, int) and spread >= 0),
        gettext_noop("cluster_guard.max_year_spread must be a whole number of years or null"),
    )
    measured_on = data.get("measured_on", MEASURED_ON)
    _need(
        isinstance(measured_on, int) and not isinstance(measured_on, bool) and measured_on > 0,
        gettext_noop("measured_on must be a whole number of records above 0"),
    )
    estimate = data.get("estimate_prior", False)
    _need(isinstance(estimate, bool), gettext_noop("estimate_prior must be true or false"))
    one_name_rarity = data.get("one_name_rarity", False)
    _need(isinstance(one_name_rarity, bool), gettext_noop("one_name_rarity must be true or false"))
    estimate_fields = data.get("estimate_fields", [])
    _need(
        isinstance(estimate_fields, list) and all(isinstance(x, str) for x in estimate_fields),
        gettext_noop("estimate_fields must be a list of field names"),
    )
    by_name = {f.name: f for f in fields}
    combinations = 1
    for name in estimate_fields:
        _need(
            name in by_name and (name in ESTIMABLE_FIELDS or name.startswith("extra:")),
            gettext_noop(
                "estimate_fields: %(field)r is not a comparison of these settings that a batch "
                "can estimate (%(fields)s, extra columns)"
            ),
            field=name,
            fields=", ".join(sorted(ESTIMABLE_FIELDS)),
        )
        combinations *= len(by_name[name].levels)
    _need(
        len(set(estimate_fields)) == len(estimate_fields),
        gettext_noop("estimate_fields repeats a field"),
    )
    _need(
        combinations <= MAX_ESTIMATED_COMBINATIONS,
        gettext_noop("estimate_fields: at most %(most)s combinations of levels"),
        most=MAX_ESTIMATED_COMBINATIONS,
    )
    return LinkSettings(
        version=str(data["version"]),
        name=str(data.get("name", "")),
        description=str(data.get("description", "")),
        prior=float(data["prior"]),
        upper=upper,
        lower=lower,
        fields=tuple(fields),
        blocking=blocking,
        confusions=confusions,
        max_block_size=int(data.get("max_block_size", 400)),
        neighbours=int(data.get("neighbours", 0)),
        measured_on=measured_on,
        estimate_prior=estimate,
        one_name_rarity=one_name_rarity,
        estimate_fields=tuple(estimate_fields),
        max_cluster_size=int(data.get("max_cluster_size", 30)),
        extra_columns=extra,
        fuzzy_columns=fuzzy,
        guard_year_spread=spread,
        guard_sex=bool(guard.get("sex", False)),
        batch_link=None if batch is None else float(batch),
        cluster_floor=None if floor is None else float(floor),
    )


def load_settings(path: Path | str | None = None) -> LinkSettings:
    """Settings from ``path``, or the shipped default (:data:`DEFAULT`) when ``None``.

    A bare name such as ``"febrl"`` loads the shipped ``settings/febrl.json``.
    """
    try:
        if path is None or (
            isinstance(path, str) and "/" not in path and not path.endswith(".json")
        ):
            stem = DEFAULT if path is None else path
            text = (
                resources.files(__package__)
                .joinpath(f"settings/{stem}.json")
                .read_text(encoding="utf-8")
            )
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
    except FileNotFoundError as exc:
        raise SettingsError(
            gettext_noop("no settings file %(path)s"), path=str(exc.filename or path)
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SettingsError(
            gettext_noop("cannot read settings %(path)s: %(reason)s"),
            path=str(path),
            reason=str(exc),
        ) from None
    try:
        return _validated(data)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, SettingsError):
            raise
        raise SettingsError(
            gettext_noop("settings %(path)s: %(problem)s"),
            path=str(path or DEFAULT),
            problem=repr(exc),
        ) from None


def save_settings(settings: LinkSettings, path: Path) -> None:
    path.write_text(settings.to_json(), encoding="utf-8")
