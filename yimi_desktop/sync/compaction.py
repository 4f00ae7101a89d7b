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
    """Per device, the lowest sequence every served peer acknowledged (only devices all of them report)."""
    vectors = []
    for (acked,) in conn.exec_driver_sql("SELECT acked FROM peer"):
        try:
            vectors.append({d: int(n) for d, n in json.loads(acked or "{}").items()})
        except (ValueError, TypeError, AttributeError):
            return {}  # an acknowledgement that cannot be read: hold everything
    if not vectors:
        return {}  # no peer yet: nothing is known to be held elsewhere
    shared = set(vectors[0]).intersection(*vectors[1:])
    return {d: min(v[d] for v in vectors) for d in shared}


def compact(conn: Connection) -> int:
    """Drop the values compaction allows (inside the caller's transaction); returns how many."""
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
        superseded = (
            "SELECT c.device_n, c.seq FROM (SELECT rec_n, field_n FROM change GROUP BY rec_n, field_n "
            "HAVING count(*) > 1) AS g CROSS JOIN change AS c ON c.rec_n = g.rec_n AND c.field_n = g.field_n "
            f"WHERE {keep} AND EXISTS (SELECT 1 FROM change AS w WHERE w.rec_n = c.rec_n AND w.field_n = c.field_n "
            "AND (w.hlc > c.hlc OR (w.hlc = c.hlc AND (SELECT device_id FROM sync_device WHERE n = w.device_n) "
            "> (SELECT device_id FROM sync_device WHERE n = c.device_n))))")
        deleted = (
            "SELECT c.device_n, c.seq FROM tombstone AS t CROSS JOIN sync_record AS r ON r.record_id = t.record_id "
            "CROSS JOIN change AS c ON c.rec_n = r.n JOIN sync_field AS f ON f.n = c.field_n AND f.entity = t.entity "
            f"WHERE {keep}")
        res = conn.exec_driver_sql(
            f"UPDATE change SET value = NULL WHERE (device_n, seq) IN ({superseded} UNION {deleted})",
            (DELETED, DELETED))
        return int(res.rowcount or 0)
    finally:
        conn.exec_driver_sql("DELETE FROM temp.compact_acked")
