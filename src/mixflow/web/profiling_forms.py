"""The rule editor's form: one profiling rule, field by field, each problem the engine finds
shown beside the field it is about (``profiling.rules.rule_problems``). The condition and the
examples stay JSON (they are trees and lists of answers), each in its own box; the answers a
rule reads are worked out from its condition, not typed."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mixflow.core import language
from mixflow.lib.messages import Message
from mixflow.protection.profiling.conditions import reads
from mixflow.protection.profiling.rules import (
    KINDS,
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
KIND_LABELS = {"profile": _("Indicative profile"), "need": _("Specific need")}
# Where each of the engine's problems is shown.
FIELD_OF = {"kind": "kind", "code": "code", "child": "child", "when": "when", "reads": "when"}
JSON_BOX = forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "code"})


def in_reader_language(message: Message) -> str:
    """One of the engine's problems (Django-free, :mod:`mixflow.lib.messages`) in the language
    of the page, its numbers as the page writes them."""
    return language.said(message.template, message.params)


def _json(text: str, kind: type, error: Any) -> Any:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as problem:
        raise forms.ValidationError(error, params={"error": str(problem)}) from None
    if not isinstance(value, kind):
        raise forms.ValidationError(error, params={"error": ""})
    return value


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k, KIND_LABELS[k]) for k in KINDS])
    code = forms.CharField(
        label=_("Profile or need code"),
        max_length=40,
        help_text=_("A profile (for example trafficking) or a specific-needs code (SC-UC, ER)."),
    )
    child = forms.BooleanField(
        label=_("Child indicator (shown first, benefit of the doubt)"), required=False
    )
    description_en = forms.CharField(
        label=LANGUAGE_LABELS["en"], widget=forms.Textarea(attrs={"rows": 2})
    )
    description_fr = forms.CharField(
        label=LANGUAGE_LABELS["fr"], widget=forms.Textarea(attrs={"rows": 2})
    )
    description_es = forms.CharField(
        label=LANGUAGE_LABELS["es"], widget=forms.Textarea(attrs={"rows": 2})
    )
    when = forms.CharField(
        label=_("Condition (JSON)"),
        widget=JSON_BOX,
        help_text=_(
            'For example {"answer": "fear_of_return", "is": "yes"}; combine conditions with'
            ' "all", "any" and "not".'
        ),
    )
    examples_fire = forms.CharField(
        label=_("Examples that must raise the flag (JSON list of answers)"), widget=JSON_BOX
    )
    examples_quiet = forms.CharField(
        label=_("Examples that must not raise it (JSON list of answers)"), widget=JSON_BOX
    )
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)

    def __init__(self, *args: Any, rule_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule_id = rule_id
        self.rule: Rule | None = None

    @staticmethod
    def initial_for(rule: Rule) -> dict[str, Any]:
        return {
            "kind": rule.kind,
            "code": rule.code,
            "child": rule.child,
            **{f"description_{lang}": rule.description.get(lang, "") for lang in LANGUAGES},
            "when": json.dumps(rule.when, ensure_ascii=False, indent=1),
            "examples_fire": json.dumps(list(rule.examples_fire), ensure_ascii=False, indent=1),
            "examples_quiet": json.dumps(list(rule.examples_quiet), ensure_ascii=False, indent=1),
        }

    def clean_when(self) -> Any:
        return _json(
            self.cleaned_data["when"], dict, _("Write the condition as a JSON object. %(error)s")
        )

    def clean_examples_fire(self) -> Any:
        return _json(
            self.cleaned_data["examples_fire"],
            list,
            _("Write the examples as a JSON list of objects. %(error)s"),
        )

    def clean_examples_quiet(self) -> Any:
        return _json(
            self.cleaned_data["examples_quiet"],
            list,
            _("Write the examples as a JSON list of objects. %(error)s"),
        )

    def rule_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        try:
            read = reads(data["when"])
        except (TypeError, ValueError, KeyError, AttributeError):
            read = []
        return {
            "id": self.rule_id,
            "kind": data["kind"],
            "code": data["code"].strip(),
            "child": data["child"],
            "description": {lang: data[f"description_{lang}"].strip() for lang in LANGUAGES},
            "reads": read,
            "when": data["when"],
            "examples": {"fire": data["examples_fire"], "quiet": data["examples_quiet"]},
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        raw = self.rule_data()
        found = rule_problems(raw)
        for field, problem in found:
            said_here = in_reader_language(problem)
            if field == "description":
                for lang in LANGUAGES:
                    if not raw["description"][lang]:
                        self.add_error(f"description_{lang}", said_here)
            elif field == "examples":
                quiet = str(problem.params.get("example", "")).startswith("quiet")
                self.add_error("examples_quiet" if quiet else "examples_fire", said_here)
            else:
                self.add_error(FIELD_OF.get(field), said_here)
        if found:
            return cleaned
        rule = rule_from_data(raw)
        for group, problem in example_failures(rule):
            self.add_error(f"examples_{group}", in_reader_language(problem))
        if not self.errors:
            self.rule = rule
        return cleaned
