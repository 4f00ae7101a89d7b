from sync_helpers import enrol, make_hub, copy_replica
from yimi_desktop.services.context import enrol_services
from yimi_desktop.domain import creditcode
from yimi_desktop.domain.forms import EnterpriseForm


def test_shot(open_sync_page, qtbot, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    e = hub.enrolment.issue("金融-笔记本1")
    a = enrol_services(tmp_path / "a.db", e)
    other = enrol_services(tmp_path / "o.db", e)
    b = enrol(hub, tmp_path, "环保-笔记本1")
    a, copy = copy_replica(a, tmp_path / "copy.db")
    for lap in (a, copy, b):
        hub.sync.import_file(lap.sync.export(stick))
    hub.sync.import_file(other.sync.export(stick))
    hub.enterprises.add(EnterpriseForm(name="尉氏县截图有限公司", township="城关镇",
                                       credit_code=creditcode.make_code("9", "1", "410223", "MA000111")))
    (stick / "broken.yimi").write_bytes(b"age-encryption.org/v1\nxx")
    session, page = open_sync_page(hub)
    page.window().resize(1366, 768)
    page.set_folder(str(stick))
    with qtbot.waitSignal(page.sync_done, timeout=15000):
        page.import_button.click()
    page.tabs.setCurrentWidget(page.tab_pages["devices"])
    qtbot.wait(300)
    if getattr(page, "removal_box", None):
        page.removal_box.grab().save("/tmp/sync/box.png")
        page.removal_box.reject()
    page.window().grab().save("/tmp/sync/hub.png")
    session.tasks.wait()
    for s in (hub, a, copy, other, b):
        s.close()
