"""Applying changes from a package: last writer wins per field by (hlc, device); tombstones win
over everything; issue status is re-derived from the issue's events in causal (hybrid-clock) order,
by the same fold the local write path uses (issue_states); conflicts are derived from
concurrent edits (two devices replacing the same base version of a field)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, column, func, insert, or_, select, table, true, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..domain import lifecycle
from ..domain.lifecycle import EventKind, IssueEventData, IssueState, StageState
from ..domain.rules import StageKind, planned_from_json
from ..domain.vocabulary import Satisfaction
from ..storage.models import Change, Issue, IssueEvent, SyncConflict, utcnow
from . import roles
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
    """{device: highest sequence held}; sequences are held without gaps (see Applier.add)."""
    return {d: int(s) for d, s in conn.execute(select(Change.device_id, func.max(Change.seq)).group_by(Change.device_id))}


def unacked_filter(acked: dict[str, int]):
    """Changes a replica that reported `acked` does not hold."""
    known = [and_(Change.device_id == d, Change.seq > int(n)) for d, n in acked.items()]
    return or_(Change.device_id.not_in(list(acked)), *known) if acked else true()


def count_unacked(conn, acked: dict[str, int]) -> int:
    return int(conn.scalar(select(func.count()).select_from(Change).where(unacked_filter(acked))) or 0)


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
    """

    BATCH = 5000

    def __init__(self, conn: Connection, own_device: str):
        self.conn = conn
        self.own = own_device
        self.tables = replicated_tables()
        self.vec = vector(conn)
        self.stats = ApplyStats()
        self.cur = conn.connection.driver_connection.cursor()
        dialect = conn.dialect
        self._bind = {name: {c.name: c.type.dialect_impl(dialect).bind_processor(dialect) for c in t.columns}
                      for name, t in self.tables.items()}
        self._group: list[dict] = []
        self._group_key: tuple | None = None
        self._log: list[tuple] = []
        self._versions: list[tuple] = []
        self.cur.execute("PRAGMA defer_foreign_keys = ON")
        self._now = self._db_value("issue", "updated_at", utcnow())

    def _db_value(self, entity: str, fname: str, value: Any) -> Any:
        proc = self._bind[entity].get(fname)
        return proc(value) if proc and value is not None else value

    def add(self, ch: dict) -> None:
        d, s = ch["device_id"], int(ch["seq"])
        have = self.vec.get(d, 0)
        if s <= have:
            held = self.cur.execute("SELECT hlc, entity, record_id, field, value, base FROM change WHERE device_id=? AND seq=?",
                                    (d, s)).fetchone()
            if held is not None and tuple(held) != (ch["hlc"], ch["entity"], ch["record_id"], ch["field"],
                                                     ch.get("value"), ch.get("base", "")):
                raise ChangeCollision(d, s)  # a restored or copied file reused the number: refuse, never drop
            self.stats.duplicates += 1
            return
        if s != have + 1:
            self.stats.gaps += 1  # an earlier package from that device is missing; keep order
            return
        self.vec[d] = s
        self._log.append((d, s, ch["hlc"], ch["entity"], ch["record_id"], ch["field"], ch.get("value"), ch.get("base", "")))
        self.stats.changes += 1
        key = (ch["entity"], ch["record_id"], ch["hlc"], d)
        if key != self._group_key:
            self._apply_group()
            self._group_key = key
        self._group.append(ch)
        if len(self._log) >= self.BATCH:
            self._apply_group()
            self._flush_batches()

    def _flush_batches(self) -> None:
        if self._log:
            self.cur.executemany("INSERT INTO change(device_id, seq, hlc, entity, record_id, field, value, base) "
                                 "VALUES (?,?,?,?,?,?,?,?)", self._log)
            self._log = []
        if self._versions:
            self.cur.executemany("INSERT INTO field_version(entity, record_id, field, hlc, device_id) VALUES (?,?,?,?,?) "
                                 "ON CONFLICT(entity, record_id, field) DO UPDATE SET hlc=excluded.hlc, "
                                 "device_id=excluded.device_id", self._versions)
            self._versions = []

    # ---- materialisation ------------------------------------------------------------------------
    def _apply_group(self) -> None:
        """One device's changes to one record made in one transaction (same hlc)."""
        group, self._group, self._group_key = self._group, [], None
        if not group:
            return
        entity, rid, stamp, dev = group[0]["entity"], group[0]["record_id"], group[0]["hlc"], group[0]["device_id"]
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
            cur.execute("DELETE FROM field_version WHERE entity=? AND record_id=?", (entity, rid))
            self.stats.tombstones += 1
            return
        fields = {ch["field"]: ch.get("value") for ch in group if ch["field"] in table.columns and ch["field"] != "id"}
        values = {f: from_json(table, f, v) for f, v in fields.items()}
        self._note(entity, rid, values)
        exists = cur.execute(f'SELECT 1 FROM "{table.name}" WHERE id=?', (rid,)).fetchone()
        if not exists:
            self._flush_batches()
            if not cur.execute("SELECT 1 FROM field_version WHERE entity=? AND record_id=? LIMIT 1", (entity, rid)).fetchone():
                self._insert(table, entity, rid, values, dev)
                self._versions.extend((entity, rid, f, stamp, dev) for f in values)
                return
        # the record exists (or was partly seen): last writer wins, field by field
        self._flush_batches()
        winners = {}
        for f, v in values.items():
            row = cur.execute("SELECT hlc, device_id FROM field_version WHERE entity=? AND record_id=? AND field=?",
                              (entity, rid, f)).fetchone()
            self.stats.touched_fields.add((entity, rid, f))
            if row is None or tuple(row) < (stamp, dev):
                winners[f] = v
                self._versions.append((entity, rid, f, stamp, dev))
        if not winners:
            return
        if exists:
            cols = list(winners)
            assignments = ", ".join(f'"{c}"=?' for c in cols)
            cur.execute(f'UPDATE "{table.name}" SET {assignments}, updated_at=?, updated_by=? WHERE id=?',
                        [self._db_value(entity, c, winners[c]) for c in cols] + [self._now, dev, rid])
            self.stats.records_updated += 1
        else:
            self._insert(table, entity, rid, winners, dev)

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
    for i in range(0, len(event_ids), 500):
        chunk = event_ids[i:i + 500]
        for rid, h, d, n in conn.execute(select(Change.record_id, Change.hlc, Change.device_id, Change.seq).where(
                Change.entity == "issue_event", Change.field == "issue_id", Change.record_id.in_(chunk))):
            k = (h, d, int(n))
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
    per field)."""
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
        # by ix_change_record; left to itself, on a file without statistics, the planner scans the whole log
        groups = conn.exec_driver_sql(
            f"SELECT c.entity, c.record_id, c.field, c.base FROM temp.merge_touched AS t "
            f"CROSS JOIN {Change.__tablename__} AS c ON c.entity = t.entity AND c.record_id = t.record_id "
            "AND c.field = t.field WHERE c.base != '' GROUP BY c.entity, c.record_id, c.field, c.base "
            "HAVING count(DISTINCT c.device_id) >= 2").all()
    finally:
        conn.exec_driver_sql("DELETE FROM temp.merge_touched")
    if groups:
        conn.execute(sqlite_insert(SyncConflict).on_conflict_do_nothing(),
                     [dict(id=conflict_id(e, r, f, base), entity=e, record_id=r, field=f, base=base)
                      for e, r, f, base in groups])
    return len(groups)
