"""The old name of the operations runner; see :mod:`yimi_desktop.ui.operations`.

``TaskRunner.submit(fn, on_done, on_error, key)`` is ``Operations.read``; new code calls
``read`` / ``write`` on ``ctx.tasks`` directly.
"""

from __future__ import annotations

from .operations import Operations

TaskRunner = Operations

__all__ = ["TaskRunner"]
