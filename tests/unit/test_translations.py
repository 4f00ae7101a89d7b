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


@pytest.mark.skipif(not LUPDATE.exists() or shutil.which("make") is None, reason="needs make and pyside6-lupdate")
def test_make_lupdate_keeps_the_ts_quoting_and_a_second_run_changes_nothing(tmp_path):
    """lupdate writes `"/>` and `&apos;`; the Makefile target puts the file's own quoting back."""
    (tmp_path / "resources" / "translations").mkdir(parents=True)
    (tmp_path / "yimi_desktop").symlink_to(ROOT / "yimi_desktop")
    copy = tmp_path / "resources" / "translations" / "yimi_en.ts"
    shutil.copy(TS, copy)
    venv = LUPDATE.parent.parent
    make = ["make", "-s", "-f", str(ROOT / "Makefile"), f"VENV={venv}", "-o", f"{venv}/.installed", "lupdate",
            f"TS={copy.relative_to(tmp_path)}"]
    subprocess.run(make, cwd=tmp_path, check=True, capture_output=True)
    once = copy.read_text(encoding="utf-8")
    assert '"/>' not in once and "&apos;" not in once
    assert "'" in once and '" />' in once
    assert 'filename="../../yimi_desktop/ui/' in once
    subprocess.run(make, cwd=tmp_path, check=True, capture_output=True)
    assert copy.read_text(encoding="utf-8") == once


def test_no_tr_call_inside_an_f_string():
    """lupdate does not look inside f-strings: a tr() there never reaches the .ts file and stays
    Chinese in the English UI (the visit detail's captions did)."""
    import ast

    found = []
    for path in sorted((ROOT / "yimi_desktop" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "attr", getattr(inner.func, "id", "")) == "tr":
                        found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert found == []
