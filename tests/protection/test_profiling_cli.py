"""``mixflow profile screen|rules``, run as a user runs them: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from mixflow.protection.profiling.rules import shipped


def _mixflow(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mixflow", "profile", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_screen_prints_one_line_per_input_with_flags_and_explanations(tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    lines = [
        {
            "id": "boy",
            "dob_precision": "estimated",
            "age_years": 16,
            "with_others": "no",
            "used_smuggler": "yes",
            "trafficking_indicators": ["forced_work", "unpaid"],
        },
        {"id": "nothing", "reasons_for_leaving": "education"},
    ]
    answers.write_text(
        "\n".join(json.dumps(line) for line in lines) + "\n\n{not json\n", encoding="utf-8"
    )
    result = _mixflow("screen", str(answers), "--lang", "fr", "--on", "2026-06-01")
    assert result.returncode == 1  # one line was not JSON: said, and the others still screened
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 4]
    boy, nothing, broken = out
    assert boy["id"] == "boy"
    codes = [f["code"] for f in boy["flags"]]
    assert codes[0] == "unaccompanied_separated_child"  # child indicators first
    assert {"trafficking", "smuggled", "SC-UC", "CR", "FU"} <= set(codes)
    trafficking = next(f for f in boy["flags"] if f["code"] == "trafficking")
    assert trafficking["kind"] == "profile"
    assert trafficking["rule_id"] == "trafficking.indicators"
    assert trafficking["version"] == shipped().version
    assert trafficking["evidence"] == {"trafficking_indicators": ["forced_work", "unpaid"]}
    assert "traite" in trafficking["explanation"]
    assert nothing["flags"] == []
    assert "error" in broken


def test_rules_lists_every_rule_in_the_language_asked() -> None:
    result = _mixflow("rules", "--lang", "es")
    assert result.returncode == 0, result.stderr
    rules = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rules) == len(shipped().rules)
    smuggling = next(r for r in rules if r["id"] == "smuggling.paid")
    assert smuggling["code"] == "smuggled"
    assert "traficante" in smuggling["description"]


def test_a_rule_file_with_problems_is_refused_with_them(tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"rules": [{"id": "x", "kind": "profile"}]}), encoding="utf-8")
    result = _mixflow("rules", "--rules", str(rules))
    assert result.returncode == 2
    assert "unknown profile" in result.stderr


def test_rules_are_written_in_the_commands_language_unless_asked_otherwise() -> None:
    """``mixflow --language es profile rules`` explains in Spanish without ``--lang es``;
    ``--lang`` still chooses the output's language."""

    def descriptions(*args: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-m", "mixflow", "--language", "es", "profile", "rules", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return [json.loads(line)["description"] for line in result.stdout.splitlines()]

    assert descriptions() == descriptions("--lang", "es")
    assert descriptions() != descriptions("--lang", "en")
