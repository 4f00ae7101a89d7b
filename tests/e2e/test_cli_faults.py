"""`yimi` on real database files under the faults of issue 16, as a county meets them: a laptop's
clock a year ahead and later fixed, a laptop's clock a year slow, and a database file restored in
place from a copy. The wrong clocks are real ones: the CLI runs under `faketime` (libfaketime,
Makefile DEB_PKGS). Every replica ends equal, every visit typed reaches the hub, every message is one
clear line with no traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import enrol_services, init_services

pytestmark = [pytest.mark.skipif(shutil.which("faketime") is None, reason="needs faketime (make deb-deps)"),
              pytest.mark.slow]


def yimi(*args: str, offset: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "yimi_desktop.cli", *args]
    if offset is not None:
        cmd = ["faketime", "-f", offset, *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ})


def ok(*args: str, offset: str | None = None) -> subprocess.CompletedProcess:
    r = yimi(*args, offset=offset)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "内部错误" not in r.stderr, r.stderr
    return r


def visits(db: str) -> int:
    return json.loads(ok("--db", db, "stats", "--json").stdout)["visits"]


def exchange(hub: str, lap: str, stick: Path) -> None:
    """One round is enough with one laptop: it sends, the hub answers with everything and its ack."""
    ok("--db", hub, "import", ok("--db", lap, "export", "--out", str(stick)).stdout.strip())
    ok("--db", lap, "import", ok("--db", hub, "export", "--out", str(stick), "--to", "L1").stdout.strip())


def test_wrong_clocks_and_a_restored_file_on_the_command_line(tmp_path):
    hub, lap = str(tmp_path / "hub.db"), str(tmp_path / "L1.db")
    stick = tmp_path / "stick"
    stick.mkdir()
    county = init_services(Path(hub), "县中心", DeviceRole.HUB)  # a small county (the CLI's demo is large)
    county.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    # enrolled in memory, without the seconds of key derivation (the enrolment file through the command is
    # test_cli.py's round trip); the rest through the command
    enrol_services(Path(lap), county.enrolment.issue("L1")).close()
    county.close()
    base = visits(hub)

    # the year typed wrong: work recorded 400 days ahead is refused at the hub, with what to do
    ok("--db", lap, "simulate", "--seed", "3", "--visits", "2", offset="+400d")
    future = ok("--db", lap, "export", "--out", str(stick), offset="+400d").stdout.strip()
    r = yimi("--db", hub, "import", future)
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "约 400 天" in r.stderr and "再导出" in r.stderr and "Traceback" not in r.stderr
    os.unlink(future)
    # the clock set right: the laptop says what happened and its next package carries the work
    r = ok("--db", lap, "export", "--out", str(stick))
    assert "注意:本机的时钟曾经比现在快了一天以上" in r.stderr, r.stderr
    ok("--db", hub, "import", r.stdout.strip())
    assert visits(hub) == base + 2

    # a dead CMOS battery: told at start, the hub's packages refused, then all well once fixed
    r = ok("--db", lap, "simulate", "--seed", "4", "--visits", "1", offset="-400d")
    assert "慢了约 400 天" in r.stderr, r.stderr
    ok("--db", hub, "import", ok("--db", lap, "export", "--out", str(stick), offset="-400d").stdout.strip())
    ok("--db", hub, "simulate", "--seed", "5", "--visits", "1")
    to_lap = ok("--db", hub, "export", "--out", str(stick), "--to", "L1").stdout.strip()
    r = yimi("--db", lap, "import", to_lap, offset="-400d")
    assert r.returncode == 1 and "偏慢" in r.stderr and "Traceback" not in r.stderr, r.stderr
    r = ok("--db", lap, "import", to_lap)
    assert "注意" not in r.stderr
    assert visits(hub) == visits(lap) == base + 4

    # a copy of the file restored in place (same path and inode) after more work was sent
    backup = tmp_path / "backup.db"
    shutil.copyfile(lap, backup)
    ok("--db", lap, "simulate", "--seed", "6", "--visits", "2")
    exchange(hub, lap, stick)
    with open(lap, "r+b") as fh:
        fh.truncate(0)
        fh.write(backup.read_bytes())
    for suffix in ("-wal", "-shm"):
        Path(f"{lap}{suffix}").unlink(missing_ok=True)
    r = ok("--db", lap, "simulate", "--seed", "7", "--visits", "3")  # typed after the restore
    assert "从备份恢复" in r.stderr, r.stderr
    exchange(hub, lap, stick)
    assert visits(hub) == visits(lap) == base + 9  # nothing lost: what the restore lost came back too
    assert ok("--db", hub, "digest").stdout == ok("--db", lap, "digest").stdout
    ok("--db", hub, "import", ok("--db", lap, "export", "--out", str(stick)).stdout.strip())  # its ack
    (l1,) = json.loads(ok("--db", hub, "devices", "--json").stdout)
    assert len(l1["replicas"]) == 1 and l1["unacknowledged"] == 0  # the retired ids are no replicas
    assert json.loads(ok("--db", lap, "sync-status", "--json").stdout)["unacknowledged"] == 0
