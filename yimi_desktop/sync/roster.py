"""The roster of enrolled devices' signing keys, known the same way on every replica.

A printed 走访记录表 carries a QR code signed with the key of the device that printed it (reports/proof.py).
The hub knows every enrolled laptop's key (EnrolledDevice, local to the hub); a laptop knew only its own
and the hub's, so it could not check another laptop's paper. The replicated `roster_device` table carries,
for each laptop the hub enrolled, its identity, name, signing key and revocation, signed by a hub key;
the rows travel in the hub's packages like any record. A replica counts a row only when its signature
holds for a key of its HubKey chain (the hub: its own key history; a laptop: the keys its enrolment file
brought and every rotation it followed), as sync.roles does for `hub_device`: a row a laptop forged or
altered (another key, another name, a revocation taken off while keeping the signature) counts nowhere.

Revocation: the hub signs `revoked_at` with the rest of the row, and a revoked key proves nothing, whatever
date the paper says it was printed on (whoever holds a lost laptop can sign any date). A laptop learns of
a revocation with the hub's next package; until then it still accepts that laptop's paper.

An older signed version of a row (before its revocation) is still a valid signature: an enrolled laptop
that wrote it back as a new change would take the revocation off. Packages reach laptops only from the
hub, and the hub writes its rows again from its registry after every import and at open
(services.trust.Trust.register_roster), so such a change is overwritten at the hub, with a newer clock,
before any package leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from ..storage.models import HubKey, RosterDevice
from . import keys as keylib

ENTITY = RosterDevice.__tablename__
CONTEXT = b"yimi-desktop device roster v1\n"


@dataclass(frozen=True)
class RosterKey:
    """A verified row: an enrolled laptop's key as the hub vouched for it."""

    identity_id: str
    name: str
    signing_public: str
    revoked_at: datetime | None


def _when(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value is not None else ""


def statement(hub_identity: str, identity_id: str, name: str, signing_public: str, revoked_at: datetime | None) -> bytes:
    """The bytes a hub key signs to say: `signing_public` is the key of the laptop `identity_id` named `name`,
    enrolled by the hub `hub_identity` (and revoked at `revoked_at`, when set; to the second)."""
    return CONTEXT + "\n".join((hub_identity, identity_id, name, signing_public, _when(revoked_at), "")).encode()


def verified(conn: Connection) -> dict[str, RosterKey]:
    """signing key -> its row, for the rows whose signature holds for a key of this replica's HubKey chain."""
    owners = {str(k): str(i) for k, i in conn.execute(select(HubKey.signing_public, HubKey.identity_id))}
    if not owners:
        return {}
    out: dict[str, RosterKey] = {}
    rows = conn.execute(select(RosterDevice.identity_id, RosterDevice.name, RosterDevice.signing_public,
                               RosterDevice.revoked_at, RosterDevice.hub_identity_id, RosterDevice.hub_key,
                               RosterDevice.signature)).all()
    for identity, name, public, revoked, hub_identity, hub_key, signature in rows:
        try:
            sig = bytes.fromhex(signature)
        except (TypeError, ValueError):
            continue
        if owners.get(hub_key) != hub_identity:
            continue
        if keylib.verify(hub_key, sig, statement(hub_identity, identity, name, public, revoked)):
            out[public] = RosterKey(identity, name, public, revoked)
    return out
