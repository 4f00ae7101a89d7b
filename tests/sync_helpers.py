"""Building a county for sync tests: a hub and laptops it has enrolled.

Laptops are enrolled in memory (EnrolmentService.issue), which skips the enrolment file's one-time
code and its seconds of key derivation; the file itself is tested in test_trust.py and the CLI tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import Services, enrol_services, init_services


def make_hub(folder: Path, name: str = "县中心") -> Services:
    return init_services(folder / "hub.db", name, DeviceRole.HUB)


def enrol(hub: Services, folder: Path, name: str, path: Path | None = None) -> Services:
    """A laptop enrolled by `hub`: a new database, or the existing one at `path`."""
    return enrol_services(path or folder / f"{name}.db", hub.enrolment.issue(name))


def copy_database(src: Path, dest: Path) -> None:
    """A database with its keys and files, as a person copying the data folder would."""
    shutil.copy(src, dest)
    for suffix in (".keys", ".files"):
        if Path(f"{src}{suffix}").exists():
            shutil.copytree(f"{src}{suffix}", f"{dest}{suffix}")
