"""Every UI string (Chinese source) has an English translation, and the .ts file is up to date with the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "yimi_en.ts"
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def _untranslated(ts: Path) -> list[str]:
    out = []
    for msg in ET.parse(ts).getroot().iter("message"):
        tr = msg.find("translation")
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip():
            out.append(msg.find("source").text)
    return out


def test_every_string_in_the_ts_file_is_translated():
    assert _untranslated(TS) == []


@pytest.mark.skipif(not LUPDATE.exists(), reason="pyside6-lupdate not installed beside this Python")
def test_ts_file_covers_every_tr_string_in_the_code(tmp_path):
    copy = tmp_path / "yimi_en.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "yimi_desktop" / "ui").rglob("*.py"))
    subprocess.run([str(LUPDATE), "-no-obsolete", "-silent", *sources, "-ts", str(copy)], check=True,
                   capture_output=True)
    missing = _untranslated(copy)
    assert missing == [], f"run `make lupdate` and translate: {missing}"
