"""Backups for the GUI and the CLI (which reach storage only through services): see storage/backups.py."""

from __future__ import annotations

from ..storage.backups import Backup, backup_dir, check_integrity, create, daily_if_due, list_backups, restore, rotate

__all__ = ["Backup", "backup_dir", "check_integrity", "create", "daily_if_due", "list_backups", "restore", "rotate"]
