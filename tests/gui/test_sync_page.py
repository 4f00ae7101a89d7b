"""同步 page: export and import through the page, the summary, and settling a conflict in the dialog."""

from __future__ import annotations


from pathlib import Path

from PySide6.QtCore import Qt

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.forms import EnterpriseForm
from sync_helpers import enrol, make_hub


def _county(tmp_path: Path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    a = enrol(hub, tmp_path, "L1")
    b = enrol(hub, tmp_path, "L2")
    return stick, hub, a, b


def _exchange(stick, hub, laps):
    for _ in range(2):
        for lap in laps:
            hub.sync.import_file(lap.sync.export(stick))
        for lap in laps:
            lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))


def test_hub_settles_a_conflict_through_the_dialog(open_sync_page, qtbot, qtmodeltester, tmp_path):
    stick, hub, a, b = _county(tmp_path)
    try:
        eid = a.enterprises.add(EnterpriseForm(name="尉氏县冲突测试有限公司", township="城关镇",
                                               credit_code=creditcode.make_code("9", "1", "410223", "MA000777")))
        _exchange(stick, hub, [a, b])
        form = a.enterprises.get(eid).form
        a.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_person": "张三"}))
        b.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_person": "李四"}))
        _exchange(stick, hub, [a, b])
        session, page = open_sync_page(hub)
        qtbot.waitUntil(lambda: page.conflict_model.rowCount() == 1, timeout=5000)
        for model in (page.conflict_model, page.in_model, page.out_model, page.peer_model):
            qtmodeltester.check(model)
        assert page.peer_model.rowCount() == 2
        assert [page.to_laptop.itemText(i) for i in range(page.to_laptop.count())] == ["L1", "L2"]
        page.tables["conflicts"].selectRow(0)
        page.on_settle()
        dlg = page.dialog
        assert dlg.isVisible()
        assert {r.text() for r in dlg.radios} == {""} and len(dlg.radios) == 2
        dlg.new_value.setText("张三(已核实)")
        dlg.new_radio.setChecked(True)
        with qtbot.waitSignal(page.data_changed, timeout=5000):
            qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.conflict_model.rowCount() == 0, timeout=5000)
        assert hub.enterprises.get(eid).form.contact_person == "张三(已核实)"
        session.tasks.wait()
    finally:
        for s in (hub, a, b):
            s.close()


def test_export_and_import_through_the_page(open_sync_page, qtbot, tmp_path):
    stick, hub, a, b = _county(tmp_path)
    try:
        a.enterprises.add(EnterpriseForm(name="尉氏县页面导出有限公司", township="城关镇",
                                         credit_code=creditcode.make_code("9", "1", "410223", "MA000888")))
        session_a, page_a = open_sync_page(a)
        page_a.set_folder(str(stick))
        with qtbot.waitSignal(page_a.sync_done, timeout=15000):
            page_a.export_button.click()
        files = list(stick.glob("*.yimi"))
        assert len(files) == 1 and files[0].name in page_a.result.text()
        qtbot.waitUntil(lambda: page_a.out_model.rowCount() == 1, timeout=5000)
        (stick / "broken.yimi").write_bytes(files[0].read_bytes()[:-100])
        session_h, page_h = open_sync_page(hub)
        page_h.set_folder(str(stick))
        with qtbot.waitSignals([page_h.sync_done, page_h.data_changed], timeout=15000):
            page_h.import_button.click()
        text = page_h.result.text()
        assert "导入数据包 1 个" in text and "broken.yimi" in text and "损坏" in text
        assert hub.enterprises.count() == 1
        from yimi_desktop.services.backups import list_backups
        assert [b.reason for b in list_backups(hub.db.path)] == ["before-import"]  # made before the import
        qtbot.waitUntil(lambda: page_h.in_model.rowCount() == 1, timeout=5000)
        session_a.tasks.wait()
        session_h.tasks.wait()
    finally:
        for s in (hub, a, b):
            s.close()


def test_import_and_export_run_on_the_write_worker(open_sync_page, qtbot, tmp_path):
    """Both write the database: they run on the operations runner's one write worker (never beside
    another write), which shows as the runner's writing state while they run."""
    import threading

    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "L1")
    try:
        session, page = open_sync_page(lap)
        page.set_folder(str(stick))
        for button, name in ((page.export_button, "export"), (page.import_button, "import_paths")):
            gate = threading.Event()
            real = getattr(lap.sync, name)

            def held(*args, real=real, gate=gate, **kwargs):
                gate.wait(10)
                return real(*args, **kwargs)

            setattr(lap.sync, name, held)
            with qtbot.waitSignal(page.sync_done, timeout=15000):
                button.click()
                qtbot.waitUntil(session.tasks.writing, timeout=5000)
                gate.set()
            setattr(lap.sync, name, real)
            qtbot.waitUntil(lambda: not session.tasks.writing(), timeout=5000)
        session.tasks.wait()
    finally:
        lap.close()
        hub.close()


def test_a_laptop_follows_a_hub_key_rotation_once_the_code_is_typed_on_the_page(open_sync_page, qtbot, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "L1")
    try:
        session_h, page_h = open_sync_page(hub)
        code = hub.trust.info().key_code
        qtbot.waitUntil(lambda: code in page_h.hub_fingerprint.text(), timeout=5000)  # the hub shows its code
        hub.trust.rotate()
        code = hub.trust.info().key_code
        hub.sync.export(stick, to="L1")
        session, page = open_sync_page(lap)
        page.set_folder(str(stick))
        with qtbot.waitSignal(page.sync_done, timeout=15000):
            page.import_button.click()
        assert "确认码" in page.result.text()
        qtbot.waitUntil(lambda: getattr(page, "hub_key_dialog", None) is not None and page.hub_key_dialog.isVisible(),
                        timeout=5000)
        dialog = page.hub_key_dialog
        dialog.setTextValue("1111 2222 3333 4444")  # a wrong code: asked again, nothing taken
        with qtbot.waitSignal(page.sync_done, timeout=15000):
            dialog.accept()
        qtbot.waitUntil(lambda: page.hub_key_dialog is not dialog and page.hub_key_dialog.isVisible(), timeout=5000)
        assert "不符" in page.hub_key_dialog.labelText()
        page.hub_key_dialog.setTextValue(code)
        with qtbot.waitSignal(page.sync_done, timeout=15000):
            page.hub_key_dialog.accept()
        assert "已拒绝" not in page.result.text() and "导入数据包 1 个" in page.result.text()
        assert lap.trust.info().hub.key_code == code
        session.tasks.wait()
        session_h.tasks.wait()
    finally:
        lap.close()
        hub.close()


def _green_first_line(page) -> bool:
    return page.result.text().startswith('<span style="color: #2e6b30;">')


def test_send_to_all_writes_one_package_per_laptop_named_by_recipient_and_can_be_cancelled(
        open_sync_page, qtbot, tmp_path):
    import threading

    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path, name="县中心")
    laps = [enrol(hub, tmp_path, n) for n in ("金融-笔记本1", "金融-笔记本2", "环保-笔记本1")]
    try:
        session, page = open_sync_page(hub)
        page.set_folder(str(stick))
        with qtbot.waitSignal(page.sync_done, timeout=20000):
            page.export_all_button.click()
        files = sorted(p.name for p in stick.glob("*.yimi"))
        assert [f.split("_")[:3] for f in files] == [["县中心", "发给", n] for n in ("环保-笔记本1", "金融-笔记本1", "金融-笔记本2")]
        assert "已给 3 台笔记本各写好一个数据包" in page.result_text() and _green_first_line(page)
        for lap, name in zip(laps, ("金融-笔记本1", "金融-笔记本2", "环保-笔记本1")):
            (mine,) = [stick / f for f in files if f.split("_")[2] == name]
            assert lap.sync.import_file(mine).ok
        # cancelled while the first package is written: that one is finished, the others are named
        for f in stick.glob("*.yimi"):
            f.unlink()
        gate, entered, real = threading.Event(), threading.Event(), hub.sync.export_to

        def held(*args, **kwargs):
            entered.set()
            gate.wait(10)
            return real(*args, **kwargs)

        hub.sync.export_to = held
        with qtbot.waitSignal(page.sync_done, timeout=20000):
            page.export_all_button.click()
            qtbot.waitUntil(entered.is_set, timeout=5000)  # the first package is being written
            page.cancel_button.click()
            gate.set()
        hub.sync.export_to = real
        assert len(list(stick.glob("*.yimi"))) == 1
        text = page.result_text()
        assert "已取消:写好了 1 个数据包,还有 2 台笔记本没有写" in text and "金融-笔记本1" in text
        session.tasks.wait()
    finally:
        for s in (hub, *laps):
            s.close()


def test_a_shared_stick_other_laptops_packages_are_not_refused_and_imported_ones_can_be_removed(
        open_sync_page, qtbot, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    a, b = enrol(hub, tmp_path, "L1"), enrol(hub, tmp_path, "L2")
    try:
        a.enterprises.add(EnterpriseForm(name="尉氏县共用U盘有限公司", township="城关镇",
                                         credit_code=creditcode.make_code("9", "1", "410223", "MA000555")))
        own = a.sync.export(stick)  # L1's own package for the hub, on the same stick
        for_a = hub.sync.export(stick, to="L1")
        for_b = hub.sync.export(stick, to="L2")
        (stick / "broken.yimi").write_bytes(for_a.read_bytes()[:-50])
        session, page = open_sync_page(a)
        page.set_folder(str(stick))
        with qtbot.waitSignal(page.sync_done, timeout=15000):
            page.import_button.click()
        text = page.result_text()
        assert "导入数据包 1 个" in text and _green_first_line(page)  # green: something imported
        assert "已拒绝 broken.yimi" in text  # the refused one follows in red
        assert f"不是发给本机的 1 个数据包(发给其他笔记本)留在U盘上:{for_b.name}" in text
        assert for_b.name not in text.split("不是发给本机的")[0]  # not listed as refused
        qtbot.waitUntil(lambda: getattr(page, "removal_box", None) is not None and page.removal_box.isVisible(),
                        timeout=5000)
        box = page.removal_box
        assert "1 个数据包已经导入本机" in box.text() and box.detailedText() == for_a.name
        delete = next(bt for bt in box.buttons() if bt.text() == "删除")
        delete.click()
        qtbot.waitUntil(lambda: not for_a.exists(), timeout=5000)
        assert for_b.exists() and own.exists() and (stick / "broken.yimi").exists()
        qtbot.waitUntil(lambda: "已从U盘上删除 1 个已导入的数据包" in page.result_text(), timeout=5000)
        session.tasks.wait()
    finally:
        for s in (hub, a, b):
            s.close()


def test_a_hub_only_act_from_a_laptop_is_explained_in_red_not_offered_as_a_choice(open_sync_page, qtbot, tmp_path):
    """批准延期 written on a laptop (an old version or a hand-edited file) has no effect: settling its row
    opens no dialog and the line that says so is red, like every other "did not happen"."""
    from datetime import date

    stick, hub, a, b = _county(tmp_path)
    try:
        if 2026 not in hub.calendar.years():
            hub.calendar.import_year(2026)
        eid = hub.enterprises.add(EnterpriseForm(name="尉氏县延期测试有限公司", township="城关镇",
                                                 credit_code=creditcode.make_code("9", "1", "410223", "MA000999")))
        cat = next(c for c in hub.categories.list() if c.code == "funds")
        iid = hub.issues.raise_issue(eid, cat.id, "流动资金短缺", on=date(2026, 9, 28))
        team = next(t.id for t in hub.teams.list() if t.name == "金融专业一米团")
        hub.issues.assign(iid, team, on=date(2026, 9, 29), rule="general")
        _exchange(stick, hub, [a, b])
        a.issues.request_extension(iid, date(2026, 10, 30), "需银行总行审批", on=date(2026, 10, 9))
        a.issues.approve_extension(iid, on=date(2026, 10, 9), hub=True)  # bypasses the service's own check
        _exchange(stick, hub, [a, b])
        session, page = open_sync_page(hub)
        qtbot.waitUntil(lambda: page.conflict_model.rowCount() == 1, timeout=5000)
        page.tables["conflicts"].selectRow(0)
        page.on_settle()
        assert getattr(page, "dialog", None) is None or not page.dialog.isVisible()
        assert "只能由县级中心" in page.result_text()
        assert "#b3261e" in page.result.text() and "#2e6b30" not in page.result.text()
        session.tasks.wait()
    finally:
        for s in (hub, a, b):
            s.close()


def test_a_compacted_candidate_is_shown_as_such_and_not_offered(open_sync_page, qtbot, qtmodeltester, tmp_path):
    from PySide6.QtWidgets import QLabel

    from sync_helpers import conflict_with_a_compacted_candidate

    _stick, hub, l1, l2, eid = conflict_with_a_compacted_candidate(tmp_path)
    try:
        session, page = open_sync_page(l1)
        qtbot.waitUntil(lambda: page.conflict_model.rowCount() == 1, timeout=5000)
        qtmodeltester.check(page.conflict_model)
        shown = page.conflict_model.index(0, 3).data()
        assert "值已压缩" in shown and "李四" in shown
        page.tables["conflicts"].selectRow(0)
        page.on_settle()
        dlg = page.dialog
        assert dlg.isVisible() and len(dlg.radios) == 2
        i = next(n for n, c in enumerate(dlg.conflict.candidates) if c.compacted)
        assert not dlg.radios[i].isEnabled()
        assert dlg.findChild(QLabel, f"candidate_{i}_compacted").text() == "值已压缩"
        other = dlg.radios[1 - i]
        assert other.isEnabled() and other.isChecked()  # the value that stands is chosen, not the empty one
        with qtbot.waitSignal(page.data_changed, timeout=5000):
            qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.conflict_model.rowCount() == 0, timeout=5000)
        assert l1.enterprises.get(eid).form.contact_person == "李四"
        session.tasks.wait()
    finally:
        for s in (hub, l1, l2):
            s.close()
