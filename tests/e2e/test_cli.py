"""The `yimi` command end to end, as a subprocess on real database files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def yimi(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yimi_desktop.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=120)


def test_init_demo_stats_list(tmp_path):
    db = str(tmp_path / "x.db")
    assert yimi("--db", db, "init", "--name", "a").returncode == 0
    r = yimi("--db", db, "demo", "--seed", "1")
    assert r.returncode == 0, r.stderr
    stats = json.loads(yimi("--db", db, "stats", "--json").stdout)
    for key in ("enterprises", "visits", "issues", "policies", "teams", "officers"):
        assert isinstance(stats[key], int)
    assert stats["enterprises"] >= 265 and stats["officers"] >= 100 and stats["policies"] >= 40
    assert stats["visits"] > 0 and stats["issues"] > 0
    for what, n in (("enterprises", stats["enterprises"]), ("teams", stats["teams"]),
                    ("officers", stats["officers"]), ("policies", stats["policies"])):
        rows = json.loads(yimi("--db", db, "list", what, "--json").stdout)
        assert len(rows) == n and all("id" in r for r in rows)


def test_yimi_db_environment_variable(tmp_path):
    db = tmp_path / "env.db"
    assert yimi("init", "--name", "b", "--hub", env={"YIMI_DB": str(db)}).returncode == 0
    assert db.exists()
    assert json.loads(yimi("stats", "--json", env={"YIMI_DB": str(db)}).stdout)["enterprises"] == 0


def _assert_one_line_error(r):
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stdout == ""


def test_missing_folder(tmp_path):
    r = yimi("--db", str(tmp_path / "nope" / "x.db"), "init", "--name", "a")
    _assert_one_line_error(r)
    assert "文件夹不存在" in r.stderr
    assert not (tmp_path / "nope").exists()


def test_missing_database(tmp_path):
    r = yimi("--db", str(tmp_path / "x.db"), "stats", "--json")
    _assert_one_line_error(r)
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("content", [b"plain text", b"SQLite format 3\x00" + b"\x00" * 200])
def test_not_a_yimi_database(tmp_path, content):
    path = tmp_path / "x.db"
    path.write_bytes(content)
    r = yimi("--db", str(path), "list", "enterprises", "--json")
    _assert_one_line_error(r)
    assert path.read_bytes() == content


@pytest.mark.parametrize("args", [("bogus",), ("list", "cats"), ("demo", "--seed", "x"), ("init",), ()])
def test_bad_arguments(tmp_path, args):
    _assert_one_line_error(yimi("--db", str(tmp_path / "x.db"), *args))


def test_init_twice_refused_and_demo_twice_refused(tmp_path):
    db = str(tmp_path / "x.db")
    assert yimi("--db", db, "init", "--name", "a").returncode == 0
    before = Path(db).read_bytes()
    _assert_one_line_error(yimi("--db", db, "init", "--name", "a"))
    assert yimi("--db", db, "demo").returncode == 0
    _assert_one_line_error(yimi("--db", db, "demo"))
    assert before  # the file is still there


def test_cli_never_imports_qt(tmp_path):
    code = ("import sys, yimi_desktop.cli as c; c.main(['--db', sys.argv[1], 'init', '--name', 'a']); "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "q.db")], capture_output=True, text=True)
    assert r.stdout.strip().endswith("False"), r.stdout + r.stderr


def test_list_visits_issues_and_simulate(tmp_path):
    db = str(tmp_path / "x.db")
    assert yimi("--db", db, "init", "--name", "a").returncode == 0
    assert yimi("--db", db, "demo", "--seed", "2").returncode == 0
    visits = json.loads(yimi("--db", db, "list", "visits", "--json").stdout)
    issues = json.loads(yimi("--db", db, "list", "issues", "--json").stdout)
    stats = json.loads(yimi("--db", db, "stats", "--json").stdout)
    assert len(visits) == stats["visits"] and len(issues) == stats["issues"]
    assert {"id", "enterprise", "date"} <= set(visits[0])
    assert {"id", "enterprise", "status", "team", "deadline"} <= set(issues[0])
    r = yimi("--db", db, "simulate", "--seed", "5", "--visits", "7")
    assert r.returncode == 0, r.stderr
    after = json.loads(yimi("--db", db, "stats", "--json").stdout)
    assert after["visits"] == stats["visits"] + 7
    new_only = json.loads(yimi("--db", db, "list", "issues", "--json", "--status", "new").stdout)
    assert new_only and all(i["status"] == "new" for i in new_only)
    _assert_one_line_error(yimi("--db", db, "simulate", "--visits", "-1"))
    _assert_one_line_error(yimi("--db", db, "list", "issues", "--status", "lost"))


def test_sync_round_trip_between_three_database_files(tmp_path):
    hub, l1, l2 = (str(tmp_path / n) for n in ("hub.db", "l1.db", "l2.db"))
    stick = tmp_path / "stick"
    stick.mkdir()
    assert yimi("--db", hub, "init", "--name", "县中心", "--hub").returncode == 0
    assert yimi("--db", l1, "init", "--name", "L1").returncode == 0
    assert yimi("--db", l2, "init", "--name", "L2").returncode == 0
    assert yimi("--db", l1, "demo", "--seed", "3").returncode == 0
    r = yimi("--db", l1, "export", "--out", str(stick))
    assert r.returncode == 0, r.stderr
    pkg = Path(r.stdout.strip())
    assert pkg.exists() and pkg.suffix == ".yimi" and pkg.name.startswith("L1_")
    r = yimi("--db", hub, "import", str(stick), "--json")
    assert r.returncode == 0, r.stderr
    totals = json.loads(r.stdout.strip().splitlines()[-1])
    assert totals["packages"] == 1 and totals["records_new"] > 1000
    # the same stick again: a duplicate, nothing changes
    before = yimi("--db", hub, "digest").stdout
    r = yimi("--db", hub, "import", str(pkg), "--json")
    assert json.loads(r.stdout.strip().splitlines()[-1])["duplicates_skipped"] == 1
    assert yimi("--db", hub, "digest").stdout == before
    # the hub forwards everything to L2 (L2 must first send once so the hub knows it by name)
    assert yimi("--db", hub, "import", yimi("--db", l2, "export", "--out", str(stick)).stdout.strip()).returncode == 0
    r = yimi("--db", hub, "export", "--out", str(stick), "--to", "L2")
    assert r.returncode == 0, r.stderr
    assert yimi("--db", l2, "import", r.stdout.strip()).returncode == 0
    assert yimi("--db", l1, "import", yimi("--db", hub, "export", "--out", str(stick), "--to", "L1").stdout.strip()).returncode == 0
    digests = {yimi("--db", d, "digest").stdout for d in (hub, l1, l2)}
    assert len(digests) == 1 and len(digests.pop().strip()) == 64
    status = json.loads(yimi("--db", l1, "sync-status", "--json").stdout)
    assert status["unacknowledged"] == 0 and status["peers"][0]["role"] == "hub"
    assert {"vector", "last_in", "last_out"} <= set(status)
    # a damaged file is refused, named, and the exit code says so
    bad = stick / "bad.yimi"
    bad.write_bytes(pkg.read_bytes()[:-10])
    r = yimi("--db", hub, "import", str(bad))
    assert r.returncode != 0 and "bad.yimi" in r.stderr and "Traceback" not in r.stderr
    assert yimi("--db", hub, "digest").stdout == yimi("--db", l1, "digest").stdout
