"""Enrolment and trust in the GUI: the first-run dialog, the fingerprints on the 同步 page, the hub's
device list (注册新笔记本, 注销), and a laptop set up without enrolment enrolling from its 同步 page.

A real enrolment file costs seconds of scrypt (to write it and each time a code is tried): two here.
"""

from __future__ import annotations


import re
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLabel

from sync_helpers import enrol, make_hub
from yimi_desktop.domain import creditcode
from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import ServicesFactory, init_services
from yimi_desktop.ui.application import make_application
from yimi_desktop.ui.dialogs.first_run_dialog import ENROL, HUB, LATER, FirstRunDialog
from yimi_desktop.ui.operations import Operations

SCRYPT_TIMEOUT = 30000


def _settings(tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


def _first_run(qtbot, db_path: Path) -> FirstRunDialog:
    dlg = FirstRunDialog(ServicesFactory(), db_path, Operations(make_application()), "zh")
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _cells(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_first_run_sets_up_a_hub_and_cancel_leaves_nothing(qtbot, tmp_path):
    _settings(tmp_path)
    dlg = _first_run(qtbot, tmp_path / "data" / "hub.db")
    assert dlg.radios[ENROL].isChecked() and dlg.forms.currentWidget() is dlg.enrol_form
    dlg.radios[HUB].setChecked(True)
    assert dlg.forms.currentIndex() == HUB
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.error.text() == "请填写名称。" and not dlg.busy()
    assert not (tmp_path / "data").exists()
    dlg.hub_name.setText("尉氏县一米团办公室")  # (QTest types Latin-1 only)
    with qtbot.waitSignal(dlg.accepted, timeout=10000):
        qtbot.keyClick(dlg.hub_name, Qt.Key.Key_Return)  # Enter = OK
    svc = dlg.services
    try:
        assert svc.device.role is DeviceRole.HUB and svc.device.name == "尉氏县一米团办公室"
        assert (tmp_path / "data" / "hub.db").exists() and svc.trust.devices() == []
    finally:
        svc.close()

    later = _first_run(qtbot, tmp_path / "later.db")
    later.radios[LATER].setChecked(True)
    later.later_name.setText("金融专业一米团-笔记本1")
    later.cancel_button.click()
    assert later.result() == QDialog.DialogCode.Rejected and later.services is None
    assert list(tmp_path.glob("later.db*")) == []


def test_first_run_enrols_from_the_file_and_code_and_a_wrong_code_changes_nothing(qtbot, tmp_path):
    _settings(tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    lap = None
    try:
        issued = hub.enrolment.enroll("L1", stick)
        db = tmp_path / "l1.db"
        dlg = _first_run(qtbot, db)
        dlg.enrol_form.file_edit.setText(str(issued.file))
        dlg.enrol_form.code_edit.setText("1234")  # malformed: said at once, no slow work
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        assert "16位数字" in dlg.error.text() and not dlg.busy()

        wrong = "1111 2222 3333 4444" if issued.code != "1111-2222-3333-4444" else "4444 3333 2222 1111"
        dlg.enrol_form.code_edit.setText(wrong)
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        assert dlg.busy() and not dlg.ok_button.isEnabled() and not dlg.content_widget.isEnabled()
        assert dlg.busy_bar.isVisible()
        dlg.on_busy_tick()  # what the one-second timer shows: the elapsed time, since scrypt gives no progress
        assert "已用" in dlg.busy_label.text() and "秒" in dlg.busy_label.text()
        dlg.reject()  # cannot be closed while the code is being checked
        assert dlg.isVisible()
        qtbot.waitUntil(lambda: not dlg.busy(), timeout=SCRYPT_TIMEOUT)
        assert "注册码不对" in dlg.error.text() and dlg.isVisible()
        assert dlg.services is None and list(tmp_path.glob("l1.db*")) == []

        dlg.enrol_form.code_edit.setText(issued.code.replace("-", " "))  # spaces instead of dashes
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.finished_work, timeout=SCRYPT_TIMEOUT)
        panel = dlg.done_panel
        assert dlg.pages.currentWidget() is panel and not dlg.error.isVisible()
        assert panel.hub_name.text() == "县中心"
        assert panel.hub_fingerprint.text() == hub.trust.info().signing_fingerprint
        assert panel.name.text() == "L1" and panel.fingerprint.text() == issued.fingerprint
        assert not issued.file.exists() and "已从U盘上删除" in panel.file_note.text()  # used once, then gone
        assert dlg.ok_button.text() == "进入系统" and dlg.cancel_button.isHidden()
        with qtbot.waitSignal(dlg.accepted, timeout=5000):
            qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        lap = dlg.services
        assert lap.device.enrolled and lap.device.name == "L1"
        assert lap.trust.info().hub.signing_fingerprint == panel.hub_fingerprint.text()
        assert hub.sync.import_file(lap.sync.export(stick)).ok
    finally:
        for s in (hub, lap):
            if s is not None:
                s.close()


def test_hub_lists_enrolled_devices_and_revokes_one(open_sync_page, qtbot, qtmodeltester, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    a = enrol(hub, tmp_path, "L1")
    b = enrol(hub, tmp_path, "L2")
    try:
        # L1 first takes L2's row of the roster of laptops' keys (sync.roster), so that it lacks nothing
        assert a.sync.import_file(hub.sync.export(stick, to="L1")).ok
        assert hub.sync.import_file(a.sync.export(stick)).ok
        session, page = open_sync_page(hub)
        model = page.device_model
        qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=5000)
        qtmodeltester.check(model)
        rows = {_cells(model, r)[0]: _cells(model, r) for r in range(2)}
        assert rows["L1"][1] == a.trust.info().signing_fingerprint
        assert rows["L2"][1] == b.trust.info().signing_fingerprint
        assert rows["L1"][3] != "尚未收到" and rows["L2"][3] == "尚未收到"
        assert rows["L1"][4] == "已收到本中心的全部数据" and rows["L2"][4] == "尚未收到它的数据包"
        assert rows["L1"][5] == rows["L2"][5] == "在用"
        assert [page.to_laptop.itemText(i) for i in range(page.to_laptop.count())] == ["L1", "L2"]
        assert page.tabs.tabText(page.tabs.indexOf(page.tab_pages["devices"])) == "已注册设备 (2)"
        assert page.own_fingerprint.text() == f"本机指纹:{hub.trust.info().signing_fingerprint}"

        assert not page.revoke_button.isEnabled()
        page.tables["devices"].selectRow(next(r for r in range(2) if _cells(model, r)[0] == "L1"))
        assert page.revoke_button.isEnabled()
        qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
        dlg = page.revoke_dialog
        assert any("“L1”" in w.text() for w in dlg.findChildren(QLabel))
        dlg.reason.setText("笔记本丢失")
        with qtbot.waitSignal(dlg.accepted, timeout=5000):
            qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: _cells(model, 1)[5].startswith("已注销"), timeout=5000)
        qtmodeltester.check(model)
        revoked = _cells(model, 1)  # revoked devices are listed last, greyed
        assert revoked[0] == "L1" and revoked[5].endswith("(笔记本丢失)")
        assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
        assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
        assert not page.revoke_button.isEnabled()
        assert [page.to_laptop.itemText(i) for i in range(page.to_laptop.count())] == ["L2"]
        assert "已注销“L1”" in page.result.text()
        assert next(d for d in hub.trust.devices() if d.name == "L1").revoked

        # a later package from L1 is refused
        for f in stick.glob("*.yimi"):
            f.unlink()
        a.sync.export(stick)
        page.set_folder(str(stick))
        with qtbot.waitSignal(page.sync_done, timeout=15000):
            page.import_button.click()
        assert "已拒绝" in page.result.text() and "注销" in page.result.text()
        session.tasks.wait()
    finally:
        for s in (hub, a, b):
            s.close()


def test_hub_enrols_a_new_laptop_and_an_unenrolled_laptop_enrols_from_its_sync_page(open_sync_page, qtbot, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    lap = init_services(tmp_path / "lap.db", "未注册笔记本", DeviceRole.LAPTOP)
    session_l = None
    try:
        eid = lap.enterprises.add(EnterpriseForm(name="尉氏县注册前记录有限公司", township="城关镇",
                                                 credit_code=creditcode.make_code("9", "1", "410223", "MA000999")))
        # the hub: 注册新笔记本, into the selected stick
        session_h, page_h = open_sync_page(hub)
        page_h.set_folder(str(stick))
        qtbot.mouseClick(page_h.new_device_button, Qt.MouseButton.LeftButton)
        nd = page_h.device_dialog
        assert nd.folder_edit.text() == str(stick)
        qtbot.keyClicks(nd.name_edit, "L3")
        qtbot.mouseClick(nd.ok_button, Qt.MouseButton.LeftButton)
        assert nd.busy()
        qtbot.waitUntil(lambda: nd.finished_work, timeout=SCRYPT_TIMEOUT)
        code = nd.code_label.text()
        file = Path(nd.file_label.text())
        assert re.fullmatch(r"\d{4}(-\d{4}){3}", code)
        assert file.parent == stick and file.name == "L3.yimi-enrol" and file.exists()
        assert code.encode() not in file.read_bytes() and [p.name for p in stick.iterdir()] == [file.name]
        hub_fp = hub.trust.info().signing_fingerprint
        assert nd.hub_fp.text() == hub_fp
        with qtbot.waitSignal(nd.finished, timeout=5000):
            qtbot.mouseClick(nd.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page_h.device_model.rowCount() == 1, timeout=5000)
        assert _cells(page_h.device_model, 0)[:2] == ["L3", nd.new_fp.text()]

        # the laptop: not enrolled, says so, and enrols here
        session_l, page_l = open_sync_page(lap)
        assert not page_l.notice.isHidden() and page_l.notice_text.text().startswith("本机尚未注册")
        assert not page_l.export_button.isEnabled() and not page_l.import_button.isEnabled()
        assert page_l.hub_fingerprint.isHidden()
        qtbot.mouseClick(page_l.enrol_button, Qt.MouseButton.LeftButton)
        dlg = page_l.enrol_dialog
        dlg.form.file_edit.setText(str(file))
        dlg.form.code_edit.setText(code)
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.finished_work, timeout=SCRYPT_TIMEOUT)
        assert dlg.done_panel.hub_fingerprint.text() == hub_fp
        assert not file.exists()
        old_window = session_l.window
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        assert session_l.window is not old_window and session_l.services is not lap
        qtbot.addWidget(session_l.window)
        new = session_l.services
        assert new.device.enrolled and new.device.name == "L3" and "L3" in session_l.window.windowTitle()
        page = session_l.window.page("sync")
        assert page.notice.isHidden() and page.export_button.isEnabled()
        qtbot.waitUntil(lambda: hub_fp in page.hub_fingerprint.text(), timeout=5000)
        assert page.hub_fingerprint.text() == f"县级中心:县中心 · 指纹 {hub_fp}"
        assert new.enterprises.get(eid).form.name == "尉氏县注册前记录有限公司"  # its records are kept
        result = hub.sync.import_file(new.sync.export(stick))
        assert result.ok and hub.enterprises.count() == 1
        session_h.tasks.wait()
        session_l.tasks.wait()
    finally:
        hub.close()
        lap.close()
        if session_l is not None:
            session_l.services.close()


def test_hub_device_list_shows_the_replicas_of_one_laptop_and_a_reused_enrolment_file(
        open_sync_page, qtbot, qtmodeltester, tmp_path):
    """As `yimi devices` does: a laptop whose data folder was copied is one device with two replicas,
    each with what it holds of the hub's data in words; a second computer set up from the same
    enrolment file is listed under it, in red, as refused."""
    from sync_helpers import copy_replica
    from yimi_desktop.services.context import enrol_services

    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    enrolment = hub.enrolment.issue("L1")
    a = enrol_services(tmp_path / "L1.db", enrolment)
    other = enrol_services(tmp_path / "other.db", enrolment)
    a, copy = copy_replica(a, tmp_path / "copy.db")
    try:
        for lap in (a, copy):
            assert hub.sync.import_file(lap.sync.export(stick)).ok
        assert not hub.sync.import_file(other.sync.export(stick)).ok
        hub.enterprises.add(EnterpriseForm(name="尉氏县副本测试有限公司", township="城关镇",
                                           credit_code=creditcode.make_code("9", "1", "410223", "MA000999")))
        assert copy.sync.import_file(hub.sync.export(stick, to="L1")).ok
        assert hub.sync.import_file(copy.sync.export(stick)).ok  # the copy holds it; the original does not
        session, page = open_sync_page(hub)
        model = page.device_model
        qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=5000)
        qtmodeltester.check(model)
        rows = [_cells(model, r) for r in range(4)]
        assert rows[0][0] == "L1(共 2 份副本)" and rows[0][5] == "在用 · 注册文件被重复使用"
        assert rows[0][4].startswith("已收到本中心") and "以前的全部数据(还差" in rows[0][4]
        assert {r[0] for r in rows[1:3]} == {f"  └ 副本 {i}(设备号 {p.device_id[:8]})"
                                             for i, p in enumerate(hub.trust.devices()[0].replicas, start=1)}
        held = {r[0][-9:-1]: r[4] for r in rows[1:3]}
        assert held[copy.device.device_id[:8]] == "已收到本中心的全部数据"
        assert "还差" in held[a.device.device_id[:8]]  # the original lacks what the copy received
        assert rows[3][0] == "  └ 重复注册的电脑" and "已拒收它的 1 个数据包" in rows[3][5]
        assert model.index(3, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
        page.tables["devices"].selectRow(2)  # a replica row selects its laptop
        assert page.selected_device().name == "L1" and page.revoke_button.isEnabled()
        session.tasks.wait()
    finally:
        for s in (hub, a, copy, other):
            s.close()
