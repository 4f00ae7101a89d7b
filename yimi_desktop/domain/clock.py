"""Times are stored in UTC without a zone (storage.models.utcnow); people read them in local time.

The one place that turns a stored time into this computer's wall-clock time: the UI, the CLI, the
reports and the services call these instead of `astimezone()` of their own.
"""

from __future__ import annotations

from datetime import datetime, timezone

MINUTES = "%Y-%m-%d %H:%M"


def local(at: datetime) -> datetime:
    """A stored (naive UTC) time in this computer's time zone."""
    return at.replace(tzinfo=timezone.utc).astimezone()


def local_text(at: datetime | str | None, fmt: str = MINUTES) -> str:
    """A stored time (or its ISO text) as local wall-clock text; '' for none, unreadable text unchanged."""
    if not at:
        return ""
    if isinstance(at, str):
        try:
            return local(datetime.fromisoformat(at)).strftime(fmt)
        except ValueError:
            return at
    return local(at).strftime(fmt)
