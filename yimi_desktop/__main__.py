"""`python -m yimi_desktop` opens the GUI."""

import sys

from .app import gui_main

sys.exit(gui_main())
