"""What the benches share: their large databases, made once and cached in bench/out, and the bare PySide6 window
they time the app's first window against. Not a bench itself.

`demo_database` makes a database the way a user's is made, through the app's own write path (`yimi init`, then
`yimi demo`, change log included); `cached` runs any builder only when the file is missing or `rebuild` is asked
for, after removing every file that belongs to a database (the WAL, its keys and attachments folders).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A bare PySide6 window (QApplication + an empty QMainWindow shown and painted): prints time.time() when painted.
BARE_CHILD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 800)
w.show()
app.processEvents()
w.repaint()
print(time.time(), flush=True)
os._exit(0)
"""


def child_times(code: str, *args: str, env: dict[str, str] | None = None) -> list[float]:
    """Start a fresh interpreter on `code`; the seconds from just before its start to each time.time() it prints
    (interpreter start-up and imports are inside the figures)."""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    if out.returncode != 0 or not out.stdout.strip():
        raise SystemExit(f"child failed:\n{out.stdout}\n{out.stderr}")
    return [float(v) - start for v in out.stdout.split()]


def remove_database(db: Path) -> None:
    """The database file and everything beside it that belongs to it."""
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    for folder in (Path(f"{db}.keys"), Path(f"{db}.files"), Path(f"{db}.backups")):
        shutil.rmtree(folder, ignore_errors=True)


def cached(db: Path, rebuild: bool, build: Callable[[Path], None]) -> float | None:
    """`build(db)` if `db` is missing or `rebuild`; the seconds it took, or None when the cached file is used."""
    if db.exists() and not rebuild:
        return None
    remove_database(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    build(db)
    return time.perf_counter() - t


def demo_database(enterprises: int, visits: int = 2000, name: str = "基准笔记本") -> Callable[[Path], None]:
    """A builder: `yimi init` (a laptop), then `yimi demo --enterprises N --visits M`."""
    def build(db: Path) -> None:
        yimi = [sys.executable, "-m", "yimi_desktop.cli", "--db", str(db)]
        subprocess.run([*yimi, "init", "--name", name], check=True, cwd=ROOT, capture_output=True)
        subprocess.run([*yimi, "demo", "--enterprises", str(enterprises), "--visits", str(visits)], check=True,
                       cwd=ROOT, capture_output=True)
    return build
