"""Entry point of the packaged GUI (PyInstaller runs this file as a script)."""

import sys

from yimi_desktop.app import gui_main

sys.exit(gui_main())
