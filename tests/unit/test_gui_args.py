"""The window's command line: read without argparse when it is only the window's options, the same as argparse."""

from pathlib import Path

import pytest

from yimi_desktop.app import GuiArgs, _parse_with_argparse, _simple_gui_args, parse_gui_args

SIMPLE = [
    [], ["--demo"], ["--db", "x.db"], ["--db=x.db"], ["--db", "a.db", "--db", "b.db"], ["--page", "enterprises"],
    ["--page=issues", "--demo", "--db", "/tmp/y.db"], ["--db="], ["--db=-odd.db"], ["--demo", "--demo"],
    ["--db", "数据库.db", "--page=visits"],
]
ELSEWHERE = [  # argparse's: help, abbreviations, unknown options, missing values, stray words
    ["-h"], ["--help"], ["--pa", "issues"], ["--dem"], ["--verbose"], ["--db"], ["--db", "--demo"], ["x.db"],
    ["--page"], ["--demo=1"], ["--"],
]


@pytest.mark.parametrize("argv", SIMPLE)
def test_the_window_options_read_alone_are_what_argparse_reads(argv):
    assert _simple_gui_args(argv) == _parse_with_argparse(argv)
    assert parse_gui_args(argv) == _parse_with_argparse(argv)


@pytest.mark.parametrize("argv", ELSEWHERE)
def test_anything_else_goes_to_argparse(argv):
    assert _simple_gui_args(argv) is None


def test_argparse_still_answers_what_it_alone_reads():
    assert parse_gui_args(["--pa", "issues"]) == GuiArgs(None, False, "issues")
    with pytest.raises(SystemExit):
        parse_gui_args(["--db"])
    assert parse_gui_args(["--db", "x.db"]).db == Path("x.db")
