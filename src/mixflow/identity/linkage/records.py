"""Records to link, and reading them from a CSV file.

Django-free. A :class:`LinkRecord` is what the matcher knows of one registration: names,
sex, date of birth (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as far as known), nationality
(ISO 3166 alpha-3) and, when present, place and travel group. Error messages are plain
English: the caller translates them.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Final, TextIO

from mixflow.lib.messages import Refusal, gettext_noop

__all__ = [
    "CSV_COLUMNS",
    "InputError",
    "LinkRecord",
    "read_records",
]

#: The columns ``mixflow link dedupe`` reads; only ``record_id`` and one name column are needed.
CSV_COLUMNS: Final = (
    "record_id",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "date_of_birth",
    "nationality",
)
NAME_COLUMNS: Final = ("given_name", "family_name", "father_name")
#: Optional columns read into the record's own fields when present.
OPTIONAL_COLUMNS: Final = (
    "other_nationality",
    "site",
    "group_id",
    "name_native",
    "registered_on",
)
_EMPTY: Final[Mapping[str, str]] = MappingProxyType({})

_SEX: Final[dict[str, str]] = {
    "": "",
    "m": "male",
    "male": "male",
    "man": "male",
    "f": "female",
    "female": "female",
    "woman": "female",
    "x": "other",
    "other": "other",
    "u": "",
    "unknown": "",
}
_DATE: Final = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO3: Final = re.compile(r"^[A-Z]{3}$")


class InputError(Refusal):
    """A problem with the input file, with the line it is on (1 = the header); a
    :class:`Refusal`, for the layer that shows it to translate."""

    def __init__(self, template: str, line: int | None = None, **params: object) -> None:
        super().__init__(template, **params)
        self.line = line
        if line is not None:
            self.args = (f"line {line}: {self.args[0]}",)


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One registration as the matcher sees it."""

    record_id: str
    given_name: str = ""
    family_name: str = ""
    father_name: str = ""
    sex: str = ""
    date_of_birth: str = ""
    nationality: str = ""
    other_nationalities: tuple[str, ...] = ()
    site: str = ""
    group_id: str = ""
    extra: Mapping[str, str] = field(default_factory=lambda: _EMPTY, hash=False)
    native_name: str = ""
    #: The date of the registration (``YYYY-MM-DD``), when known: where and when a person was
    #: last seen is evidence for the desk's lookup (see :mod:`~mixflow.identity.linkage.index`).
    registered_on: str = ""


def _known_countries() -> frozenset[str]:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a dependency of the project
        return frozenset()
    codes = {c.alpha_3 for c in pycountry.countries}
    # Codes used in humanitarian data though not (or no longer) in ISO 3166-1.
    codes.update({"XKX", "XXA", "XXB", "XXC", "XXX", "STL"})
    return frozenset(codes)


@lru_cache(maxsize=1 << 16)
def check_date(text: str) -> str:
    """``text`` if it is a valid ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date, else ValueError."""
    if not text:
        return ""
    from mixflow.lib.dates import parse_partial_date

    if not _DATE.match(text):
        raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.")
    parse_partial_date(text)  # raises with a plain-English message for 2023-02-30 and the like
    return text


def lenient_date(text: str) -> str:
    """What is valid of a date: ``1937-12-33`` → ``1937-12``, ``1955-80-01`` → ``1955``."""
    m = _DATE.match(text)
    if not m:
        return ""
    for candidate in (text, text[:7], text[:4]):
        try:
            return check_date(candidate)
        except ValueError:
            continue
    return ""


def read_records(
    path: Path,
    extra_columns: tuple[str, ...] = (),
    check_countries: bool = True,
    lenient_dates: bool = False,
) -> Iterator[LinkRecord]:
    """Read records from a UTF-8 CSV file, checking every row; its columns separated by
    commas, semicolons or tabs, as its header line shows.

    Raises :class:`InputError` naming the line for a missing ``record_id`` column, no name
    column, a duplicate or empty id, a bad date, an unknown sex or country code, or text that
    is not UTF-8 (with ``lenient_dates``, an impossible date keeps its valid part instead).
    ``extra_columns`` are kept in :attr:`LinkRecord.extra` when present.
    """
    countries = _known_countries() if check_countries else frozenset()
    try:
        # Read as a stream, not as one string: a 10-million-record file decoded whole, then
        # copied into a text buffer, took 5 GB before the first record was made.
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(
            gettext_noop("cannot open %(path)s: %(reason)s"), path=str(path), reason=exc.strerror
        ) from None
    with handle:
        try:
            yield from _read(handle, path, extra_columns, countries, lenient_dates)
        except UnicodeDecodeError:
            raise InputError(
                gettext_noop("the file is not UTF-8 text: save it as CSV UTF-8 and try again."),
                _undecodable_line(path),
            ) from None


def _undecodable_line(path: Path) -> int:
    """The line of the first byte of ``path`` that is not UTF-8 (the error path only)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1
    return 1


#: Separators a header line may use: a spreadsheet saved as CSV where the decimal mark is a
#: comma (French and Spanish settings, among others) separates its columns with semicolons.
DELIMITERS: Final = (",", ";", "\t")


def _delimiter(header_line: str) -> str:
    """The separator the header line uses most (a comma when it uses none)."""
    return max(DELIMITERS, key=header_line.count)


def _read(
    handle: TextIO,
    path: Path,
    extra_columns: tuple[str, ...],
    countries: frozenset[str],
    lenient_dates: bool,
) -> Iterator[LinkRecord]:
    """The records of an open CSV file (see :func:`read_records`)."""
    first = handle.readline()
    if not first:
        raise InputError(
            gettext_noop("%(path)s is empty: it needs a header line."), 1, path=str(path)
        )
    reader = csv.reader(itertools.chain((first,), handle), delimiter=_delimiter(first))
    header = next(reader)
    columns = [h.strip().lower() for h in header]
    if "record_id" not in columns:
        raise InputError(gettext_noop("there is no record_id column in the header."), 1)
    if not any(c in columns for c in NAME_COLUMNS):
        raise InputError(
            gettext_noop("there is no name column: give at least one of %(columns)s."),
            1,
            columns=", ".join(NAME_COLUMNS),
        )
    at = {c: columns.index(c) for c in (*CSV_COLUMNS, *OPTIONAL_COLUMNS) if c in columns}
    extras = {c: columns.index(c) for c in extra_columns if c in columns}
    seen: set[str] = set()
    width = len(columns)
    idx = [at.get(c, -1) for c in (*CSV_COLUMNS, *OPTIONAL_COLUMNS)]
    (
        i_id,
        i_given,
        i_family,
        i_father,
        i_sex,
        i_dob,
        i_nat,
        i_other,
        i_site,
        i_group,
        i_native,
        i_registered,
    ) = idx
    extra_items = list(extras.items())
    # One string object per distinct name, country and site: at national scale a name is
    # shared by thousands of records, and a copy per record was most of the records' memory.
    pool: dict[str, str] = {}
    shared = pool.setdefault
    for row in reader:
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        record_id = row[i_id].strip()
        if not record_id:
            raise InputError(gettext_noop("the record_id is empty."), line)
        if record_id in seen:
            raise InputError(
                gettext_noop("the record_id %(record_id)r appears twice."),
                line,
                record_id=record_id,
            )
        seen.add(record_id)
        dob = row[i_dob].strip() if i_dob >= 0 else ""
        if dob:
            try:
                dob = check_date(dob)
            except ValueError:
                if not lenient_dates:
                    raise InputError(
                        gettext_noop(
                            "date_of_birth: %(value)r is not a date: write YYYY, YYYY-MM or "
                            "YYYY-MM-DD."
                        ),
                        line,
                        value=dob,
                    ) from None
                dob = lenient_date(dob)
        sex_text = row[i_sex].strip().lower() if i_sex >= 0 else ""
        sex = _SEX.get(sex_text)
        if sex is None:
            raise InputError(
                gettext_noop("sex %(value)r is not one of male, female, other (or empty)."),
                line,
                value=row[i_sex].strip(),
            )
        nationality = row[i_nat].strip().upper() if i_nat >= 0 else ""
        others: tuple[str, ...] = ()
        if nationality and not (len(nationality) == 3 and nationality in countries):
            codes = _codes(nationality, "nationality", countries, line)
            nationality, others = codes[0], codes[1:]
        if i_other >= 0 and row[i_other].strip():
            more = _codes(row[i_other].strip().upper(), "other_nationality", countries, line)
            others = tuple(dict.fromkeys(c for c in (*others, *more) if c != nationality))
        given = row[i_given].strip() if i_given >= 0 else ""
        family = row[i_family].strip() if i_family >= 0 else ""
        father = row[i_father].strip() if i_father >= 0 else ""
        site = row[i_site].strip() if i_site >= 0 else ""
        yield LinkRecord(
            record_id,
            shared(given, given),
            shared(family, family),
            shared(father, father),
            sex,
            dob,
            shared(nationality, nationality),
            others,
            shared(site, site),
            row[i_group].strip() if i_group >= 0 else "",
            MappingProxyType({c: row[i].strip() for c, i in extra_items})
            if extra_items
            else _EMPTY,
            row[i_native].strip() if i_native >= 0 else "",
            _registered(row[i_registered]) if i_registered >= 0 else "",
        )


@lru_cache(maxsize=1 << 14)
def _registered(text: str) -> str:
    """A full registration date, or "" (it is context for the lookup, never a reason to refuse
    a file)."""
    text = text.strip()
    return text if len(text) == 10 and lenient_date(text) == text else ""


def _codes(text: str, column: str, countries: frozenset[str], line: int) -> tuple[str, ...]:
    out: list[str] = []
    for code in text.replace(";", " ").replace(",", " ").split():
        if not _ISO3.match(code) or (countries and code not in countries):
            raise InputError(
                gettext_noop("%(column)s %(code)r is not an ISO 3166 alpha-3 country code."),
                line,
                column=column,
                code=code,
            )
        if code not in out:
            out.append(code)
    return tuple(out)
