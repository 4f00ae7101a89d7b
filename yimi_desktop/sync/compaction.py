"""Compaction: superseded changes every served peer holds lose their value; their rows stay.

A change may drop its value (set NULL) when all of these hold:
- it is superseded: another change of the same field wins over it (higher hlc, ties by the device id
  string, as on every replica), or its record is tombstoned (and it is not the tombstone change);
- every peer still served (a Peer row) acknowledged holding it;
- its field has no recorded conflict (the conflict page shows each candidate's value).

Why the value can go: a value is only ever materialised when its change wins its field. A superseded
change's winner is held here, so whoever receives the value-less change from here receives its winner
in the same package or holds it already (exports send every change the receiver has not
acknowledged); the receiver logs it and never materialises it (merge.Applier).

Why the row stays (device, seq, hlc, record, field, base): sequences must stay gap-free for receivers
(a replica of a laptop copied later, a full export, the hub relaying to a laptop that never had it),
and conflicts are derived from the rows: "two devices replaced the same base". Deleting a superseded
row would make a replica that later receives a concurrent change of that base (relayed via the hub)
find one device where there were two, and count fewer conflicts than the replicas that kept it.
Deleting rows entirely would need every replica to have seen every concurrent change of that base,
which no acknowledgement vector here can prove for devices not yet known; so rows are kept.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection

from .registry import DELETED


def served_ack(conn: Connection) -> dict[str, int]:
    """Per device, the lowest sequence every served peer acknowledged (only devices all of them report).

    A revoked laptop (at the hub, every device id of its identity) is served no more: the hub makes no
    package for it and refuses its own, so what it holds decides nothing. Its Peer rows stay (its devices
    are listed), but counting them would stop compaction for good at the last acknowledgement a lost laptop
    sent. (Its work still arriving from a stick backup, services/salvage, is compared ignoring values a
    side compacted, like any duplicate.)"""
    vectors = []
    for (acked,) in conn.exec_driver_sql(
            "SELECT p.acked FROM peer AS p WHERE NOT EXISTS (SELECT 1 FROM enrolled_device AS e "
            "WHERE e.identity_id = p.identity_id AND e.revoked_at IS NOT NULL)"):
        try:
            vectors.append({d: int(n) for d, n in json.loads(acked or "{}").items()})
        except (ValueError, TypeError, AttributeError):
            return {}  # an acknowledgement that cannot be read: hold everything
    if not vectors:
        return {}  # no peer yet: nothing is known to be held elsewhere
    shared = set(vectors[0]).intersection(*vectors[1:])
    return {d: min(v[d] for v in vectors) for d in shared}


def _held(conn: Connection) -> dict[str, int]:
    return {d: int(s) for d, s in conn.exec_driver_sql(
        "SELECT d.device_id, h.seq FROM sync_held AS h JOIN sync_device AS d ON d.n = h.device_n")}


Mark = tuple[dict[str, int], dict[str, int]]


def mark(conn: Connection) -> Mark:
    """What is held here and what every served peer holds, before an import (for compact_after)."""
    return _held(conn), served_ack(conn)


def log_doubled(conn: Connection, before: Mark) -> bool:
    """Whether the changes held now are at least twice those held at `before` (a county's first package at a
    new hub, or at a new laptop): the importer then packs the file (Database.vacuum), whose log b-trees the
    import filled by appends, an eighth of each page empty. Checked at most ~log2(changes) times in a file's
    life, so never a rewrite of a large file for an ordinary package."""
    was, now = sum(before[0].values()), sum(_held(conn).values())
    return now > was and now >= 2 * was


def compact_after(conn: Connection, before: Mark) -> int:
    """After an import (inside its transaction): compaction limited to the fields whose state the import
    can have changed: those of the changes that arrived (they may supersede a held change) and of the
    changes every served peer now holds that it did not before (the package's acknowledgement). A change
    becomes compactable only by one of these, or by a local write whose acknowledgement a later import
    brings; so nothing compactable is missed for good, and the work is in proportion to the package,
    not to the log. `yimi compact` still makes the full pass."""
    held = _held(conn)
    spans: dict[str, tuple[int, int]] = {}  # per device, one span covering both ranges (a superset is harmless)
    for now, then in ((held, before[0]), (served_ack(conn), before[1])):
        for d, s in now.items():
            if s > then.get(d, 0):
                lo, hi = spans.get(d, (then.get(d, 0), s))
                spans[d] = (min(lo, then.get(d, 0)), max(hi, s))
    if not spans:
        return 0
    if 4 * sum(hi - lo for lo, hi in spans.values()) > sum(held.values()):
        return compact(conn)  # a package of a good part of the log: one pass over the field index is cheaper
    ranges = [(d, lo, hi) for d, (lo, hi) in sorted(spans.items())]
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS compact_scope (rec_n INTEGER, field_n INTEGER, "
                         "PRIMARY KEY (rec_n, field_n)) WITHOUT ROWID")
    conn.exec_driver_sql("DELETE FROM temp.compact_scope")
    try:
        for d, lo, hi in ranges:
            conn.exec_driver_sql("INSERT OR IGNORE INTO temp.compact_scope(rec_n, field_n) SELECT c.rec_n, c.field_n "
                                 "FROM sync_device AS d CROSS JOIN change AS c ON c.device_n = d.n AND c.seq > ? "
                                 "AND c.seq <= ? WHERE d.device_id = ?", (lo, hi, d))
        return compact(conn, scoped=True)
    finally:
        conn.exec_driver_sql("DELETE FROM temp.compact_scope")


def compact(conn: Connection, scoped: bool = False) -> int:
    """Drop the values compaction allows (inside the caller's transaction); returns how many. `scoped`:
    only among the fields in temp.compact_scope (compact_after)."""
    acked = served_ack(conn)
    if not acked:
        return 0
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS compact_acked (device_n INTEGER PRIMARY KEY, seq INTEGER)")
    conn.exec_driver_sql("DELETE FROM temp.compact_acked")
    try:
        conn.exec_driver_sql("INSERT INTO temp.compact_acked(device_n, seq) SELECT d.n, json_each.value "
                             "FROM json_each(?) JOIN sync_device AS d ON d.device_id = json_each.key",
                             (json.dumps(acked),))
        # the candidates, set-based: fields with more than one change (one pass over ix_change_field, which
        # covers the count), their changes that still have a value, of which those another change of the
        # field beats (its hlc read from the row: the index holds no hlc since 0023); and the changes of
        # tombstoned records. Each is then checked against the acknowledgement and the conflicts.
        keep = ("c.value IS NOT NULL AND c.field_n NOT IN (SELECT n FROM sync_field WHERE field = ?) "
                "AND c.seq <= (SELECT a.seq FROM temp.compact_acked AS a WHERE a.device_n = c.device_n) "
                "AND NOT EXISTS (SELECT 1 FROM sync_conflict AS k JOIN sync_field AS kf ON kf.entity = k.entity "
                "AND kf.field = k.field JOIN sync_record AS kr ON kr.record_id = k.record_id "
                "WHERE kf.n = c.field_n AND kr.n = c.rec_n)")
        fields = ("SELECT s.rec_n, s.field_n FROM temp.compact_scope AS s WHERE (SELECT count(*) FROM change AS n "
                  "WHERE n.rec_n = s.rec_n AND n.field_n = s.field_n) > 1" if scoped else
                  "SELECT rec_n, field_n FROM change GROUP BY rec_n, field_n HAVING count(*) > 1")
        superseded = (
            f"SELECT c.device_n, c.seq FROM ({fields}) AS g CROSS JOIN change AS c "
            "ON c.rec_n = g.rec_n AND c.field_n = g.field_n "
            f"WHERE {keep} AND EXISTS (SELECT 1 FROM change AS w WHERE w.rec_n = c.rec_n AND w.field_n = c.field_n "
            "AND (w.hlc > c.hlc OR (w.hlc = c.hlc AND (SELECT device_id FROM sync_device WHERE n = w.device_n) "
            "> (SELECT device_id FROM sync_device WHERE n = c.device_n))))")
        deleted = (
            "SELECT c.device_n, c.seq FROM tombstone AS t CROSS JOIN sync_record AS r ON r.record_id = t.record_id "
            "CROSS JOIN change AS c ON c.rec_n = r.n JOIN sync_field AS f ON f.n = c.field_n AND f.entity = t.entity "
            f"WHERE {keep}" + (" AND r.n IN (SELECT rec_n FROM temp.compact_scope)" if scoped else ""))
        res = conn.exec_driver_sql(
            # UPDATE ... FROM: the changes found are looked up by key (`(device_n, seq) IN (...)` made SQLite
            # test every row of the log against the list)
            f"UPDATE change SET value = NULL FROM ({superseded} UNION {deleted}) AS x "
            "WHERE change.device_n = x.device_n AND change.seq = x.seq",
            (DELETED, DELETED))
        return int(res.rowcount or 0)
    finally:
        conn.exec_driver_sql("DELETE FROM temp.compact_acked")
