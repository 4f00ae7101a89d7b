"""The import policy: what a receiver checks and records while it applies one admitted package, inside
the import's one transaction (services/sync.py opens the file, admits it, and commits).

- A restore seen in the sender's acknowledgement (it holds more of this device than this file has
  issued): this file becomes a new device before anything applies (sync.renewal).
- Every change's stamp within the bound on future times (a clock far ahead, or this one behind).
- At the hub, the binding guard: new changes only in the name of the signer's own device ids.
- The same (device, seq) with other content: refused, never counted as a duplicate.
- Afterwards the receiver's hybrid clock moves past what it received, the package is logged, the
  sender's acknowledgement vector is kept per device id (each replica of a laptop on its own), and
  the device ids the sender retired stop being served.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from ..domain.errors import Message
from ..storage.models import DeviceBinding, PackageLog, Peer, SyncClock, utcnow
from . import hlc, roles
from .log import hlc_text
from .batch import BatchApplier, Refusal
from .merge import Applier, ApplyStats, ChangeCollision
from .package import Manifest, PackageError
from .renewal import RESTORED, Renewal, renew


class BindingGuard:
    """At the hub, each replicating device id belongs to one enrolled identity. A package may bring new
    changes of its sender's device id (bound on first sight), of device ids bound to its signer, or of
    device ids the hub has never seen (a copied laptop file that took a new id before it first synced:
    bound to the signer). It may relay changes the hub already holds of any device, without binding
    anything. New changes in the name of a device bound to someone else, or of one the hub knew before
    bindings existed, are refused."""

    def __init__(self, bindings: dict[str, str], held: dict[str, int], signer: str, m: Manifest):
        self.bindings, self.held, self.signer = bindings, held, signer
        self.new: set[str] = set()
        self._name = m.sender_name
        self._claim(m.sender, own=True)

    def _refuse(self) -> PackageError:
        return PackageError(Message(
            f"数据包中有以另一台设备的名义新写的修改,已拒绝(发送设备“{self._name}”)。",
            f"The package holds new changes in another device's name (sent by '{self._name}'); refused."))

    def _claim(self, device: str, own: bool) -> None:
        owner = self.bindings.get(device)
        if owner == self.signer:
            return
        if owner is None and (own or self.held.get(device, 0) == 0):
            self.bindings[device] = self.signer
            self.new.add(device)
            return
        raise self._refuse()

    def check(self, ch: dict) -> None:
        d = ch["device_id"]
        if ch["seq"] <= self.held.get(d, 0) or self.bindings.get(d) == self.signer:
            return  # relayed (already held here), or the signer's own
        self._claim(d, own=False)


def too_far_ahead(stamp: str, wall: int, sender_name: str) -> PackageError:
    days = max(1, round((hlc.decode(stamp)[0] - wall) / 86_400_000))
    return PackageError(Message(
        f"数据包中的时间比本机时钟晚约 {days} 天:发送设备“{sender_name}”的时钟偏快,或者本机的时钟偏慢;"
        "已拒绝,本机的数据没有改动。请核对两台电脑的日期和时间:本机偏慢的,调准后再导入这个文件;"
        "对方偏快的,对方调准后再导出一次,新的数据包会带上这些内容(不会丢失),这个文件可以删掉。",
        f"The package holds times about {days} days ahead of this computer's clock: the clock of "
        f"'{sender_name}' is fast, or this computer's is slow; refused, nothing here was changed. "
        "If this computer is slow, set it right and import this file again; if the sender is fast, "
        "set it right and export again: the new package carries the same work (nothing is lost) "
        "and this file can be deleted."))


def collision(seq: int, sender_name: str) -> PackageError:
    return PackageError(Message(
        f"数据包中“{sender_name}”的第 {seq} 号修改与本机已有的同号修改内容不同(那台笔记本的数据库"
        "可能是从备份恢复的),已拒绝,本机数据未改变。请在那台笔记本上用本版本软件打开一次数据库"
        "(它会换用新的设备编号),再导出数据包。",
        f"Change {seq} of '{sender_name}' differs from the change of that number held here (that "
        "laptop's database was probably restored from a backup); refused, nothing changed. Open its "
        "database once with this version (it takes a new device id), then export again."))


def check_rollback(conn: Connection, m: Manifest, own: str, wall: int) -> Renewal | None:
    """The sender acknowledges holding more of this device than this file has issued: the file was
    restored from a backup. Become a new device before anything is issued (in the import's
    transaction, before its changes apply, so the ones the sender holds arrive as another device's)."""
    nxt = conn.execute(select(SyncClock.next_seq).where(SyncClock.device_id == own)).scalar()
    if nxt is None or int(m.vector.get(own, 0)) < nxt:
        return None
    return renew(conn, RESTORED, wall)


def apply_changes(conn: Connection, changes: Iterable[dict], m: Manifest, own: str, signer: str,
                  bindings: dict[str, str] | None, wall: int) -> tuple[ApplyStats, set[str]]:
    """Apply decoded changes (a salvaged database's rows) set-based (sync.batch); returns the counts and,
    at the hub (`bindings` given), the device ids bound to the signer on first sight."""
    applier = BatchApplier(conn, own)
    try:
        applier.stage.dicts(changes)
        return _apply_staged(conn, applier, m, signer, bindings, wall, None)
    finally:
        applier.close()


def apply_package(conn: Connection, lines: Iterable[bytes], decode: Callable[[bytes], dict], damaged: Callable[[], Exception],
                  m: Manifest, own: str, signer: str, bindings: dict[str, str] | None,
                  wall: int) -> tuple[ApplyStats, set[str]]:
    """Apply a package's change lines set-based (sync.batch): each line staged and decoded once, checked
    and applied with a few statements. `decode` is the reader's decoding of one line (for the few lines
    not in canonical form), `damaged` the reader's error for a damaged file."""
    applier = BatchApplier(conn, own)
    try:
        bad = applier.stage.lines(lines, decode)
        return _apply_staged(conn, applier, m, signer, bindings, wall, None if bad is None else (bad, damaged()))
    finally:
        applier.close()


def _apply_staged(conn: Connection, applier: BatchApplier, m: Manifest, signer: str, bindings: dict[str, str] | None,
                  wall: int, damaged: tuple[int, Exception] | None) -> tuple[ApplyStats, set[str]]:
    cur = applier.cur
    refusals: list[Refusal] = []
    if damaged is not None:
        cur.execute("DELETE FROM imp WHERE ord >= ?", (damaged[0],))
        refusals.append(Refusal(damaged[0], -1, damaged[1]))
    held = {d: int(s) for d, s in cur.execute(
        "SELECT d.device_id, h.seq FROM sync_held AS h JOIN sync_device AS d ON d.n = h.device_n")}
    guard = BindingGuard(bindings, held, signer, m) if bindings is not None else None
    applier.classify()
    ahead = applier.too_far_ahead(wall)
    if ahead is not None:
        refusals.append(Refusal(ahead[0], 0, too_far_ahead(ahead[1], wall, m.sender_name)))
    if guard is not None:
        for device, first in applier.new_devices():
            if guard.bindings.get(device) == signer:
                continue
            try:
                guard._claim(device, own=False)
            except PackageError as exc:
                refusals.append(Refusal(first, 1, exc))
                break
    clash = applier.collision()
    if clash is not None:
        refusals.append(Refusal(clash[0], 2, collision(clash[2], m.sender_name)))
    if refusals:
        raise min(refusals, key=lambda r: (r.ord, r.rank)).error
    hub_devices_before = roles.hub_devices(conn)
    applier.log()
    applier.materialise()
    touched = applier.touched_issues()
    if roles.hub_devices(conn) != hub_devices_before:  # the hub's device ids changed: its acts fold anew
        touched.update(roles.issues_with_hub_acts(conn))
    applier.stats.touched_issues = touched
    applier.derive_issues(touched)
    applier.derive_conflicts()
    return applier.stats, guard.new if guard is not None else set()


def apply_changes_per_group(conn: Connection, changes: Iterable[dict], m: Manifest, own: str, signer: str,
                            bindings: dict[str, str] | None, wall: int) -> tuple[ApplyStats, set[str]]:
    """The per-change path (merge.Applier) the set-based import replaced; kept to check that both give
    the same database (tests/unit/test_sync_batch.py)."""
    applier = Applier(conn, own)
    guard = BindingGuard(bindings, dict(applier.vec), signer, m) if bindings is not None else None
    hub_devices_before = roles.hub_devices(conn)
    for ch in changes:
        if hlc.is_too_far_ahead(ch["hlc"], wall):
            raise too_far_ahead(ch["hlc"], wall, m.sender_name)
        if guard is not None:
            guard.check(ch)
        try:
            applier.add(ch)
        except ChangeCollision as exc:
            raise collision(exc.seq, m.sender_name) from exc
    applier.flush_records()
    if roles.hub_devices(conn) != hub_devices_before:  # the hub's device ids changed: its acts fold anew
        applier.stats.touched_issues.update(roles.issues_with_hub_acts(conn))
    applier.finish()
    return applier.stats, guard.new if guard is not None else set()


def advance_clock(conn: Connection, device: str, wall: int) -> None:
    """The receiver's clock after the import: past every change received (bounded: see hlc.receive).

    A device's stamps never decrease along its sequence (each transaction ticks its clock), and its
    changes held are 1..held: so the newest change of the log is among each device's last held one,
    found by key, not by a scan of the whole log."""
    top = hlc_text(conn.exec_driver_sql("SELECT max(c.hlc) FROM sync_held AS h CROSS JOIN change AS c "
                                        "ON c.device_n = h.device_n AND c.seq = h.seq").scalar())
    last = conn.execute(select(SyncClock.hlc).where(SyncClock.device_id == device)).scalar() or ""
    conn.execute(update(SyncClock).where(SyncClock.device_id == device).values(hlc=hlc.receive(last, top, wall)))


def record_receipt(s: Session, m: Manifest, signer: str, filename: str, changes: int, bound: set[str]) -> None:
    """The package logged, the sender's acknowledgement kept (per device id), new bindings stored, the
    device ids the sender retired forgotten."""
    for d in bound:
        s.add(DeviceBinding(device_id=d, identity_id=signer))
    s.add(PackageLog(package_id=m.package_id, direction="in", peer_device_id=m.sender, peer_name=m.sender_name,
                     filename=filename, changes=changes, at=utcnow()))
    peer = s.get(Peer, m.sender)
    if peer is None:
        peer = Peer(device_id=m.sender, acked="{}")
        s.add(peer)
    peer.name, peer.role, peer.last_in_at = m.sender_name, m.sender_role, utcnow()
    peer.identity_id = signer
    acked = json.loads(peer.acked or "{}")
    for d, n in m.vector.items():
        acked[d] = max(int(n), int(acked.get(d, 0)))
    peer.acked = json.dumps(acked, sort_keys=True)
    forget_retired(s, m, signer)


def forget_retired(s: Session, m: Manifest, signer: str) -> None:
    """The sender gave up these device ids (a restore, a clock far ahead): they are no replicas to
    serve any more (their acknowledgements would hold every later package back). Only the signer's
    own; what they sent stays."""
    for device in m.retired:
        peer = s.get(Peer, device)
        if device != m.sender and peer is not None and peer.identity_id == signer:
            s.delete(peer)
