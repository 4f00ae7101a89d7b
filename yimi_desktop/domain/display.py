"""Showing paths to people and logs.

A file name on a USB stick may hold bytes that are not UTF-8 (an archive unpacked on a Chinese
Windows machine leaves GBK names). Python keeps such bytes as lone surrogates, which crash any
encode to UTF-8: a message, a log line, a database column. `show_path` gives the text to show,
with the undecodable bytes as visible escapes (`\\xb2`), and never raises.
"""

from __future__ import annotations

import os


def show_path(path: os.PathLike | str | bytes) -> str:
    """The path as printable text: valid UTF-8 as is, any other byte as a `\\xNN` escape."""
    try:
        raw = os.fsencode(path)
    except Exception:  # not a path at all: show what it is
        return repr(path)
    return raw.decode("utf-8", "backslashreplace")


def show_name(path: os.PathLike | str | bytes) -> str:
    """The last part of the path (the file name), shown as `show_path` does."""
    try:
        return show_path(os.path.basename(os.fsencode(path)))
    except Exception:
        return show_path(path)
