"""The rule editor's form: one profiling rule, field by field, each problem the engine finds
shown beside the field it is about (``profiling.rules.rule_problems``), all of them at once.
What the rule flags is chosen from the profiles and needs by their names (its kind follows);
the condition and the examples stay JSON (they are trees and lists of answers), each in its own
box; the answers a rule reads are worked out from its condition, not typed."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mixflow.core import language
from mixflow.lib.messages import Message
from mixflow.protection.profile_codes import code_kind, grouped_code_choices
from mixflow.protection.profiling.conditions import reads
from mixflow.protection.profiling.rules import (
    LANGUAGES,
    Rule,
    example_failures,
    rule_from_data,
    rule_problems,
)

LANGUAGE_LABELS = {
    "en": _("Description in English"),
    "fr": _("Description in French"),
    "es": _("Description in Spanish"),
}
MISSING_DESCRIPTION = {
    "en": _("Write the description in English too; officers reading in English see this one."),
    "fr": _("Write the description in French too; officers reading in French see this one."),
    "es": _("Write the description in Spanish too; officers reading in Spanish see this one."),
}
# Where each of the engine's problems is shown.
FIELD_OF = {"kind": "code", "code": "code", "child": "child", "when": "when", "reads": "when"}
JSON_BOX = forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "code"})
DESCRIPTION_BOX = forms.Textarea(attrs={"rows": 3})
# The engine's problems with one example (``example`` is ``fire[0]``), as the form words them:
# by the example's number in its box, not by its place in the JSON.
EXAMPLE = re.compile(r"(fire|quiet)\[(\d+)\]")
EXAMPLE_WORDS = {
    "example %(example)s does not fire": _(
        "Example %(number)s does not raise the flag: its answers do not meet the condition."
    ),
    "example %(example)s fires": _(
        "Example %(number)s raises the flag, but it is among those that must not."
    ),
    "example %(example)s must be an object": _(
        "Example %(number)s must be written between { and }, as the others."
    ),
    "example %(example)s names unknown answers %(answers)s": _(
        "Example %(number)s names answers no question asks: %(answers)s. The questions a"
        " rule may read are listed under the condition."
    ),
}
LOCATED = "%(where)s: %(problem)s"
PLACE = re.compile(r"\.(all|any)\[(\d+)\]|\.(not)")


def in_reader_language(message: Message) -> str:
    """One of the engine's problems (Django-free, :mod:`mixflow.lib.messages`) in the language
    of the page, its numbers as the page writes them."""
    return language.said(message.template, message.params)


def condition_problem(message: Message) -> str:
    """A problem of the condition without its JSON path: ``when.all[1]: …`` is said as
    "In condition 2 under “all”: …", and a problem of the whole condition as itself."""
    where = message.params.get("where") if message.template == LOCATED else None
    if not isinstance(where, str) or not where.startswith("when"):
        return in_reader_language(message)
    inner = message.params["problem"]
    said_inner = in_reader_language(inner) if isinstance(inner, Message) else str(inner)
    places = []
    for group, index, negation in PLACE.findall(where[len("when") :]):
        if negation:
            places.append(gettext("the condition under “not”"))
        else:
            places.append(
                gettext("condition %(number)s under “%(group)s”")
                % {"number": int(index) + 1, "group": group}
            )
    if not places:
        return said_inner[:1].upper() + said_inner[1:]
    return gettext("In %(place)s: %(problem)s") % {
        "place": " › ".join(places),
        "problem": said_inner,
    }


def example_problem(message: Message) -> tuple[str, str]:
    """The box an example's problem belongs in (``examples_fire`` or ``examples_quiet``) and
    the problem in words, the example by its number in that box."""
    found = EXAMPLE.fullmatch(str(message.params.get("example", "")))
    words = EXAMPLE_WORDS.get(message.template)
    if found is None:
        return "examples_fire", in_reader_language(message)
    group, index = found.groups()
    box = f"examples_{group}"
    if words is None:
        return box, in_reader_language(message)
    # ``answers`` is the list as Python writes it (``['shoe_size']``): the names alone.
    answers = ", ".join(re.findall(r"'([^']*)'", str(message.params.get("answers", ""))))
    return box, str(words) % {"number": int(index) + 1, "answers": answers}


def _json(text: str, kind: type, error: Any) -> Any:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as problem:
        raise forms.ValidationError(
            error,
            params={
                "line": problem.lineno,
                "column": problem.colno,
            },
        ) from None
    if not isinstance(value, kind):
        raise forms.ValidationError(error, params={"line": 1, "column": 1})
    return value


class RuleForm(forms.Form):
    code = forms.ChoiceField(
        label=_("What the rule flags"),
        choices=grouped_code_choices,
        help_text=_("An indicative profile, or a specific need (with the refugee agency's code)."),
    )
    child = forms.BooleanField(
        label=_("Child indicator (shown first, benefit of the doubt)"), required=False
    )
    description_en = forms.CharField(
        label=LANGUAGE_LABELS["en"], widget=DESCRIPTION_BOX, required=False
    )
    description_fr = forms.CharField(
        label=LANGUAGE_LABELS["fr"], widget=DESCRIPTION_BOX, required=False
    )
    description_es = forms.CharField(
        label=LANGUAGE_LABELS["es"], widget=DESCRIPTION_BOX, required=False
    )
    when = forms.CharField(
        label=_("Condition (JSON)"),
        widget=JSON_BOX,
        help_text=_(
            'For example {"answer": "fear_of_return", "is": "yes"}; combine conditions with'
            ' "all", "any" and "not". The questions a rule may read, and their codes, are'
            " listed just below."
        ),
    )
    examples_fire = forms.CharField(
        label=_("Examples that must raise the flag (JSON list of answers)"),
        widget=JSON_BOX,
        help_text=_('For example [{"used_smuggler": "yes"}]: one {…} per person.'),
    )
    examples_quiet = forms.CharField(
        label=_("Examples that must not raise it (JSON list of answers)"),
        widget=JSON_BOX,
        help_text=_('For example [{"used_smuggler": "no"}]: one {…} per person.'),
    )
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)

    def __init__(self, *args: Any, rule_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule_id = rule_id
        self.rule: Rule | None = None

    @staticmethod
    def initial_for(rule: Rule) -> dict[str, Any]:
        return {
            "code": rule.code,
            "child": rule.child,
            **{f"description_{lang}": rule.description.get(lang, "") for lang in LANGUAGES},
            "when": json.dumps(rule.when, ensure_ascii=False, indent=1),
            "examples_fire": json.dumps(list(rule.examples_fire), ensure_ascii=False, indent=1),
            "examples_quiet": json.dumps(list(rule.examples_quiet), ensure_ascii=False, indent=1),
        }

    def clean_when(self) -> Any:
        return _json(
            self.cleaned_data["when"],
            dict,
            _(
                "Write the condition between { and }, as in the example below; the first"
                " mistake is on line %(line)s, at character %(column)s."
            ),
        )

    def clean_examples_fire(self) -> Any:
        return self._examples("examples_fire")

    def clean_examples_quiet(self) -> Any:
        return self._examples("examples_quiet")

    def _examples(self, name: str) -> Any:
        return _json(
            self.cleaned_data[name],
            list,
            _(
                "Write the examples between [ and ], each between { and }; the first mistake"
                " is on line %(line)s, at character %(column)s."
            ),
        )

    def rule_data(self) -> dict[str, Any]:
        """The rule as the engine reads it, from what was given; a field in error is left
        empty (its own error is shown, the engine's would only repeat it)."""
        data = self.cleaned_data
        when = data.get("when", {})
        try:
            read = reads(when)
        except (TypeError, ValueError, KeyError, AttributeError):
            read = []
        code = str(data.get("code", ""))
        return {
            "id": self.rule_id,
            "kind": code_kind(code),
            "code": code,
            "child": data.get("child", False),
            "description": {
                lang: str(data.get(f"description_{lang}", "")).strip() for lang in LANGUAGES
            },
            "reads": read,
            "when": when,
            "examples": {
                "fire": data.get("examples_fire", []),
                "quiet": data.get("examples_quiet", []),
            },
        }

    def clean(self) -> dict[str, Any]:
        """Every problem at once: a missing description does not hide a wrong condition."""
        cleaned = super().clean() or {}
        already = set(self.errors)
        raw = self.rule_data()
        found = rule_problems(raw)
        for field, problem in found:
            if field == "description":
                for lang in LANGUAGES:
                    if not raw["description"][lang]:
                        self.add_error(f"description_{lang}", str(MISSING_DESCRIPTION[lang]))
                continue
            if field == "examples":
                box, said_here = example_problem(problem)
                if not already & {"examples_fire", "examples_quiet"}:
                    self.add_error(box, said_here)
                continue
            where = FIELD_OF.get(field)
            if where in already:
                continue
            self.add_error(
                where,
                condition_problem(problem) if where == "when" else in_reader_language(problem),
            )
        if found or self.errors:
            return cleaned
        rule = rule_from_data(raw)
        for _group, problem in example_failures(rule):
            box, said_here = example_problem(problem)
            self.add_error(box, said_here)
        if not self.errors:
            self.rule = rule
        return cleaned
