"""``check --deploy`` warns when two-factor authentication is not required."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register

from mixflow.accounts.two_factor import enforced


@register(Tags.security, deploy=True)
def two_factor_required(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if enforced():
        return []
    return [
        Warning(
            "MIXFLOW_REQUIRE_TWO_FACTOR is off: accounts that see sensitive data sign in with a "
            "password alone.",
            hint="Unset MIXFLOW_REQUIRE_TWO_FACTOR (it is on by default) outside a test machine.",
            id="mixflow.W001",
        )
    ]
