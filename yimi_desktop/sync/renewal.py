"""Faults as part of the protocol: take a new device id and re-issue what no peer holds.

A replica's identity is a device id plus a sequence that must never be reused. Two faults break it:
- a database file restored in place from a backup (same path and inode) would issue sequence
  numbers the hub already holds, with other content;
- a hybrid clock far ahead of the wall clock (a year typed wrong, then fixed) stamps every later
  change in the future, and every peer refuses them.
Both are answered the same way: this file becomes a new device, and every change of the old device
that no peer has acknowledged is written again under the new id, with sane stamps (no one holds
those changes, so no one can hold them with other content). Changes some peer acknowledged stay as
they are: the peer holds them and sends them back to whoever lacks them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from ..domain.errors import Message
from ..storage.models import LocalDevice, Peer, SyncClock, Tombstone, new_id
from . import hlc
from .log import Names, hlc_int, hlc_text
from .registry import DELETED

RESTORED = "restored"
CLOCK = "clock"
COPIED = "copied"  # a file copied elsewhere: a new device id, nothing re-issued (both files hold the same)


@dataclass(frozen=True)
class Renewal:
    """What happened: why this file took a new device id, and what it re-issued."""

    reason: str  # RESTORED, CLOCK or COPIED
    old_device: str
    new_device: str
    reissued: int  # changes no peer held, written again under the new device id
    future_records: tuple[tuple[str, str], ...] = ()  # (entity, record id) that still carry future stamps
    future_until: str = ""  # the latest future time found, for people

    @property
    def message(self) -> Message:
        if self.reason == COPIED:
            return Message("本数据库是从别处复制来的,已换用新的设备编号,和原来的数据库各自记录、各自同步。",
                           "This database was copied from elsewhere; it took a new device id and syncs on its own.")
        if self.reason == RESTORED:
            return Message(
                f"本机数据库像是从备份恢复的(它记得的修改比本机以前发出过的少)。为了不和县级中心已有的数据混淆,"
                f"本机已换用新的设备编号,重新发出了 {self.reissued} 条尚未被县级中心确认的修改;"
                "恢复以后录入的内容会照常送到县级中心,备份之后、恢复之前发出过的内容会从县级中心传回本机。",
                f"This database looks restored from a backup (it holds fewer changes than this device issued before). "
                f"It took a new device id and re-issued {self.reissued} changes the hub had not acknowledged; what you "
                "enter from now on reaches the hub, and what was sent between the backup and the restore comes back from it.")
        records = "、".join(f"{e}:{r[:8]}" for e, r in self.future_records[:10])
        more = f"等 {len(self.future_records)} 条记录" if len(self.future_records) > 10 else ""
        future_zh = f"仍带有未来时间(最晚到 {self.future_until})的记录:{records}{more}。" if records else ""
        future_en = f" Records still carrying future times (up to {self.future_until}): {records}." if records else ""
        return Message(
            f"本机的时钟曾经比现在快了一天以上(日期或年份可能输错过,后来又改正了),当时记下的修改带着未来的时间,"
            f"县级中心和其他笔记本都不会接收。本机已换用新的设备编号,以正确的时间重新发出了 {self.reissued} 条"
            f"尚未被对方确认的修改,录入的内容没有丢失。{future_zh}请确认本机的日期和时间正确。",
            f"This computer's clock was once more than a day ahead (a mistyped date or year, later fixed); the changes "
            f"made then carry future times that no peer accepts. It took a new device id and re-issued {self.reissued} "
            f"unacknowledged changes with correct times; nothing typed is lost.{future_en} Check the date and time.")


def clock_behind(conn: Connection, device: str, wall_ms: int) -> Message | None:
    """This computer's clock is more than a day behind the newest time it has already seen (its own
    hybrid clock, which follows every stamp received): a dead CMOS battery, a date typed wrong. Nothing
    is lost, but every hub package will be refused until it is set right, and dates typed now are wrong."""
    last = conn.execute(select(SyncClock.hlc).where(SyncClock.device_id == device)).scalar() or ""
    if not hlc.is_too_far_ahead(last, wall_ms):
        return None
    days = round((hlc.decode(last)[0] - wall_ms) / 86_400_000)
    return Message(
        f"本机的时钟比已收到的数据慢了约 {days} 天(主板电池没电或日期输错?)。请把本机的日期和时间调准:"
        "在此之前收到的数据包会被拒绝,新记下的日期也会不对;已录入的内容不会丢失。",
        f"This computer's clock is about {days} days behind the data it has received (a dead CMOS battery or a "
        "mistyped date?). Set the date and time right: until then packages received are refused and new dates "
        "are wrong; nothing entered is lost.")


def acknowledged(conn: Connection, device: str) -> int:
    """The highest sequence of `device` that some peer has acknowledged holding."""
    best = 0
    for (acked,) in conn.execute(select(Peer.acked)):
        try:
            best = max(best, int(json.loads(acked or "{}").get(device, 0)))
        except (ValueError, TypeError, AttributeError):
            continue
    return best


def clock_ahead(conn: Connection, device: str, wall_ms: int) -> bool:
    """This device's own stamps are further ahead than any peer accepts: ahead of the wall clock and
    of every stamp received from peers. A lead taken from a peer's stamp (this computer's clock is
    slow: a dead CMOS battery) is that peer's time, which the peers accept, so it is not a fault."""
    # The usual answer from one row: the device's clock is at or past every stamp it issued (capture and
    # renew store the last one issued, imports only move it forward), so a clock within the bound means
    # every own stamp is. Only a clock past the bound pays for the scan of this device's changes.
    top = conn.execute(select(SyncClock.hlc).where(SyncClock.device_id == device)).scalar()
    if top is not None and not hlc.is_too_far_ahead(top, wall_ms):
        return False
    n = conn.exec_driver_sql("SELECT n FROM sync_device WHERE device_id = ?", (device,)).scalar()
    own = hlc_text(conn.exec_driver_sql("SELECT max(hlc) FROM change WHERE device_n = ?", (n,)).scalar())
    if not hlc.is_too_far_ahead(own, wall_ms):
        return False
    received = hlc_text(conn.exec_driver_sql("SELECT max(hlc) FROM change WHERE device_n != ?", (n,)).scalar())
    return hlc.is_too_far_ahead(own, max(wall_ms, hlc.decode(received)[0]))


def renew(conn: Connection, reason: str, wall: int) -> Renewal:
    """Make this database a new device (inside the caller's transaction) and re-issue, under the new
    id and with stamps from the wall clock (`wall`, milliseconds), every change of the old device that
    no peer holds."""
    old = conn.execute(select(LocalDevice.device_id)).scalar_one()
    new = new_id()
    held = acknowledged(conn, old)
    bound = hlc.encode(wall + hlc.MAX_FUTURE_MS, 999999)
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    names = Names(dbapi.cursor())
    old_n, new_n = names.device(old), names.device(new)
    # the new clock starts after every sane stamp this replica holds (causality), never from a future one
    last = hlc_text(conn.exec_driver_sql("SELECT max(hlc) FROM change WHERE hlc <= ? AND NOT (device_n = ? AND seq > ?)",
                                         (hlc_int(bound), old_n, held)).scalar())
    rows = conn.exec_driver_sql("SELECT hlc, rec_n, field_n, value, base_hlc, base_dev FROM change "
                                "WHERE device_n = ? AND seq > ? ORDER BY seq", (old_n, held)).all()
    stamps: dict[int, int] = {}
    out = []
    for i, (h, rec_n, field_n, value, base_hlc, base_dev) in enumerate(rows, start=1):
        if h not in stamps:  # one transaction's changes keep one stamp
            last = hlc.tick(last, wall)
            stamps[h] = hlc_int(last)
        if base_dev == old_n and base_hlc in stamps:  # a version re-issued here: its new name
            base_hlc, base_dev = stamps[base_hlc], new_n
        out.append((new_n, i, stamps[h], rec_n, field_n, value, base_hlc, base_dev))
    conn.exec_driver_sql("DELETE FROM change WHERE device_n = ? AND seq > ?", (old_n, held))
    if out:
        conn.exec_driver_sql("INSERT INTO change(device_n, seq, hlc, rec_n, field_n, value, base_hlc, base_dev) "
                             "VALUES (?,?,?,?,?,?,?,?)", out)
    # the vector: the old device keeps what some peer holds of it; the new one what was re-issued
    conn.exec_driver_sql("DELETE FROM sync_held WHERE device_n IN (?, ?)", (old_n, new_n))
    top_old = conn.exec_driver_sql("SELECT max(seq) FROM change WHERE device_n = ?", (old_n,)).scalar()
    held_rows = [(n, s) for n, s in ((old_n, top_old), (new_n, len(out))) if s]
    if held_rows:
        conn.exec_driver_sql("INSERT INTO sync_held(device_n, seq) VALUES (?, ?)", held_rows)
    for o, n in stamps.items():
        conn.execute(update(Tombstone).where(Tombstone.device_id == old, Tombstone.hlc == hlc_text(o))
                     .values(hlc=hlc_text(n), device_id=new))
    conn.execute(delete(SyncClock).where(SyncClock.device_id == old))
    conn.execute(insert(SyncClock).values(device_id=new, next_seq=len(out) + 1, hlc=last))
    conn.execute(update(LocalDevice).where(LocalDevice.device_id == old).values(device_id=new))
    # records whose winning versions still carry future stamps (deleted records aside)
    future = [(e, r, hlc_text(h)) for e, r, h in conn.exec_driver_sql(
        "SELECT f.entity, r.record_id, max(c.hlc) FROM change AS c JOIN sync_field AS f ON f.n = c.field_n "
        "JOIN sync_record AS r ON r.n = c.rec_n WHERE c.hlc > ? AND f.field != ? "
        "AND NOT EXISTS (SELECT 1 FROM tombstone AS t WHERE t.entity = f.entity AND t.record_id = r.record_id) "
        "GROUP BY f.entity, r.record_id ORDER BY f.entity, r.record_id", (hlc_int(bound), DELETED))]
    until = ""
    if future:
        from datetime import datetime
        until = datetime.fromtimestamp(hlc.decode(max(f[2] for f in future))[0] / 1000).strftime("%Y-%m-%d %H:%M")
    return Renewal(reason, old, new, len(out), tuple((e, r) for e, r, _ in future), until)
