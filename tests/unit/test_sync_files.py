"""File names and file kinds at import (issue 16, item 5): a package whose name is not UTF-8
imports; junk with such a name, and a FIFO, socket or device named `*.yimi`, are refused with one
line, without opening anything that is not a regular file (a FIFO open would hang)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
from pathlib import Path

import pytest

from sync_helpers import enrol, make_hub
from yimi_desktop.domain import creditcode
from yimi_desktop.domain.display import show_name, show_path
from yimi_desktop.domain.forms import EnterpriseForm

GBK_NAME = "县中心数据包".encode("gbk") + b".yimi"  # as an archive made on a Chinese Windows machine unpacks


def test_show_path_makes_undecodable_bytes_visible_and_never_raises():
    name = os.fsdecode(b"/stick/\xb2\xe2.yimi")
    assert show_path(name) == "/stick/\\xb2\\xe2.yimi"
    assert show_path(Path(name)) == "/stick/\\xb2\\xe2.yimi"
    assert show_path(b"/stick/\xb2.yimi") == "/stick/\\xb2.yimi"
    assert show_path("县中心/a.yimi") == "县中心/a.yimi"
    assert show_name(Path(name)) == "\\xb2\\xe2.yimi"
    show_path(name).encode("utf-8")  # printable, loggable, storable
    assert show_path(None) == "None"  # type: ignore[arg-type]


@pytest.fixture
def county(tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    a = enrol(hub, tmp_path, "L1")
    yield stick, hub, a
    for s in (hub, a):
        s.close()


def _work(svc, n: int) -> None:
    svc.enterprises.add(EnterpriseForm(name=f"尉氏县文件名测试{n}号有限公司", township="城关镇",
                                       credit_code=creditcode.make_code("9", "1", "410223", f"FN{n:06d}")))


def _gbk(folder: Path) -> Path:
    return Path(os.fsdecode(os.path.join(os.fsencode(folder), GBK_NAME)))


def test_a_genuine_package_with_a_gbk_name_imports(county):
    stick, hub, a = county
    _work(a, 1)
    pkg = a.sync.export(stick)
    odd = _gbk(stick)
    shutil.move(pkg, odd)
    r = hub.sync.import_file(odd)
    assert r.ok and not r.duplicate, r.message
    assert hub.sync.digest() == a.sync.digest()
    assert "\\x" in hub.sync.status().last_in[0].file  # the log shows the name, escaped
    again = hub.sync.import_paths([stick])  # found in a folder too: a duplicate now, not a crash
    assert [x.duplicate for x in again.results] == [True]


def test_junk_with_a_gbk_name_is_refused_with_one_line(county):
    stick, hub, _ = county
    junk = _gbk(stick)
    Path(junk).write_bytes(b"not a package at all")
    r = hub.sync.import_file(junk)
    assert not r.ok and "不是一米团数据包" in r.message
    assert "\\xcf\\xd8" in r.message and "\n" not in r.message  # 县 in GBK, shown, not crashed
    r.message.encode("utf-8"), r.message_en.encode("utf-8")


def _special_files(folder: Path) -> list[Path]:
    fifo = folder / "fifo.yimi"
    os.mkfifo(fifo)
    sock_path = folder / "sock.yimi"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    return [fifo, sock_path, Path("/dev/null")]


@pytest.fixture
def no_hang():
    """Fails the test instead of hanging it when an open blocks (SIGALRM interrupts the open)."""
    def hung(*_):
        raise TimeoutError("import hung on a file that is not a regular file")
    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_fifo_socket_and_device_are_refused_without_opening_them(county, no_hang):
    stick, hub, _ = county
    for p in _special_files(stick):
        r = hub.sync.import_file(p)
        assert not r.ok and "不是普通文件" in r.message, (p, r.message)
    summary = hub.sync.import_paths([stick])  # found in a folder: listed and refused, one line each
    assert sorted(r.path.name for r in summary.refused) == ["fifo.yimi", "sock.yimi"]
    assert all("不是普通文件" in r.message for r in summary.refused)
