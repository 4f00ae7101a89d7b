"""Sync at county scale (issue 13, B11): 发给全部 writes one package per enrolled laptop, files named by
recipient; a shared stick's packages for other laptops are "not for this one", not refused; packages
already imported can be removed from the stick; acknowledgements in a clerk's words."""

from __future__ import annotations

import pytest

from sync_helpers import enrol, make_hub
from test_sync import add_enterprise
from yimi_desktop.domain.errors import DomainError


@pytest.fixture
def county(tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path, name="县中心")
    laps = [enrol(hub, tmp_path, n) for n in ("金融-笔记本1", "金融-笔记本2", "环保-笔记本1")]
    yield stick, hub, laps
    for s in (hub, *laps):
        s.close()


def test_send_to_all_writes_one_package_per_laptop_in_use_named_by_recipient(county):
    stick, hub, laps = county
    hub.trust.revoke("环保-笔记本1", "调离")
    add_enterprise(hub, 1)
    seen = []
    result = hub.sync.export_all(stick, progress=lambda name, i, n: seen.append((name, i, n)))
    names = sorted(p.name for p in result.files)
    assert [n.split("_")[:3] for n in names] == [["县中心", "发给", "金融-笔记本1"], ["县中心", "发给", "金融-笔记本2"]]
    assert seen == [("金融-笔记本1", 0, 2), ("金融-笔记本2", 1, 2), ("", 2, 2)]
    for k, (lap, path) in enumerate(zip(laps, sorted(result.files))):
        r = lap.sync.import_file(path)
        # the enterprise, and the roster rows (sync.roster) of the laptops enrolled after this one
        assert r.ok and r.stats.records_new == 1 + (len(laps) - 1 - k)
    again = hub.sync.export_all(stick)  # the same minute: names do not collide
    assert len({p.name for p in again.files} | set(names)) == 4
    stopped = hub.sync.export_all(stick, cancelled=lambda: True)
    assert stopped.cancelled and stopped.files == () and stopped.remaining == ("金融-笔记本1", "金融-笔记本2")
    with pytest.raises(DomainError, match="只有县级中心"):
        laps[0].sync.export_all(stick)


def test_a_shared_stick_lists_other_laptops_packages_apart_and_imported_ones_can_be_removed(county):
    stick, hub, (a, b, _) = county
    add_enterprise(hub, 1)
    own = a.sync.export(stick)
    assert own.name.startswith("金融-笔记本1_发给_县中心_")
    files = hub.sync.export_all(stick).files
    summary = a.sync.import_paths([stick])
    t = summary.totals()
    assert t["packages"] == 1 and t["refused"] == 0 and t["not_for_us"] == 3  # two for others, one its own
    assert not summary.refused
    assert sorted(r.path.name for r in summary.for_others) == sorted([own.name, *(p.name for p in files
                                                                                if "金融-笔记本1" not in p.name)])
    (mine,) = summary.imported_files
    assert "发给_金融-笔记本1" in mine.name
    assert a.sync.remove_imported([mine, *(r.path for r in summary.for_others)]) == 1  # only what it holds
    assert not mine.exists() and own.exists() and all(r.path.exists() for r in summary.for_others)
    assert b.sync.import_paths([stick]).totals()["packages"] == 1  # L2's own is still there


def test_acknowledgements_say_from_when_the_laptop_lacks_data(county):
    stick, hub, (a, _, _) = county
    # first the roster rows of the two laptops enrolled after it (sync.roster), so that it lacks nothing
    assert a.sync.import_file(hub.sync.export(stick, to="金融-笔记本1")).ok
    assert hub.sync.import_file(a.sync.export(stick)).ok
    (row,) = [d for d in hub.trust.devices() if d.name == "金融-笔记本1"]
    assert row.unacknowledged == 0 and row.missing_since is None
    add_enterprise(hub, 1)
    (row,) = [d for d in hub.trust.devices() if d.name == "金融-笔记本1"]
    assert row.unacknowledged > 0 and row.missing_since is not None
    (peer,) = [p for p in hub.sync.status().peers if p.name == "金融-笔记本1"]
    assert peer.missing_since is not None and peer.unacknowledged == row.unacknowledged
