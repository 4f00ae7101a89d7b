"""Screenshots of every page and the main dialogs, as a user sees them, for looking at by hand.

Run by `scripts/screenshots.sh` under Xvfb at each screen size (a real window on a real X screen,
so the window sizes itself to the screen's available area as on a county laptop). Works on a copy
of the database it is given. Also lists every database statement run on the GUI thread by ui/
code while it clicks through (the same check as the GUI tests' guard), so the debt stays visible.

    python scripts/screenshots.py --db demo/yimi-demo.db --out shots/1366x768 --lang zh
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--lang", default="zh", choices=("zh", "en"))
    args = p.parse_args(argv)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QDialog

    from yimi_desktop.services.context import open_services
    from yimi_desktop.storage.database import watch_statements
    from yimi_desktop.ui.application import GuiSession, make_application
    from yimi_desktop.ui.gui_thread import GuiThreadGuard

    work = Path(tempfile.mkdtemp(prefix="yimi-shots-"))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(work / "settings"))
    db = work / args.db.name
    shutil.copy2(args.db, db)
    for extra in (".keys", ".files"):
        src = Path(f"{args.db}{extra}")
        if src.is_dir():
            shutil.copytree(src, Path(f"{db}{extra}"))
    args.out.mkdir(parents=True, exist_ok=True)

    guard = GuiThreadGuard()
    remove = watch_statements(guard.on_statement)  # from the start: building the pages counts too
    app = make_application()
    settings = QSettings()
    settings.setValue("ui/language", args.lang)
    services = open_services(db)
    session = GuiSession(app, services, demo=True, settings=settings)
    window = session.window

    def settle(seconds: float = 0.6) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end or session.tasks.busy():
            app.processEvents()
            time.sleep(0.02)
            if time.monotonic() > end + 20:
                break

    def shoot(widget, name: str) -> None:
        settle()
        widget.grab().save(str(args.out / f"{args.lang}-{name}.png"))

    window.show()
    settle(1.5)
    screen = window.screen().availableGeometry()
    print(f"screen {screen.width()}x{screen.height()}, window {window.frameGeometry().width()}x"
          f"{window.frameGeometry().height()}")
    for key in window.page_keys():  # each page is built when first shown
        page = window.show_page(key)
        shoot(window, f"page-{key}")
        if key == "issues" and page.model.rowCount() > 0:  # the ledger with an issue selected
            page.table.selectRow(0)
            shoot(window, "page-issues-selected")
        if key == "enterprises" and page.model.rowCount() > 0:
            page.table.selectRow(0)
            shoot(window, "page-enterprises-selected")

    visits = window.show_page("visits")
    visits.new_visit()
    shoot(window, "visit-editor")
    visits.close_editor()
    settle()
    if visits.model.rowCount() > 0:  # a finished visit corrected in the editor (更正)
        visits.select_row(0)
        settle()
        visits.on_correct()
        shoot(window, "visit-correct")
        visits.close_editor()
        settle()

    def dialogs():
        yield "help-guide", lambda: window.on_help(0)
        yield "help-keys", lambda: window.on_help(1)
        yield "backups", window.on_backups
        visits.select_row(0)
        settle()
        yield "visit-amend", visits.on_amend
        yield "visit-void", visits.on_void
        ent = window.show_page("enterprises")
        yield "enterprise-new", ent.on_new_clicked
        if ent.model.rowCount() > 0:
            ent.table.selectRow(0)
            settle()
            yield "enterprise-void", ent.on_void_clicked
        pol = window.show_page("policies")
        yield "policy-new", pol.on_add
        teams = window.show_page("teams")
        yield "team-new", teams.on_add
        yield "officer-new", teams.on_add_officer
        issues = window.show_page("issues")
        if issues.model.rowCount() > 0:
            issues.table.selectRow(0)
            settle()
            from yimi_desktop.domain.lifecycle import EventKind
            yield "issue-assign", lambda: issues.open_action(EventKind.ASSIGNED)
            yield "issue-comment", lambda: issues.open_action(EventKind.COMMENT)

    for name, opener in dialogs():
        try:
            opener()
        except Exception as exc:  # a missing opener is a finding, not a crash of the script
            print(f"{name}: could not open ({type(exc).__name__}: {exc})")
            continue
        settle()
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        for dialog in shown:
            shoot(dialog, f"dialog-{name}")
            print(f"dialog {name}: {dialog.width()}x{dialog.height()}")
            dialog.reject()
        settle(0.2)

    remove()
    print("database statements on the GUI thread from ui/ code:")
    for where, n in Counter(v.rsplit(":", 1)[0] for v in guard.violations).most_common():
        print(f"  {n:5d}  {where}")
    session.close()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
