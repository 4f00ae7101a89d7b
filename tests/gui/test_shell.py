"""The main window: opens on a demo database, navigation, status bar, language switch."""

from __future__ import annotations

import pytest


from PySide6.QtCore import QSettings

from yimi_desktop.ui.application import load_font, make_application


def test_window_opens_with_all_pages(qtbot, demo_services, gui_session):
    session = gui_session(demo_services, demo=True)
    win = session.window
    win.show()
    assert "演示" in win.windowTitle()
    labels = [win.nav.item(i).text() for i in range(win.nav.count())]
    assert labels == ["工作台", "企业", "走访", "问题台账", "政策", "团队", "报表", "同步"]
    assert "演示笔记本" in win.device_label.text()
    dash = win.page("dashboard")
    qtbot.waitUntil(lambda: dash.tiles["enterprises"].value.text() != "…", timeout=10000)
    assert dash.tiles["enterprises"].value.text() == f"{demo_services.stats.compute().enterprises:,}"
    win.nav.setCurrentRow(4)
    assert win.stack.currentWidget() is win.page("policies")
    session.tasks.wait()


def test_dashboard_figures_and_click_through(qtbot, demo_services, gui_session):
    from PySide6.QtCore import Qt

    from yimi_desktop.services.issues import IssueQuery
    from yimi_desktop.ui.pages.dashboard import DashboardPage

    session = gui_session(demo_services, demo=True)
    dash: DashboardPage = session.window.page("dashboard")
    qtbot.waitUntil(lambda: dash.tiles["overdue"].value.text() != "…", timeout=10000)
    st = demo_services.stats.compute()
    assert dash.tiles["overdue"].value.text() == f"{st.overdue_issues:,}"
    assert dash.tiles["mine_open"].value.text() == "—"
    with qtbot.waitSignal(dash.open_requested) as sig:
        qtbot.mouseClick(dash.tiles["overdue"], Qt.MouseButton.LeftButton)
    assert sig.args == ["issues", IssueQuery(overdue=True)]
    # choosing who I am counts my open issues and persists on the device
    officer = demo_services.issues.rows(demo_services.issues.ids(IssueQuery(statuses=frozenset({"assigned"}))))[0]
    oid = next(o.id for o in demo_services.officers.list() if o.name == officer.officer)
    dash.me.show_results([(oid, officer.officer)])  # 我是 is a pinyin picker (tests/gui/test_traps.py types into it)
    dash.me.pick_current()
    mine = demo_services.issues.counts(IssueQuery(statuses=frozenset({"new", "assigned", "in_progress"}),
                                                  officer_id=oid)).total
    qtbot.waitUntil(lambda: dash.tiles["mine_open"].value.text() == f"{mine:,}", timeout=10000)
    assert demo_services.devices.info().officer_id == oid
    session.tasks.wait()


def test_bundled_font_registers():
    make_application()
    family = load_font()
    assert family and "WenQuanYi" in family


def test_language_switch_rebuilds_in_english_and_persists(qtbot, demo_services, gui_session):
    session = gui_session(demo_services)
    old = session.window
    old.on_language_chosen("en")
    try:
        win = session.window
        qtbot.addWidget(win)
        assert win is not old
        assert win.nav.item(0).text() == "Dashboard"
        assert win.nav.item(3).text() == "Issue ledger"
        assert "Laptop" in win.device_label.text()
        assert QSettings().value("ui/language") == "en"
        # a new session starts in the saved language
        again = gui_session(demo_services)
        assert again.window.nav.item(0).text() == "Dashboard"
        again.tasks.wait()
        # switching back replaces the English translator, whichever session installed it
        from PySide6.QtCore import QCoreApplication
        assert QCoreApplication.translate("Navigation", "工作台") == "Dashboard"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
        again.language.install("zh")
        assert QCoreApplication.translate("Navigation", "工作台") == "工作台"
        # Qt's own standard buttons follow the language too
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        session.language.install("zh")
        session.language.save("zh")
        session.tasks.wait()


def test_window_fits_a_1366x768_screen_and_remembers_its_geometry(qtbot, demo_services, gui_session):
    from PySide6.QtCore import QRect

    from yimi_desktop.ui.main_window import TITLE_BAR
    from yimi_desktop.ui.settings import Settings

    session = gui_session(demo_services, demo=True)
    win = session.window
    available = QRect(0, 0, 1366, 728)  # 1366x768 less a 40-pixel taskbar
    win.fit_to(available)
    assert win.width() <= 1366 and win.height() + TITLE_BAR <= 728
    assert available.contains(QRect(win.x(), win.y(), win.width(), win.height() + TITLE_BAR))
    assert win.height() >= 600  # uses the room there is, not a small default

    win.resize(700, 500)
    win.move(40, 30)
    win.close()
    assert not Settings(session.settings).window_geometry.isEmpty()
    session.tasks.wait()
    again = gui_session(demo_services, demo=True)
    again.window.fit_to(available)
    assert (again.window.width(), again.window.height()) == (700, 500)
    # a geometry saved on a bigger screen is brought back inside this one
    again.window.resize(1900, 1000)
    again.window.move(1500, 900)
    again.window.close()
    third = gui_session(demo_services, demo=True)
    third.window.fit_to(available)
    w = third.window
    assert available.contains(QRect(w.x(), w.y(), w.width(), w.height() + TITLE_BAR))
    again.tasks.wait()
    third.tasks.wait()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_fits_1280x720_at_125_percent(qtbot, demo_services, gui_session, lang):
    """1280x720 at 125% scaling leaves 1024 logical pixels: the window's least width must fit, in both
    languages (the English ledger needed 1310 px, so the window ran off a 1280 px screen)."""
    QSettings().setValue("ui/language", lang)  # the fixture keeps settings in the test's folder
    session = gui_session(demo_services, demo=True)
    win = session.window
    try:
        # every page built and loaded: what a page shows once its queries are in counts too (the ledger's
        # counters, one unbroken line, made the English page 1,399 px wide on a 1280 px screen)
        for key in win.page_keys():
            win.show_page(key)
        qtbot.waitUntil(lambda: not session.tasks.busy(), timeout=20000)
        qtbot.waitUntil(lambda: "·" in win.pages["issues"].counters_text(), timeout=10000)
        assert len(win.pages) == len(win.page_keys())
        too_wide = {key: page.minimumSizeHint().width() + win.nav.width()
                    for key, page in win.pages.items() if page.minimumSizeHint().width() + win.nav.width() > 1024}
        assert too_wide == {}
        assert win.minimumSizeHint().width() <= 1024
        # the ledger's team, category and township lists take a row of their own when the period row is full
        bar = win.show_page("issues").filters
        win.show()
        win.resize(1024, 544)
        qtbot.waitUntil(lambda: bar.row4.indexOf(bar.choice_box) >= 0, timeout=3000)
        win.resize(1366, 700)
        qtbot.waitUntil(lambda: bar.row3.indexOf(bar.choice_box) >= 0, timeout=3000)
    finally:
        session.tasks.wait()
        session.language.install("zh")
        QSettings().setValue("ui/language", "zh")
