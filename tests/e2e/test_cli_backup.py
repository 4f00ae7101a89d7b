"""`yimi backup …` driven as a user would: a laptop sends some work, records more, makes its stick copy
(`backup create --to-stick`) and dies; the hub takes the stick copy in (`backup salvage`) and holds everything the
laptop recorded; a second salvage changes nothing; an unsigned copy needs --unsigned. The county is set up
in-process (enrolment in memory, without the seconds of key derivation), the rest through the command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import enrol_services, init_services


def yimi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yimi_desktop.cli", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ})


@pytest.mark.slow
def test_a_dead_laptops_stick_copy_is_taken_in_at_the_hub(tmp_path):
    hub_svc = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB)
    hub_svc.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    enrol_services(tmp_path / "L1.db", hub_svc.enrolment.issue("L1")).close()
    hub_svc.close()
    hub, lap = str(tmp_path / "hub.db"), str(tmp_path / "L1.db")
    sync, usb = tmp_path / "sync", tmp_path / "usb"
    sync.mkdir()

    pkg = yimi("--db", hub, "export", "--out", str(sync), "--to", "L1").stdout.strip()
    assert yimi("--db", lap, "import", pkg).returncode == 0
    assert yimi("--db", lap, "simulate", "--visits", "2").returncode == 0
    r = yimi("--db", hub, "import", yimi("--db", lap, "export", "--out", str(sync)).stdout.strip())
    assert r.returncode == 0, r.stderr
    assert yimi("--db", lap, "simulate", "--seed", "2", "--visits", "3").returncode == 0  # never sent
    r = yimi("--db", lap, "backup", "create", "--to-stick", str(usb))
    assert r.returncode == 0 and "并由本机签名" in r.stdout, r.stderr
    (sealed,) = usb.glob("*.db.age")
    assert Path(f"{sealed}.sig").is_file()
    listed = json.loads(yimi("--db", lap, "backup", "list", "--json").stdout)
    assert [(b["kind"], b["verified"]) for b in listed][:1] == [("手动", True)]
    lap_vector = json.loads(yimi("--db", lap, "sync-status", "--json").stdout)["vector"]

    before = json.loads(yimi("--db", hub, "sync-status", "--json").stdout)["vector"]
    r = yimi("--db", hub, "backup", "salvage", str(sealed))
    assert r.returncode == 0 and "已收取笔记本“L1”备份中的工作" in r.stdout, r.stderr
    after = json.loads(yimi("--db", hub, "sync-status", "--json").stdout)["vector"]
    assert after != before and all(after.get(d, 0) >= n for d, n in lap_vector.items())  # all the laptop held
    r = yimi("--db", hub, "backup", "salvage", str(sealed), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["duplicate"] is True

    Path(f"{sealed}.sig").unlink()
    r = yimi("--db", hub, "backup", "salvage", str(sealed))
    assert r.returncode != 0 and "--unsigned" in r.stderr and "Traceback" not in r.stderr
    r = yimi("--db", lap, "backup", "salvage", str(sealed))
    assert r.returncode != 0 and "只有县级中心" in r.stderr
