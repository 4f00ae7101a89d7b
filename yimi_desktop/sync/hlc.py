"""Hybrid logical clock: wall-clock milliseconds plus a counter, as a fixed-width sortable string.

Laptop clocks drift: a remote clock is never trusted more than MAX_FUTURE_MS ahead of ours,
and correctness never depends on wall-clock order (only on the total order of (hlc, device)).
"""

from __future__ import annotations

import time

MAX_FUTURE_MS = 24 * 3600 * 1000
_WIDTH_MS = 15
_WIDTH_C = 6


def encode(ms: int, counter: int) -> str:
    return f"{ms:0{_WIDTH_MS}d}{counter:0{_WIDTH_C}d}"


def decode(value: str) -> tuple[int, int]:
    if not value:
        return 0, 0
    return int(value[:_WIDTH_MS]), int(value[_WIDTH_MS:])


def now_ms() -> int:
    return int(time.time() * 1000)


def tick(last: str, wall_ms: int | None = None) -> str:
    """The next local timestamp after `last`."""
    wall = now_ms() if wall_ms is None else wall_ms
    ms, c = decode(last)
    if wall > ms:
        return encode(wall, 0)
    return encode(ms, c + 1)


def receive(last: str, remote: str, wall_ms: int | None = None) -> str:
    """Our clock after seeing `remote` (bounded: a clock far in the future does not drag us along)."""
    wall = now_ms() if wall_ms is None else wall_ms
    r_ms, r_c = decode(remote)
    if r_ms > wall + MAX_FUTURE_MS:
        return last
    return max(last, encode(r_ms, r_c)) if last else encode(r_ms, r_c)


def is_too_far_ahead(value: str, wall_ms: int | None = None) -> bool:
    wall = now_ms() if wall_ms is None else wall_ms
    return decode(value)[0] > wall + MAX_FUTURE_MS
