"""Change capture: every flush that touches replicated records writes the change log in the same
transaction, with this device's next gap-free sequence numbers and a hybrid-logical-clock stamp.

Installed on the Database's session factory by `install`. Anything that writes replicated tables
must go through the ORM unit of work (session.add / attribute changes / session.delete); bulk
UPDATE/DELETE statements would bypass the log and are not used on replicated tables.
"""

from __future__ import annotations

import json
from itertools import repeat
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, object_session, sessionmaker

from ..storage.models import Base, LocalDevice, Replicated, SyncClock, Tombstone
from . import hlc
from .keys import HighWater
from .log import Names, creations_sql, hlc_int, pairs_json, store_value, winners_sql
from .registry import DELETED, LOCAL_COLUMNS, null_by_default, replicated_tables, to_json


def _columns(obj: Replicated) -> list[str]:
    return [c.key for c in inspect(obj).mapper.column_attrs if c.key not in LOCAL_COLUMNS]


def _created(obj: Replicated) -> list[tuple[str, Any]]:
    """(field, value) of a new record as its creation logs them: a NULL that the receivers' INSERT makes
    anyway is left out (registry.null_by_default)."""
    out = []
    for c in inspect(obj).mapper.column_attrs:
        if c.key not in LOCAL_COLUMNS:
            value = getattr(obj, c.key)
            if value is not None or not null_by_default(c.columns[0]):
                out.append((c.key, value))
    return out


def columns_of(model: type[Replicated]) -> list[str]:
    """The columns `collect` takes of a record of `model`, in its order (for writers that build the same
    changes without the ORM: services/imports.py)."""
    return [c.key for c in inspect(model).column_attrs if c.key not in LOCAL_COLUMNS]


def collect(session: Session) -> list[tuple[str, str, str, Any, bool]]:
    """(entity, record id, field, value, is_update) for everything this flush changes."""
    out: list[tuple[str, str, str, Any, bool]] = []
    for obj in session.new:
        if isinstance(obj, Replicated):
            entity = obj.__tablename__
            for key, value in _created(obj):
                out.append((entity, obj.id, key, value, False))
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

    Set-based: the names are interned in bulk and the bases of every updated field (the version each
    replaces: the field's winner, from the change log's field index) come from ONE query per flush.
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
    cur = conn.connection.driver_connection.cursor()
    names = Names(cur)
    dev_n = names.device(device)
    recs = names.records([r for _, r, _, _, _ in items])
    fields = {(e, f): names.field(e, f) for e, _, f, _, _ in items}
    bases = _bases(cur, names, sorted({(recs[r], fields[(e, f)]) for e, r, f, _, is_update in items
                                       if is_update and f != DELETED}))
    stamp_n = hlc_int(stamp)
    changes, tombs = [], []
    for e, r, f, value, _ in items:
        rn, fn = recs[r], fields[(e, f)]
        bh, bd = bases.get((rn, fn), (None, None))
        changes.append((dev_n, seq, stamp_n, rn, fn, None if f == DELETED else store_value(to_json(value)), bh, bd))
        seq += 1
        if f == DELETED:
            tombs.append(dict(entity=e, record_id=r, hlc=stamp, device_id=device))
    cur.executemany("INSERT INTO change(device_n, seq, hlc, rec_n, field_n, value, base_hlc, base_dev) "
                    "VALUES (?,?,?,?,?,?,?,?)", changes)
    cur.execute("INSERT INTO sync_held(device_n, seq) VALUES (?, ?) "
                "ON CONFLICT(device_n) DO UPDATE SET seq = excluded.seq", (dev_n, seq - 1))
    if tombs:
        conn.execute(sqlite_insert(Tombstone).on_conflict_do_nothing(), tombs)
    conn.execute(update(SyncClock).where(SyncClock.device_id == device).values(next_seq=seq, hlc=stamp))
    session.info["sync_issued"] = (device, seq)  # the high-water mark, written once this commits
    return len(changes)


def record_records(session: Session, entity: str, fields: list[str], new: list[tuple[str, tuple[Any, ...]]],
                   updated: list[tuple[str, list[tuple[str, Any]]]]) -> int:
    """`record` of many records of one entity given by columns, for writers that do not go through the ORM
    (services/imports.py): the same changes as `record(session, items)` with the items
    [(entity, id, f, v, False) for id, values in new for f, v in zip(fields, values)] (less the NULLs a
    creation leaves out, `_created`) followed by [(entity, id, f, v, True) for id, changed in updated for f, v
    in changed], i.e. what the ORM's flush of those inserted and updated objects captures (one clock tick,
    consecutive sequence numbers, each updated field's base as `_bases`), with the per-change work done in
    bulk. No deletions."""
    if not new and not updated:
        return 0
    conn = session.connection()
    clock = conn.execute(select(SyncClock.device_id, SyncClock.next_seq, SyncClock.hlc)
                         .join(LocalDevice, LocalDevice.device_id == SyncClock.device_id)).first()
    if clock is None:
        return 0
    device, seq, last = clock
    now = session.info.get("wall_ms") or hlc.now_ms
    stamp = hlc.tick(last, now())
    cur = conn.connection.driver_connection.cursor()
    names = Names(cur)
    dev_n = names.device(device)
    recs = names.records([r for r, _ in new] + [r for r, _ in updated])
    fns = {f: names.field(entity, f) for f in dict.fromkeys([*fields, *(f for _, ch in updated for f, _ in ch)])}
    stamp_n = hlc_int(stamp)
    changes: list[tuple[Any, ...]] = []
    width = len(fields)
    field_ns = [fns[f] for f in fields]
    table = replicated_tables()[entity]
    optional = [i for i, f in enumerate(fields) if null_by_default(table.c[f])]
    for rid, values in new:
        if any(values[i] is None for i in optional):  # (as _created: such a NULL is not logged)
            kept = [(fn, v) for i, (fn, v) in enumerate(zip(field_ns, values)) if v is not None or i not in optional]
            n = len(kept)
            changes.extend(zip(repeat(dev_n, n), range(seq, seq + n), repeat(stamp_n), repeat(recs[rid]),
                               (fn for fn, _ in kept), (to_json(v) for _, v in kept), repeat(None), repeat(None)))
            seq += n
            continue
        changes.extend(zip(repeat(dev_n, width), range(seq, seq + width), repeat(stamp_n), repeat(recs[rid]), field_ns,
                           map(to_json, values), repeat(None), repeat(None)))
        seq += width
    if updated:
        bases = _bases(cur, names, sorted({(recs[r], fns[f]) for r, ch in updated for f, _ in ch}))
        for rid, ch in updated:
            rn = recs[rid]
            for f, value in ch:
                bh, bd = bases.get((rn, fns[f]), (None, None))
                changes.append((dev_n, seq, stamp_n, rn, fns[f], store_value(to_json(value)), bh, bd))
                seq += 1
    if not changes:
        return 0
    cur.executemany("INSERT INTO change(device_n, seq, hlc, rec_n, field_n, value, base_hlc, base_dev) "
                    "VALUES (?,?,?,?,?,?,?,?)", changes)
    cur.execute("INSERT INTO sync_held(device_n, seq) VALUES (?, ?) "
                "ON CONFLICT(device_n) DO UPDATE SET seq = excluded.seq", (dev_n, seq - 1))
    conn.execute(update(SyncClock).where(SyncClock.device_id == device).values(next_seq=seq, hlc=stamp))
    session.info["sync_issued"] = (device, seq)
    return len(changes)


def _bases(cur: Any, names: Names, keys: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
    """The base of each updated (rec_n, field_n): the version the update replaces, its field's winner; for a
    field never logged (a NULL left out of its record's creation, `_created`), the record's creation, which
    is what its logged NULL would have been. So two devices that first fill the same empty field replace the
    same base and count as a conflict, as they did when the NULL was logged."""
    bases: dict[tuple[int, int], tuple[int, int]] = {}
    if not keys:
        return bases
    sql, params = winners_sql(pairs_json([list(k) for k in keys]))
    for rn, fn, h, d in cur.execute(sql, params).fetchall():
        bases[(rn, fn)] = (h, names.device(d))
    unset = sorted({rn for rn, fn in keys if (rn, fn) not in bases})
    if unset:
        sql, params = creations_sql(json.dumps(unset))
        made = {rn: (h, names.device(d)) for rn, h, d in cur.execute(sql, params).fetchall()}
        bases.update({(rn, fn): made[rn] for rn, fn in keys if (rn, fn) not in bases and rn in made})
    return bases


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
    from .registry import fields_of

    session.add(SyncClock(device_id=device_id, next_seq=1, hlc=""))
    session.flush()
    conn = session.connection()
    total = 0
    for name, table in replicated_tables().items():
        cols = fields_of(table)
        batch: list[tuple[str, str, str, Any, bool]] = []
        for row in conn.execute(select(table.c.id, *(table.c[c] for c in cols)).order_by(table.c.id)):
            batch.extend((name, row[0], c, v, False) for c, v in zip(cols, row[1:])
                         if v is not None or not null_by_default(table.c[c]))
            if len(batch) >= 20000:
                total += record(session, batch)
                batch = []
        total += record(session, batch)
    return total
