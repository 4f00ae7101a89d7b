"""The log: one rotating file in the user data folder (``logs/yimi.log``), set up by the
composition root. Modules log through ``logging.getLogger(__name__)``; nothing here holds state
beyond the handler it returns."""

from __future__ import annotations

import logging
from pathlib import Path

LOGGER = "yimi_desktop"
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def setup_logging(path: Path, *, max_bytes: int = 1_000_000, backups: int = 5,
                  level: int = logging.INFO) -> logging.Handler:
    """Write the ``yimi_desktop`` loggers to ``path`` (rotated at ``max_bytes``, ``backups`` kept);
    returns the handler so a caller (a test) can remove it again with :func:`remove_logging`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = DeferredRotatingFileHandler(path, max_bytes, backups)
    handler.setFormatter(logging.Formatter(FORMAT))
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    logger.setLevel(level)
    return handler


class DeferredRotatingFileHandler(logging.Handler):
    """A `logging.handlers.RotatingFileHandler` (utf-8), made at the first record: importing logging.handlers
    (socket, pickle, queue) would cost the first window its time, and a start usually logs nothing before
    it is painted. `handle()` holds this handler's lock around `emit`, so the file handler is made once."""

    def __init__(self, path: Path, max_bytes: int, backups: int, level: int = logging.NOTSET):
        super().__init__(level)
        self.path, self.max_bytes, self.backups = path, max_bytes, backups
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            import logging.handlers

            self.file = logging.handlers.RotatingFileHandler(self.path, maxBytes=self.max_bytes,
                                                             backupCount=self.backups, encoding="utf-8")
            self.file.setFormatter(self.formatter)
        self.file.emit(record)

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        super().setFormatter(fmt)
        if self.file is not None:
            self.file.setFormatter(fmt)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def remove_logging(handler: logging.Handler) -> None:
    logging.getLogger(LOGGER).removeHandler(handler)
    handler.close()
