"""`yimi verify` across laptops (sync/roster.py): three database files, a hub and laptops A and B. Laptop B prints
a visit record; laptop A cannot check it (exit 6, unknown) until one round through the hub brings B's visit and
the hub-signed roster of the laptops' keys; then exit 0 (genuine and unchanged); after B amends the visit and
the next round, exit 1 (changed). The county is set up in-process (enrolment in memory, without the seconds of
key derivation), the rest through the command. The QR is read off the printed PDF with zbarimg when it is
installed, else made in-process the way the PDF makes it."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.reports import documents, proof
from yimi_desktop.services.context import enrol_services, init_services, open_services
from test_cli_identity import yimi


def _scanned(lap: str, visit_id: str, tmp_path: Path) -> str:
    pdf = tmp_path / "B.pdf"
    r = yimi("--db", lap, "report", "visit", visit_id, "--out", str(pdf))
    assert r.returncode == 0, r.stderr
    if shutil.which("zbarimg") and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
        text = subprocess.run(["zbarimg", "-q", "--raw", str(next(tmp_path.glob("p*.png")))], capture_output=True,
                              text=True).stdout
        assert "YM1." in text
        return text
    svc = open_services(Path(lap))
    try:
        data = svc.reports.visit_record_data(visit_id)
        keys = svc.trust.keys()
        return documents.visit_qr_text(replace(data, proof=proof.make_code(data, keys.signing_public, keys.sign,
                                                                           data.visit_date)))
    finally:
        svc.close()


def _round(hub: str, sender: str, to: str, to_name: str, stick: Path) -> None:
    """One round: `sender` to the hub, the hub to `to`."""
    r = yimi("--db", hub, "import", yimi("--db", sender, "export", "--out", str(stick)).stdout.strip())
    assert r.returncode == 0, r.stderr
    r = yimi("--db", to, "import", yimi("--db", hub, "export", "--out", str(stick), "--to", to_name).stdout.strip())
    assert r.returncode == 0, r.stderr


@pytest.mark.slow
def test_laptop_a_verifies_laptop_bs_paper_after_a_round_through_the_hub(tmp_path):
    hub_svc = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB)
    hub_svc.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    for name in ("A", "B"):
        enrol_services(tmp_path / f"{name}.db", hub_svc.enrolment.issue(name)).close()
    hub_svc.close()
    hub, a, b = (str(tmp_path / f"{n}.db") for n in ("hub", "A", "B"))
    stick = tmp_path / "stick"
    stick.mkdir()

    assert yimi("--db", b, "simulate", "--visits", "1").returncode == 0
    visit = next(v for v in json.loads(yimi("--db", b, "list", "visits", "--json").stdout) if v["record_no"])
    text = _scanned(b, visit["id"], tmp_path)
    assert yimi("--db", b, "verify", text).returncode == 0  # its own paper

    r = yimi("--db", a, "verify", text)
    assert r.returncode == 6 and "本机无法核验" in r.stdout, r.stdout + r.stderr

    _round(hub, b, a, "A", stick)
    r = yimi("--db", a, "verify", text)
    assert r.returncode == 0 and "真实且未改动" in r.stdout and "笔记本“B”" in r.stdout, r.stdout + r.stderr

    svc = open_services(Path(b))  # no `yimi amend`: the change is made through the service
    try:
        svc.visits.amend(visit["id"], "notes", "补充：企业另需用地", "漏记了用地问题")
    finally:
        svc.close()
    _round(hub, b, a, "A", stick)
    r = yimi("--db", a, "verify", text)
    assert r.returncode == 1 and "已修改" in r.stdout and "走访情况" in r.stdout, r.stdout + r.stderr

    # the hub revokes B: after its next package A no longer accepts B's paper
    assert yimi("--db", hub, "revoke", "B").returncode == 0
    r = yimi("--db", a, "import", yimi("--db", hub, "export", "--out", str(stick), "--to", "A").stdout.strip())
    assert r.returncode == 0, r.stderr
    r = yimi("--db", a, "verify", text)
    assert r.returncode == 3 and "吊销" in r.stdout, r.stdout + r.stderr
