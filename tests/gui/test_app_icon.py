"""The app's icon (resources/icons, also used by the menu entry and the .deb) is the window icon."""

from PySide6.QtCore import QSize

from yimi_desktop.paths import resources_dir
from yimi_desktop.ui.application import make_application


def test_window_icon_is_the_app_icon_in_every_size():
    app = make_application()
    icon = app.windowIcon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    assert (resources_dir() / "icons" / "yimi-desktop.svg").exists()  # the scalable one the menu uses
    widths = [s.width() for s in icon.availableSizes()]
    assert widths == sorted(widths)  # smallest first: the window manager gets every size up to 128 px
    assert icon.pixmap(QSize(48, 48)).toImage().pixelColor(24, 4).red() > 150  # the red cover, not a blank


def test_desktop_file_name_matches_the_menu_entry():
    assert make_application().desktopFileName() == "yimi-desktop"
