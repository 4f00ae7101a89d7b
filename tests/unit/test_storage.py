"""Opening databases: migrations (empty -> head, previous revision with data -> head), refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.services.context import enrol_services, init_services, open_services
from yimi_desktop.storage.database import (
    APP_MARKER, DatabaseError, alembic_config, create_database, head_revision, make_engine, open_database,
)
from yimi_desktop.storage import search
from yimi_desktop.storage.models import ISSUE_ORDER_INDEXES, Base
from sync_helpers import downgrade as _downgrade


pytestmark = pytest.mark.real_migrations  # the migrations themselves are this module's subject


def _db_at_revision(path: Path, revision: str) -> None:
    """A database exactly as an older version of the application left it."""
    engine = make_engine(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.exec_driver_sql("INSERT INTO meta(key, value) VALUES ('app', ?)", (APP_MARKER,))
    engine.dispose()


def test_empty_to_head_matches_models(tmp_path):
    db = create_database(tmp_path / "a.db")
    assert db.revision() == head_revision()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the text-search index (migration 0013) is derived and local: tables and indexes outside the models
    assert [d for d in diff if not _is_search_index(d)] == []
    db.close()


def _is_search_index(diff) -> bool:
    kind, obj = diff[0], diff[1]
    return (kind == "remove_table" and obj.name.startswith(search.DERIVED_PREFIXES)
            or kind == "remove_index" and obj.name in search.DERIVED_INDEXES + ISSUE_ORDER_INDEXES)


def test_previous_revision_with_data_is_migrated_after_backup(tmp_path):
    path = tmp_path / "old.db"
    _db_at_revision(path, "0001")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO local_device(device_id, name, role, created_at) VALUES ('d1', '旧笔记本', 'laptop', '2026-01-01')")
    con.execute("""INSERT INTO enterprise(id, name, credit_code, township, address, industry, above_size,
                   contact_person, contact_phone, notes, search_text, sort_key, created_at, updated_at,
                   created_by, updated_by) VALUES ('e1', '尉氏县老数据门业有限公司', '91350100M000100Y43', '城关镇',
                   '', '门业', 1, '张三', '', '', '', '', '2026-01-01', '2026-01-01', 'd1', 'd1')""")
    con.commit()
    con.close()

    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision()
        assert svc.db.backup is not None and svc.db.backup.exists()
        assert svc.enterprises.count() == 1
        assert svc.stats.compute().visits == 0  # the new tables exist and are usable
        # the backup is the old database, untouched
        old = sqlite3.connect(svc.db.backup)
        assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert old.execute("SELECT name FROM enterprise").fetchone()[0] == "尉氏县老数据门业有限公司"
        old.close()
    finally:
        svc.close()


def test_current_database_opens_without_backup(tmp_path):
    init_services(tmp_path / "a.db", "n", DeviceRole.LAPTOP).close()
    db = open_database(tmp_path / "a.db")
    assert db.backup is None
    db.close()


def test_newer_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "new.db"
    init_services(path, "n", DeviceRole.LAPTOP).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as exc:
        open_database(path)
    assert "更新版本" in exc.value.text("zh")
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("new.db.bak*"))


@pytest.mark.parametrize("content", [b"hello, not a database", b""])
def test_not_a_database_refused(tmp_path, content):
    path = tmp_path / "x.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseError):
        open_database(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta(key, value)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError) as exc:
        open_database(path)
    assert "不是一米团数据库" in exc.value.text("zh")


def test_missing_folder_and_missing_file(tmp_path):
    with pytest.raises(DatabaseError) as exc:
        open_database(tmp_path / "nope" / "a.db")
    assert "文件夹不存在" in exc.value.text()
    with pytest.raises(DatabaseError):
        open_database(tmp_path / "a.db")
    assert not (tmp_path / "a.db").exists()


def test_pragmas(tmp_path):
    db = create_database(tmp_path / "a.db")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    db.close()


def test_field_work_database_from_revision_0002_keeps_its_visits(tmp_path):
    """A laptop upgraded in the field: visits, issues and attachments made by 0002 survive 0003."""
    path = tmp_path / "v2.db"
    _db_at_revision(path, "0002")
    con = sqlite3.connect(path)
    stamp = "'2026-01-01', '2026-01-01', 'd1', 'd1'"
    con.execute("INSERT INTO local_device(device_id, name, role, created_at) VALUES ('d1', '笔记本', 'laptop', '2026-01-01')")
    con.execute(f"""INSERT INTO enterprise(id, name, credit_code, township, address, industry, above_size,
                   contact_person, contact_phone, notes, search_text, sort_key, created_at, updated_at,
                   created_by, updated_by) VALUES ('e1', '甲企业', '91350100M000100Y43', '城关镇', '', '', 0, '', '',
                   '', '', '', {stamp})""")
    con.execute(f"""INSERT INTO visit(id, enterprise_id, visit_date, visit_type, place, notes, state, record_no,
                   created_at, updated_at, created_by, updated_by) VALUES ('v1', 'e1', '2026-01-02',
                   'policy_briefing', '车间', '宣讲二十条', 'final', 'WS1', {stamp})""")
    con.execute(f"""INSERT INTO attachment(id, visit_id, sha256, filename, mime, size, caption,
                   created_at, updated_at, created_by, updated_by) VALUES ('a1', 'v1', '{"0" * 64}', 'p.jpg',
                   'image/jpeg', 10, '', {stamp})""")
    con.execute(f"""INSERT INTO issue(id, visit_id, enterprise_id, title, description, raised_on, status, result,
                   created_at, updated_at, created_by, updated_by) VALUES ('i1', 'v1', 'e1', '招工难', '', '2026-01-02',
                   'new', '', {stamp})""")
    con.commit()
    con.close()
    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision()
        detail = svc.visits.get("v1")
        assert detail.notes == "宣讲二十条" and detail.issue_ids == ["i1"]
        assert detail.attachments == [("0" * 64, "p.jpg", "image/jpeg", 10, None)]
        assert detail.amendments == []
        assert svc.visits.drafts() == []
    finally:
        svc.close()


def test_database_from_revision_0004_keeps_its_change_log(tmp_path):
    """A laptop of the sync release (0004) with unsynced work: after the upgrade it still exports it."""
    path = tmp_path / "v4.db"
    svc = init_services(path, "旧笔记本", DeviceRole.LAPTOP)
    from yimi_desktop.domain.forms import EnterpriseForm
    svc.enterprises.add(EnterpriseForm(name="尉氏县升级前有限公司", credit_code="91350100M000100Y43", township="城关镇"))
    changes_before = svc.sync.vector()[svc.device.device_id]
    svc.close()
    # roll the schema back to 0004 as that release left it, keeping the data (later revisions only add indexes)
    _downgrade(path, "0004")
    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision() and svc.db.backup is not None
        assert svc.sync.vector()[svc.device.device_id] == changes_before
    finally:
        svc.close()
    # upgraded in the field: the hub enrols the laptop, which keeps its records and sends its unsynced work
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = init_services(tmp_path / "hub.db", "中心", DeviceRole.HUB)
    svc = enrol_services(path, hub.enrolment.issue("旧笔记本"))
    try:
        assert svc.device.enrolled and svc.sync.vector()[svc.device.device_id] == changes_before
        assert hub.sync.import_file(svc.sync.export(stick)).ok
        assert hub.enterprises.count() == 1
    finally:
        hub.close()
        svc.close()




@pytest.mark.parametrize("role", [DeviceRole.LAPTOP, DeviceRole.HUB])
def test_database_from_revision_0006_gets_keys_and_an_identity(tmp_path, role):
    """0007 (trust): a database of the previous release, with records, keeps them; it gets keys on open;
    a hub keeps its device id as its identity and starts its key history; a laptop is not enrolled yet."""
    import shutil

    from yimi_desktop.domain.forms import EnterpriseForm

    path = tmp_path / "v6.db"
    svc = init_services(path, "旧设备", role)
    svc.enterprises.add(EnterpriseForm(name="尉氏县升级前有限公司", credit_code="91350100M000100Y43", township="城关镇"))
    device_id, digest = svc.device.device_id, svc.sync.digest()
    svc.close()
    _downgrade(path, "0006")
    shutil.rmtree(f"{path}.keys")  # that release had no keys
    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision() and svc.db.backup is not None
        assert svc.enterprises.count() == 1
        # the same content; a hub given new keys re-signs its hub_device row (sync.roles), nothing else changes
        if role is DeviceRole.LAPTOP:
            assert svc.sync.digest() == digest
        else:
            from yimi_desktop.sync.roles import hub_devices
            with svc.db.session() as s:
                assert hub_devices(s.connection()) == {device_id}
        assert svc.device.device_id == device_id and svc.device.identity == device_id
        info = svc.trust.info()
        assert Path(info.age_identity_file).is_file() and len(info.signing_fingerprint) == 24
        assert (Path(f"{path}.keys").stat().st_mode & 0o777) == 0o700
        if role is DeviceRole.HUB:
            assert info.key_generations == 1 and info.enrolled
        else:
            assert not svc.device.enrolled
            with pytest.raises(DomainError, match="尚未在县级中心注册"):
                svc.sync.export(tmp_path)
    finally:
        svc.close()


def test_head_constant_is_the_newest_migration():
    """The CLI's light path (services/quick.py) knows the schema revision without alembic."""
    from yimi_desktop.storage.revision import HEAD

    assert HEAD == head_revision()


def test_known_revisions_are_alembics_own_without_importing_it():
    """known_revisions() reads the migration files' names; they must be exactly the revisions alembic walks
    (a file named against its revision id would make a package of a known schema look "newer")."""
    from alembic.script import ScriptDirectory

    from yimi_desktop.storage.database import known_revisions

    walked = {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    assert known_revisions() == walked and head_revision() in walked and len(walked) >= 20


def test_quick_stats_equal_the_service_and_step_aside_when_a_migration_is_due(demo_services, tmp_path):
    from datetime import date

    from yimi_desktop.services.quick import quick_stats

    from yimi_desktop.storage.counts import read_current

    today = date.today()
    assert quick_stats(demo_services.db.path, today) == demo_services.stats.compute(today)
    # the storage-level read (what `yimi stats` prints): the service's figures, in the service's order
    assert list(read_current(demo_services.db.path, today).items()) == list(demo_services.stats.compute(today).as_dict().items())
    path = tmp_path / "old.db"
    _db_at_revision(path, "0008")
    assert quick_stats(path) is None and read_current(path, today) is None  # the full path migrates it
    assert quick_stats(tmp_path / "none.db") is None and not (tmp_path / "none.db").exists()


def test_database_from_revision_0008_keeps_its_issues_deadlines_and_unsynced_work(tmp_path):
    """0010 (督办): a laptop of the previous release with an assigned issue not yet sent; after the upgrade the
    issue keeps its status, team, history and its deadline as the fixed date typed then; the unsent changes
    are still there to send; and the new acts work on it."""
    from datetime import date

    from yimi_desktop.domain.forms import EnterpriseForm

    path = tmp_path / "v8.db"
    svc = init_services(path, "旧笔记本", DeviceRole.LAPTOP)
    eid = svc.enterprises.add(EnterpriseForm(name="尉氏县升级前有限公司", credit_code="91350100M000100Y43",
                                             township="城关镇"))
    cat = svc.categories.list()[0]
    iid = svc.issues.raise_issue(eid, cat.id, "流动资金短缺", on=date(2026, 9, 1))
    svc.issues.assign(iid, cat.default_team_id, date(2026, 9, 20), on=date(2026, 9, 2))
    svc.issues.progress(iid, "已对接银行", on=date(2026, 9, 5))
    before = svc.issues.get(iid)
    vector, digest = svc.sync.vector(), svc.sync.digest()
    svc.close()
    _downgrade(path, "0008")
    con = sqlite3.connect(path)
    assert "stages" not in {r[1] for r in con.execute("PRAGMA table_info(issue)")}
    con.close()
    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision() and svc.db.backup is not None
        assert svc.sync.vector() == vector and svc.sync.digest() == digest
        row = svc.issues.get(iid, date(2026, 9, 21))
        assert (row.status, row.team, row.deadline) == (before.status, before.team, date(2026, 9, 20))
        assert row.overdue and row.duty is None  # a fixed calendar date, no stages
        assert [e.kind.value for e in svc.issues.history(iid)] == ["raised", "assigned", "progress"]
        svc.issues.escalate(iid, "超期未办结", on=date(2026, 9, 21))
        row = svc.issues.get(iid)
        assert row.duty.escalated_on == date(2026, 9, 21) and row.duty.stages == () and row.deadline == date(2026, 9, 20)
    finally:
        svc.close()
