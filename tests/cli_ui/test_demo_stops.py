"""``kill PID`` on a running ``mixflow demo`` stops its background worker too: a real demo in a
subprocess, its worker found among its children, then SIGTERM to the demo alone."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid …: comm may hold spaces, so split after its closing bracket.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sigterm_stops_the_demo_and_its_worker(tmp_path: Path) -> None:
    env = {**os.environ, "MIXFLOW_DATA_DIR": str(tmp_path), "MIXFLOW_DEMO_PASSWORD": "x" * 16}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    demo = subprocess.Popen(
        [sys.executable, "-m", "mixflow", "demo", "--people", "60", "--port", str(_free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert demo.stdout is not None
        for line in demo.stdout:
            if "is running on" in line:
                break
        else:
            pytest.fail("the demo stopped before serving")
        workers = _children(demo.pid)
        assert workers, "the demo started no worker"
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=60)
        assert [pid for pid in workers if _alive(pid)] == []
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
