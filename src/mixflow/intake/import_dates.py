"""The date of an imported row: read from a column, or typed once for the file, never assumed.

A questionnaire's date question usually defaults to ``today()``, which is right on a phone the
day of the observation and wrong for a file of last month's rows. So an import whose file has
no column for a required date question asks the uploader (choose the column, or type the date
that applies to every row) instead of letting the default fill it.

Files written by Mixflow itself (``flow_counts.csv`` of the synthetic generator, exports) carry
the date and time in one column (``observed_at``, ``2026-11-30T14:05``) where the questionnaire
asks them apart and joins them in a calculation (``concat(${observed_on}, 'T',
${observed_time}, ':00')``). A column mapped to such a calculation is split into its two parts.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mixflow.intake.xlsform.model import Form, Question

DATE_TYPES = ("date", "datetime")

_JOINED = re.compile(r"^\s*concat\(\s*\$\{(\w+)\}\s*,\s*'T'\s*,\s*\$\{(\w+)\}")


@dataclass(frozen=True)
class JoinedDateTime:
    """A calculation joining a date question and a time question into one date-time."""

    name: str
    date: str
    time: str


def joined_date_times(form: Form) -> dict[str, JoinedDateTime]:
    """The form's calculations of the ``concat(${date}, 'T', ${time} …)`` shape, by name."""
    questions = {q.name: q for q in form.questions()}
    found: dict[str, JoinedDateTime] = {}
    for question in questions.values():
        if question.type != "calculate":
            continue
        match = _JOINED.match(question.calculation)
        if match is None:
            continue
        date, time = match.groups()
        if date in questions and time in questions:
            found[question.name] = JoinedDateTime(question.name, date, time)
    return found


def _parts(value: str) -> tuple[str, str] | None:
    text = value.strip().replace(" ", "T", 1)
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.date().isoformat(), f"{moment:%H:%M}"


def spread(answers: dict[str, str], joined: Mapping[str, JoinedDateTime]) -> dict[str, str]:
    """``answers`` with each joined date-time answered split into its date and time questions
    (a part the row answers itself is kept). A value that is not a date-time is left for the
    questionnaire's checks to report."""
    for name, parts in joined.items():
        value = answers.get(name)
        if not value:
            continue
        split = _parts(value)
        if split is None:
            continue
        answers.setdefault(parts.date, split[0])
        answers.setdefault(parts.time, split[1])
    return answers


def dates_to_ask(
    form: Form, mapped: Iterable[str | None], fixed: Mapping[str, str]
) -> list[Question]:
    """Date questions filled by an expression (``today()``) when unanswered that no column
    answers and no typed date covers: the uploader must say where each one comes from before
    the import starts. (A date without a default, such as a date of birth, is the row's own:
    a row without one is quarantined with the reason, nothing is assumed.)"""
    answered = {name for name in mapped if name}
    for name, parts in joined_date_times(form).items():
        if name in answered:
            answered |= {parts.date, parts.time}
    return [
        question
        for question in form.questions()
        if question.type in DATE_TYPES
        and question.default_is_expression
        and question.name not in answered
        and not fixed.get(question.name)
    ]


def typed_date(value: str) -> str | None:
    """An ISO date typed by the uploader (``2026-11-30``), or None."""
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None
