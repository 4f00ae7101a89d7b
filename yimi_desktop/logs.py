"""The log: one rotating file in the user data folder (``logs/yimi.log``), set up by the
composition root. Modules log through ``logging.getLogger(__name__)``; nothing here holds state
beyond the handler it returns."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOGGER = "yimi_desktop"
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def setup_logging(path: Path, *, max_bytes: int = 1_000_000, backups: int = 5,
                  level: int = logging.INFO) -> logging.Handler:
    """Write the ``yimi_desktop`` loggers to ``path`` (rotated at ``max_bytes``, ``backups`` kept);
    returns the handler so a caller (a test) can remove it again with :func:`remove_logging`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    logger.setLevel(level)
    return handler


def remove_logging(handler: logging.Handler) -> None:
    logging.getLogger(LOGGER).removeHandler(handler)
    handler.close()
