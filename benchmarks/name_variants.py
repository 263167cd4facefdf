"""Real spellings of one name: do the name keys bring them together, and nothing else?

Data nobody here wrote: the Wikidata name dictionaries of Merhav and Ash (COLING 2018,
https://github.com/steveash/NETransliteration-COLING2018, data under CC0), each line a Latin
spelling of a name as a Wikipedia article writes it, the same name in another script, and a
count. One name in Arabic or Cyrillic script written several ways in Latin letters (محمد:
mohammed, muhammad, mehmet, mouhamed; Евгений: evgeny, yevgeniy, jewgeni) is the variation the
matcher meets between two desks.

Spellings grouped by their other-script form are one name; two spellings of different forms
are two names. For each way of keying a name (the matcher's phonetic key, its loose key,
and the classic phonetic codes of ``jellyfish`` as a baseline in the same run):

* recall: of the pairs of different spellings of one name, the share given one key;
* precision: of the pairs of different spellings given one key, the share that are one name;
* native: the share of Latin spellings whose key is among the keys of the other-script form
  itself (:func:`mixflow.lib.names.phonetic_keys` of "محمد"), for a record whose name was
  taken down in its own script at one desk and in Latin letters at the next.

The dictionaries are mined, not curated: a few groups hold another name aligned by mistake
(محمد: "morocco"), which every method misses alike, so the figures are for comparing methods,
not absolute. The slices ``_80`` and ``_20`` are the authors' own split: look at the first,
report the second.

Usage: python benchmarks/name_variants.py FILE [FILE ...] [--misses N] [--arabic-given-names]
(FILE: ``data/wd_arabic_20`` of a clone of the repository above, or any file of lines
``latin<TAB>other script<TAB>count``; spaces inside the other-script form are ignored; the
columns may come the other way round, as in Google's ``ar2en-test.txt``, Apache-2.0,
https://github.com/google/transliteration, where most names have one spelling and only the
native-script figure says much)
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import jellyfish

from mixflow.identity.linkage.features import name_keys
from mixflow.lib import names


def _mixflow(spelling: str) -> str:
    return " ".join(key for _, key in name_keys(spelling))


def _loose(spelling: str) -> str:
    return " ".join(names.loose_key(key) for _, key in name_keys(spelling))


def _classic(code: Callable[[str], str]) -> Callable[[str], str]:
    return lambda spelling: " ".join(
        code(w) for w in names.normalise(spelling).split() if w.isalpha()
    )


METHODS: dict[str, Callable[[str], str]] = {
    "same letters": lambda s: " ".join(names.normalise(s).split()),
    "mixflow key": _mixflow,
    "mixflow loose key": _loose,
    "soundex": _classic(jellyfish.soundex),
    "metaphone": _classic(jellyfish.metaphone),
    "nysiis": _classic(jellyfish.nysiis),
    "match rating": _classic(jellyfish.match_rating_codex),
}


def read_groups(path: Path) -> dict[str, set[str]]:
    """Other-script form → the distinct Latin spellings (normalised, one or more words)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        first, second = parts[0], parts[1]
        if not first.isascii() and second.isascii():
            # Google's Arabic-English list (github.com/google/transliteration) puts the
            # Arabic first.
            first, second = second, first
        latin = " ".join(names.normalise(first).split())
        native = second.replace(" ", "")
        if latin and native:
            groups[native].add(latin)
    return groups


def measure(
    groups: dict[str, set[str]], key: Callable[[str], str]
) -> tuple[float, float, int, int, list[tuple[str, str, str]]]:
    """Recall and precision of ``key`` over ``groups``, the true pairs, and the misses."""
    items = [(native, s) for native, spellings in groups.items() for s in spellings]
    codes = {s: key(s) for _, s in items}
    true = hit = 0
    misses: list[tuple[str, str, str]] = []
    for native, spellings in groups.items():
        for a, b in combinations(sorted(spellings), 2):
            true += 1
            if codes[a] and codes[a] == codes[b]:
                hit += 1
            else:
                misses.append((native, a, b))
    # Pairs given one key: every pair of items with that key, less those of one spelling.
    by_code: Counter[str] = Counter()
    by_code_spelling: Counter[tuple[str, str]] = Counter()
    for _, s in items:
        if codes[s]:
            by_code[codes[s]] += 1
            by_code_spelling[codes[s], s] += 1
    keyed = sum(n * (n - 1) // 2 for n in by_code.values()) - sum(
        n * (n - 1) // 2 for n in by_code_spelling.values()
    )
    recall = hit / true if true else 0.0
    precision = hit / keyed if keyed else 0.0
    return recall, precision, true, keyed, misses


def native_share(groups: dict[str, set[str]]) -> float:
    """Share of Latin spellings keyed like their other-script form."""
    met = total = 0
    for native, spellings in groups.items():
        keys = set(names.phonetic_keys(native))
        for s in spellings:
            total += 1
            mine = [k for _, k in name_keys(s)]
            met += bool(mine) and all(k in keys for k in mine)
    return met / total if total else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--arabic-given-names",
        action="store_true",
        help="only names whose Arabic-script form is among the given names the transliterator "
        "knows (names._AR_NAMES): the names of the Middle East and North Africa, chosen by the "
        "name, not by its spellings",
    )
    args = parser.parse_args()
    for path in args.files:
        groups = read_groups(path)
        if args.arabic_given_names:
            # The transliterator's list of given names, read as data.
            known = names._AR_NAMES
            groups = {k: v for k, v in groups.items() if names._ar_lookup_form(k) in known}
        several = {k: v for k, v in groups.items() if len(v) > 1}
        print(
            f"\n{path.name}: {len(groups):,} names, {len(several):,} written more than one way, "
            f"{sum(len(v) for v in groups.values()):,} spellings"
        )
        print(f"{'method':<20} {'recall':>7} {'precision':>10} {'F1':>6} {'pairs keyed':>12}")
        for name, key in METHODS.items():
            recall, precision, _, keyed, misses = measure(groups, key)
            f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
            print(f"{name:<20} {recall:>7.3f} {precision:>10.3f} {f1:>6.3f} {keyed:>12,}")
            if name == "mixflow key" and args.misses:
                rng = random.Random(args.seed)
                for native, a, b in rng.sample(misses, min(args.misses, len(misses))):
                    print(f"    miss: {native}  {a} [{_mixflow(a)}]  {b} [{_mixflow(b)}]")
        print(f"native script keyed like its Latin spellings: {native_share(groups):.3f}")


if __name__ == "__main__":
    main()
