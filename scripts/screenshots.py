"""Regenerate docs/screenshots/: each role's home, the registration form, the registry form and
the import page, on a desktop (1280 px) and a phone (390 px), in French and Spanish.

    .venv/bin/python scripts/screenshots.py            # prepares a small demo, then captures

It prepares a demo of its own (``mixflow demo --no-serve`` with a small dataset, in a temporary
data directory unless ``--data-dir`` is given), serves it on ``--port``, drives Chromium
(``/usr/bin/chromium``, offline: anything not on the server is refused) and stops the server.
Chromium draws date, time and file inputs in its own interface language: install its
translations (Debian: ``apt-get install chromium-l10n``) or French pages show "12/03/2026".
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django_otp.oath import TOTP
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "screenshots-demo-password"  # noqa: S105 (a throw-away demo of its own)
ROLES = (
    "enumerator",
    "registration_officer",
    "caseworker",
    "service_provider",
    "analyst",
    "government_official",
    "org_admin",
    "system_admin",
)
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ("fr", "es")
LOCALES = {"fr": "fr-FR", "es": "es-ES"}


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not answer")


#: Authenticator keys (username → base32): printed by the demo, or set up by this run.
SECRETS: dict[str, str] = {}


def _code(secret: str, after: int = -1) -> tuple[str, int]:
    """A code from ``secret`` of a time step after ``after``: a step's code is accepted once."""
    while (step := int(time.time()) // 30) <= after:
        time.sleep(1)
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}", step


#: The last time step whose code each account used.
USED: dict[str, int] = {}


def _second_factor(page: Page, url: str, username: str) -> None:
    """Confirm the sign-in as the account's owner would: set up the authenticator the first
    time (roles that see sensitive details must), type its code afterwards."""
    if "/two-factor/" not in page.url:
        return
    if username not in SECRETS:
        page.click("form[action$='/set-up/'] button.primary")
        SECRETS[username] = page.inner_text("code.secret")
    code, USED[username] = _code(SECRETS[username], USED.get(username, -1))
    page.fill("#id_code", code)
    page.click("form button.primary")
    page.wait_for_selector("main h1")
    if page.locator("ul.recovery-codes").count():
        page.goto(url + "/")
        page.wait_for_selector("main h1")


def _sign_in(page: Page, url: str, username: str, language: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("main h1")
    _second_factor(page, url, username)


def _shoot(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / f"{name}.png"))
    print("  ", name)


def _form_link(page: Page, url: str, form_id: str) -> str:
    """The fill-in address of the questionnaire whose form id is shown in the list."""
    page.goto(url + "/questionnaires/")
    row = page.locator("tr", has=page.locator(f"code:text-is('{form_id}')"))
    return str(row.locator("a").first.get_attribute("href"))


def capture(url: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        for language in LANGUAGES:
            # The browser's own interface language too: native date and time inputs and the
            # file button are drawn in it (a French page in an English browser showed
            # "12/03/2026", "--:-- --" and "Choose File").
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", f"--lang={LOCALES[language]}"],
                env={
                    **os.environ,
                    "LANGUAGE": language,
                    "LANG": LOCALES[language].replace("-", "_") + ".UTF-8",
                },
            )
            for size, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport, locale=LOCALES[language])
                page = context.new_page()
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_() if route.request.url.startswith(url) else route.abort()
                    ),
                )
                for role in ROLES:
                    _sign_in(page, url, role, language)
                    _shoot(page, f"home-{role}-{size}-{language}")
                _sign_in(page, url, "registration_officer", language)
                page.goto(url + _form_link(page, url, "registration_screening"))
                _shoot(page, f"registration-form-{size}-{language}")
                page.goto(url + "/imports/new/")
                _shoot(page, f"import-{size}-{language}")
                _sign_in(page, url, "enumerator", language)
                page.goto(url + "/sites/")
                page.locator("main table a").first.click()
                page.wait_for_selector("main h1")
                words = {"fr": "Enregistrer", "es": "Registrar"}[language]
                record = page.locator("a", has_text=words)
                if record.count():
                    record.first.click()
                else:
                    page.goto(url + _form_link(page, url, "flow_monitoring_registry"))
                _shoot(page, f"registry-form-{size}-{language}")
                context.close()
            browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="a demo data directory to use (default: a new one)")
    parser.add_argument("--people", type=int, default=1500)
    parser.add_argument("--port", type=int, default=8808)
    args = parser.parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="mixflow-screenshots-")
    env = {**os.environ, "MIXFLOW_DATA_DIR": data_dir, "MIXFLOW_DEMO_PASSWORD": PASSWORD}
    mixflow = [sys.executable, "-m", "mixflow"]
    prepare = [*mixflow, "demo", "--no-serve", "--people", str(args.people)]
    done = subprocess.run(prepare, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    print(done.stdout, end="")
    # The demo keeps two-factor authentication on and prints each account's authenticator key.
    SECRETS.update(re.findall(r"^\s+(\S+)\s+key ([A-Z2-7]+)$", done.stdout, re.MULTILINE))
    # Stopped with `kill`, the script still stops its server (through `finally`).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    server = subprocess.Popen([*mixflow, "serve", "--port", str(args.port)], env=env)  # noqa: S603
    url = f"http://127.0.0.1:{args.port}"
    try:
        _wait_until_up(url)
        capture(url)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"Screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
