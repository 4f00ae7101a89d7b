"""Who may do what in the fold: the device ids of the county hub, known the same way on every replica.

Some acts are the hub's alone (lifecycle.HUB_ONLY: 批准/驳回延期). The services refuse them on a laptop,
but an event written on a laptop anyway (an old version, a hand-edited file) reaches the hub and every
other laptop in packages; append-only, it is kept, and the fold gives it no effect and shows it to a person.

The author of an event is the device of its stamp (merge.event_stamps): at the hub the binding guard
lets no laptop bring changes in another device's name, so stamps are true wherever they travel. Which
device ids are the hub's is the replicated `hub_device` table: one row per device id the hub wrote under
(its first, and every id a restore, a clock fault or a copy made it take, sync/renewal.py), each signed
by a hub key. A replica counts a row only when the signature holds for a key in its HubKey list (the hub:
its own key history; a laptop: the chain its enrolment file brought and every rotation it followed), so
a row a laptop forged, or a laptop's package relaying it, counts nowhere; a row the hub lost in a restore
and a laptop sends back still counts (it proves itself, whoever carries it).

A replica that holds no verified row yet (a laptop that has not had a package from the hub since the
upgrade) folds without the check; when rows arrive, every issue with a hub-only act is folded again.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, TextClause, bindparam, select, text, update

from ..storage.models import HUB_ACTS_WHERE, HubDevice, HubKey, IssueEvent
from . import keys as keylib

ENTITY = HubDevice.__tablename__
CONTEXT = b"yimi-desktop hub device v1\n"

# The verified ids are kept on the database connection (SQLAlchemy's Connection.info: the DB-API connection's own
# dictionary, which lives and dies with it), keyed by the rows and keys they were verified from, so any change to
# either verifies anew. Each Ed25519 check costs ~0.2 ms, and the fold asks at every transition (twice), every
# history and every 500 issues of an import: on the demo hub an issue's history took 1.7 ms with them kept, 2.3
# without. Nothing is kept in the module: two databases open in one process (a hub and its laptops in the tests)
# never share an answer.
_VERIFIED = "yimi.hub_devices"
_VERIFIED_KEPT = 8


def _hub_acts() -> TextClause:
    """The hub-only acts, as the partial index ix_issue_event_hub_acts holds them (storage.models.HUB_ACTS_WHERE):
    the few such events are read from it instead of scanning issue_event (the demo county ×30, 160,000 events:
    100-340 ms at every hub start and every `sync-status`)."""
    return text(HUB_ACTS_WHERE)


def statement(identity_id: str, device_id: str) -> bytes:
    """The bytes a hub key signs to say: `device_id` is a device of the hub `identity_id`."""
    return CONTEXT + f"{identity_id}\n{device_id}\n".encode()


def hub_devices(conn: Connection) -> frozenset[str] | None:
    """The hub's device ids whose rows verify here, or None when none does (no role check yet)."""
    rows = tuple(tuple(r) for r in conn.execute(select(HubDevice.device_id, HubDevice.identity_id, HubDevice.signing_public,
                                     HubDevice.signature).order_by(HubDevice.device_id)).all())
    if not rows:
        return None
    trusted = tuple(tuple(r) for r in conn.execute(select(HubKey.signing_public, HubKey.identity_id).order_by(HubKey.seq)).all())
    key = (rows, trusted)
    kept: dict[tuple, frozenset[str]] = conn.info.setdefault(_VERIFIED, {})
    found = kept.get(key)
    if found is None:
        owners: dict[str, str] = {str(k): str(i) for k, i in trusted}
        good = set()
        for device, identity, public, signature in rows:
            try:
                sig = bytes.fromhex(signature)
            except ValueError:
                continue
            if owners.get(public) == identity and keylib.verify(public, sig, statement(identity, device)):
                good.add(device)
        found = frozenset(good)
        if len(kept) >= _VERIFIED_KEPT:
            kept.clear()
        kept[key] = found
    return found or None


def by_hub(hubs: frozenset[str] | None, author: str | None) -> bool:
    """Whether an event of `author` (its stamp's device) counts as the hub's."""
    return hubs is None or author is None or author in hubs


def issues_with_hub_acts(conn: Connection) -> list[str]:
    """Issues whose history holds a hub-only act: those a change in the hub's device ids may fold anew."""
    return sorted(set(conn.execute(select(IssueEvent.issue_id).where(_hub_acts())).scalars()))


def hub_act_authors(conn: Connection) -> set[str]:
    """The devices whose stamps are on hub-only acts held here."""
    from .merge import event_stamps
    ids = list(conn.execute(select(IssueEvent.id).where(_hub_acts())).scalars())
    return {stamp[1] for stamp in event_stamps(conn, ids).values()}


def rederive(conn: Connection, issue_ids: Iterable[str]) -> int:
    """Fold these issues again and store their state (the hub's device ids changed)."""
    from .merge import STATE_COLUMNS, issue_states, state_columns
    from ..storage.models import Issue
    states = issue_states(conn, sorted(issue_ids))
    if states:
        stmt = update(Issue).where(Issue.id == bindparam("state_issue")).values(
            {k: bindparam(f"state_{k}") for k in STATE_COLUMNS})
        conn.execute(stmt, [{"state_issue": iid, **{f"state_{k}": v for k, v in state_columns(st).items()}}
                            for iid, st in states.items()])
    return len(states)


def refused_acts(conn: Connection) -> list[tuple[str, str, str, str, str]]:
    """Hub-only acts whose author is not a hub device here: (event id, issue id, kind, author device, hlc),
    oldest first. Kept in the history with no effect; listed for a person with the conflicts."""
    hubs = hub_devices(conn)
    if hubs is None:
        return []
    from .merge import event_stamps
    rows = conn.execute(select(IssueEvent.id, IssueEvent.issue_id, IssueEvent.kind)
                        .where(_hub_acts())).all()
    stamps = event_stamps(conn, [r.id for r in rows])
    out = [(r.id, r.issue_id, r.kind, stamps[r.id][1], stamps[r.id][0]) for r in rows
           if r.id in stamps and not by_hub(hubs, stamps[r.id][1])]
    return sorted(out, key=lambda t: (t[4], t[0]))
