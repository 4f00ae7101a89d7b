"""Shared fixtures. Qt runs offscreen everywhere (set before any Qt import)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from yimi_desktop.domain.vocabulary import DeviceRole  # noqa: E402
from yimi_desktop.services.context import Services, init_services  # noqa: E402


def pytest_configure(config):
    """With PYTHONDONTWRITEBYTECODE set (so no __pycache__ in the tree), every `yimi` the end-to-end tests start
    compiled the application's modules from source again: a quarter of a second of each of some two hundred
    processes. The run gives its processes (the xdist workers, and the commands they start) a bytecode cache of
    their own in a temporary folder instead (PYTHONPYCACHEPREFIX, written there and nowhere else), removed at the
    end. Done once, by the process that starts the workers."""
    if hasattr(config, "workerinput") or not sys.dont_write_bytecode or sys.pycache_prefix:
        return
    prefix = tempfile.mkdtemp(prefix="yimi-test-pycache-")
    config._yimi_pycache = prefix
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_collection_modifyitems(config, items):
    """The long tests (marked slow) first, the rest in their order: xdist hands tests out in this order, so the
    long ones start at once instead of one of them running on alone at the end while the other worker idles."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_unconfigure(config):
    prefix = getattr(config, "_yimi_pycache", None)
    if prefix:
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture(scope="session")
def _fresh_schema(tmp_path_factory) -> Path:
    """A new file brought to the head revision by the real migrations (storage.database._upgrade), once per
    worker: the schema every new database starts from."""
    from yimi_desktop.storage import database

    path = tmp_path_factory.mktemp("schema") / "fresh.db"
    database._upgrade(path)
    return path


@pytest.fixture(autouse=True)
def _new_databases_start_from_the_fresh_schema(request, monkeypatch):
    """A new database (create_database) copies the migrated schema above instead of running the thirty-odd
    migrations again: about 0.4 s of every database a test creates, the same bytes. An existing file (an upgrade
    from an older revision) still runs them, and so does every test of a module marked real_migrations."""
    if request.node.get_closest_marker("real_migrations"):
        yield
        return
    from yimi_desktop.storage import database

    template = request.getfixturevalue("_fresh_schema")
    migrate = database._upgrade

    def upgrade(path: Path) -> None:
        if Path(path).exists():
            migrate(path)
        else:
            shutil.copyfile(template, path)

    monkeypatch.setattr(database, "_upgrade", upgrade)
    yield


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
