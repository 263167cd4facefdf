"""``mixflow demo``: everything a newcomer needs, in one command, safe to run again."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mixflow.cli.language import gettext as _
from mixflow.cli.language import ngettext, number
from mixflow.conf import data_dir
from mixflow.core.actors import SystemActor

if TYPE_CHECKING:
    from mixflow.accounts.models import User

DEMO = SystemActor("mixflow demo")
"""What the demo's writes are attributed to in the audit log."""

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def demo_password(directory: Path) -> str:
    """``MIXFLOW_DEMO_PASSWORD``, else a password generated once and kept in the data directory."""
    from_env = os.environ.get("MIXFLOW_DEMO_PASSWORD")
    if from_env:
        return from_env
    path = directory / "demo_password"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = "-".join(secrets.token_hex(3) for _ in range(3))
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password)
    return password


def _link_identities(actor: SystemActor) -> None:
    """Recognise the same people across the demo's registrations (records already linked stay
    as they are, so running the demo again does nothing here)."""
    from mixflow.identity.actions import run_batch_linking
    from mixflow.identity.linking import matcher_available
    from mixflow.identity.queries import organisations_with_unlinked_records

    if not matcher_available():
        return
    print(_("Linking the registrations of the same people…"), flush=True)
    people = records = review = 0
    for organisation in organisations_with_unlinked_records():
        result = run_batch_linking(actor=actor, organisation=organisation)
        records += result.records
        people += result.identities_created
        review += result.candidates_created
    print(
        _("Linked %(records)s into %(people)s; %(pairs)s to review.")
        % {
            "records": ngettext("%(count)s record", "%(count)s records", records)
            % {"count": number(records)},
            "people": ngettext("%(count)s new person", "%(count)s new people", people)
            % {"count": number(people)},
            "pairs": ngettext("%(count)s pair", "%(count)s pairs", review)
            % {"count": number(review)},
        }
    )


def _print_second_factors(users: list[User]) -> None:
    from mixflow.testing.demo_two_factor import ensure_demo_second_factors

    factors = ensure_demo_second_factors(users)
    if not factors:
        return
    print(
        "\n"
        + _(
            "Two-factor authentication is required of roles that see sensitive data. After the"
            " password, type the code an authenticator app shows for the key below, or one of"
            " the single-use recovery codes (five again at each `mixflow demo`):"
        )
    )
    key, codes = _("key"), _("recovery codes")
    for factor in factors:
        print(f"  {factor.username:<22} {key} {factor.key}")
        print(f"  {'':<22} {codes} {' '.join(factor.recovery_codes)}")


def _stop_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def run_demo(*, host: str, port: int, people: int, serve_app: bool = True) -> int:
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    from mixflow.cli.main import DEMO_ROUTES, DEMO_SEED, _setup_django, loaded

    _setup_django()
    from django.core.management import call_command

    from mixflow.cli.progress import counting_progress, stage_progress
    from mixflow.testing.demo_dash import prepare_dashboards
    from mixflow.testing.demo_users import ensure_demo_users
    from mixflow.testing.load import load_dataset
    from mixflow.testing.synthetic import generate

    print(_("Data directory: %(directory)s") % {"directory": directory})
    call_command("migrate", interactive=False, verbosity=0)
    dataset = directory / f"demo-dataset-{people}-{DEMO_SEED}"
    if not (dataset / "truth.csv").exists():
        with counting_progress(_("Generating demo data"), total=people) as advance:
            generate(
                dataset, people=people, seed=DEMO_SEED, routes=list(DEMO_ROUTES), progress=advance
            )
    with stage_progress(_("Loading %(stage)s")) as progress:
        result = load_dataset(dataset, actor=DEMO, progress=progress)
    if result.skipped:
        print(_("Demo data already loaded."))
    else:
        print(loaded(result.counts))
    _link_identities(DEMO)
    counted = prepare_dashboards(DEMO)
    print(
        ngettext(
            "Dashboards ready: %(count)s encounter counted.",
            "Dashboards ready: %(count)s encounters counted.",
            counted,
        )
        % {"count": number(counted)}
    )
    password = demo_password(directory)
    users = ensure_demo_users(password)
    from mixflow.intake.actions import install_default_questionnaires

    for organisation in {user.organisation for user in users if user.organisation}:
        install_default_questionnaires(actor=DEMO, organisation=organisation)
    from mixflow.testing.demo_publish import publish_demo

    users += publish_demo(users, password)  # a second analyst, who approved the demo publications

    from mixflow.testing.demo_profiling import profile_demo

    raised, decided = profile_demo(users)
    print(
        ngettext(
            "Profiles: %(raised)s flag raised, %(decided)s decided.",
            "Profiles: %(raised)s flags raised, %(decided)s decided.",
            raised,
        )
        % {"raised": number(raised), "decided": number(decided)}
    )

    from mixflow.testing.demo_referrals import build_demo_referrals

    build_demo_referrals(users)

    from mixflow.testing.demo_cases import ensure_demo_cases

    ensure_demo_cases(next(user for user in users if user.username == "caseworker"))
    print(
        "\n"
        + _("Demo accounts (username = role), all with the password: %(password)s")
        % {"password": password}
    )
    for user in users:
        print(f"  {user.username:<22} {user.organisation}")
    _print_second_factors(users)
    if not serve_app:
        return 0
    # `kill PID` (SIGTERM) stops the demo as Ctrl+C does: through `finally`, with its worker.
    # Installed before the worker starts and the `try` entered at once: a signal arriving
    # between the two (a test sends one as soon as the address is printed) would otherwise
    # end the demo and leave the worker running.
    signal.signal(signal.SIGTERM, _stop_on_signal)
    worker: subprocess.Popen[bytes] | None = None
    try:
        worker = subprocess.Popen([sys.executable, "-m", "mixflow", "worker"])
        if host not in LOOPBACK:
            # Browsers keep Secure cookies over plain HTTP only on the machine itself, and
            # Django answers only the host names it was told: say what to set rather than
            # fail silently.
            print(
                "\n"
                + _(
                    "Serving beyond this machine: set MIXFLOW_ALLOWED_HOSTS to the name or "
                    "address people will type, and serve over HTTPS (or, on a trusted network "
                    "only, MIXFLOW_SECURE_COOKIES=0) or signing in will not hold."
                )
            )
        print(
            "\n"
            + _("Mixflow is running on %(address)s  (Ctrl+C to stop)")
            % {"address": f"http://{host}:{port}/"}
        )
        from mixflow.cli.serving import serve

        serve(host, port)
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    return 0
