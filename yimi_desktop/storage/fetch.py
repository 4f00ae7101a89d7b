"""Long id lists straight from the DB-API cursor.

SQLAlchemy builds a result row object for every row: for the 100,000 ids of a ledger or directory
query that costs two to three times the query itself. The statement still goes through SQLAlchemy
(its compiled cache and bind processing); only the rows are read from the cursor.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Executable
from sqlalchemy.orm import Session


def first_column(session: Session, stmt: Executable) -> list[Any]:
    result = session.connection().execute(stmt)
    try:
        return [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()
