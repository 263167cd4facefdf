"""Two-factor authentication for the demo accounts that need it.

Two-factor authentication stays required in the demo, as in production: the demo shows it
working rather than switching it off. Each demo account whose roles see sensitive data gets an
authenticator key (kept across runs, so a phone set up once keeps working) and recovery codes,
topped up to five at each run; ``mixflow demo`` prints both. Add the key to any authenticator
app, or use a recovery code once per sign-in.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mixflow.accounts.models import User
from mixflow.accounts.two_factor import AUTHENTICATOR, RECOVERY, required_for

DEMO_RECOVERY_CODES = 5


@dataclass(frozen=True)
class DemoSecondFactor:
    username: str
    key: str
    """Base32, as authenticator apps take it typed in."""
    recovery_codes: list[str]


def ensure_demo_second_factors(users: Iterable[User]) -> list[DemoSecondFactor]:
    factors = []
    for user in users:
        if not required_for(user):
            continue
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=True)
        recovery, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY, defaults={"confirmed": True}
        )
        missing = DEMO_RECOVERY_CODES - recovery.token_set.count()
        StaticToken.objects.bulk_create(
            [StaticToken(device=recovery, token=StaticToken.random_token()) for _ in range(missing)]
        )
        key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
        codes = list(recovery.token_set.order_by("pk").values_list("token", flat=True))
        factors.append(DemoSecondFactor(user.username, key, codes))
    return factors
