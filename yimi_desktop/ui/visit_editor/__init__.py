"""The visit editor, split by role: `view.VisitEditor` holds the widgets and their layout, `controller`
the logic that talks to the services (pickers' searches, drafts, finishing, which field a problem
belongs to), `row_table.RowTable` the reusable keyboard table and `field_row.FieldWithError` a form
field with its error line."""

from .view import VisitEditor

__all__ = ["VisitEditor"]
