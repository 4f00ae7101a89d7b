"""`yimi import` on what a stick may hold besides packages (issue 16, item 5): a FIFO named
`x.yimi`, given by name or found in a folder, and junk whose name is not UTF-8. Each is refused
with one line; nothing hangs (the timeout fails the test instead)."""

from __future__ import annotations

import os
import subprocess
import sys


def yimi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yimi_desktop.cli", *args], capture_output=True,
                          timeout=60)  # bytes: the output must be valid UTF-8 (checked below)


def test_fifo_and_non_utf8_junk_are_refused_with_one_line_each(tmp_path):
    hub = str(tmp_path / "hub.db")
    assert yimi("--db", hub, "init", "--name", "县中心", "--hub").returncode == 0
    stick = tmp_path / "stick"
    stick.mkdir()
    os.mkfifo(stick / "x.yimi")
    junk = os.path.join(os.fsencode(stick), "县中心".encode("gbk") + b".yimi")
    with open(junk, "wb") as fh:
        fh.write(b"junk")

    r = yimi("--db", hub, "import", str(stick / "x.yimi"))  # by name
    err = r.stderr.decode("utf-8")
    assert r.returncode != 0 and "Traceback" not in err and "内部错误" not in err
    assert len(err.strip().splitlines()) == 1 and "不是普通文件" in err, err

    r = yimi("--db", hub, "import", str(stick))  # found in a folder
    err = r.stderr.decode("utf-8")
    assert "Traceback" not in err and "内部错误" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 2, err
    assert any("不是普通文件" in x and "x.yimi" in x for x in lines)
    assert any("不是一米团数据包" in x and "\\xcf\\xd8" in x for x in lines)
    r.stdout.decode("utf-8")
