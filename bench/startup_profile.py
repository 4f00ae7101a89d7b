"""What runs before the first painted 企业 window (run by hand: `.venv/bin/python bench/startup_profile.py`).

Not a timing bench (bench/startup.py is): one child of bench/startup.py's kind, started the same way (compiled
bytecode, offscreen), stopped at its first painted screen of rows, reports where the time before that paint went:

- the modules imported after PySide6 (each costs a read of its source: PySide6's feature hook scans it), in order;
- the Qt enums PySide6 made (a Python enum each, made when its class or namespace is first touched; ~0.15 ms
  apiece), grouped by the line of our code that made them, beside how many a bare PySide6 window makes;
- with `--cprofile N`, the N functions with the most cumulative time under cProfile (its overhead inflates
  Python-heavy code, so read it for shares, not for milliseconds).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from collections import defaultdict
from pathlib import Path

from _dbbuild import BARE_CHILD
from startup import APP_CHILD, OUT, ROOT

# Prepended to a child: records every Qt enum made (PySide6 makes them with enum's functional API) and the line of
# our code (or of the child) on the stack at the time, and the modules imported once PySide6 is in.
HOOKS = """
import enum as _enum, sys as _sys, time as _time, json as _json
_ENUMS, _MODULES = [], []
_create = _enum.EnumType._create_
def _made(cls, class_name, names, *a, **kw):
    t = _time.perf_counter()
    made = _create(cls, class_name, names, *a, **kw)
    f, where = _sys._getframe(1), "(from Qt)"
    while f is not None:
        name = f.f_code.co_filename
        if "yimi_desktop" in name or name == "<string>":
            where = name.rsplit("yimi_desktop/", 1)[-1] + ":" + str(f.f_lineno)
            break
        f = f.f_back
    _ENUMS.append([str(kw.get("qualname") or class_name), where, _time.perf_counter() - t])
    return made
_enum.EnumType._create_ = _made
def _report():
    after = [m for m in _sys.modules if m not in _BEFORE] if "_BEFORE" in globals() else []
    _json.dump({"enums": _ENUMS, "modules": after}, open(_sys.argv[-1], "w"))
"""


def run_child(code: str, args: list[str], env: dict[str, str]) -> None:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"child failed:\n{out.stdout}\n{out.stderr}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=100_000)
    ap.add_argument("--cprofile", type=int, default=0, help="also print the N costliest functions under cProfile")
    args = ap.parse_args()
    db = OUT / f"startup-{args.enterprises}.db"
    if not db.exists():
        raise SystemExit(f"{db} is missing: run bench/startup.py once (it makes and caches it)")
    settings = OUT / "qsettings-startup"
    settings.mkdir(exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(OUT / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    stop = '        times[what] = time.time()\n'
    if stop not in APP_CHILD or "from PySide6.QtCore import QSettings" not in APP_CHILD:
        raise SystemExit("bench/startup.py's child changed: update the hooks here")
    app = APP_CHILD.replace("from PySide6.QtCore import QSettings", "_BEFORE = set(sys.modules)\nfrom PySide6.QtCore import QSettings", 1)
    app = app.replace(stop, stop + '        if what == "first":\n            _report()\n            os._exit(0)\n', 1)
    bare = BARE_CHILD.replace("print(time.time(), flush=True)", "_report()")
    with tempfile.TemporaryDirectory() as tmp:
        found = {}
        for label, code, extra in (("app", app, [str(ROOT), str(db), str(settings)]), ("bare", bare, [])):
            target = Path(tmp) / f"{label}.json"
            run_child(HOOKS + code, [*extra, str(target)], env)  # warm: bytecode and the OS file cache
            run_child(HOOKS + code, [*extra, str(target)], env)
            found[label] = json.loads(target.read_text())
        if args.cprofile:
            prof = Path(tmp) / "first.prof"
            profiled = "import cProfile as _cp\n_P = _cp.Profile()\n_P.enable()\n" + app.replace(
                "            _report()\n", f"            _P.disable()\n            _P.dump_stats({str(prof)!r})\n", 1)
            run_child(profiled, [str(ROOT), str(db), str(settings), str(Path(tmp) / "unused.json")], env)
            import pstats

            stats = pstats.Stats(str(prof))
    ours = [m for m in found["app"]["modules"] if m.startswith("yimi_desktop")]
    print(f"Modules imported after PySide6 before the first paint: {len(found['app']['modules'])}, "
          f"{len(ours)} of them ours:")
    print(textwrap.fill(" ".join(m.removeprefix("yimi_desktop.") for m in ours), 116, initial_indent="  ",
                        subsequent_indent="  "))
    for label in ("bare", "app"):
        enums = found[label]["enums"]
        print(f"\nQt enums made before the first paint, {label}: {len(enums)}, "
              f"{sum(e[2] for e in enums) * 1000:.1f} ms")
        if label == "app":
            by_line: dict[str, list] = defaultdict(list)
            for name, where, t in enums:
                by_line[where].append((name, t))
            for where, made in sorted(by_line.items(), key=lambda kv: -sum(t for _, t in kv[1])):
                names = " ".join(n for n, _ in made)
                print(f"  {sum(t for _, t in made) * 1000:5.1f} ms {len(made):3} {where:<36} "
                      f"{names[:90]}{'…' if len(names) > 90 else ''}")
    if args.cprofile:
        print()
        stats.sort_stats("cumulative").print_stats(args.cprofile)


if __name__ == "__main__":
    main()
