"""问题台账 page (being built)."""

from .placeholder import IssuesPage

__all__ = ["IssuesPage"]
