"""Composition root: builds settings, database and services, then starts the GUI.

The only place where objects are wired together; nothing here is a module-level singleton.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import NamedTuple

from .logs import setup_logging
from .paths import default_db_path, log_path


class GuiArgs(NamedTuple):
    db: Path | None = None
    demo: bool = False
    page: str | None = None


def parse_gui_args(argv: list[str]) -> GuiArgs:
    """The window's options. A command line of exactly these (`--db X`, `--db=X`, `--demo`, `--page X`,
    `--page=X`) is read here; anything else (help, an unknown or abbreviated option, a missing value) goes to
    argparse, which says what is wrong. Making an ArgumentParser cost the first window ~5 ms (argparse, and its
    gettext looking up translations of its own words, which imports locale), before anything was shown."""
    simple = _simple_gui_args(argv)
    return simple if simple is not None else _parse_with_argparse(argv)


def _simple_gui_args(argv: list[str]) -> GuiArgs | None:
    found: dict[str, str] = {}
    demo = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--demo":
            demo = True
            i += 1
            continue
        name, eq, value = arg.partition("=")
        if name not in ("--db", "--page"):
            return None
        if not eq:
            if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                return None  # argparse says the value is missing (or takes a value starting with "-" its way)
            value = argv[i + 1]
            i += 1
        found[name] = value  # the last one counts, as in argparse
        i += 1
    db = found.get("--db")
    return GuiArgs(Path(db) if db is not None else None, demo, found.get("--page"))


def _parse_with_argparse(argv: list[str]) -> GuiArgs:
    import argparse

    p = argparse.ArgumentParser(prog="yimi-desktop", description="一米团走访与诉求台账")
    p.add_argument("--db", type=Path, default=None, help="database file to open")
    p.add_argument("--demo", action="store_true", help="mark the window as a demo database")
    p.add_argument("--page", default=None, help="the page to open on (dashboard, enterprises, visits, issues, ...)")
    ns = p.parse_args(argv)
    return GuiArgs(ns.db, ns.demo, ns.page)


def gui_main(argv: list[str] | None = None) -> int:
    # The GUI runs with automatic garbage collection off (ui/application.py MainThreadGarbageCollector collects
    # on the GUI thread by a timer): off from here, the start's imports are not interrupted by ~40 collections.
    gc.disable()
    args = parse_gui_args(sys.argv[1:] if argv is None else argv)
    log_file = log_path()
    setup_logging(log_file)
    # Qt is imported only here, so the CLI never pulls it in.
    from .ui.application import run_gui

    # No ServicesFactory here: run_gui makes the one factory (every database the GUI opens, creates or enrols
    # goes through it) when it imports the services, which a light start does after its first paint.
    return run_gui(args.db or default_db_path(), None, demo=args.demo, log_file=log_file, start_page=args.page)
