"""Which file column answers which question: header normalisation, suggestions, saved presets.

Survey tools prefix a question with its groups (KoboToolbox ``group/sub/question``, ODK Central
``group-sub-question``) and spreadsheets use labels ("Given name", "Prénom"); the suggestion
tries, in order, the exact name, the name ignoring case, spaces and accents, the name without
its group prefix, then a label in any language. A question is suggested for one column only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mixflow.lib.messages import Message, gettext_noop

_SEPARATORS = re.compile(r"[\s_]+")


def _fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form: "Date de naissance " → "date_de_naissance"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub("_", bare.casefold()).strip("_")


def _suffixes(header: str) -> list[str]:
    """The header without its group prefixes, longest first: "a/b-c" → ["b-c", "c"]."""
    parts = re.split(r"([/-])", header)
    return ["".join(parts[i:]) for i in range(2, len(parts), 2)]


def normalise_header(header: str, question_names: Iterable[str] = ()) -> str:
    """The folded header; with ``question_names``, without the group prefixes when what
    remains is one of those names (``grp/given_name`` → ``given_name``; ``date-of-birth``
    stays whole when it is itself a question)."""
    folded = _fold(header)
    names = {_fold(name) for name in question_names}
    if not names or folded in names:
        return folded
    for suffix in _suffixes(folded):
        if suffix in names:
            return suffix
    return folded


def suggest_mapping(
    columns: Sequence[str],
    question_names: Sequence[str],
    labels: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str | None]:
    """column → question name, or None when nothing fits (or two questions fit equally)."""
    labels = labels or {}
    folded_names: dict[str, list[str]] = {}
    for name in question_names:
        folded_names.setdefault(_fold(name), []).append(name)
    folded_labels: dict[str, set[str]] = {}
    for name, texts in labels.items():
        if name in question_names:
            for text in texts:
                folded_labels.setdefault(_fold(_strip_markup(text)), set()).add(name)

    def unique(found: Iterable[str]) -> str | None:
        distinct = set(found)
        return distinct.pop() if len(distinct) == 1 else None

    def exact(column: str) -> str | None:
        return column if column in question_names else None

    def folded(column: str) -> str | None:
        return unique(folded_names.get(_fold(column), []))

    def prefixed(column: str) -> str | None:
        for suffix in _suffixes(column):
            if suffix in question_names:
                return suffix
            match = unique(folded_names.get(_fold(suffix), []))
            if match:
                return match
        return None

    def labelled(column: str) -> str | None:
        return unique(folded_labels.get(_fold(column), set()))

    mapping: dict[str, str | None] = dict.fromkeys(columns)
    taken: set[str] = set()
    # Each way of matching is applied to every column before the next, weaker one: "name"
    # claims its question before "group/name" can.
    for how in (exact, folded, prefixed, labelled):
        for column in columns:
            if mapping[column] is not None:
                continue
            question = how(column)
            if question is not None and question not in taken:
                mapping[column] = question
                taken.add(question)
    return mapping


def _strip_markup(label: str) -> str:
    # XLSForm labels may carry markdown emphasis or HTML spans.
    return re.sub(r"<[^>]+>|[*_#`]+", " ", label)


class PresetError(ValueError):
    """A mapping preset that does not fit the questionnaire; ``problems`` says why."""

    def __init__(self, problems: Sequence[Message]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class MappingPreset:
    """A saved mapping (file column → question name, or None to ignore the column)."""

    name: str
    mapping: Mapping[str, str | None] = field(default_factory=dict)

    def problems(self, question_names: Iterable[str]) -> list[Message]:
        known = set(question_names)
        found: list[Message] = []
        if not self.name.strip():
            found.append(Message(gettext_noop("A mapping preset needs a name.")))
        unknown = sorted({q for q in self.mapping.values() if q is not None and q not in known})
        if unknown:
            found.append(
                Message(
                    gettext_noop("This mapping names questions the form does not have: %(names)s."),
                    {"names": ", ".join(unknown)},
                )
            )
        targets = [q for q in self.mapping.values() if q is not None]
        twice = sorted({q for q in targets if targets.count(q) > 1})
        if twice:
            found.append(
                Message(
                    gettext_noop("Several columns are mapped to the same question: %(names)s."),
                    {"names": ", ".join(twice)},
                )
            )
        return found

    def validated(self, question_names: Iterable[str]) -> MappingPreset:
        """This preset, or ``PresetError`` when it names unknown or repeated questions."""
        problems = self.problems(question_names)
        if problems:
            raise PresetError(problems)
        return self

    def to_data(self) -> dict[str, Any]:
        return {"name": self.name, "mapping": dict(self.mapping)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any], question_names: Iterable[str]) -> MappingPreset:
        """Read JSON data back (as saved by ``to_data``), validated against the form."""
        mapping = data.get("mapping")
        if not isinstance(data.get("name"), str) or not isinstance(mapping, Mapping):
            raise PresetError([Message(gettext_noop("This is not a mapping preset."))])
        if not all(
            isinstance(c, str) and (q is None or isinstance(q, str)) for c, q in mapping.items()
        ):
            raise PresetError([Message(gettext_noop("This is not a mapping preset."))])
        return cls(name=data["name"], mapping=dict(mapping)).validated(question_names)
