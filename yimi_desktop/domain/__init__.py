"""Pure-Python domain: vocabulary, validation and rules. No Qt, no SQLAlchemy."""
