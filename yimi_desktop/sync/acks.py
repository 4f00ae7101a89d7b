"""Acknowledgements in words a clerk reads: not "acknowledged up to change 244" but "holds every change
made here before 28 November, 14:05" (the stamp of the first change the replica lacks)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from ..storage.models import Change
from . import hlc
from .merge import unacked_filter


def first_unacked_at(conn: Connection | Session, acked: dict[str, int]) -> datetime | None:
    """When the earliest change a replica that reported `acked` lacks was made (naive UTC, by its
    hybrid-clock stamp); None when it lacks nothing."""
    top = conn.scalar(select(func.min(Change.hlc)).where(unacked_filter(acked)))
    if not top:
        return None
    return datetime.fromtimestamp(hlc.decode(top)[0] / 1000, timezone.utc).replace(tzinfo=None)
