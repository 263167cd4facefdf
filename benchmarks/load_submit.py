"""Load and fault test: registrations through the REST API and OpenRosa at a sustained rate
against the production server on PostgreSQL, the worker killed (SIGKILL) and restarted mid-run;
then every acknowledged submission must be stored exactly once.

    python benchmarks/load_submit.py [--duration 180] [--rate 4] [--page-rate 2]
        [--database-url postgres://postgres@127.0.0.1:5432/mixflow_load] [--kill-server]

What it does, all on loopback:
1. a fresh PostgreSQL database and data directory; ``mixflow demo --no-serve`` (small) for the
   accounts, sites and shipped questionnaires;
2. ``mixflow serve`` (waitress, the production server) and ``mixflow worker``;
3. a load generator in a second process (asyncio + httpx, open loop: requests leave on a fixed
   schedule whatever the answers' speed, at most ``--max-in-flight`` at once) posting
   registrations, half as JSON to ``POST /api/questionnaires/{id}/submissions/`` with a token,
   half as ODK Collect does to ``POST /submission`` (multipart XML, Basic authentication), each
   with a unique instance id, plus a trivial page (the sign-in page) at ``--page-rate``;
4. at 40 % of the run the worker is killed with SIGKILL and restarted 5 s later (with
   ``--kill-server`` the server too, at 70 %);
5. after the run: every instance id that was acknowledged (201, or 200/202 "already had it")
   is looked up in the database: exactly one submission, with its person and encounter.

Prints the sustained rate and p50/p99 latency of each kind of request in the same run, and
writes them as JSON (``--out``). Not part of the test suite (it runs for minutes); the helper
functions have a smoke test in ``tests/benchmarks``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "load-test-password-2026"  # noqa: S105 (a throwaway demo password)
ACKNOWLEDGED = {200, 201, 202}

# The registration questionnaire's answers (``registration_screening``); each request gets its
# own given name and instance id.
ANSWERS: dict[str, Any] = {
    "consent_services": "yes",
    "consent_statistics": "yes",
    "consent_family_tracing": "no",
    "consent_share": "no",
    "consent_withhold": "no",
    "consent_method": "verbal",
    "family_name": "Tekle",
    "sex": "male",
    "dob_precision": "year",
    "date_of_birth": "1997-01-01",
    "nationality": "ERI",
    "has_document": "no",
    "with_others": "no",
    "reasons_for_leaving": "conflict",
    "under_18": "no",
    "any_exploitation": "yes",
    "trafficking_indicators": "debt_bondage",
}

# Run inside Django (a subprocess with the same environment): what the load generator needs.
PREPARE = """
import json, os
import django
django.setup()
from mixflow.accounts.models import User
from mixflow.intake.compiled_forms import compiled
from mixflow.intake.models import Questionnaire
from mixflow.intake.xlsform.instance import answers_to_instance
officer = User.objects.get(username="registration_officer")
q = Questionnaire.objects.get(organisation=officer.organisation, form_id="registration_screening")
answers = dict(json.loads(os.environ["LOAD_ANSWERS"]), site=os.environ["LOAD_SITE"],
               given_name="GIVENNAME")
xml = answers_to_instance(compiled(q.current_version()).form, answers, "uuid:INSTANCEID")
print(json.dumps({"questionnaire": q.pk, "xml": xml.decode()}))
"""

VERIFY = """
import json, os, sys
import django
django.setup()
from django.db.models import Count
from mixflow.intake.models import Submission
wanted = json.load(open(os.environ["LOAD_ACKED"]))
rows = (Submission.objects.filter(instance_id__in=wanted)
        .values("instance_id").annotate(n=Count("id"), persons=Count("person"),
        encounters=Count("encounter")))
found = {r["instance_id"]: r for r in rows}
print(json.dumps({
    "acknowledged": len(wanted),
    "stored_once": sum(1 for r in found.values() if r["n"] == 1),
    "missing": sorted(set(wanted) - set(found))[:20],
    "missing_count": len(set(wanted) - set(found)),
    "duplicated": sorted(i for i, r in found.items() if r["n"] > 1)[:20],
    "without_person_or_encounter": sum(
        1 for r in found.values() if not (r["persons"] and r["encounters"])),
    "submissions_in_database": Submission.objects.filter(
        instance_id__startswith="uuid:load-").count(),
}))
"""


# -- helpers (smoke-tested) ----------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank); 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-fraction * len(ordered) // 1))))
    return ordered[rank - 1]


def schedule(duration: float, rate: float, offset: float = 0.0) -> list[float]:
    """Open-loop departure times: ``rate`` per second, evenly spaced, for ``duration`` seconds."""
    if rate <= 0:
        return []
    step = 1.0 / rate
    count = int(duration * rate)
    return [offset + i * step for i in range(count)]


def instance_xml(template: str, instance_id: str, given_name: str) -> bytes:
    return (
        template.replace("uuid:INSTANCEID", instance_id).replace("GIVENNAME", given_name).encode()
    )


@dataclass
class Outcome:
    kind: str
    started: float
    seconds: float
    status: int
    instance_id: str = ""
    detail: str = ""


@dataclass
class Summary:
    kind: str
    sent: int
    ok: int
    failed: int
    rate: float
    p50_ms: float
    p99_ms: float
    statuses: dict[str, int] = field(default_factory=dict)


def span(outcomes: Sequence[Outcome]) -> float:
    """Seconds from the first departure to the last answer: what the server took to answer the
    load (longer than the schedule when it falls behind)."""
    if not outcomes:
        return 0.0
    return max(o.started + o.seconds for o in outcomes) - min(o.started for o in outcomes)


def summarise(outcomes: Sequence[Outcome], kind: str, duration: float) -> Summary:
    """``duration``: the seconds to divide by (``span`` of the whole run: a sustained rate)."""
    mine = [o for o in outcomes if o.kind == kind]
    ok = [o for o in mine if o.status in ACKNOWLEDGED]
    times = [o.seconds * 1000 for o in ok]
    statuses: dict[str, int] = {}
    for o in mine:
        statuses[str(o.status)] = statuses.get(str(o.status), 0) + 1
    return Summary(
        kind=kind,
        sent=len(mine),
        ok=len(ok),
        failed=len(mine) - len(ok),
        rate=len(ok) / duration if duration else 0.0,
        p50_ms=percentile(times, 0.50),
        p99_ms=percentile(times, 0.99),
        statuses=statuses,
    )


def acknowledged_ids(outcomes: Sequence[Outcome]) -> list[str]:
    return sorted({o.instance_id for o in outcomes if o.instance_id and o.status in ACKNOWLEDGED})


# -- the load generator (second process) ---------------------------------------------------------


async def _drive(config: dict[str, Any], results: Path) -> None:
    import httpx

    base = config["base"]
    start = time.monotonic()
    outcomes: list[Outcome] = []
    gate = asyncio.Semaphore(config["max_in_flight"])
    limits = httpx.Limits(max_connections=config["max_in_flight"])
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def one(kind: str, at: float, number: int) -> None:
            delay = start + at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            instance_id = ""
            async with gate:
                began = time.monotonic()
                try:
                    if kind == "page":
                        response = await client.get("/accounts/login/")
                    elif kind == "api":
                        instance_id = f"uuid:load-api-{number}-{uuid.uuid4().hex[:8]}"
                        body = {
                            "answers": {**config["answers"], "given_name": f"Api{number}"},
                            "site": config["site"],
                            "instance_id": instance_id,
                        }
                        response = await client.post(
                            config["api_path"],
                            json=body,
                            headers={"Authorization": f"Token {config['token']}"},
                        )
                    else:
                        instance_id = f"uuid:load-odk-{number}-{uuid.uuid4().hex[:8]}"
                        xml = instance_xml(config["xml"], instance_id, f"Odk{number}")
                        response = await client.post(
                            "/submission",
                            files={"xml_submission_file": ("submission.xml", xml, "text/xml")},
                            headers={"X-OpenRosa-Version": "1.0"},
                            auth=(config["user"], config["password"]),
                        )
                    status = response.status_code
                    detail = "" if status in ACKNOWLEDGED else response.text[:300]
                except httpx.HTTPError as error:
                    status, detail = 0, type(error).__name__  # no answer: not acknowledged
                outcomes.append(
                    Outcome(
                        kind, began - start, time.monotonic() - began, status, instance_id, detail
                    )
                )

        jobs = []
        half = config["rate"] / 2
        for kind, rate, offset in (
            ("api", half, 0.0),
            ("openrosa", half, 0.5 / max(half, 0.001)),
            ("page", config["page_rate"], 0.25 / max(config["page_rate"], 0.001)),
        ):
            for number, at in enumerate(schedule(config["duration"], rate, offset)):
                jobs.append(one(kind, at, number))
        await asyncio.gather(*jobs)
    results.write_text(json.dumps([o.__dict__ for o in outcomes]))


def _generator(config: dict[str, Any], results: str) -> None:
    asyncio.run(_drive(config, Path(results)))


# -- orchestration -------------------------------------------------------------------------------


def _run(cmd: list[str], env: dict[str, str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, check=True, text=True, capture_output=True, **kwargs)


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(
        [PYTHON, "-m", "mixflow", *args], env=env, stdout=handle, stderr=subprocess.STDOUT
    )


def _wait_for(url: str, seconds: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def _fresh_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    admin = f"{base}/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)


def machine() -> str:
    cores = os.cpu_count()
    try:
        with open("/proc/meminfo") as handle:
            memory = int(handle.readline().split()[1]) // (1024 * 1024)
    except OSError:
        memory = 0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return (
        f"{platform.machine()}, {cores} cores, {memory} GiB, Python {platform.python_version()},"
        f" load average at start {load:.1f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=180, help="seconds of load (180)")
    parser.add_argument("--rate", type=float, default=2, help="registrations per second (2)")
    parser.add_argument("--page-rate", type=float, default=1, help="trivial pages per second")
    parser.add_argument("--max-in-flight", type=int, default=32)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/mixflow_load")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--threads", type=int, default=8, help="server threads")
    parser.add_argument("--people", type=int, default=300, help="demo data to start from")
    parser.add_argument("--kill-server", action="store_true", help="also SIGKILL the server")
    parser.add_argument("--out", default="load_submit.json")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="mixflow-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "MIXFLOW_DATA_DIR": str(work / "data"),
        "MIXFLOW_DEMO_PASSWORD": PASSWORD,
        "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT / "src")),
    }
    print(f"Machine: {machine()} (shared and noisy)")
    print(f"Working in {work}; database {args.database_url}")
    _fresh_database(args.database_url)
    _run([PYTHON, "-m", "mixflow", "demo", "--no-serve", "--people", str(args.people)], env)
    site = "NER-AGZ-BUS"
    prepared = json.loads(
        _run(
            [PYTHON, "-c", PREPARE],
            {
                **env,
                "DJANGO_SETTINGS_MODULE": "mixflow.settings",
                "LOAD_ANSWERS": json.dumps(ANSWERS),
                "LOAD_SITE": site,
            },
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    base = f"http://127.0.0.1:{args.port}"
    serve_args = ["serve", "--port", str(args.port), "--threads", str(args.threads)]
    server = _start(serve_args, env, work / "server.log")
    worker = _start(["worker"], env, work / "worker.log")
    faults: list[str] = []
    try:
        _wait_for(f"{base}/accounts/login/")
        import httpx

        token = httpx.post(
            f"{base}/api/token/",
            json={"username": "registration_officer", "password": PASSWORD},
            timeout=30,
        ).json()["token"]
        config = {
            "base": base,
            "duration": args.duration,
            "rate": args.rate,
            "page_rate": args.page_rate,
            "max_in_flight": args.max_in_flight,
            "token": token,
            "user": "registration_officer",
            "password": PASSWORD,
            "site": site,
            "answers": {**ANSWERS, "site": site},
            "api_path": f"/api/questionnaires/{prepared['questionnaire']}/submissions/",
            "xml": prepared["xml"],
        }
        results = work / "outcomes.json"
        generator = multiprocessing.get_context("spawn").Process(
            target=_generator, args=(config, str(results))
        )
        began = time.monotonic()
        generator.start()

        def at(fraction: float) -> None:
            time.sleep(max(0.0, began + fraction * args.duration - time.monotonic()))

        at(0.4)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        faults.append(f"worker SIGKILL at {time.monotonic() - began:.0f} s")
        time.sleep(5)
        worker = _start(["worker"], env, work / "worker.log")
        faults.append(f"worker restarted at {time.monotonic() - began:.0f} s")
        if args.kill_server:
            at(0.7)
            server.send_signal(signal.SIGKILL)
            server.wait()
            faults.append(f"server SIGKILL at {time.monotonic() - began:.0f} s")
            server = _start(serve_args, env, work / "server.log")
            _wait_for(f"{base}/accounts/login/")
            faults.append(f"server answering again at {time.monotonic() - began:.0f} s")
        generator.join()
        elapsed = time.monotonic() - began
    finally:
        for process in (server, worker):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)

    outcomes = [Outcome(**o) for o in json.loads(results.read_text())]
    acked = acknowledged_ids(outcomes)
    (work / "acked.json").write_text(json.dumps(acked))
    verified = json.loads(
        _run(
            [PYTHON, "-c", VERIFY],
            {
                **env,
                "DJANGO_SETTINGS_MODULE": "mixflow.settings",
                "LOAD_ACKED": str(work / "acked.json"),
            },
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    answered_in = span(outcomes)
    summaries = [summarise(outcomes, kind, answered_in) for kind in ("api", "openrosa", "page")]
    print(f"\nFaults: {'; '.join(faults)}")
    print(
        f"Run: {args.duration:.0f} s of load offered at {args.rate:g} registrations/s and "
        f"{args.page_rate:g} pages/s; last answer after {answered_in:.0f} s (ok/s over that)"
    )
    header = ("requests", "sent", "ok", "failed", "ok/s", "p50 ms", "p99 ms")
    print("{:<10} {:>6} {:>6} {:>6} {:>7} {:>8} {:>8}".format(*header))
    for s in summaries:
        print(
            f"{s.kind:<10} {s.sent:>6} {s.ok:>6} {s.failed:>6} {s.rate:>7.2f} "
            f"{s.p50_ms:>8.0f} {s.p99_ms:>8.0f}  {s.statuses}"
        )
    for kind in ("api", "openrosa", "page"):
        refused = next((o for o in outcomes if o.kind == kind and o.detail), None)
        if refused is not None:
            print(f"first refusal of {kind}: {refused.status} {refused.detail[:200]}")
    exact = verified["stored_once"] == verified["acknowledged"] and not verified["duplicated"]
    print(
        f"\nAcknowledged submissions: {verified['acknowledged']}; stored exactly once: "
        f"{verified['stored_once']}; missing: {verified['missing_count']}; duplicated: "
        f"{len(verified['duplicated'])}; without person or encounter: "
        f"{verified['without_person_or_encounter']}; load submissions in the database: "
        f"{verified['submissions_in_database']}"
    )
    print("EVERY ACKNOWLEDGED SUBMISSION STORED EXACTLY ONCE" if exact else "LOSS OR DUPLICATION")
    Path(args.out).write_text(
        json.dumps(
            {
                "machine": machine(),
                "duration": args.duration,
                "rate": args.rate,
                "page_rate": args.page_rate,
                "answered_in": answered_in,
                "elapsed": elapsed,
                "faults": faults,
                "summaries": [s.__dict__ for s in summaries],
                "verified": verified,
            },
            indent=2,
        )
    )
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
