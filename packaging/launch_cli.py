"""Entry point of the packaged `yimi` command line."""

import sys

from yimi_desktop.cli import main

sys.exit(main())
