"""走访 page (being built)."""

from .placeholder import VisitsPage

__all__ = ["VisitsPage"]
