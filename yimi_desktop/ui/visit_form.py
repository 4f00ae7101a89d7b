"""Kept for imports: the visit editor lives in `ui/visit_editor/` (view, controller, row table, field row)."""

from .visit_editor import VisitEditor, default_times
from .visit_editor.row_table import ChoiceDelegate, RowTable

__all__ = ["ChoiceDelegate", "RowTable", "VisitEditor", "default_times"]
