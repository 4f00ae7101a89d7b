"""Change capture: every flush that touches replicated records writes the change log in the same
transaction, with this device's next gap-free sequence numbers and a hybrid-logical-clock stamp.

Installed on the Database's session factory by `install`. Anything that writes replicated tables
must go through the ORM unit of work (session.add / attribute changes / session.delete); bulk
UPDATE/DELETE statements would bypass the log and are not used on replicated tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, object_session, sessionmaker

from ..storage.models import Base, Change, FieldVersion, LocalDevice, Replicated, SyncClock, Tombstone
from . import hlc
from .keys import HighWater
from .registry import DELETED, LOCAL_COLUMNS, to_json


def _columns(obj: Replicated) -> list[str]:
    return [c.key for c in inspect(obj).mapper.column_attrs if c.key not in LOCAL_COLUMNS]


def collect(session: Session) -> list[tuple[str, str, str, Any, bool]]:
    """(entity, record id, field, value, is_update) for everything this flush changes."""
    out: list[tuple[str, str, str, Any, bool]] = []
    for obj in session.new:
        if isinstance(obj, Replicated):
            entity = obj.__tablename__
            for key in _columns(obj):
                out.append((entity, obj.id, key, getattr(obj, key), False))
    for obj in session.dirty:
        if isinstance(obj, Replicated) and obj not in session.deleted:
            state = inspect(obj)
            for key in _columns(obj):
                hist = state.attrs[key].history
                if hist.added and hist.added != hist.deleted:
                    out.append((obj.__tablename__, obj.id, key, hist.added[0], True))
    # deletions, including orphans removed by cascades, as the flush reported them
    for entity, rid in session.info.pop("sync_deleted", []):
        out.append((entity, rid, DELETED, None, True))
    return out


def _after_delete(_mapper, _connection, target) -> None:
    if isinstance(target, Replicated):
        session = object_session(target)
        if session is not None:
            session.info.setdefault("sync_deleted", []).append((target.__tablename__, target.id))


def record(session: Session, items: list[tuple[str, str, str, Any, bool]]) -> int:
    """Write `items` to the change log as this device's next changes; returns how many.

    The wall clock is the session's `wall_ms` (the device's clock, storage.Database.clock)."""
    if not items:
        return 0
    conn = session.connection()
    clock = conn.execute(select(SyncClock.device_id, SyncClock.next_seq, SyncClock.hlc)
                         .join(LocalDevice, LocalDevice.device_id == SyncClock.device_id)).first()
    if clock is None:
        return 0  # an installation not set up yet (only while `init` creates it)
    device, seq, last = clock
    now = session.info.get("wall_ms") or hlc.now_ms
    stamp = hlc.tick(last, now())
    bases: dict[tuple[str, str, str], str] = {}
    updated = [(e, r, f) for e, r, f, _, is_update in items if is_update and f != DELETED]
    for e, r, f in updated:
        row = conn.execute(select(FieldVersion.hlc, FieldVersion.device_id).where(
            FieldVersion.entity == e, FieldVersion.record_id == r, FieldVersion.field == f)).first()
        bases[(e, r, f)] = f"{row[0]}@{row[1]}" if row else ""
    changes, versions, tombs = [], [], []
    for e, r, f, value, _ in items:
        changes.append(dict(device_id=device, seq=seq, hlc=stamp, entity=e, record_id=r, field=f,
                            value=None if f == DELETED else to_json(value), base=bases.get((e, r, f), "")))
        seq += 1
        if f == DELETED:
            tombs.append(dict(entity=e, record_id=r, hlc=stamp, device_id=device))
        else:
            versions.append(dict(entity=e, record_id=r, field=f, hlc=stamp, device_id=device))
    conn.execute(insert(Change), changes)
    if versions:
        stmt = sqlite_insert(FieldVersion)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["entity", "record_id", "field"],
            set_={"hlc": stmt.excluded.hlc, "device_id": stmt.excluded.device_id}), versions)
    if tombs:
        conn.execute(sqlite_insert(Tombstone).on_conflict_do_nothing(), tombs)
    conn.execute(update(SyncClock).where(SyncClock.device_id == device).values(next_seq=seq, hlc=stamp))
    session.info["sync_issued"] = (device, seq)  # the high-water mark, written once this commits
    return len(changes)


def _after_flush(session: Session, _flush_context) -> None:
    if session.info.get("sync_applying"):
        session.info.pop("sync_deleted", None)
        return  # the importer writes its own log entries
    record(session, collect(session))


def install(factory: sessionmaker, marks: HighWater | None = None) -> None:
    """Capture changes on every session of `factory`, stamped with the sessions' wall clock (the
    Database's `wall_ms`); `marks` remembers what was issued."""
    event.listen(factory, "after_flush", _after_flush)
    if marks is not None:
        def _after_commit(session: Session) -> None:
            issued = session.info.pop("sync_issued", None)
            if issued is not None:
                marks.raise_to(*issued)
        event.listen(factory, "after_commit", _after_commit)
        event.listen(factory, "after_rollback", lambda session: session.info.pop("sync_issued", None))
    if not event.contains(Base, "after_delete", _after_delete):
        event.listen(Base, "after_delete", _after_delete, propagate=True)


def adopt_existing(session: Session, device_id: str) -> int:
    """Start the change log of a database made before sync existed: every replicated record it
    holds becomes this device's changes, so the county receives what the laptop already had."""
    from ..storage.models import SyncClock
    from .registry import fields_of, replicated_tables

    session.add(SyncClock(device_id=device_id, next_seq=1, hlc=""))
    session.flush()
    conn = session.connection()
    total = 0
    for name, table in replicated_tables().items():
        cols = fields_of(table)
        batch: list[tuple[str, str, str, Any, bool]] = []
        for row in conn.execute(select(table.c.id, *(table.c[c] for c in cols)).order_by(table.c.id)):
            batch.extend((name, row[0], c, v, False) for c, v in zip(cols, row[1:]))
            if len(batch) >= 20000:
                total += record(session, batch)
                batch = []
        total += record(session, batch)
    return total
