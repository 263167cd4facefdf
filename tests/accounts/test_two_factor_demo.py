"""The demo keeps two-factor authentication on and says how to pass it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.test_cli import _mixflow

SIGN_IN_WITH_A_RECOVERY_CODE = """
from django.test import Client
from django.urls import reverse
client = Client(HTTP_HOST='127.0.0.1')
client.post(reverse('web:login'), {'username': 'caseworker', 'password': 'demo-pass-for-tests'})
before = client.get(reverse('web:person_search')).status_code
client.post(reverse('web:two_factor'), {'code': '%s'})
print(before, client.get(reverse('web:person_search')).status_code)
"""


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="uses its own SQLite data dir")
def test_the_demo_prints_each_sensitive_roles_key_and_codes_that_sign_in(tmp_path: Path) -> None:
    env = {
        "MIXFLOW_DATA_DIR": str(tmp_path),
        "MIXFLOW_DEMO_PASSWORD": "demo-pass-for-tests",
        "MIXFLOW_SECURE_COOKIES": "0",
    }
    first = _mixflow("demo", "--no-serve", "--people", "100", env=env)
    assert first.returncode == 0, first.stderr
    found = re.search(
        r"caseworker +key ([A-Z2-7]{32})\s+recovery codes ((?:[a-z2-7]{8} ?){5})", first.stdout
    )
    assert found, first.stdout
    key, codes = found.group(1), found.group(2).split()
    assert not re.search(r"analyst +key", first.stdout)  # no sensitive data, no second factor
    second = _mixflow("demo", "--no-serve", "--people", "100", env=env)
    assert f"caseworker             key {key}" in second.stdout  # a phone set up once keeps working
    signed_in = _mixflow("manage", "shell", "-c", SIGN_IN_WITH_A_RECOVERY_CODE % codes[0], env=env)
    assert signed_in.stdout.strip().splitlines()[-1] == "302 200", signed_in.stderr
