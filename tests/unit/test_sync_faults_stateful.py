"""Hypothesis stateful test of faults: laptops restored in place to earlier snapshots of their file,
clocks (a laptop's or the hub's) set 400 days ahead and later fixed, packages refused meanwhile.
Once every clock is fixed and everyone has exchanged, every replica has the same digest and every
enterprise typed anywhere is at the hub (except what only the restored laptop ever held)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule
from sqlalchemy import select

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import enrol_services, init_services, open_services
from yimi_desktop.storage.models import Enterprise
from test_sync_recovery import DAY_MS, Clock, restore_in_place

LAPS = 2


def names(svc) -> set[str]:
    with svc.db.session() as s:
        return set(s.scalars(select(Enterprise.name)))


pytestmark = pytest.mark.slow  # half a minute or more: started first (tests/conftest.py)


class FaultyCounty(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="yimi-faults-"))
        self.stick = self.dir / "stick"
        self.stick.mkdir()
        self.clocks = [Clock() for _ in range(LAPS + 1)]  # the last one is the hub's
        self.hub = init_services(self.dir / "hub.db", "县中心", DeviceRole.HUB, clock=self.clocks[LAPS])
        self.laps = [enrol_services(self.dir / f"L{i}.db", self.hub.enrolment.issue(f"L{i}"), clock=self.clocks[i])
                     for i in range(LAPS)]
        self.snapshots: list[list[bytes]] = [[] for _ in range(LAPS)]
        self.typed: set[str] = set()
        self.n = 0

    def teardown(self) -> None:
        try:
            self.check_convergence()
        finally:
            for s in (self.hub, *self.laps):
                s.close()
            shutil.rmtree(self.dir, ignore_errors=True)

    def reopen(self, i: int) -> None:
        self.laps[i].close()
        self.laps[i] = open_services(self.dir / f"L{i}.db", self.clocks[i])

    @rule(i=st.integers(0, LAPS - 1))
    def type_enterprise(self, i):
        self.n += 1
        name = f"尉氏县故障{self.n}号有限公司"
        self.laps[i].enterprises.add(EnterpriseForm(name=name, credit_code=creditcode.make_code(
            "9", "1", "410223", f"MF{self.n:06d}"), township="城关镇"))
        self.typed.add(name)

    @rule(i=st.integers(0, LAPS - 1))
    def send(self, i):
        self.hub.sync.import_file(self.laps[i].sync.export(self.stick))  # may be refused (a clock ahead)

    @rule(i=st.integers(0, LAPS - 1))
    def receive(self, i):
        self.laps[i].sync.import_file(self.hub.sync.export(self.stick, to=f"L{i}"))

    @rule(i=st.integers(0, LAPS - 1))
    def snapshot(self, i):
        self.laps[i].close()
        self.snapshots[i].append((self.dir / f"L{i}.db").read_bytes())
        self.laps[i] = open_services(self.dir / f"L{i}.db", self.clocks[i])

    @rule(i=st.integers(0, LAPS - 1), pick=st.integers(0, 100))
    def restore(self, i, pick):
        if not self.snapshots[i]:
            return
        self.laps[i].close()
        others = names(self.hub).union(*(names(lap) for j, lap in enumerate(self.laps) if j != i))
        path = self.dir / f"L{i}.db"
        restore_in_place(path, self.snapshots[i][pick % len(self.snapshots[i])])
        self.laps[i] = open_services(path, self.clocks[i])
        # what only this laptop held and the backup lacks is gone: nobody else ever had it
        self.typed = {n for n in self.typed if n in others or n in names(self.laps[i])}

    @rule(i=st.integers(0, LAPS), ahead=st.booleans())
    def set_clock(self, i, ahead):
        self.clocks[i].offset_ms = 400 * DAY_MS if ahead else 0

    def check_convergence(self) -> None:
        for c in self.clocks:
            c.offset_ms = 0
        self.hub.close()
        self.hub = open_services(self.dir / "hub.db", self.clocks[LAPS])
        for i in range(LAPS):
            self.reopen(i)
        for _ in range(3):
            for i in range(LAPS):
                self.send(i)
            for i in range(LAPS):
                self.receive(i)
        digests = {self.hub.sync.digest(), *(lap.sync.digest() for lap in self.laps)}
        assert len(digests) == 1
        assert self.typed <= names(self.hub)


TestFaultyCounty = FaultyCounty.TestCase
TestFaultyCounty.settings = settings(max_examples=8, stateful_step_count=10, deadline=None,
                                     suppress_health_check=[HealthCheck.too_slow])
