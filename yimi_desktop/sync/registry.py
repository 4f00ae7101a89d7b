"""Which tables replicate, which of their columns travel, and how values go to and from JSON."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, Table, Time

from ..storage.models import Base, Replicated
from .stored import blob_text

# updated_at/updated_by are local bookkeeping: each replica stamps them when it applies a change.
LOCAL_COLUMNS = frozenset({"id", "updated_at", "updated_by"})
DELETED = "__deleted__"


def replicated_tables() -> dict[str, Table]:
    """entity name (table name) -> Table, in an order where parents come before children."""
    out: dict[str, Table] = {}
    for table in Base.metadata.sorted_tables:
        mapper = next((m for m in Base.registry.mappers if m.local_table is table), None)
        if mapper is not None and issubclass(mapper.class_, Replicated):
            out[table.name] = table
    return out


def fields_of(table: Table) -> list[str]:
    return [c.name for c in table.columns if c.name not in LOCAL_COLUMNS]


def null_by_default(column: Column[Any]) -> bool:
    """Whether a new record's NULL in this column goes unlogged (sync.capture): a nullable column without a
    default in the table's DDL, which every receiver's INSERT of the record without it fills with NULL
    (the set-based and the per-change importers insert only the fields that arrived). A quarter of a
    county's changes were such NULLs (an event's unused amount, deadline, stages...). A column a migration
    adds with a DDL default must be NOT NULL or get one here too (tests/unit/test_sync.py checks the
    migrated schema against this)."""
    return bool(column.nullable) and column.server_default is None


# what json.dumps(value, ensure_ascii=False, separators=(",", ":")) builds on every call, made once (the
# encoder holds no state between calls): an import encodes 15 values a row
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_ENCODE_STR = json.encoder.encode_basestring  # what that encoder does with a str (ensure_ascii=False)


def to_json(value: Any) -> str:
    if type(value) is str:
        return _ENCODE_STR(value)
    if isinstance(value, (date, time)):  # datetime is a date
        return _ENCODE_STR(value.isoformat())
    return _ENCODE(value)


def from_json(table: Table, field: str, text: str | bytes | None) -> Any:
    """The column value of a change's value: its JSON text, or the change table's stored form
    (sync.log.store_value: a BLOB is a JSON string without its quotes, 16 bytes an id's hex, a packed stamp
    after the byte 0xFF)."""
    if isinstance(text, bytes):
        value: Any = blob_text(text)
    else:
        value = json.loads(text) if text is not None else None
    if value is None:
        return None
    col_type = table.columns[field].type
    if isinstance(col_type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(col_type, Date):
        return date.fromisoformat(value)
    if isinstance(col_type, Time):
        return time.fromisoformat(value)
    if isinstance(col_type, Boolean):
        return bool(value)
    if isinstance(col_type, Integer):
        return int(value)
    if isinstance(col_type, Float):
        return float(value)
    return value
