"""The intake guide cannot drift from the code: every mapping target is documented."""

from __future__ import annotations

from pathlib import Path

from mixflow.intake.xlsform.mapping_targets import DESCRIPTIONS, MAPPING_TARGETS

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "intake.md"


def test_every_mapping_target_is_in_the_guide_with_its_description() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for target in MAPPING_TARGETS:
        assert f"| `{target}` | {DESCRIPTIONS[target]} |" in text, target
