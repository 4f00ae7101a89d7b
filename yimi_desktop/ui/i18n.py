"""Language: Simplified Chinese (the source language of every tr() string) or English.

The choice persists in QSettings. Chinese needs no translator; English loads yimi_en.qm.
Domain labels (statuses, kinds) come from domain.vocabulary in the same language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, Qt, QTranslator

from ..paths import translations_dir
from .settings import LANGUAGE, Settings

LANGUAGES = {"zh": "简体中文", "en": "English"}


# Qt 6 renamed a few of its file dialog's labels; its zh_CN catalogue still has only the old
# names, so those stayed English ("&Look in:" beside "文件名称(&N):"). Filled in here.
_QT_GAPS = {
    ("QFileDialog", "&Look in:"): "查找范围(&L):",
    ("QFileDialog", "Files of &type:"): "文件类型(&T):",
}


class QtGapTranslator(QTranslator):
    """The Chinese for the Qt strings that qtbase_zh_CN.qm lacks."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None (a null string) lets Qt ask the next translator; "" would blank every other string
        return _QT_GAPS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def qt_translation_dirs() -> list[str]:
    """Where Qt's own translations (qtbase_zh_CN.qm) may be: the Qt in use, the PySide6 wheel's
    folder, then the system's (a .deb install on UOS/Kylin uses Debian's Qt, whose translations
    come from qt6-translations-l10n)."""
    dirs = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    try:
        import PySide6

        dirs.append(str(Path(PySide6.__file__).parent / "Qt" / "translations"))
    except ImportError:  # pragma: no cover - PySide6 is what runs this
        pass
    dirs += ["/usr/share/qt6/translations", "/usr/lib/qt6/translations"]
    return [d for d in dict.fromkeys(dirs) if d]


class Language:
    """Owns the installed translator; one per application."""

    def __init__(self, settings: QSettings):
        self._settings = settings
        self._translators: list[QTranslator] = []
        self.code = "zh"

    def saved(self) -> str:
        code = Settings(self._settings).get(LANGUAGE)
        return code if code in LANGUAGES else "zh"

    def save(self, code: str) -> None:
        Settings(self._settings).set(LANGUAGE, code)
        self._settings.sync()

    def install(self, code: str) -> bool:
        """Install the translators for `code`; False if the English file is missing (stays Chinese).

        Translators are children of the application, so whichever Language installed one, the
        next install replaces it (one language per application, never two stacked)."""
        app = QCoreApplication.instance()
        # Qt's own file dialogs everywhere, in the language chosen here: a native dialog follows the
        # desktop's language and theme instead, which left "Look in:" beside Chinese labels
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
        for t in app.findChildren(QTranslator, "yimi-translator"):
            app.removeTranslator(t)
            t.deleteLater()
        self._translators.clear()
        if code == "en":
            t = QTranslator(app)
            t.setObjectName("yimi-translator")
            if t.load(str(translations_dir() / "yimi_en.qm")):
                app.installTranslator(t)
                self._translators.append(t)
                self.code = "en"
                QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
                return True
            t.deleteLater()
        self.code = "zh"
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        # Qt's own buttons and dialogs (Yes/No, Cancel, file dialogs) in Chinese too
        qt = QTranslator(app)
        qt.setObjectName("yimi-translator")
        if any(qt.load("qtbase_zh_CN", d) for d in qt_translation_dirs()):
            app.installTranslator(qt)
            self._translators.append(qt)
        else:
            qt.deleteLater()
        gaps = QtGapTranslator(app)
        gaps.setObjectName("yimi-translator")
        app.installTranslator(gaps)
        self._translators.append(gaps)
        return code != "en"
