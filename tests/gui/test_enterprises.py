"""企业 page: the lazy directory model, search and filters, the detail pane, the add/edit dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from yimi_desktop.domain import creditcode, pinyin
from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.services.context import Services
from yimi_desktop.services.enterprises import EnterpriseQuery, EnterpriseRow, apply_form
from yimi_desktop.storage.models import Enterprise
from yimi_desktop.ui.application import make_application
from yimi_desktop.ui.context import UiContext
from yimi_desktop.ui.dialogs.enterprise_dialog import EnterpriseDialog
from yimi_desktop.ui.i18n import Language
from yimi_desktop.ui.models.enterprise_model import COLUMNS, ID_ROLE, EnterpriseTableModel
from yimi_desktop.ui.pages.page_services import EnterprisesServices
from yimi_desktop.ui.pages.enterprises import EnterprisesPage
from yimi_desktop.ui.operations import Operations

PageFactory = Callable[[Services], EnterprisesPage]


@pytest.fixture
def make_page(qtbot, tmp_path) -> Iterator[PageFactory]:
    app = make_application()
    runners: list[Operations] = []

    def build(svc: Services) -> EnterprisesPage:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        tasks = Operations(app)
        runners.append(tasks)
        ctx = UiContext(services=svc, tasks=tasks, language=Language(settings), settings=settings)
        # the page queries in its constructor; results arrive through the event loop afterwards
        page = EnterprisesPage(ctx, EnterprisesServices.of(svc))
        qtbot.addWidget(page)
        with qtbot.waitSignals([page.results_loaded, page.filters_loaded], timeout=5000):
            page.resize(1130, 700)
            page.show()
        return page

    yield build
    for t in runners:
        t.wait()


def all_rows(svc: Services) -> list[EnterpriseRow]:
    return svc.enterprises.rows(svc.enterprises.ids(EnterpriseQuery()))


def search(qtbot, page: EnterprisesPage, text: str) -> list[str]:
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        page.search.setText(text)
    return page.model.ids()


def choose(qtbot, page: EnterprisesPage, combo, value) -> list[str]:
    i = combo.findData(value)
    assert i > 0, value
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        combo.setCurrentIndex(i)
    return page.model.ids()


def activate(qtbot, page: EnterprisesPage) -> None:
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=2000)


def count_text(n: int) -> str:
    return f"共 {n:,} 家"


# ---- the model ------------------------------------------------------------------------------

def test_model_passes_qtmodeltester_with_demo_data(qtmodeltester, demo_services):
    svc = demo_services.enterprises
    model = EnterpriseTableModel(svc, chunk_size=50, max_chunks=3)
    ids = svc.ids(EnterpriseQuery())
    model.set_ids(ids)
    qtmodeltester.check(model)
    assert model.rowCount() == len(ids) == 320
    assert model.columnCount() == len(COLUMNS) == 7
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["企业名称", "统一社会信用代码", "乡镇", "行业", "规上", "联系人", "联系电话"]
    last = svc.rows([ids[-1]])[0]
    values = [model.data(model.index(319, c)) for c in range(7)]
    assert values == [last.name, last.credit_code, last.township, last.industry, "是" if last.above_size else "否",
                      last.contact_person, last.contact_phone]
    assert model.data(model.index(319, 0), ID_ROLE) == ids[-1]
    assert model.enterprise_id(319) == ids[-1] and model.enterprise_id(320) is None
    assert model.row_of(ids[123]) == 123 and model.row_of("nope") == -1


def test_model_cache_stays_bounded_while_reading_every_row(demo_services):
    svc = demo_services.enterprises
    model = EnterpriseTableModel(svc, chunk_size=40, max_chunks=2)
    ids = svc.ids(EnterpriseQuery())
    model.set_ids(ids)
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert names == [r.name for r in svc.rows(ids)]
    assert model.chunk_loads == 8  # 320 rows / 40 per chunk, each loaded once going down
    assert model.loaded_row_count() <= 80
    model.data(model.index(0, 0))  # evicted long ago: loaded again
    assert model.chunk_loads == 9


def test_model_limit_first_passes_qtmodeltester_and_fetches_the_rest(qtbot, qtmodeltester, demo_services):
    """The first screen of ids, then every id through fetchMore (no operations: read from the event loop)."""
    svc = demo_services.enterprises
    model = EnterpriseTableModel(svc, chunk_size=50, max_chunks=3)
    ids = svc.ids(EnterpriseQuery())
    assert svc.ids(EnterpriseQuery(), limit=50) == ids[:50]
    completed = []
    model.completed.connect(lambda: completed.append(model.rowCount()))
    model.set_ids(ids[:30], svc.rows(ids[:30]), rest=lambda: svc.ids(EnterpriseQuery()))
    assert model.rowCount() == 30 and model.canFetchMore() and not model.is_complete() and completed == []
    assert model.data(model.index(29, 0)) == svc.rows([ids[29]])[0].name
    qtmodeltester.check(model)  # it calls fetchMore itself
    with qtbot.waitSignal(model.completed, timeout=5000):
        model.fetchMore()
    assert not model.canFetchMore() and model.ids() == ids and completed == [320]
    # the chunk cut short by the end of the first ids is read again: row 30 on has its cells
    assert model.data(model.index(30, 0)) == svc.rows([ids[30]])[0].name
    qtmodeltester.check(model)
    model.set_ids(ids[:10], rest=lambda: ids)
    model.set_ids(ids[:5])  # replaced before the rest was read: complete at once, nothing to fetch
    assert model.is_complete() and not model.canFetchMore() and model.rowCount() == 5


def test_model_drops_the_rest_of_an_id_list_since_replaced(qtbot, demo_services):
    svc = demo_services.enterprises
    tasks = Operations()
    model = EnterpriseTableModel(svc, chunk_size=50)
    model.use_operations(tasks)
    ids = svc.ids(EnterpriseQuery())
    model.set_ids(ids[:50], svc.rows(ids[:50]), rest=lambda: ids)
    model.fetchMore()  # queued on the read pool
    model.set_ids(ids[:50], svc.rows(ids[:50]), rest=lambda: list(reversed(ids)))
    with qtbot.waitSignal(model.completed, timeout=5000):
        model.fetchMore()
    tasks.wait()
    qtbot.wait(20)
    assert model.ids() == ids[:50] + [i for i in reversed(ids) if i not in set(ids[:50])]


def test_a_keystroke_shows_its_first_screen_before_the_count(qtbot, services, make_page):
    _bulk_insert(services, 1000)
    page = make_page(services)
    assert page.model.rowCount() == 1000 and page.count_label.text() == count_text(1000)
    seen = []
    page.first_screen_loaded.connect(lambda: seen.append((page.model.rowCount(), page.count_label.text())))
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        page.search.setText("测试企业")
    # LIMIT first: one chunk of ids and no count yet; then every id and the count
    assert seen == [(page.model.chunk_size, "共 … 家")]
    assert page.model.rowCount() == 1000 and page.count_label.text() == count_text(1000)
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        page.search.setText("测试企业0099")
    assert seen[-1] == (10, count_text(10)) and page.model.is_complete()


def test_the_late_ids_of_a_replaced_query_do_not_say_the_new_one_is_loaded(qtbot, demo_services, make_page,
                                                                            monkeypatch):
    """Every id of the whole directory arrives after a search was typed but before the search's first screen:
    `results_loaded` (and the count) wait for the search's result."""
    page = make_page(demo_services)
    svc = page.svc.enterprises
    ids_late, search_late = threading.Event(), threading.Event()
    real = svc.ids

    def ids(q: EnterpriseQuery, limit: int | None = None) -> list[str]:
        if q.text:  # the search: its first screen waits
            search_late.wait(5)
        elif limit is None:  # every id of the whole directory waits
            ids_late.wait(5)
        return real(q, limit)

    monkeypatch.setattr(svc, "ids", ids)
    with qtbot.waitSignal(page.first_screen_loaded, timeout=5000):
        page.refresh()
    assert not page.model.is_complete() and page.count_label.text() == "共 … 家"
    loaded: list = []
    page.results_loaded.connect(lambda: loaded.append(page.model.rowCount()))
    page.search.setText("wei")
    page.run_query()  # (without the typing pause)
    ids_late.set()  # the whole directory's ids come in: the table still shows its first screen
    qtbot.waitUntil(page.model.is_complete, timeout=5000)
    qtbot.wait(100)
    assert loaded == [] and page.count_label.text() == "共 … 家"
    expected = real(EnterpriseQuery(text="wei"))
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        search_late.set()
    assert page.model.ids() == expected and loaded == [len(expected)]
    assert page.count_label.text() == count_text(len(expected))


def test_the_selected_enterprise_further_down_is_kept_by_a_refresh(qtbot, services, make_page):
    _bulk_insert(services, 600)
    page = make_page(services)
    page.select_row(450)
    eid = page.current_id()
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        page.refresh()
    assert page.current_id() == eid and page.model.row_of(eid) == 450


def _bulk_insert(svc: Services, n: int) -> None:
    with svc.db.session() as s:
        for i in range(n):
            e = Enterprise(created_by="test", updated_by="test")
            apply_form(e, EnterpriseForm(
                name=f"测试企业{i:05d}", credit_code=creditcode.make_code("9", "1", "410223", f"{i:08d}"),
                township="城关镇", industry="门业", above_size=i % 2 == 0, contact_person="王伟",
                contact_phone="13812345678"))
            s.add(e)


def test_thousands_of_rows_scroll_to_the_bottom_loading_only_what_is_shown(qtbot, services, make_page):
    _bulk_insert(services, 3000)
    page = make_page(services)
    model = page.model
    assert model.rowCount() == 3000
    assert page.count_label.text() == count_text(3000)
    # the first screen is painted from the first chunk only
    assert model.chunk_loads <= 1
    page.table.scrollToBottom()
    qtbot.wait(50)
    page.table.viewport().repaint()
    last = model.index(2999, 0)
    assert page.table.visualRect(last).isValid()  # really on screen
    # painting asked for the last chunk: it is read off the GUI thread and painted when it arrives
    qtbot.waitUntil(lambda: model.data(last) == "测试企业02999", timeout=5000)
    assert model.data(model.index(2999, 1)) == creditcode.make_code("9", "1", "410223", "00002999")
    assert model.chunk_loads <= 3
    assert model.loaded_row_count() <= 3 * 200 < 3000


# ---- search and filters ------------------------------------------------------------------------

def test_search_by_chinese_name_fragment(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    rows = all_rows(demo_services)
    fragment = rows[0].name[3:5]  # after the county prefix, e.g. the brand "安达"
    found = search(qtbot, page, fragment)
    assert found == demo_services.enterprises.ids(EnterpriseQuery(text=fragment))
    with_name = {r.id for r in rows if fragment in r.name}
    assert with_name and with_name <= set(found)
    assert all(fragment in r.name or fragment in r.contact_person for r in demo_services.enterprises.rows(found))
    assert len(found) < len(rows)
    assert page.count_label.text() == count_text(len(found))


def test_search_by_full_pinyin_and_by_initials(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    rows = all_rows(demo_services)
    target = rows[40]
    brand = target.name[3:5]
    spelled = pinyin.full(brand)
    found = search(qtbot, page, spelled)
    assert found == demo_services.enterprises.ids(EnterpriseQuery(text=spelled))
    assert {r.id for r in rows if brand in r.name} <= set(found)
    assert len(found) < len(rows)

    initials = pinyin.initials(target.name)
    found = search(qtbot, page, initials)
    assert target.id in found
    assert found == demo_services.enterprises.ids(EnterpriseQuery(text=initials))
    assert len(found) < 10
    assert all(initials in pinyin.initials(r.name) or initials in pinyin.initials(r.contact_person)
               for r in demo_services.enterprises.rows(found))


def test_search_by_credit_code_any_case(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    target = all_rows(demo_services)[77]
    assert search(qtbot, page, target.credit_code.lower()) == [target.id]
    assert page.current_id() is None or page.current_id() == target.id
    assert search(qtbot, page, "没有这样的企业") == []
    assert page.count_label.text() == count_text(0)
    assert not page.edit_button.isEnabled()


def test_only_the_last_of_quick_keystrokes_is_shown(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    target = all_rows(demo_services)[5]
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        for n in range(1, 9):
            page.search.setText(target.credit_code[:n])  # typing: restarts the debounce each time
    qtbot.wait(300)
    page.ctx.tasks.wait()
    assert page.model.ids() == demo_services.enterprises.ids(EnterpriseQuery(text=target.credit_code[:8]))


def test_each_filter_narrows_and_filters_combine(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    svc = demo_services.enterprises
    rows = {r.id: r for r in all_rows(demo_services)}
    assert page.township.itemText(0) == "全部乡镇"
    assert [page.township.itemData(i) for i in range(1, page.township.count())] == [
        t for t in ("城关镇", "洧川镇", "朱曲镇", "蔡庄镇", "永兴镇", "张市镇", "十八里镇", "水坡镇", "大营镇", "庄头镇",
                    "大桥乡", "南曹乡", "小陈乡", "邢庄乡", "门楼任乡", "岗李乡") if t in set(svc.townships())]

    found = choose(qtbot, page, page.township, "城关镇")
    assert found and len(found) < len(rows)
    assert found == [i for i in svc.ids(EnterpriseQuery()) if rows[i].township == "城关镇"]

    page.township.setCurrentIndex(0)
    found = choose(qtbot, page, page.industry, "门业")
    assert found and all(rows[i].industry == "门业" for i in found)
    assert len(found) == sum(r.industry == "门业" for r in rows.values())

    page.industry.setCurrentIndex(0)
    above = choose(qtbot, page, page.above_size, True)
    below = choose(qtbot, page, page.above_size, False)
    assert all(rows[i].above_size for i in above) and not any(rows[i].above_size for i in below)
    assert len(above) + len(below) == len(rows) and above and below

    # combined: township + above-size + text
    choose(qtbot, page, page.township, "城关镇")
    found = choose(qtbot, page, page.above_size, True)
    expected = [i for i in svc.ids(EnterpriseQuery()) if rows[i].township == "城关镇" and rows[i].above_size]
    assert found == expected and found
    fragment = rows[found[0]].name[3:5]
    found = search(qtbot, page, fragment)
    assert found == svc.ids(EnterpriseQuery(text=fragment, township="城关镇", above_size=True))
    assert found and all(rows[i].township == "城关镇" and rows[i].above_size for i in found)
    assert page.count_label.text() == count_text(len(found))


# ---- selection and detail ----------------------------------------------------------------------

def test_detail_pane_shows_the_selected_enterprise(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    svc = demo_services.enterprises
    row = next(r for r in range(page.model.rowCount()) if svc.get(page.model.enterprise_id(r)).visit_count > 0)
    eid = page.model.enterprise_id(row)
    with qtbot.waitSignal(page.detail_loaded, timeout=5000) as blocker:
        page.select_row(row)
    assert blocker.args == [eid]
    d = svc.get(eid)
    pane = page.detail_pane
    assert pane.name.text() == d.form.name
    assert pane.values["credit_code"].text() == d.form.credit_code
    assert pane.values["township"].text() == d.form.township
    assert pane.values["address"].text() == (d.form.address or "—")
    assert pane.values["industry"].text() == d.form.industry
    assert pane.values["above_size"].text() == ("是" if d.form.above_size else "否")
    assert pane.values["contact_person"].text() == d.form.contact_person
    assert pane.values["contact_phone"].text() == d.form.contact_phone
    assert pane.values["visit_count"].text() == str(d.visit_count) != "0"
    assert pane.values["open_issue_count"].text() == str(d.open_issue_count)
    assert pane.values["last_visit"].text() == d.last_visit
    assert pane.body.isVisibleTo(page) and not pane.hint.isVisibleTo(page)
    assert page.edit_button.isEnabled()


def test_selection_survives_a_new_query_and_escape_clears_the_search(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    rows = all_rows(demo_services)
    target = rows[100]
    page.select_row(100)
    assert page.current_id() == target.id
    found = search(qtbot, page, target.name[3:5])
    assert target.id in found and len(found) < len(rows)
    assert page.current_id() == target.id
    # a search that leaves it out: nothing selected, the detail pane says how to choose
    search(qtbot, page, "没有这样的企业")
    assert page.current_id() is None and page.detail_pane.hint.isVisibleTo(page)
    page.search.setFocus()
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert page.model.rowCount() == len(rows)
    assert page.current_id() == target.id
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == target.id, timeout=5000)
    assert page.detail_pane.name.text() == target.name


# ---- the add/edit dialog --------------------------------------------------------------------

def _ok(qtbot, dlg: EnterpriseDialog) -> None:
    """Click 保存 and wait for the save to end (refused at once, or written on the write worker)."""
    with qtbot.waitSignal(dlg.save_finished, timeout=5000):
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_dialog_refuses_bad_credit_code_and_empty_name(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    before = demo_services.enterprises.count()
    dlg = page.open_dialog(None)
    assert dlg.windowTitle() == "新增企业"
    good = creditcode.make_code("9", "1", "410223", "MA4K2P7Q")
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    qtbot.keyClicks(dlg.credit_code, wrong_check.lower())
    assert dlg.credit_code.text() == wrong_check  # upper-cased as typed
    assert "校验位(第18位)不正确" in dlg.code_hint.text()  # the live hint already says so
    dlg.township.setEditText("城关镇")
    _ok(qtbot, dlg)
    assert dlg.isVisible() and page.dialog is dlg
    assert dlg.error_text("name") == "请填写企业名称。"
    assert dlg.errors["name"].isVisibleTo(dlg)
    assert dlg.error_text("credit_code") == f"校验位(第18位)不正确,请核对是否输错(按前17位计算应为 {good[17]})。"
    assert dlg.error_text("township") == ""
    assert dlg.focusWidget() is dlg.name  # the first wrong field
    assert demo_services.enterprises.count() == before

    # a code already registered is refused too, naming the enterprise that holds it
    holder = all_rows(demo_services)[3]
    dlg.name.setText("尉氏县新开张机械有限公司")
    dlg.credit_code.setText(holder.credit_code)
    _ok(qtbot, dlg)
    assert dlg.isVisible()
    assert dlg.error_text("name") == ""
    assert dlg.error_text("credit_code") == f"该统一社会信用代码已登记为“{holder.name}”。"
    assert dlg.focusWidget() is dlg.credit_code
    assert demo_services.enterprises.count() == before
    dlg.reject()


def test_credit_code_hint_while_typing(qtbot, services, make_page):
    page = make_page(services)
    dlg = page.open_dialog(None)
    good = creditcode.make_code("9", "1", "410223", "MA4K2P7Q")
    qtbot.keyClicks(dlg.credit_code, good[:10].lower())
    assert dlg.code_hint.text() == "已输入 10/18 位" and dlg.code_hint.property("tone") == "info"
    qtbot.keyClicks(dlg.credit_code, good[10:].lower())
    assert dlg.credit_code.text() == good
    assert dlg.code_hint.text() == "✓ 代码有效,校验位正确" and dlg.error_text("credit_code") == ""
    dlg.reject()


def test_valid_new_enterprise_is_added_and_selected(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    before = demo_services.enterprises.count()
    # a search that the new enterprise does not match: the page widens it to show the new one
    search(qtbot, page, "安达")
    dlg = page.open_dialog(None)
    code = creditcode.make_code("9", "1", "410223", "MA9HMMY1")
    dlg.name.setText("尉氏县红门门业有限公司")
    dlg.credit_code.setText(code)
    dlg.township.setEditText("洧川镇")
    dlg.industry.setEditText("门业")
    dlg.above_size.setChecked(True)
    dlg.contact_person.setText("李红")
    dlg.contact_phone.setText("0371-27981234")
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        _ok(qtbot, dlg)
    assert page.dialog is None  # closed (and deleted)
    assert demo_services.enterprises.count() == before + 1
    new_id = demo_services.enterprises.ids(EnterpriseQuery(text=code))[0]
    assert page.current_id() == new_id
    assert page.search.text() == ""
    # every id follows the first screen once it is painted (LIMIT first), not necessarily before the detail
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=5000)
    assert page.detail_pane.name.text() == "尉氏县红门门业有限公司"
    assert page.detail_pane.values["contact_phone"].text() == "0371-27981234"
    assert page.detail_pane.values["above_size"].text() == "是"
    # and it is found by its initials, as the design promises ("hm" finds 红门)
    assert new_id in search(qtbot, page, "hmmy")


def test_edit_with_enter_keeps_the_enterprise_selected(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    activate(qtbot, page)  # shortcuts only reach the active window
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        page.select_row(7)
    eid = page.current_id()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=5000)  # opens once the enterprise is read
    dlg = page.dialog
    assert dlg.windowTitle() == "编辑企业"
    old = demo_services.enterprises.get(eid).form
    assert dlg.name.text() == old.name and dlg.credit_code.text() == old.credit_code
    assert dlg.township.currentText() == old.township
    dlg.contact_phone.setText("13900001111")
    dlg.notes.setPlainText("已核对联系电话")
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        _ok(qtbot, dlg)
    saved = demo_services.enterprises.get(eid).form
    assert saved.contact_phone == "13900001111" and saved.notes == "已核对联系电话" and saved.name == old.name
    assert page.current_id() == eid
    assert page.model.data(page.model.index(page.model.row_of(eid), COLUMNS.index("contact_phone"))) == "13900001111"
    assert page.detail_pane.values["notes"].text() == "已核对联系电话"


def test_edit_dialog_refuses_an_emptied_name_and_changes_nothing(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    page.select_row(2)
    eid = page.current_id()
    old = demo_services.enterprises.get(eid)
    page.edit_button.click()
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=5000)
    dlg = page.dialog
    dlg.name.setText("   ")
    dlg.contact_phone.setText("123")
    _ok(qtbot, dlg)
    assert dlg.isVisible()
    assert dlg.error_text("name") == "请填写企业名称。"
    assert dlg.error_text("contact_phone").startswith("电话号码格式不对")
    assert demo_services.enterprises.get(eid) == old
    dlg.reject()
    QApplication.processEvents()
    assert page.dialog is None


def test_keyboard_shortcuts(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    activate(qtbot, page)  # shortcuts only reach the active window
    page.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # into the list, first row chosen
    assert page.table.hasFocus() and page.current_id() == page.model.enterprise_id(0)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=2000)  # a button shortcut clicks after a flash
    assert page.dialog.windowTitle() == "编辑企业"
    assert page.dialog.name.text() == all_rows(demo_services)[0].name
    page.dialog.reject()
    QApplication.processEvents()
    assert page.dialog is None
    activate(qtbot, page)  # the offscreen platform does not hand activation back by itself
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=2000)
    assert page.dialog.windowTitle() == "新增企业"
    assert page.dialog.name.text() == "" and page.dialog.township.currentText() == ""
    page.dialog.reject()


def test_detail_shows_its_visits_and_open_issues_and_leads_to_them(qtbot, make_page, demo_services):
    from yimi_desktop.services.issues import IssueQuery
    from yimi_desktop.services.visits import VisitQuery

    svc = demo_services
    # an enterprise with visits and at least one open issue
    open_ids = svc.issues.ids(IssueQuery(statuses=frozenset({"new", "assigned", "in_progress"})))
    eid = svc.issues.get(open_ids[0]).enterprise_id
    page = make_page(svc)
    with qtbot.waitSignal(page.detail_loaded, timeout=10000):
        page.open_with(eid)
    pane = page.detail_pane
    visits = svc.visits.list(VisitQuery(enterprise_id=eid))
    opened = svc.issues.ids(IssueQuery(enterprise_id=eid, statuses=frozenset({"new", "assigned", "in_progress"})))
    assert pane.visits.count() == len(visits) > 0
    assert [pane.visits.item(i).data(Qt.ItemDataRole.UserRole) for i in range(pane.visits.count())] == [v.id for v in visits]
    assert sorted(pane.open_issues.item(i).data(Qt.ItemDataRole.UserRole) for i in range(pane.open_issues.count())) == sorted(opened)
    with qtbot.waitSignal(page.open_requested) as sig:
        pane.new_visit_button.click()
    assert sig.args == ["visits", {"new_for_enterprise": eid}]
    with qtbot.waitSignal(page.open_requested) as sig:
        pane.all_issues_button.click()
    assert sig.args == ["issues", IssueQuery(enterprise_id=eid)]
    with qtbot.waitSignal(page.open_requested) as sig:
        pane.open_issues.itemActivated.emit(pane.open_issues.item(0))
    assert sig.args[0] == "issues" and sig.args[1] in opened


# ---- trap B7: 作废 an enterprise entered by mistake ----------------------------------------------------

def test_an_enterprise_entered_by_mistake_is_voided_with_a_reason(qtbot, demo_services, make_page):
    page = make_page(demo_services)
    before = demo_services.enterprises.count()
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        page.select_row(4)
    eid = page.current_id()
    page.void_button.click()
    dlg = page.dialog
    assert dlg is not None and demo_services.enterprises.get(eid).form.name in dlg.findChild(QLabel, "sectionTitle").text()
    with qtbot.waitSignal(dlg.save_finished, timeout=5000):
        dlg.ok_button.click()
    assert dlg.isVisible() and dlg.errors["reason"].isVisible()  # a reason is required
    dlg.reason.setText("与另一条重复")
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        with qtbot.waitSignal(dlg.save_finished, timeout=5000):
            dlg.ok_button.click()
    assert eid not in page.model.ids() and page.count_label.text() == count_text(before - 1)
    assert demo_services.enterprises.get(eid).form.name  # the record stays, out of the lists
