"""Language: Simplified Chinese (the source language of every tr() string) or English.

The choice persists in QSettings. Chinese needs no translator; English loads yimi_en.qm.
Domain labels (statuses, kinds) come from domain.vocabulary in the same language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from ..paths import translations_dir

LANGUAGES = {"zh": "简体中文", "en": "English"}
_KEY = "ui/language"


class Language:
    """Owns the installed translator; one per application."""

    def __init__(self, settings: QSettings):
        self._settings = settings
        self._translators: list[QTranslator] = []
        self.code = "zh"

    def saved(self) -> str:
        code = str(self._settings.value(_KEY, "zh"))
        return code if code in LANGUAGES else "zh"

    def save(self, code: str) -> None:
        self._settings.setValue(_KEY, code)
        self._settings.sync()

    def install(self, code: str) -> bool:
        """Install the translators for `code`; False if the English file is missing (stays Chinese).

        Translators are children of the application, so whichever Language installed one, the
        next install replaces it (one language per application, never two stacked)."""
        app = QCoreApplication.instance()
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
        if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            self._translators.append(qt)
        else:
            qt.deleteLater()
        return code != "en"
