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
