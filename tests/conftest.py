"""Shared fixtures. Qt runs offscreen everywhere (set before any Qt import)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from yimi_desktop.domain.vocabulary import DeviceRole  # noqa: E402
from yimi_desktop.services.context import Services, init_services  # noqa: E402


@pytest.fixture
def services(tmp_path: Path):
    """A freshly initialised laptop database (standing structure only)."""
    svc = init_services(tmp_path / "yimi.db", "测试笔记本", DeviceRole.LAPTOP)
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """One demo county per test session; tests copy it instead of generating it again."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    svc = init_services(path, "演示笔记本", DeviceRole.LAPTOP)
    svc.demo.populate(seed=1)
    svc.close()
    return path


@pytest.fixture
def demo_services(demo_db_template: Path, tmp_path: Path):
    import shutil

    from yimi_desktop.services.context import open_services

    dest = tmp_path / "demo.db"
    shutil.copy(demo_db_template, dest)
    svc: Services = open_services(dest)
    yield svc
    svc.close()


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread(request):
    """GUI tests get the application's main-thread garbage collector (see ui/application.py):
    a collection started on a worker thread that frees Qt objects would crash the run."""
    if "qtbot" in request.fixturenames:
        from yimi_desktop.ui.application import make_application

        make_application()
    yield
