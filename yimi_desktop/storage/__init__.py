"""SQLite through SQLAlchemy 2: typed models, the engine, Alembic migrations, repositories."""
