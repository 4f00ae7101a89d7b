"""Input-method probe: opens the app's window on an initialised database, starts a new visit, focuses its notes
field (the 走访记录 box) and, every 100 ms, writes what the field holds to OUT (first line `ready`, then the text).

    python packaging/ime_probe.py DB OUT

Run on a real X display (Xvfb) with an input method running; the typing is done from outside, with xdotool, as
a person would (tests/e2e/test_chinese_input.py, packaging/test-deb.sh). Stops after 60 s or when OUT is removed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    db, out = Path(argv[0]), Path(argv[1])
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from yimi_desktop.services.context import open_services
    from yimi_desktop.ui.application import GuiSession, make_application

    app = make_application()
    session = GuiSession(app, open_services(db), demo=False)
    window = session.window
    window.show()
    page = window.show_page("visits")
    page.new_visit()  # type: ignore[attr-defined]  # opens once the editor's choices are read (off the GUI thread)
    started = False

    def tick() -> None:
        nonlocal started
        editor = page.editor  # type: ignore[attr-defined]
        if editor is None:
            return
        if not started:
            window.activateWindow()
            editor.notes.setFocus()
            if not (editor.notes.hasFocus() and window.isActiveWindow()):
                return
            started = True
        elif not out.exists():
            app.quit()
            return
        im = QGuiApplication.inputMethod()
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(f"ready {os.environ.get('QT_IM_MODULE', '')} visible={im.isVisible()}\n"
                       f"{editor.notes.toPlainText()}", encoding="utf-8")
        tmp.replace(out)

    timer = QTimer(app)
    timer.timeout.connect(tick)
    timer.start(100)
    QTimer.singleShot(60_000, app.quit)
    code = app.exec()
    session.tasks.wait()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
