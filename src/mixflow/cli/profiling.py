"""``mixflow profile screen|rules``: run the indicative profiling rules from the command line.

``screen ANSWERS.jsonl`` reads one JSON object per line, keyed by the shipped registration
questionnaire's field names (``under_18``, ``trafficking_indicators``…), and prints one JSON
line per input: its flags, each with its code, kind (profile or need), rule id and version, the
answers that raised it and the explanation in ``--lang``. ``rules`` lists the rules.

Both use the rules that ship with Mixflow, Django-free; ``--rules FILE`` reads a rule set
exported from the editor, ``--in-force`` the version published in the database.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from mixflow.cli.language import current, prefixed, said
from mixflow.cli.language import gettext as _
from mixflow.protection.profiling.answers import ANSWERS
from mixflow.protection.profiling.rules import LANGUAGES, RuleSet, RuleSetError, parse_text, shipped

EXIT_BAD_INPUT = 2
IGNORED_KEYS = frozenset({"id", "case", "name", "given_name", "family_name", "note"})
"""Keys a line may carry to name the case; they are not answers and are not reported unknown."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = sub.add_parser(
        "profile",
        help=_("Screen answers with the profiling rules, or list the rules."),
        description=_("Screen answers with the indicative profiling rules, or list the rules."),
    )
    actions = command.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    screen = actions.add_parser(
        "screen", help=_("flag each line of a JSON-lines file of screening answers")
    )
    screen.add_argument(
        "answers", help=_("JSON lines keyed by the registration form's field names")
    )
    screen.add_argument("--on", help=_("screening date (YYYY-MM-DD) when a line has no 'today'"))
    rules = actions.add_parser("rules", help=_("list the rules"))
    for action in (screen, rules):
        action.add_argument(
            "--lang",
            choices=LANGUAGES,
            default=current(),
            help=_(
                "language of the explanations written in the output (default: the command's "
                "language, here %(default)s)"
            ),
        )
        source = action.add_mutually_exclusive_group()
        source.add_argument("--rules", help=_("a rule set file (JSON) instead of the shipped one"))
        source.add_argument(
            "--in-force", action="store_true", help=_("the version published in the database")
        )
    screen.set_defaults(handler=cmd_screen)
    rules.set_defaults(handler=cmd_rules)


def _fail(message: str) -> int:
    print(prefixed("mixflow profile", message), file=sys.stderr)
    return EXIT_BAD_INPUT


def _refused(refused: RuleSetError) -> int:
    """Every problem of a rule set, one a line, in the command's language."""
    for problem in refused.problems:
        print(prefixed("mixflow profile", said(problem.template, problem.params)), file=sys.stderr)
    return EXIT_BAD_INPUT


def _rule_set(args: argparse.Namespace) -> RuleSet:
    if args.rules:
        return parse_text(Path(args.rules).read_text(encoding="utf-8"))
    if args.in_force:
        from mixflow.cli.main import _setup_django

        _setup_django()
        from mixflow.protection.queries import rule_set_in_force

        return rule_set_in_force()
    return shipped()


def screen_lines(
    rule_set: RuleSet, lines: TextIO, lang: str, on: datetime.date, out: TextIO
) -> int:
    """Write one JSON line per non-empty input line; returns how many lines were not objects."""
    bad = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        result: dict[str, Any] = {"line": number}
        try:
            answers = json.loads(line)
        except json.JSONDecodeError as error:
            answers, result["error"] = None, f"not JSON: {error.msg}"
        if answers is not None and not isinstance(answers, dict):
            answers, result["error"] = None, "a line must be a JSON object"
        if answers is None:
            bad += 1
            result["flags"] = []
        else:
            for key in ("id", "case"):
                if key in answers:
                    result[key] = answers[key]
            result["flags"] = [f.as_json(lang) for f in rule_set.screen(answers, on)]
            unknown = sorted(set(answers) - set(ANSWERS) - IGNORED_KEYS)
            if unknown:
                result["unknown_answers"] = unknown
        out.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
    return bad


def cmd_screen(args: argparse.Namespace) -> int:
    try:
        rule_set = _rule_set(args)
    except OSError as error:
        return _fail(str(error))
    except RuleSetError as refused:
        return _refused(refused)
    try:
        on = datetime.date.fromisoformat(args.on) if args.on else datetime.date.today()
    except ValueError:
        return _fail(_("--on %(value)r is not a date (YYYY-MM-DD)") % {"value": args.on})
    try:
        if args.answers == "-":
            bad = screen_lines(rule_set, sys.stdin, args.lang, on, sys.stdout)
        else:
            with open(args.answers, encoding="utf-8-sig") as lines:
                bad = screen_lines(rule_set, lines, args.lang, on, sys.stdout)
    except OSError as error:
        return _fail(str(error))
    return 1 if bad else 0


def cmd_rules(args: argparse.Namespace) -> int:
    try:
        rule_set = _rule_set(args)
    except OSError as error:
        return _fail(str(error))
    except RuleSetError as refused:
        return _refused(refused)
    for rule in rule_set.rules:
        line = {
            "id": rule.id,
            "kind": rule.kind,
            "code": rule.code,
            "child_indicator": rule.child,
            "version": rule_set.version,
            "reads": list(rule.reads),
            "description": rule.describe(args.lang),
        }
        print(json.dumps(line, ensure_ascii=False))
    return 0
