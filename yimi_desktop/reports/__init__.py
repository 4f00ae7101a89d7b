"""PDF reports built with reportlab from plain data (dataclasses): no database session, no Qt."""
