"""Which rule set is in force: the latest published version, else the one that ships."""

from __future__ import annotations

from mixflow.protection.models import ProfileRuleSet
from mixflow.protection.profiling.rules import RuleSet, parse, shipped


def rule_set_in_force() -> RuleSet:
    """The latest published rule set (checked again on reading), or the shipped one."""
    latest = ProfileRuleSet.objects.order_by("-version").first()
    if latest is None:
        return shipped()
    return parse(latest.rules, version=latest.version)


def next_version() -> int:
    latest = ProfileRuleSet.objects.order_by("-version").values_list("version", flat=True).first()
    return max(latest or 0, shipped().version) + 1
