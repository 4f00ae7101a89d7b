"""`yimi` and the identity faults of issue 16: a hub key rotation a laptop follows only with the new
key's confirmation code (`yimi import --hub-key`), and a second computer set up from an enrolment file
already used, refused at the hub and listed by `yimi devices`. The county is set up in-process
(enrolment in memory, without the seconds of key derivation), the rest through the command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import enrol_services, init_services


def yimi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yimi_desktop.cli", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ})


def county(tmp_path: Path, *laptops: str) -> tuple[str, list[str]]:
    hub = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB)
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    enrolment = hub.enrolment.issue("L1")
    for name in laptops:  # every laptop from the same enrolment (the second is a reused file)
        enrol_services(tmp_path / f"{name}.db", enrolment).close()
    hub.close()
    return str(tmp_path / "hub.db"), [str(tmp_path / f"{n}.db") for n in laptops]


def test_rotation_needs_the_new_keys_code_typed_on_the_laptop(tmp_path):
    hub, (lap,) = county(tmp_path, "L1")
    stick = tmp_path / "stick"
    stick.mkdir()
    r = yimi("--db", hub, "rotate-keys")
    assert r.returncode == 0, r.stderr
    code = json.loads(yimi("--db", hub, "keys", "--json").stdout)["key_code"]
    assert code in r.stdout and "--hub-key" in r.stdout
    pkg = yimi("--db", hub, "export", "--out", str(stick), "--to", "L1").stdout.strip()
    r = yimi("--db", lap, "import", pkg)
    assert r.returncode == 1 and "确认码" in r.stderr and "--hub-key" in r.stderr and "Traceback" not in r.stderr
    r = yimi("--db", lap, "import", "--hub-key", "0000-0000-0000-0000", pkg)
    assert r.returncode == 1 and "不符" in r.stderr
    r = yimi("--db", lap, "import", "--hub-key", code, pkg)
    assert r.returncode == 0, r.stderr
    assert json.loads(yimi("--db", lap, "keys", "--json").stdout)["hub"]["key_code"] == code


def test_a_reused_enrolment_file_is_refused_and_listed_by_yimi_devices(tmp_path):
    hub, (first, second) = county(tmp_path, "first", "second")
    stick = tmp_path / "stick"
    stick.mkdir()
    for lap in (first, second):
        assert yimi("--db", lap, "simulate", "--visits", "1").returncode == 0
    r = yimi("--db", hub, "import", yimi("--db", first, "export", "--out", str(stick)).stdout.strip())
    assert r.returncode == 0, r.stderr
    r = yimi("--db", hub, "import", yimi("--db", second, "export", "--out", str(stick)).stdout.strip())
    assert r.returncode == 1 and "一个注册文件只能注册一台电脑" in r.stderr
    r = yimi("--db", hub, "devices")
    assert "另一台电脑用同一个注册文件注册过" in r.stdout
    (row,) = json.loads(yimi("--db", hub, "devices", "--json").stdout)
    assert row["reused"][0]["packages"] == 1 and len(row["replicas"]) == 1


def test_send_to_all_and_remove_imported_through_the_command(tmp_path):
    hub = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB)
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    for name in ("金融-笔记本1", "金融-笔记本2"):
        enrol_services(tmp_path / f"{name}.db", hub.enrolment.issue(name)).close()
    hub.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    r = yimi("--db", str(tmp_path / "hub.db"), "export", "--out", str(stick), "--all")
    assert r.returncode == 0, r.stderr
    written = [Path(x) for x in r.stdout.split()]
    assert [p.name.split("_")[:3] for p in written] == [["县中心", "发给", "金融-笔记本1"], ["县中心", "发给", "金融-笔记本2"]]
    assert "(2/2) 发给 金融-笔记本2" in r.stderr
    r = yimi("--db", str(tmp_path / "金融-笔记本1.db"), "import", str(stick), "--remove-imported")
    assert r.returncode == 0, r.stderr
    assert "不是发给本机的 1 个" in r.stdout and "已从U盘上删除已导入的数据包 1 个" in r.stdout
    assert "不是发给本机的" in r.stderr and written[1].name in r.stderr and "已拒绝" not in r.stderr
    assert not written[0].exists() and written[1].exists()
    r = yimi("--db", str(tmp_path / "金融-笔记本1.db"), "sync-status")
    assert r.returncode == 0 and "县中心(hub)" in r.stdout and "已收到本机的全部数据" in r.stdout, r.stdout
