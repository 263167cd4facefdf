"""Benchmark: µs per ``validate_answers`` call on the shipped questionnaires.

Bulk import validates every CSV row with ``validate_answers``; this measures one call on a
realistic row of the flow monitoring registry (the form a 1,000,000-row import uses) and of
registration_screening (relevance chains, a repeat of household members). Machines here are
shared and noisy, so each figure is printed beside baselines measured in the same run on the
same row: ``dict(row)`` and ``json.loads`` of the row as JSON; the ratios are the figures to
compare between runs.

Usage: python benchmarks/xlsform_validate.py [--calls 20000] [--repeat 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import functools
import json
import os
import pstats
import timeit
from collections.abc import Callable
from typing import Any

TODAY = datetime.date(2026, 11, 28)

REGISTRY_ROW: dict[str, Any] = {
    "site": "NER-AGZ-BUS",
    "observed_on": "2026-10-14",
    "observed_time": "08:35",
    "direction": "incoming",
    "group_size": "7",
    "men": "3",
    "women": "2",
    "boys": "1",
    "girls": "1",
    "nationality": "NGA",
    "area_of_origin": "Area 12",
    "intended_destination": "LBY",
    "transport": "bus",
    "reason": "economic",
    "unaccompanied_children": "0",
    "pregnant_women": "1",
    "older_persons": "0",
    "persons_with_disability": "0",
}

SCREENING_ROW: dict[str, Any] = {
    "site": "NER-AGZ-BUS",
    "consent_services": "yes",
    "consent_statistics": "yes",
    "consent_family_tracing": "no",
    "consent_share": "yes",
    "consent_share_with": "UNHCR IOM",
    "consent_withhold": "no",
    "consent_method": "verbal",
    "given_name": "Amina",
    "family_name": "Diallo",
    "sex": "female",
    "dob_precision": "exact",
    "date_of_birth": "1995-04-02",
    "nationality": "GIN",
    "languages": "ara tir",
    "has_document": "yes",
    "document_kind": "passport",
    "document_number": "X123",
    "document_country": "GIN",
    "with_others": "yes",
    "group_kind": "family",
    "members": [
        {
            "m_given_name": "Ibrahim",
            "m_sex": "male",
            "m_dob_precision": "estimated",
            "m_age_years": "9",
            "m_relationship": "child",
        },
        {
            "m_given_name": "Fatou",
            "m_sex": "female",
            "m_dob_precision": "exact",
            "m_date_of_birth": "2019-06-01",
            "m_relationship": "child",
        },
    ],
    "reasons_for_leaving": "economic",
    "used_smuggler": "yes",
    "smuggler_cost_usd": "300",
    "fear_of_return": "no",
    "under_18": "no",
    "any_violence": "no",
}


def per_call_us(fn: Callable[[], object], calls: int, repeat: int) -> float:
    """The best of ``repeat`` runs of ``calls`` calls, in µs per call (the least disturbed)."""
    return min(timeit.repeat(fn, number=calls, repeat=repeat)) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile the registry calls")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixflow.settings")
    import django

    django.setup()
    from mixflow.intake.questionnaires import path_of
    from mixflow.intake.xlsform.parse import load_xlsform
    from mixflow.intake.xlsform.validate import validate_answers

    forms = {
        "flow_monitoring_registry": (
            load_xlsform(path_of("flow_monitoring_registry")),
            REGISTRY_ROW,
        ),
        "registration_screening": (load_xlsform(path_of("registration_screening")), SCREENING_ROW),
    }
    for name, (form, row) in forms.items():
        checked = validate_answers(form, row, "en", today=TODAY)
        if checked.errors:
            raise SystemExit(f"{name}: the benchmark row should be valid: {checked.errors}")

    if args.profile:
        form, row = forms["flow_monitoring_registry"]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.calls):
            validate_answers(form, row, "en", today=TODAY)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return

    print(
        f"{'form':<26} {'validate µs':>12} {'dict(row) µs':>13} {'ratio':>8} "
        f"{'json.loads µs':>14} {'ratio':>7}"
    )
    for name, (form, row) in forms.items():
        text = json.dumps(row)
        calls = args.calls
        validate = per_call_us(
            functools.partial(validate_answers, form, row, "en", today=TODAY), calls, args.repeat
        )
        copy = per_call_us(functools.partial(dict, row), calls * 10, args.repeat)
        decode = per_call_us(functools.partial(json.loads, text), calls * 10, args.repeat)
        print(
            f"{name:<26} {validate:>12.1f} {copy:>13.3f} {validate / copy:>8.0f} "
            f"{decode:>14.2f} {validate / decode:>7.1f}"
        )


if __name__ == "__main__":
    main()
