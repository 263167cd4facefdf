"""Which rule set is in force: the latest published version, else the one that ships."""

from __future__ import annotations

from functools import lru_cache

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


@lru_cache(maxsize=32)
def rule_set_of_version(version: int) -> RuleSet | None:
    """A version as it was published (published versions never change, hence the cache)."""
    if version == shipped().version:
        return shipped()
    row = ProfileRuleSet.objects.filter(version=version).first()
    return parse(row.rules, version=row.version) if row is not None else None


def explanation(version: int, rule_ids: list[str], lang: str) -> str:
    """The plain-language reasons, in ``lang``, of the rules of ``version`` that raised a flag."""
    rules = rule_set_of_version(version)
    if rules is None:
        return ""
    found = [rules.rule(rule_id) for rule_id in rule_ids]
    return " ".join(rule.describe(lang) for rule in found if rule is not None)
