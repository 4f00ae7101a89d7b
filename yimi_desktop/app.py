"""Composition root: builds settings, database and services, then starts the GUI.

The only place where objects are wired together; nothing here is a module-level singleton.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from .logs import setup_logging
from .paths import default_db_path, log_path


def parse_gui_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="yimi-desktop", description="一米团走访与诉求台账")
    p.add_argument("--db", type=Path, default=None, help="database file to open")
    p.add_argument("--demo", action="store_true", help="mark the window as a demo database")
    p.add_argument("--page", default=None, help="the page to open on (dashboard, enterprises, visits, issues, ...)")
    return p.parse_args(argv)


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
