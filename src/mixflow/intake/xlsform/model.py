"""A parsed XLSForm: questions, groups and repeats, choices, labels per language.

Built by ``parse.load_xlsform``; read by ``validate`` (the one evaluator), the web page and the
mapping to the domain. Labels are dicts language code → text (``"en"``, ``"fr"``…).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

METADATA_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "simserial",
        "subscriberid",
        "phonenumber",
        "email",
        "audit",
        "start-geopoint",
        "background-audio",
        "background-geopoint",
    }
)
"""Filled automatically (by the server when the web page submits, by the device otherwise):
the server fills start, end, today and username; the device's own (deviceid, simserial…) stay
empty when the web page submits."""

MEDIA_TYPES = frozenset({"image", "audio", "video", "file"})
"""Answered with a file: the answer is the file's name, the file an attachment of the
submission (sent by ODK Collect, or chosen on the web page)."""

WEB_METADATA_TYPES = frozenset({"start-geopoint", "background-audio"})
"""Metadata ODK Collect records by itself that the web page asks for (a location typed or
taken from the browser, a recording chosen as a file); optional there."""

DEVICE_ONLY_TYPES = frozenset({"range", "rank", "osm"})
"""Types ODK Collect shows and Mixflow's web page does not yet: kept, answered on the device."""


@dataclass(frozen=True)
class Problem:
    """One reason a form is refused, or (as a note) one thing Mixflow ignores or cannot do on
    the server, where the author must look."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.sheet or "",
                f"row {self.row}" if self.row else "",
                f"column “{self.column}”" if self.column else "",
            )
            if part
        )
        return f"{where}: {self.message}" if where else str(self.message)


WEB_TYPES = frozenset(
    {
        "text",
        "integer",
        "decimal",
        "date",
        "time",
        "datetime",
        "select_one",
        "select_multiple",
        "note",
        "geopoint",
        "geotrace",
        "geoshape",
        "calculate",
        "barcode",
        "acknowledge",
    }
    | MEDIA_TYPES
)
"""The types the web page renders with its own input."""


def text_in(texts: Mapping[str, str], lang: str, default_language: str, fallback: str) -> str:
    """``texts[lang]``, else the default language's, else the first non-empty one, else
    ``fallback``: a form partly translated still shows something sensible."""
    for key in (lang, lang.split("-")[0].lower(), default_language):
        if texts.get(key):
            return texts[key]
    for text in texts.values():
        if text:
            return text
    return fallback


@dataclass(frozen=True)
class Choice:
    name: str
    label: Mapping[str, str]
    extra: Mapping[str, str] = field(default_factory=dict)
    """Other columns of the choices sheet (what a ``choice_filter`` reads)."""
    default_language: str = "en"

    def label_in(self, lang: str) -> str:
        return text_in(self.label, lang, self.default_language, self.name)


@dataclass(frozen=True)
class Question:
    name: str
    type: str
    """text, integer, decimal, date, time, datetime, select_one, select_multiple, note,
    geopoint, calculate, barcode, acknowledge, a media type (``MEDIA_TYPES``), a metadata type
    (``METADATA_TYPES``), or another type pyxform accepts that only ODK Collect shows."""
    row: int
    """Its row in the survey sheet (1-based, the header is row 1)."""
    label: Mapping[str, str] = field(default_factory=dict)
    hint: Mapping[str, str] = field(default_factory=dict)
    required: str = ""
    """XPath: ``""`` never, ``"true()"`` always, or a condition."""
    required_message: Mapping[str, str] = field(default_factory=dict)
    relevant: str = ""
    constraint: str = ""
    constraint_message: Mapping[str, str] = field(default_factory=dict)
    calculation: str = ""
    default: str = ""
    default_is_expression: bool = False
    read_only: str = ""
    choice_list: str | None = None
    choices: tuple[Choice, ...] = ()
    """Every choice of ``choice_list``, before any ``choice_filter``."""
    choice_filter: str = ""
    appearance: str = ""
    maps_to: str | None = None
    default_language: str = "en"

    @property
    def choices_hint(self) -> tuple[Choice, ...]:
        """The choices a widget may show (all of them: the filter depends on the answers)."""
        return self.choices

    @property
    def is_metadata(self) -> bool:
        return self.type in METADATA_TYPES

    @property
    def device_only(self) -> bool:
        """Answered in ODK Collect only: the web page says so and leaves it unanswered."""
        return self.type not in WEB_TYPES | METADATA_TYPES

    @property
    def is_select(self) -> bool:
        return self.type in ("select_one", "select_multiple")

    def label_in(self, lang: str) -> str:
        return text_in(self.label, lang, self.default_language, self.name)

    def hint_in(self, lang: str) -> str:
        return text_in(self.hint, lang, self.default_language, "")

    def choice(self, name: str) -> Choice | None:
        return next((c for c in self.choices if c.name == name), None)


@dataclass(frozen=True)
class Section:
    """A ``begin_group`` (``repeat=False``) or ``begin_repeat`` (``repeat=True``)."""

    name: str
    row: int
    label: Mapping[str, str] = field(default_factory=dict)
    relevant: str = ""
    repeat: bool = False
    repeat_count: str = ""
    children: tuple[Question | Section, ...] = ()
    maps_to: str | None = None
    appearance: str = ""
    default_language: str = "en"

    def label_in(self, lang: str) -> str:
        return text_in(self.label, lang, self.default_language, self.name)

    def questions(self) -> Iterator[Question]:
        yield from _questions(self.children)


def _questions(children: tuple[Question | Section, ...]) -> Iterator[Question]:
    for child in children:
        if isinstance(child, Section):
            yield from _questions(child.children)
        else:
            yield child


@dataclass(frozen=True)
class Form:
    form_id: str
    title: Mapping[str, str]
    version: str
    default_language: str
    languages: tuple[str, ...]
    children: tuple[Question | Section, ...]
    choice_lists: Mapping[str, tuple[Choice, ...]]
    xform: str
    """The XForm XML produced by pyxform (what OpenRosa clients download)."""
    root_name: str = "data"
    """The instance's root element (the settings sheet's ``name``; ``data`` by default)."""
    notes: tuple[Problem, ...] = ()
    """What the form has that Mixflow keeps but ignores, or leaves to ODK Collect (unknown
    columns, sheets and settings, functions the server cannot evaluate): told to the author at
    upload, never a refusal."""
    tables: Mapping[str, tuple[Mapping[str, str], ...]] = field(default_factory=dict)
    """The rows of each CSV file attached to the form, by name without ``.csv``: what
    ``pulldata()`` reads."""

    def title_in(self, lang: str) -> str:
        return text_in(self.title, lang, self.default_language, self.form_id)

    def questions(self) -> Iterator[Question]:
        """Every question, in the order of the survey sheet, groups and repeats entered."""
        yield from _questions(self.children)

    def sections(self) -> Iterator[Section]:
        def walk(children: tuple[Question | Section, ...]) -> Iterator[Section]:
            for child in children:
                if isinstance(child, Section):
                    yield child
                    yield from walk(child.children)

        yield from walk(self.children)

    def question(self, name: str) -> Question:
        """The question named ``name`` (``KeyError`` if none)."""
        for question in self.questions():
            if question.name == name:
                return question
        raise KeyError(name)

    def element(self, name: str) -> Question | Section | None:
        """The question or section named ``name``, if any."""
        for question in self.questions():
            if question.name == name:
                return question
        return next((s for s in self.sections() if s.name == name), None)
