"""The schema revision this version of the application writes, known without importing alembic.

`tests/unit/test_storage.py` checks it against the newest migration: change both together.
"""

HEAD = "0028"
