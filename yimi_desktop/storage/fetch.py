"""Long id lists straight from the DB-API cursor.

SQLAlchemy builds a result row object for every row: for the 100,000 ids of a ledger or directory
query that costs two to three times the query itself. The statement still goes through SQLAlchemy
(its compiled cache and bind processing); only the rows are read from the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Executable
from sqlalchemy.orm import Session


def first_column(session: Session, stmt: Executable) -> list[Any]:
    return [row[0] for row in raw_rows(session, stmt)]


def raw_rows(session: Session, stmt: Executable, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """The rows as the driver returns them: no type processing (dates stay ISO text)."""
    result = session.connection().execute(stmt, params)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def day(text: str | None) -> date | None:
    """A Date column read by raw_rows."""
    return date.fromisoformat(text) if text else None


def driver_rows(conn: Session | Connection, sql: str, params: Sequence[Any] | dict[str, Any]) -> list[tuple[Any, ...]]:
    """`sql` (with ? marks, or :names and a dict) run as it is on the DB-API cursor of a session's or a connection's
    transaction: nothing compiled, no result objects. For a hot read written once as SQL text (the ledger's first
    screen). Executed through the engine (exec_driver_sql), so its statement events still see it."""
    connection = conn.connection() if isinstance(conn, Session) else conn
    result = connection.exec_driver_sql(sql, params if isinstance(params, dict) else tuple(params))
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()
