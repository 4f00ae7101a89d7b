"""备份与恢复 dialog (文件 → 备份与恢复): listing, 立即备份, 备份到U盘, a restore that reopens the window on the restored
database as a new device, refusals that change nothing, a full disk."""

from __future__ import annotations

import errno
import sqlite3
from datetime import date
from pathlib import Path


from yimi_desktop.services import backups
from sync_helpers import enrol, make_hub


def _exchange(stick: Path, hub, lap) -> None:
    for _ in range(2):
        hub.sync.import_file(lap.sync.export(stick))
        lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))


def _open_dialog(qtbot, session):
    session.window.on_backups()
    dialog = session.window.backup_dialog
    qtbot.waitUntil(lambda: not session.tasks.busy(), timeout=5000)
    return dialog


def _laptop(tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    lap = enrol(hub, tmp_path, "L1")
    return stick, hub, lap


def test_back_up_then_restore_reopens_the_window_on_the_restored_database(gui_session, qtbot, qtmodeltester,
                                                                          tmp_path):
    stick, hub, lap = _laptop(tmp_path)
    lap.simulation.run(seed=1, visits=2, today=date(2026, 11, 2))
    _exchange(stick, hub, lap)
    session = gui_session(lap)
    try:
        dialog = _open_dialog(qtbot, session)
        assert dialog.isVisible() and dialog.model.rowCount() == 0 and not dialog.salvage_button.isVisible()
        dialog.backup_button.click()
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
        qtmodeltester.check(dialog.model)
        assert "已备份并校验" in dialog.result_line.text()
        assert [dialog.model.index(0, c).data() for c in (1, 3)] == ["手动", "已校验"]

        lap.simulation.run(seed=3, visits=3, today=date(2026, 11, 4))  # reaches the hub, then the restore loses it
        _exchange(stick, hub, lap)
        old_window, old_device = session.window, lap.device.device_id
        dialog.table.selectRow(0)
        dialog.on_restore_selected()
        box = dialog.message
        assert box is not None and box.objectName() == "confirmRestore" and box.isVisible()
        said = box.text() + box.informativeText()
        assert "替换" in said and "恢复前" in said and str(lap.db.path.name) in said  # what goes, and the safety copy
        assert box.defaultButton().text() == "取消"
        go = next(b for b in box.buttons() if b.text() == "恢复")
        go.click()
        qtbot.waitUntil(lambda: session.services is not lap, timeout=20000)
        new = session.services
        assert session.window is not old_window and new.device.device_id != old_device
        assert new.db.path == lap.db.path
        result = dialog.message
        assert result.objectName() == "restoreResult" and "已恢复" in result.text() and "备份恢复" in result.text()
        result.close()
        assert [b.reason for b in backups.list_backups(new.db.path)] == ["before-restore", "manual"]
        assert len(new.visits.ids()) == 2
        _exchange(stick, hub, new)
        assert len(new.visits.ids()) == 5 and new.sync.digest() == hub.sync.digest()
        session.tasks.wait()
    finally:
        session.close()
        hub.close()


def test_a_backup_from_a_newer_version_is_refused_and_the_window_stays(gui_session, qtbot, tmp_path, monkeypatch):
    stick, hub, lap = _laptop(tmp_path)
    newer = tmp_path / "newer.db"
    backups.create(lap.db.path, "manual", folder=tmp_path / "b").path.replace(newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    session = gui_session(lap)
    try:
        dialog = _open_dialog(qtbot, session)
        window = session.window
        monkeypatch.setattr(dialog, "restore_file", lambda: str(newer))
        dialog.on_restore_file()
        next(b for b in dialog.message.buttons() if b.text() == "恢复").click()
        qtbot.waitUntil(lambda: "更新版本" in dialog.result_line.text(), timeout=10000)
        assert session.services is lap and session.window is window and not dialog.working
        assert lap.enterprises.count() == 3  # still open and working
        assert backups.list_backups(lap.db.path) == []  # nothing was even backed up: nothing changed
        assert dialog.restore_button.isEnabled() is False  # nothing listed, nothing selected
    finally:
        session.close()
        hub.close()


def test_a_full_disk_says_so_and_the_stick_copy_is_sealed(gui_session, qtbot, tmp_path, monkeypatch):
    from yimi_desktop.storage import backups as storage_backups

    stick, hub, lap = _laptop(tmp_path)
    session = gui_session(lap)
    try:
        dialog = _open_dialog(qtbot, session)
        usb = tmp_path / "usb"
        usb.mkdir()
        monkeypatch.setattr(dialog, "stick_folder", lambda: str(usb))
        dialog.stick_button.click()
        qtbot.waitUntil(lambda: "已加密写到" in dialog.result_line.text(), timeout=10000)
        (sealed,) = usb.glob("*.age")
        assert sealed.read_bytes().startswith(b"age-encryption.org/v1")
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)

        real_fsync = storage_backups.os.fsync

        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(storage_backups.os, "fsync", full)
        dialog.backup_button.click()
        qtbot.waitUntil(lambda: "磁盘已满" in dialog.result_line.text(), timeout=10000)
        monkeypatch.setattr(storage_backups.os, "fsync", real_fsync)
        assert len(backups.list_backups(lap.db.path)) == 1  # the last good one, and no half-written file
        assert sorted(p.name for p in backups.backup_dir(lap.db.path).iterdir()) == [
            backups.list_backups(lap.db.path)[0].path.name]
        assert dialog.backup_button.isEnabled()
    finally:
        session.close()
        hub.close()


def test_the_hub_takes_in_a_dead_laptops_stick_copy(gui_session, qtbot, tmp_path, monkeypatch):
    stick, hub, lap = _laptop(tmp_path)
    lap.simulation.run(seed=1, visits=2, today=date(2026, 11, 2))  # never sent: the laptop dies after its stick copy
    _made, sealed = backups.back_up_to_stick(lap, tmp_path / "usb")
    Path(f"{sealed}.sig").unlink()  # as an earlier release made it: the hub asks before taking it
    session = gui_session(hub)
    try:
        dialog = _open_dialog(qtbot, session)
        assert dialog.salvage_button.isVisible()
        monkeypatch.setattr(dialog, "salvage_file", lambda: str(sealed))
        dialog.salvage_button.click()
        qtbot.waitUntil(lambda: dialog.message is not None and dialog.message.objectName() == "confirmUnsigned",
                        timeout=10000)
        assert "--unsigned" in dialog.result_line.text() and len(hub.visits.ids()) == 0
        next(b for b in dialog.message.buttons() if b.text() == "是,照样收取").click()
        qtbot.waitUntil(lambda: "已收取笔记本“L1”" in dialog.result_line.text(), timeout=10000)
        assert len(hub.visits.ids()) == 2
        session.tasks.wait()
    finally:
        session.close()
        lap.close()
