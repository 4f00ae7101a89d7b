"""Hypothesis stateful test: a hub and three laptops edit, delete, export and import in any order,
with duplicated and lost packages; after a full exchange every replica has the same digest and
the same number of conflicts."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.forms import EnterpriseForm, OfficerForm, TeamForm
from sync_helpers import enrol, make_hub

NAMES = ("张三", "李四", "王五", "赵六")


class County(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="yimi-sm-"))
        self.stick = self.dir / "stick"
        self.stick.mkdir()
        self.hub = make_hub(self.dir)
        self.laps = [enrol(self.hub, self.dir, f"L{i}") for i in range(3)]
        self.packages: list[Path] = []
        self.n = 0
        # every laptop starts from the county's picture: one enterprise, one officer and one issue everybody has
        eid = self.laps[0].enterprises.add(EnterpriseForm(name="尉氏县共同有限公司", credit_code=self._code(), township="城关镇"))
        cat = self.laps[0].categories.list()[0]
        self.issue = self.laps[0].issues.raise_issue(eid, cat.id, "流动资金短缺")
        self.officer = self.laps[0].officers.add(OfficerForm(name="王伟", department="县金融工作局"))
        self.team = cat.default_team_id
        self.full_exchange()

    def _code(self) -> str:
        self.n += 1
        return creditcode.make_code("9", "1", "410223", f"MB{self.n:06d}")

    def full_exchange(self) -> None:
        for _ in range(2):
            for lap in self.laps:
                self.hub.sync.import_file(lap.sync.export(self.stick))
            for lap in self.laps:
                lap.sync.import_file(self.hub.sync.export(self.stick, to=lap.device.name))

    def teardown(self) -> None:
        for s in (self.hub, *self.laps):
            s.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- work on a replica ----------------------------------------------------------------------
    def replica(self, i: int):
        return self.hub if i == 3 else self.laps[i]

    @rule(i=st.integers(0, 3))
    def add_enterprise(self, i):
        self.replica(i).enterprises.add(EnterpriseForm(name=f"尉氏县新{self.n}有限公司", credit_code=self._code(),
                                                       township="洧川镇"))

    @rule(i=st.integers(0, 3), name=st.sampled_from(NAMES), pick=st.integers(0, 50))
    def edit_contact(self, i, name, pick):
        svc = self.replica(i)
        ids = svc.enterprises.ids(__import__("yimi_desktop.services.enterprises", fromlist=["x"]).EnterpriseQuery())
        eid = ids[pick % len(ids)]
        form = svc.enterprises.get(eid).form
        svc.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_person": name}))

    @rule(i=st.integers(0, 3), action=st.sampled_from(["assign", "progress", "resolve", "follow", "comment", "reopen"]))
    def move_issue(self, i, action):
        svc = self.replica(i)
        try:
            if action == "assign":
                svc.issues.assign(self.issue, self.team, date.today() + timedelta(days=7))
            elif action == "progress":
                svc.issues.progress(self.issue, "进展")
            elif action == "resolve":
                svc.issues.resolve(self.issue, "已解决")
            elif action == "follow":
                from yimi_desktop.domain.vocabulary import Satisfaction
                svc.issues.follow_up(self.issue, Satisfaction.SATISFIED)
            elif action == "reopen":
                svc.issues.reopen(self.issue, "企业又反映")
            else:
                svc.issues.comment(self.issue, f"备注{self.n}")
        except DomainError:
            pass  # refused by the rules on this replica's current state: nothing written

    @rule(i=st.integers(0, 3), member=st.booleans())
    def toggle_membership(self, i, member):
        svc = self.replica(i)
        detail = svc.teams.get(self.team)
        ids = [m.id for m in detail.members if m.id != self.officer] + ([self.officer] if member else [])
        svc.teams.update(self.team, TeamForm(**{**detail.form.__dict__, "member_ids": ids,
                                                "leader_id": detail.form.leader_id if detail.form.leader_id in ids else None}))

    # ---- packages ----------------------------------------------------------------------------------
    @rule(i=st.integers(0, 2))
    def laptop_exports(self, i):
        self.packages.append(self.laps[i].sync.export(self.stick))

    @rule(i=st.integers(0, 2), full=st.booleans())
    def hub_exports(self, i, full):
        self.packages.append(self.hub.sync.export(self.stick, to=self.laps[i].device.name, full=full))

    @precondition(lambda self: self.packages)
    @rule(pick=st.integers(0, 1000))
    def import_some_package(self, pick):
        pkg = self.packages[pick % len(self.packages)]  # any order, and duplicates
        for svc in (self.hub, *self.laps):
            r = svc.sync.import_file(pkg)
            if r.ok and not r.duplicate:
                break

    @precondition(lambda self: self.packages)
    @rule(pick=st.integers(0, 1000))
    def lose_package(self, pick):
        self.packages.pop(pick % len(self.packages)).unlink(missing_ok=True)

    @invariant()
    def databases_stay_consistent(self):
        for svc in (self.hub, *self.laps):
            with svc.db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []

    def check_convergence(self) -> None:
        self.full_exchange()
        digests = {svc.sync.digest() for svc in (self.hub, *self.laps)}
        assert len(digests) == 1
        counts = {svc.sync.status()["conflicts"] for svc in (self.hub, *self.laps)}
        assert len(counts) == 1
        statuses = {svc.issues.get(self.issue).status for svc in (self.hub, *self.laps)}
        assert len(statuses) == 1


class CountyWithFinalCheck(County):
    def teardown(self) -> None:
        try:
            self.check_convergence()
        finally:
            super().teardown()


TestCounty = CountyWithFinalCheck.TestCase
TestCounty.settings = settings(max_examples=8, stateful_step_count=18, deadline=None,
                               suppress_health_check=[HealthCheck.too_slow])
