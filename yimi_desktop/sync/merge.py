"""Applying changes from a package: last writer wins per field by (hlc, device); tombstones win
over everything; issue status is re-derived from the issue's events in causal (hybrid-clock) order,
by the same fold the local write path uses (issue_states); conflicts are derived from
concurrent edits (two devices replacing the same base version of a field)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, column, insert, select, table, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..domain import lifecycle
from ..domain.lifecycle import EventKind, IssueEventData, IssueState, StageState
from ..domain.rules import StageKind, planned_from_json
from ..domain.vocabulary import Satisfaction
from ..storage.models import Issue, IssueEvent, SyncConflict, utcnow
from . import roles
from .log import VIEW, Names, base_text, hlc_int, hlc_text, is_compacted, parse_base
from .registry import DELETED, from_json, replicated_tables


@dataclass
class ApplyStats:
    changes: int = 0
    duplicates: int = 0
    gaps: int = 0
    records_new: int = 0
    records_updated: int = 0
    events: int = 0
    tombstones: int = 0
    unmaterialized: int = 0
    touched_fields: set[tuple[str, str, str]] = field(default_factory=set)
    touched_issues: set[str] = field(default_factory=set)


class ChangeCollision(Exception):
    """The same (device, seq) arrived with content other than the change held here: never a duplicate."""

    def __init__(self, device: str, seq: int):
        super().__init__(f"{device}:{seq}")
        self.device, self.seq = device, seq


def vector(conn: Connection) -> dict[str, int]:
    """{device: highest sequence held}; sequences are held without gaps (see Applier.add). Read from
    sync_held, not the log (compaction may thin the log; the vector stays)."""
    return {d: int(s) for d, s in conn.exec_driver_sql(
        "SELECT d.device_id, h.seq FROM sync_held AS h JOIN sync_device AS d ON d.n = h.device_n")}


def unacked_sql(acked: dict[str, int]) -> tuple[str, list]:
    """A WHERE clause over the change_log view (columns device_id, seq) for the changes a replica that
    reported `acked` does not hold, with its parameters."""
    if not acked:
        return "1", []
    items = sorted(acked.items())
    known = " OR ".join("(device_id = ? AND seq > ?)" for _ in items)
    marks = ",".join("?" * len(items))
    return (f"(device_id NOT IN ({marks}) OR {known})",
            [d for d, _ in items] + [x for d, n in items for x in (d, int(n))])


def unacked_ranges(conn, acked: dict[str, int]) -> list[tuple[int, int]]:
    """(device number, first sequence not acknowledged) for every device holding something `acked` lacks."""
    if isinstance(conn, Session):
        conn = conn.connection()
    held = conn.exec_driver_sql("SELECT h.device_n, d.device_id, h.seq FROM sync_held AS h "
                                "JOIN sync_device AS d ON d.n = h.device_n").all()
    return [(int(n), int(acked.get(d, 0)) + 1) for n, d, top in held if int(top) > int(acked.get(d, 0))]


def count_unacked(conn, acked: dict[str, int]) -> int:
    """How many changes held here a replica that reported `acked` lacks, from the version vector alone
    (no scan of the log): a device's changes are held without gaps from 1 to its `sync_held` sequence
    (Applier.add takes only the next one, capture numbers them in turn, renewal drops a tail and lowers
    the sequence with it, compaction keeps every row), so what lies above the acknowledged sequence is
    the difference. tests/unit/test_counts.py checks it against the count of the rows."""
    if isinstance(conn, Session):
        conn = conn.connection()
    held = conn.exec_driver_sql("SELECT d.device_id, h.seq FROM sync_held AS h JOIN sync_device AS d ON d.n = h.device_n")
    return sum(max(0, int(top) - int(acked.get(d, 0))) for d, top in held)


def common_ack(vectors: list[dict[str, int]]) -> dict[str, int]:
    """What every one of several replicas holds (of one identity: a laptop's file and its copies):
    per device, the lowest sequence any of them acknowledged. A package sent against it brings each
    replica every change it lacks, whatever device wrote it; the rest it skips as duplicates."""
    if not vectors:
        return {}
    shared = set(vectors[0]).intersection(*vectors[1:])
    return {d: min(int(v[d]) for v in vectors) for d in sorted(shared)}


class Applier:
    """Applies a stream of change dicts inside the caller's transaction.

    Works on the DB-API cursor with prepared statements: a package of 100,000 changes is
    mostly whole new records, which take one INSERT each (plus batched log rows).

    A group's log rows are written after it is materialised, so the log read while materialising a
    group holds exactly the changes applied before it: the winner of a field is the highest
    (hlc, device id) among them (what the `field_version` table held before 0018). A change without a
    value (compacted at the sender: it is superseded there, so its winner is in this package or held
    here) is logged and never materialised.
    """

    BATCH = 5000

    def __init__(self, conn: Connection, own_device: str):
        self.conn = conn
        self.own = own_device
        self.tables = replicated_tables()
        self.vec = vector(conn)
        self._vec0 = dict(self.vec)
        self.stats = ApplyStats()
        self.cur = conn.connection.driver_connection.cursor()
        self.names = Names(self.cur)
        dialect = conn.dialect
        self._bind = {name: {c.name: c.type.dialect_impl(dialect).bind_processor(dialect) for c in t.columns}
                      for name, t in self.tables.items()}
        self._group: list[dict] = []
        self._group_key: tuple | None = None
        self._log: list[tuple] = []
        self._deferred = False  # PRAGMA defer_foreign_keys set inside the import's transaction (see _apply_group)
        self._now = self._db_value("issue", "updated_at", utcnow())

    def _db_value(self, entity: str, fname: str, value: Any) -> Any:
        proc = self._bind[entity].get(fname)
        return proc(value) if proc and value is not None else value

    def add(self, ch: dict) -> None:
        d, s = ch["device_id"], int(ch["seq"])
        have = self.vec.get(d, 0)
        if s <= have:
            held = self.cur.execute(f"SELECT hlc, entity, record_id, field, value, base FROM {VIEW} "
                                    "WHERE device_id=? AND seq=?", (d, s)).fetchone()
            if held is not None:
                mine = (ch["hlc"], ch["entity"], ch["record_id"], ch["field"], ch.get("value"), ch.get("base", ""))
                # a value compacted here or at the sender cannot be compared; the rest (its stamp above all) can
                if is_compacted(held[3], held[4]) or is_compacted(ch["field"], ch.get("value")):
                    held, mine = held[:4] + held[5:], mine[:4] + mine[5:]
                if tuple(held) != mine:
                    raise ChangeCollision(d, s)  # a restored or copied file reused the number: refuse, never drop
            self.stats.duplicates += 1
            return
        if s != have + 1:
            self.stats.gaps += 1  # an earlier package from that device is missing; keep order
            return
        self.vec[d] = s
        self.stats.changes += 1
        key = (ch["entity"], ch["record_id"], ch["hlc"], d)
        if key != self._group_key:
            self._apply_group()
            self._group_key = key
        self._group.append(ch)
        if len(self._log) >= self.BATCH:
            self._flush_batches()

    def _log_group(self, group: list[dict], rec_n: int) -> None:
        names = self.names
        for ch in group:
            bh, bd = parse_base(ch.get("base", ""))
            self._log.append((names.device(ch["device_id"]), int(ch["seq"]), hlc_int(ch["hlc"]), rec_n,
                              names.field(ch["entity"], ch["field"]), ch.get("value"), bh,
                              None if bd is None else names.device(bd)))

    def _flush_batches(self) -> None:
        if self._log:
            self.cur.executemany("INSERT INTO change(device_n, seq, hlc, rec_n, field_n, value, base_hlc, base_dev) "
                                 "VALUES (?,?,?,?,?,?,?,?)", self._log)
            self._log = []

    def _write_held(self) -> None:
        rows = [(self.names.device(d), s) for d, s in self.vec.items() if self._vec0.get(d) != s]
        if rows:
            self.cur.executemany("INSERT INTO sync_held(device_n, seq) VALUES (?, ?) "
                                 "ON CONFLICT(device_n) DO UPDATE SET seq = excluded.seq", rows)
        self._vec0 = dict(self.vec)

    def _field_winners(self, rec_n: int, entity: str) -> dict[str, tuple[str, str, str | None]]:
        """{field: (hlc, device id, value)} of the winning applied change of each field of a record."""
        out: dict[str, tuple[str, str, str | None]] = {}
        for fname, h, d, v in self.cur.execute(
                "SELECT f.field, c.hlc, d.device_id, c.value FROM change AS c JOIN sync_field AS f ON f.n = c.field_n "
                "JOIN sync_device AS d ON d.n = c.device_n WHERE c.rec_n = ? AND f.entity = ?", (rec_n, entity)):
            k = (hlc_text(h), d, v)
            if fname not in out or k[:2] > out[fname][:2]:
                out[fname] = k
        return out

    # ---- materialisation ------------------------------------------------------------------------
    def _apply_group(self) -> None:
        """One device's changes to one record made in one transaction (same hlc)."""
        group, self._group, self._group_key = self._group, [], None
        if not group:
            return
        entity, rid, stamp, dev = group[0]["entity"], group[0]["record_id"], group[0]["hlc"], group[0]["device_id"]
        rec_n, new_here = self.names.record(rid)  # (its INSERT of a record new here begins the transaction)
        if not self._deferred and self.cur.connection.in_transaction:
            # the pragma lasts to the end of the transaction it is set in (set before it began, it was off again
            # by the first write): an event may reference an issue whose values come later in the package
            self.cur.execute("PRAGMA defer_foreign_keys = ON")
            self._deferred = True
        try:
            self._materialise(group, entity, rid, stamp, dev, rec_n, new_here)
        finally:
            self._log_group(group, rec_n)

    def _materialise(self, group: list[dict], entity: str, rid: str, stamp: str, dev: str, rec_n: int,
                     new_here: bool) -> None:
        table = self.tables.get(entity)
        if table is None:
            return
        cur = self.cur
        if cur.execute("SELECT 1 FROM tombstone WHERE entity=? AND record_id=?", (entity, rid)).fetchone():
            return  # a deleted record never comes back
        if any(ch["field"] == DELETED for ch in group):
            self._flush_batches()
            cur.execute("INSERT INTO tombstone(entity, record_id, hlc, device_id) VALUES (?,?,?,?)", (entity, rid, stamp, dev))
            cur.execute(f'DELETE FROM "{table.name}" WHERE id=?', (rid,))
            self.stats.tombstones += 1
            return
        columns = [ch for ch in group if ch["field"] in table.columns and ch["field"] != "id"]
        compacted = {ch["field"] for ch in columns if is_compacted(ch["field"], ch.get("value"))}
        fields = {ch["field"]: ch.get("value") for ch in columns if ch["field"] not in compacted}
        values = {f: from_json(table, f, v) for f, v in fields.items()}
        self._note(entity, rid, values)
        exists = cur.execute(f'SELECT 1 FROM "{table.name}" WHERE id=?', (rid,)).fetchone()
        if not exists and not compacted and (new_here or not self._seen(rec_n, entity)):
            self._insert(table, entity, rid, values, dev)
            return
        self._flush_batches()
        self.stats.touched_fields.update((entity, rid, ch["field"]) for ch in columns)
        held = self._field_winners(rec_n, entity)
        if not exists:
            # partly seen (an earlier change of it could not make it whole, or a value here was compacted at
            # the sender): the record as the log now stands, this group included, if every field has a value
            state = {f: w for f, w in held.items() if f in table.columns and f != "id"}
            for f in {ch["field"] for ch in columns}:
                if f not in state or (stamp, dev) > state[f][:2]:
                    state[f] = (stamp, dev, next(ch.get("value") for ch in columns if ch["field"] == f))
            if any(is_compacted(f, w[2]) for f, w in state.items()):
                return  # its winner is still to come (in this package): it makes the record whole
            self._insert(table, entity, rid, {f: from_json(table, f, w[2]) for f, w in state.items()}, dev)
            return
        # the record exists: last writer wins, field by field
        winners = {f: v for f, v in values.items() if f not in held or held[f][:2] < (stamp, dev)}
        if not winners:
            return
        cols = list(winners)
        assignments = ", ".join(f'"{c}"=?' for c in cols)
        cur.execute(f'UPDATE "{table.name}" SET {assignments}, updated_at=?, updated_by=? WHERE id=?',
                    [self._db_value(entity, c, winners[c]) for c in cols] + [self._now, dev, rid])
        self.stats.records_updated += 1

    def _seen(self, rec_n: int, entity: str) -> bool:
        """Whether a change of this record is held already (logged rows and those waiting in the batch)."""
        self._flush_batches()
        return self.cur.execute("SELECT 1 FROM change AS c JOIN sync_field AS f ON f.n = c.field_n "
                                "WHERE c.rec_n = ? AND f.entity = ? LIMIT 1", (rec_n, entity)).fetchone() is not None

    def _insert(self, table, entity: str, rid: str, values: dict, dev: str) -> None:
        row = {c.name: c.default.arg(None) if c.default is not None and c.default.is_callable
               else (c.default.arg if c.default is not None else None)
               for c in table.columns if c.name in ("updated_at", "updated_by")}
        row.update(values)
        row.update(id=rid, updated_at=utcnow(), updated_by=dev)
        cols = list(row)
        try:
            self.cur.execute("SAVEPOINT rec")
            self.cur.execute(f'INSERT INTO "{table.name}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                             f'VALUES ({", ".join("?" * len(cols))})', [self._db_value(entity, c, row[c]) for c in cols])
            self.cur.execute("RELEASE rec")
            self.stats.records_new += 1
        except Exception as exc:  # sqlite3.IntegrityError: NOT NULL of a record whose creation never arrived
            self.cur.execute("ROLLBACK TO rec")
            self.cur.execute("RELEASE rec")
            if "constraint" not in str(exc).lower():
                raise
            self.stats.unmaterialized += 1

    def _note(self, entity: str, rid: str, values: dict) -> None:
        if entity == "issue":
            self.stats.touched_issues.add(rid)
        elif entity == "issue_event":
            if "issue_id" in values:
                self.stats.events += 1
                self.stats.touched_issues.add(values["issue_id"])

    # ---- after the stream -----------------------------------------------------------------------
    def flush_records(self) -> None:
        """Every change added so far in the database (before finish reads what arrived)."""
        self._apply_group()
        self._flush_batches()

    def finish(self) -> None:
        self._apply_group()
        self._flush_batches()
        self._write_held()
        self._derive_issues()
        derive_conflicts(self.conn, self.stats.touched_fields)

    def _derive_issues(self) -> None:
        """Every touched issue's state, by the same fold as the local write path (issue_states)."""
        touched = sorted(self.stats.touched_issues)
        ids: list[str] = []  # those still here (an issue deleted meanwhile has no state to store)
        for i in range(0, len(touched), 500):
            ids.extend(self.conn.execute(select(Issue.id).where(Issue.id.in_(touched[i:i + 500]))).scalars())
        ids.sort()
        states = issue_states(self.conn, ids)
        if states:  # one executemany, not one UPDATE statement per issue
            stmt = update(Issue).where(Issue.id == bindparam("state_issue")).values(
                {k: bindparam(f"state_{k}") for k in STATE_COLUMNS})
            self.conn.execute(stmt, [{"state_issue": iid, **{f"state_{k}": v for k, v in state_columns(st).items()}}
                                     for iid, st in states.items()])


# ---- issues: one fold, in causal order ---------------------------------------------------------
EventStamp = tuple[str, str, int]  # (hlc, device, seq) of the change that created an event


def event_stamps(conn: Connection, event_ids: list[str]) -> dict[str, EventStamp]:
    """The stamp each event was created with: the (hlc, device, seq) of its first change. The hybrid
    clock orders an act made after receiving another after it, whatever the wall clocks say;
    device and sequence order the events one device wrote in one transaction."""
    out: dict[str, EventStamp] = {}
    fn = conn.exec_driver_sql("SELECT n FROM sync_field WHERE entity = 'issue_event' AND field = 'issue_id'").scalar()
    if fn is None:
        return out
    for i in range(0, len(event_ids), 500):
        chunk = event_ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for rid, h, d, n in conn.exec_driver_sql(
                "SELECT r.record_id, c.hlc, d.device_id, c.seq FROM sync_record AS r "
                "CROSS JOIN change AS c ON c.rec_n = r.n AND c.field_n = ? JOIN sync_device AS d ON d.n = c.device_n "
                f"WHERE r.record_id IN ({marks})", (fn, *chunk)):
            k = (hlc_text(h), d, int(n))
            if rid not in out or k < out[rid]:
                out[rid] = k
    return out


def event_order(stamp: EventStamp | None, at, event_id: str) -> tuple:
    """The sort key of an event: its stamp; an event without one (never logged) first, by wall time."""
    return (*(stamp or ("", "", 0)), str(at or ""), event_id)


def issue_states(conn: Connection, issue_ids: list[str]) -> dict[str, IssueState]:
    """{issue: lifecycle.derive of its events in causal order}, for issues given (those without
    events get the initial state)."""
    out: dict[str, IssueState] = {}
    for i in range(0, len(issue_ids), 500):
        chunk = issue_ids[i:i + 500]
        rows = conn.execute(select(IssueEvent.issue_id, IssueEvent.id, IssueEvent.at, IssueEvent.kind, IssueEvent.on,
                                   IssueEvent.text, IssueEvent.team_id, IssueEvent.officer_id, IssueEvent.deadline,
                                   IssueEvent.amount, IssueEvent.satisfaction, IssueEvent.co_team_ids,
                                   IssueEvent.rule_id, IssueEvent.stages)
                            .where(IssueEvent.issue_id.in_(chunk))).all()
        stamps = event_stamps(conn, [r.id for r in rows])
        hubs = roles.hub_devices(conn)
        by_issue: dict[str, list] = {iid: [] for iid in chunk}
        for r in rows:
            by_issue.setdefault(r.issue_id, []).append(r)
        for iid, evs in by_issue.items():
            evs.sort(key=lambda r: event_order(stamps.get(r.id), r.at, r.id))
            out[iid] = lifecycle.derive(event_data(r, authored_by_hub(hubs, stamps.get(r.id))) for r in evs)
    return out


def authored_by_hub(hubs: frozenset[str] | None, stamp: EventStamp | None) -> bool:
    """Whether the event with this stamp counts as the hub's (sync.roles: its author device is one of the
    hub's verified device ids, or this replica knows none yet)."""
    return roles.by_hub(hubs, stamp[1] if stamp else None)


def event_data(r: Any, by_hub: bool = True) -> IssueEventData:
    """The domain's view of a stored event (a row with IssueEvent's column names); `by_hub`: its author
    device is the hub's (authored_by_hub), else hub-only acts in it have no effect."""
    return IssueEventData(EventKind(r.kind), r.on, r.text or "", r.team_id, r.officer_id, r.deadline, r.amount,
                          Satisfaction(r.satisfaction) if r.satisfaction else None,
                          tuple(json.loads(r.co_team_ids)) if r.co_team_ids else (), r.rule_id,
                          planned_from_json(r.stages), by_hub)


def stages_json(stages: tuple[StageState, ...]) -> str:
    return json.dumps([{"kind": st.kind.value, "due": st.due.isoformat(),
                        "done": st.done_on.isoformat() if st.done_on else None} for st in stages]) if stages else ""


def stages_from_json(text: str | None) -> tuple[StageState, ...]:
    from datetime import date
    return tuple(StageState(StageKind(d["kind"]), date.fromisoformat(d["due"]),
                            date.fromisoformat(d["done"]) if d.get("done") else None)
                 for d in json.loads(text or "[]"))


def state_columns(state: IssueState) -> dict[str, Any]:
    """The issue's columns that hold its derived state."""
    return dict(status=state.status.value, team_id=state.team_id, officer_id=state.officer_id, deadline=state.deadline,
                resolved_on=state.resolved_on, result=state.result or "", amount=state.amount,
                satisfaction=state.satisfaction.value if state.satisfaction else None,
                co_team_ids=json.dumps(list(state.co_team_ids)) if state.co_team_ids else "",
                co_reported=json.dumps(list(state.co_reported)) if state.co_reported else "", rule_id=state.rule_id,
                stages=stages_json(state.stages), extension_to=state.extension_to, extended=state.extended,
                escalated_on=state.escalated_on, escalation_reason=state.escalation_reason, closed_on=state.closed_on)


STATE_COLUMNS = tuple(state_columns(IssueState()))  # the issue's columns the fold writes, in one UPDATE per import


def conflict_id(entity: str, rid: str, fname: str, base: str) -> str:
    return hashlib.sha256(f"{entity}|{rid}|{fname}|{base}".encode()).hexdigest()[:32]


_TOUCHED = table("merge_touched", column("entity"), column("record_id"), column("field"), schema="temp")


def derive_conflicts(conn: Connection, fields: set[tuple[str, str, str]]) -> int:
    """Record a conflict wherever two devices replaced the same version of a field: the touched fields
    staged in a temporary table and joined with the change log in one grouped query (not one GROUP BY
    per field). Value-less (compacted) changes count like any other: the rows stay for this."""
    tables = replicated_tables()
    keep = []
    for entity, rid, fname in sorted(fields):
        t = tables.get(entity)
        if t is None or t.columns[fname].info.get("derived"):
            continue  # search keys follow the fields they are made from
        keep.append({"entity": entity, "record_id": rid, "field": fname})
    if not keep:
        return 0
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS merge_touched (entity TEXT, record_id TEXT, field TEXT)")
    conn.exec_driver_sql("DELETE FROM temp.merge_touched")
    try:
        conn.execute(insert(_TOUCHED), keep)
        # CROSS JOIN fixes the order (SQLite's rule): the touched fields drive and the change log is searched
        # by ix_change_field; left to itself, on a file without statistics, the planner scans the whole log
        groups = conn.exec_driver_sql(
            "SELECT t.entity, t.record_id, t.field, c.base_hlc, b.device_id FROM temp.merge_touched AS t "
            "CROSS JOIN sync_field AS f ON f.entity = t.entity AND f.field = t.field "
            "CROSS JOIN sync_record AS r ON r.record_id = t.record_id "
            "CROSS JOIN change AS c ON c.rec_n = r.n AND c.field_n = f.n "
            "JOIN sync_device AS b ON b.n = c.base_dev WHERE c.base_hlc IS NOT NULL "
            "GROUP BY r.n, f.n, c.base_hlc, c.base_dev HAVING count(DISTINCT c.device_n) >= 2").all()
    finally:
        conn.exec_driver_sql("DELETE FROM temp.merge_touched")
    if groups:
        conn.execute(sqlite_insert(SyncConflict).on_conflict_do_nothing(),
                     [dict(id=conflict_id(e, r, f, base_text(h, d)), entity=e, record_id=r, field=f, base=base_text(h, d))
                      for e, r, f, h, d in groups])
    return len(groups)
