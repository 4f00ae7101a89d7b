"""USB sticks: the mounted volumes that look like one, and enrolment files found on them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStorageInfo

from ..services.enrolment import ENROL_SUFFIX


def removable_volumes() -> list[tuple[str, str]]:
    """(root path, label) of mounted volumes that look like USB sticks: writable, ready, not the system."""
    out = []
    for v in QStorageInfo.mountedVolumes():
        root = v.rootPath()
        if not (v.isValid() and v.isReady()) or v.isReadOnly() or v.isRoot():
            continue
        if root.startswith(("/boot", "/snap", "/proc", "/sys", "/dev", "/run/user", "/var", "/tmp")) or root in ("/home",):
            continue
        if not (root.startswith(("/media", "/run/media", "/mnt")) or (len(root) <= 3 and root[1:2] == ":")):
            continue
        free = v.bytesAvailable() / 1024**3
        out.append((root, f"{v.displayName() or root}  ({root}, {free:.1f} GB)"))
    return out


def enrolment_files_on_sticks() -> list[Path]:
    """Enrolment files at the top of a mounted stick (newest first): what an officer was just given."""
    found: list[Path] = []
    for root, _label in removable_volumes():
        try:
            found.extend(p for p in Path(root).glob(f"*{ENROL_SUFFIX}") if p.is_file())
        except OSError:
            continue
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)
