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


@pytest.fixture(scope="session")
def demo_by_the_command(tmp_path_factory) -> Path:
    """`yimi init` and `yimi demo --seed 1` (checked), once per run: the xdist workers share one folder and the
    first to come builds the county under a lock. Tests take a copy (demo_db), which takes a new device id when it
    first writes (a copied file, by design): for tests that need a populated file, not a fresh identity."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "demo-by-the-command"
    folder.mkdir(exist_ok=True)
    db = folder / "x.db"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").exists():
            r = yimi("--db", str(db), "init", "--name", "a")
            assert r.returncode == 0, r.stderr
            r = yimi("--db", str(db), "demo", "--seed", "1")
            assert r.returncode == 0, r.stderr
            (folder / "done").touch()
    return db


@pytest.fixture
def demo_db(demo_by_the_command: Path, tmp_path: Path) -> str:
    """A copy of the run's demo county (the database with its WAL if any, its keys and files folders)."""
    import shutil

    dest = tmp_path / "x.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{demo_by_the_command}{suffix}").exists():
            shutil.copy(f"{demo_by_the_command}{suffix}", f"{dest}{suffix}")
    for suffix in (".keys", ".files"):
        if Path(f"{demo_by_the_command}{suffix}").exists():
            shutil.copytree(f"{demo_by_the_command}{suffix}", f"{dest}{suffix}")
    return str(dest)


def test_init_demo_stats_list(demo_db):
    """`yimi init` and `yimi demo --seed 1` are the demo_by_the_command fixture's (and checked there)."""
    db = demo_db
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


_IMPORTED = """
import sys, yimi_desktop.cli as c
try:
    code = c.main(sys.argv[1:])
finally:  # --help leaves by SystemExit
    heavy = {m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'PySide6', 'reportlab', 'pypinyin',
                                                      'platformdirs', 'dataclasses'}
    ours = [m for m in sys.modules if m.startswith('yimi_desktop.') and m.split('.')[1] in ('services', 'sync')]
    print('MODULES', sorted(heavy), sorted(ours))
sys.exit(code)
"""


def _imported(*args: str) -> tuple[list, list, subprocess.CompletedProcess]:
    r = subprocess.run([sys.executable, "-c", _IMPORTED, *args], capture_output=True, text=True, timeout=120)
    line = next(x for x in r.stdout.splitlines() if x.startswith("MODULES "))
    heavy, ours = line[len("MODULES "):].split("] [")
    return eval(heavy + "]"), eval("[" + ours), r  # noqa: S307 - our own child's printout of two lists


def test_help_and_stats_import_only_what_they_need(demo_db):
    """`yimi --help` and `yimi stats` on a current database: no SQLAlchemy, alembic, Qt, reportlab, pypinyin,
    not even the domain's dataclasses; stats reads the counters with sqlite3 and prints the service's figures."""
    db = demo_db
    heavy, ours, r = _imported("--help")
    assert r.returncode == 0 and "stats" in r.stdout and heavy == [] and ours == [], (heavy, ours)
    heavy, ours, r = _imported("--db", db, "stats", "--json")
    assert r.returncode == 0 and heavy == [] and ours == [], (heavy, ours, r.stderr)
    quick = json.loads(r.stdout.splitlines()[0])
    from yimi_desktop.services.context import open_services

    svc = open_services(Path(db))
    try:
        full = svc.stats.compute().as_dict()
    finally:
        svc.close()
    assert list(quick.items()) == list(full.items())  # the same figures, in the same order
    text = yimi("--db", db, "stats").stdout.splitlines()
    assert text[0] == f"enterprises: {full['enterprises']}" and len(text) == len(full)


def test_list_visits_issues_and_simulate(demo_db):
    db = demo_db
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
    open_ = json.loads(yimi("--db", db, "list", "issues", "--json", "--open").stdout)
    assert {i["status"] for i in open_} <= {"new", "assigned", "in_progress"}
    assert {i["id"] for i in new_only} < {i["id"] for i in open_} and len(open_) == after["open_issues"]
    _assert_one_line_error(yimi("--db", db, "simulate", "--visits", "-1"))
    _assert_one_line_error(yimi("--db", db, "list", "issues", "--status", "lost"))


def _enrol(hub: str, laptop: str, name: str, stick: Path) -> dict:
    r = yimi("--db", hub, "enroll", "--name", name, "--out", str(stick), "--json")
    assert r.returncode == 0, r.stderr
    issued = json.loads(r.stdout)
    assert Path(issued["file"]).is_file() and len(issued["code"].replace("-", "")) == 16
    r = yimi("--db", laptop, "init", "--enroll", issued["file"], "--code", issued["code"])
    assert r.returncode == 0, r.stderr
    assert not Path(issued["file"]).exists() and "已从U盘上删除" in r.stdout  # used once, then gone
    return issued


@pytest.mark.slow
def test_sync_round_trip_between_three_database_files(tmp_path):
    """The whole cycle: enrol two laptops from enrolment files and codes, work, export, import at the
    hub, export back; every package signed and encrypted, every replica ends equal."""
    hub, l1, l2 = (str(tmp_path / n) for n in ("hub.db", "l1.db", "l2.db"))
    stick = tmp_path / "stick"
    stick.mkdir()
    assert yimi("--db", hub, "init", "--name", "县中心", "--hub").returncode == 0
    issued = _enrol(hub, l1, "L1", stick)
    _enrol(hub, l2, "L2", stick)
    keys = json.loads(yimi("--db", l1, "keys", "--json").stdout)
    hub_keys = json.loads(yimi("--db", hub, "keys", "--json").stdout)
    assert keys["signing_fingerprint"] == issued["signing_fingerprint"] and keys["enrolled"]
    assert keys["hub"]["signing_fingerprint"] == hub_keys["signing_fingerprint"]
    assert {"device", "signing_fingerprint", "age_recipient", "age_identity_file"} <= set(keys)
    assert yimi("--db", l1, "demo", "--seed", "3").returncode == 0
    r = yimi("--db", l1, "export", "--out", str(stick))
    assert r.returncode == 0, r.stderr
    pkg = Path(r.stdout.strip())
    assert pkg.exists() and pkg.suffix == ".yimi" and pkg.name.startswith("L1_")
    assert pkg.read_bytes().startswith(b"age-encryption.org/v1\n")  # nothing readable on the stick
    r = yimi("--db", hub, "import", str(stick), "--json")
    assert r.returncode == 0, r.stderr
    totals = json.loads(r.stdout.strip().splitlines()[-1])
    assert totals["packages"] == 1 and totals["records_new"] > 1000
    # the same stick again: a duplicate, nothing changes
    before = yimi("--db", hub, "digest").stdout
    r = yimi("--db", hub, "import", str(pkg), "--json")
    assert json.loads(r.stdout.strip().splitlines()[-1])["duplicates_skipped"] == 1
    assert yimi("--db", hub, "digest").stdout == before
    # the hub forwards everything to L2, and sends L1 its acknowledgement
    r = yimi("--db", hub, "export", "--out", str(stick), "--to", "L2")
    assert r.returncode == 0, r.stderr
    to_l2 = Path(r.stdout.strip())
    assert yimi("--db", l2, "import", str(to_l2)).returncode == 0
    to_l1 = Path(yimi("--db", hub, "export", "--out", str(stick), "--to", "L1").stdout.strip())
    r = yimi("--db", l1, "import", str(to_l2))  # a package for L2 on the same stick: not for L1
    assert r.returncode == 1 and "不是发给本机" in r.stderr
    assert yimi("--db", l1, "import", str(to_l1)).returncode == 0
    digests = {yimi("--db", d, "digest").stdout for d in (hub, l1, l2)}
    assert len(digests) == 1 and len(digests.pop().strip()) == 64
    status = json.loads(yimi("--db", l1, "sync-status", "--json").stdout)
    assert status["unacknowledged"] == 0 and status["peers"][0]["role"] == "hub"
    assert {"vector", "last_in", "last_out"} <= set(status)
    devices = {d["name"]: d for d in json.loads(yimi("--db", hub, "devices", "--json").stdout)}
    assert devices["L1"]["last_package_file"] == pkg.name and devices["L1"]["revoked_at"] is None
    assert devices["L1"]["signing_fingerprint"] == issued["signing_fingerprint"]
    assert devices["L2"]["last_package_at"] is None
    # a damaged file is refused, named, and the exit code says so
    bad = stick / "bad.yimi"
    bad.write_bytes(pkg.read_bytes()[:-10])
    r = yimi("--db", hub, "import", str(bad))
    assert r.returncode != 0 and "bad.yimi" in r.stderr and "Traceback" not in r.stderr
    assert yimi("--db", hub, "digest").stdout == yimi("--db", l1, "digest").stdout


def test_packages_open_with_the_standard_age_tool(tmp_path):
    """Debian's `age` opens a hub package with the laptop's identity file, and a package that `age`
    encrypted (from a laptop's signed plaintext) imports at the hub. The hub and its laptop are set up in-process
    (enrolment in memory, without the seconds of key derivation: the enrolment file and its code through the command
    are test_sync_round_trip_between_three_database_files'), the packages through the command."""
    import shutil
    import zipfile

    from yimi_desktop.domain.vocabulary import DeviceRole
    from yimi_desktop.services.context import enrol_services, init_services

    age = shutil.which("age")
    assert age, "Debian's age tool is missing (make test installs it)"
    hub, l1 = str(tmp_path / "hub.db"), str(tmp_path / "l1.db")
    stick = tmp_path / "stick"
    stick.mkdir()
    county = init_services(Path(hub), "县中心", DeviceRole.HUB)
    enrol_services(Path(l1), county.enrolment.issue("L1")).close()
    county.close()
    lap_keys = json.loads(yimi("--db", l1, "keys", "--json").stdout)
    hub_keys = json.loads(yimi("--db", hub, "keys", "--json").stdout)
    to_l1 = Path(yimi("--db", hub, "export", "--out", str(stick), "--to", "L1").stdout.strip())
    plain = tmp_path / "plain.zip"
    with open(plain, "wb") as out:
        r = subprocess.run([age, "-d", "-i", lap_keys["age_identity_file"], str(to_l1)], stdout=out, stderr=subprocess.PIPE)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(plain) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["recipient"] == lap_keys["identity"] and manifest["signer"] == hub_keys["identity"]
    # the hub's identity cannot open a package for the laptop
    r = subprocess.run([age, "-d", "-i", hub_keys["age_identity_file"], str(to_l1)], capture_output=True)
    assert r.returncode != 0
    # the other way: age encrypts a laptop's signed package (its acknowledgement) to the hub's public key
    from_l1 = Path(yimi("--db", l1, "export", "--out", str(stick)).stdout.strip())
    inner = tmp_path / "inner.zip"
    with open(inner, "wb") as out:
        assert subprocess.run([age, "-d", "-i", hub_keys["age_identity_file"], str(from_l1)], stdout=out).returncode == 0
    again = tmp_path / "by-age.yimi"
    assert subprocess.run([age, "-e", "-r", hub_keys["age_recipient"], "-o", str(again), str(inner)]).returncode == 0
    r = yimi("--db", hub, "import", str(again), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.strip().splitlines()[-1])["packages"] == 1
