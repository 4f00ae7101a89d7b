"""Times are stored in UTC without a zone (storage.models.utcnow); people read them in local time."""

from __future__ import annotations

from datetime import datetime, timezone


def local(at: datetime) -> datetime:
    """A stored (naive UTC) time in this computer's time zone."""
    return at.replace(tzinfo=timezone.utc).astimezone()


def local_text(at: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return local(at).strftime(fmt) if at else ""
