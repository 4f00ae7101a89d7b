"""A QR code that proves the paper: the printed record's code is signed with the device key; `verify` says
genuine and unchanged, genuine but changed (which part), or not issued by this county; the QR decodes from
a 300 dpi render of the printed page (zbarimg)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace

import pytest

from yimi_desktop.cli import main
from yimi_desktop.reports import documents, proof
from yimi_desktop.services.visits import VisitQuery


@pytest.fixture
def visit(demo_services):
    return next(v for v in demo_services.visits.list(VisitQuery()) if v.record_no)


def qr_text(svc, visit_id: str) -> str:
    data = svc.reports.visit_record_data(visit_id)
    keys = svc.trust.keys()
    return documents.visit_qr_text(replace(data, proof=proof.make_code(data, keys.signing_public, keys.sign,
                                                                       data.visit_date)))


def test_genuine_then_changed_after_an_amendment(demo_services, visit):
    text = qr_text(demo_services, visit.id)
    assert f"编号：{visit.record_no}" in text and "核验：YM1." in text
    check = demo_services.reports.verify_paper(text)
    assert check.verdict == "genuine" and check.ok and visit.record_no in check.zh
    demo_services.visits.amend(visit.id, "notes", "补充：企业另需用地", "漏记了用地问题")
    check = demo_services.reports.verify_paper(text)
    assert check.verdict == "changed" and not check.ok and check.changed == ["走访情况"]
    assert "已修改" in check.zh and "走访情况" in check.zh


def test_forged_or_foreign_codes_are_refused(demo_services, visit, tmp_path):
    text = qr_text(demo_services, visit.id)
    # another number under the same signature
    other = text.replace(visit.record_no, visit.record_no[:-1] + ("0" if visit.record_no[-1] != "0" else "1"))
    assert demo_services.reports.verify_paper(other).verdict == "foreign"
    # a digest changed by hand
    code = text.split("YM1.")[1]
    flipped = code[:20] + ("A" if code[20] != "A" else "B") + code[21:]
    assert demo_services.reports.verify_paper(text.replace(code, flipped)).verdict == "foreign"
    # another county's key (a fresh installation) did not sign it
    from yimi_desktop.services.context import init_services
    from yimi_desktop.domain.vocabulary import DeviceRole
    elsewhere = init_services(tmp_path / "other.db", "别县笔记本", DeviceRole.LAPTOP)
    try:
        check = elsewhere.reports.verify_paper(text)  # a laptop cannot tell another county from another laptop
        assert check.verdict == "unknown" and "到县级中心核验" in check.zh
    finally:
        elsewhere.close()
    assert demo_services.reports.verify_paper("随便一段文字").verdict == "unreadable"
    assert demo_services.reports.verify_paper(text.replace(code, code[:60])).verdict == "unreadable"  # cut short


def test_cli_verify_exit_codes_and_list_by_record_no(demo_services, visit, capsys):
    db = str(demo_services.db.path)
    text = qr_text(demo_services, visit.id)
    assert main(["--db", db, "verify", text]) == 0
    assert "真实且未改动" in capsys.readouterr().out
    assert main(["--db", db, "verify", "not a code"]) == 5
    capsys.readouterr()
    assert main(["--db", db, "list", "visits", "--search", visit.record_no.lower()]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith(visit.record_no)


@pytest.mark.skipif(not shutil.which("zbarimg") or not shutil.which("pdftoppm"), reason="zbar-tools/poppler missing")
def test_printed_qr_scans_at_300_dpi_and_verifies(demo_services, visit, tmp_path):
    pdf = demo_services.reports.visit_record(visit.id, tmp_path / "v.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True).stdout
    assert "YM1." in scanned
    assert demo_services.reports.verify_paper(scanned).verdict == "genuine"
    demo_services.visits.amend(visit.id, "place", "企业会议室（改）", "地点记错")
    assert demo_services.reports.verify_paper(scanned).changed == ["基本信息"]


def test_a_laptop_the_hub_enrolled_signs_genuinely_until_revoked(demo_services, visit):
    from datetime import datetime

    from yimi_desktop.storage.models import EnrolledDevice
    from yimi_desktop.sync import keys as keylib

    laptop = keylib.KeyMaterial.generate()
    signer = keylib._load_signing(laptop.signing_pem.encode())
    data = demo_services.reports.visit_record_data(visit.id)
    text = documents.visit_qr_text(replace(data, proof=proof.make_code(data, laptop.signing_public, signer.sign,
                                                                       data.visit_date)))
    assert demo_services.reports.verify_paper(text).verdict == "unknown"  # not (yet) a key this laptop knows
    with demo_services.db.session() as s:
        s.add(EnrolledDevice(identity_id="f" * 32, name="洧川镇笔记本", signing_public=laptop.signing_public,
                             age_recipient=laptop.age_recipient))
    check = demo_services.reports.verify_paper(text)
    assert check.verdict == "genuine" and "洧川镇笔记本" in check.zh
    with demo_services.db.session() as s:
        s.get(EnrolledDevice, "f" * 32).revoked_at = datetime(2026, 1, 1)
    check = demo_services.reports.verify_paper(text)
    assert check.verdict == "foreign" and "吊销" in check.zh


def test_the_hub_says_not_issued_by_this_county_where_a_laptop_says_check_at_the_hub(demo_services, visit, tmp_path):
    """The hub knows every enrolled laptop's key: a key it does not know is not the county's. A laptop knows only
    its own and the hub's, so it sends the clerk to the hub instead of calling another laptop's paper forged."""
    from yimi_desktop.domain.vocabulary import DeviceRole
    from yimi_desktop.services.context import init_services

    text = qr_text(demo_services, visit.id)
    hub = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB)
    try:
        check = hub.reports.verify_paper(text)
        assert check.verdict == "foreign" and "不是本县签发" in check.zh
    finally:
        hub.close()
