"""Hypothesis stateful test: a hub and three laptops edit, delete, export and import in any order,
with duplicated and lost packages, clocks set wrong by hours or a day (and set right again), and
copies of a laptop's data folder that keep syncing under the same identity, and laptops enrolled later
from the hub's county package; every import compacts what its package concerns (compaction.compact_after)
and any replica may also make the full pass (`compact`); after a full exchange every replica has the same
digest, the same number of conflicts and the same issue status, and the hub holds everything anyone typed."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.forms import EnterpriseForm, OfficerForm, TeamForm
from sync_helpers import DAY, HOUR, OffsetClock, copy_replica, enrol, make_hub

NAMES = ("张三", "李四", "王五", "赵六")
OFFSETS = (0.0, -3 * HOUR, 3 * HOUR, -DAY, DAY - 60)  # a clock slow or fast by hours or a day
MAX_COPIES = 2
MAX_LATE_LAPTOPS = 2


pytestmark = pytest.mark.slow  # a minute or more under xdist: started first (tests/conftest.py)


class County(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="yimi-sm-"))
        self.stick = self.dir / "stick"
        self.stick.mkdir()
        self.clocks = [OffsetClock() for _ in range(4)]  # L0..L2, the hub; a copy gets its own
        self.hub = make_hub(self.dir, clock=self.clocks[3])
        self.laps = [enrol(self.hub, self.dir, f"L{i}", clock=self.clocks[i]) for i in range(3)]
        self.copies: list = []  # copies of a laptop's folder, each syncing as its own replica
        self.packages: list[Path] = []
        self.n = 0
        self.typed_enterprises: set[str] = set()
        self.typed_comments: set[str] = set()
        self.compacted = 0
        self.late = 0  # laptops enrolled after the start
        self.auto_compacted = 0  # values the rules' imports dropped on their own
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

    def all_laptops(self) -> list:
        return [*self.laps, *self.copies]

    def everyone(self) -> list:
        return [self.hub, *self.all_laptops()]

    def full_exchange(self) -> None:
        for _ in range(2):
            for lap in self.all_laptops():
                self.hub.sync.import_file(lap.sync.export(self.stick))
            for lap in self.all_laptops():
                lap.sync.import_file(self.hub.sync.export(self.stick, to=lap.device.name))

    def teardown(self) -> None:
        for s in self.everyone():
            s.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- work on a replica ----------------------------------------------------------------------
    def replica(self, i: int):
        """0..2 the laptops, 3 the hub, 4.. the copies (or the hub while there are none)."""
        if i == 3:
            return self.hub
        if i > 3:
            return self.copies[(i - 4) % len(self.copies)] if self.copies else self.hub
        return self.laps[i]

    @rule(i=st.integers(0, 5))
    def add_enterprise(self, i):
        name = f"尉氏县新{self.n}有限公司"
        self.replica(i).enterprises.add(EnterpriseForm(name=name, credit_code=self._code(), township="洧川镇"))
        self.typed_enterprises.add(name)

    @rule(i=st.integers(0, 4), offset=st.sampled_from(OFFSETS))
    def set_clock(self, i, offset):
        """A laptop's (or the hub's) clock goes wrong, or is set right again."""
        self.clocks[i % len(self.clocks)].offset = offset

    @precondition(lambda self: len(self.copies) < MAX_COPIES)
    @rule(i=st.integers(0, 2), offset=st.sampled_from(OFFSETS))
    def copy_laptop(self, i, offset):
        """Someone copies a laptop's data folder to another machine (whose clock may be off), and
        both go on recording and syncing."""
        clock = OffsetClock(offset)
        self.clocks.append(clock)
        self.laps[i], copy = copy_replica(self.laps[i], self.dir / f"copy{len(self.copies)}.db", clock)
        self.copies.append(copy)

    @precondition(lambda self: self.late < MAX_LATE_LAPTOPS)
    @rule(offset=st.sampled_from(OFFSETS))
    def enrol_laptop(self, offset):
        """A laptop enrolled now: its county package is a full export of the hub's log as it stands, values
        compacted by the hub's imports included (a record's superseded creation values among them)."""
        clock = OffsetClock(offset)
        try:
            lap = enrol(self.hub, self.dir, f"N{self.late}", clock=clock)
        except DomainError:
            return  # a clock more than a day apart from the hub's: refused before anything changed, by design
        self.late += 1
        self.clocks.append(clock)
        self.laps.append(lap)

    @rule(i=st.integers(0, 5), name=st.sampled_from(NAMES), pick=st.integers(0, 50))
    def edit_contact(self, i, name, pick):
        svc = self.replica(i)
        ids = svc.enterprises.ids(__import__("yimi_desktop.services.enterprises", fromlist=["x"]).EnterpriseQuery())
        eid = ids[pick % len(ids)]
        form = svc.enterprises.get(eid).form
        svc.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_person": name}))

    @rule(i=st.integers(0, 5), action=st.sampled_from(["assign", "progress", "resolve", "follow", "comment", "reopen",
                                                        "assign_rule", "extend", "approve", "reject", "reassign",
                                                        "give_back", "escalate", "co_report", "close"]))
    def move_issue(self, i, action):
        svc = self.replica(i)
        other = next(t.id for t in svc.teams.list() if t.id != self.team)
        try:
            if action == "assign":
                svc.issues.assign(self.issue, self.team, date.today() + timedelta(days=7))
            elif action == "assign_rule":  # 主办 + 协办, the stages by the seeded rule (the calendar came from the hub)
                svc.issues.assign(self.issue, self.team, co_team_ids=(other,), rule="general")
            elif action == "extend":
                row = svc.issues.get(self.issue)
                svc.issues.request_extension(self.issue, (row.deadline or date.today()) + timedelta(days=10), "等材料")
            elif action == "approve":
                svc.issues.approve_extension(self.issue, hub=svc is self.hub)
            elif action == "reject":
                svc.issues.reject_extension(self.issue, "理由不足", hub=svc is self.hub)
            elif action == "reassign":
                current = svc.issues.links(self.issue).team_id
                svc.issues.reassign(self.issue, self.team if current != self.team else other, "改由他团办理",
                                    date.today() + timedelta(days=5))
            elif action == "give_back":
                svc.issues.give_back(self.issue, "不属本团职责")
            elif action == "escalate":
                svc.issues.escalate(self.issue, "超期未办")
            elif action == "co_report":
                svc.issues.co_report(self.issue, other, "已配合")
            elif action == "close":
                svc.issues.close_off(self.issue)
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
                self.n += 1
                svc.issues.comment(self.issue, f"备注{self.n}")
                self.typed_comments.add(f"备注{self.n}")
        except DomainError:
            pass  # refused by the rules on this replica's current state: nothing written

    @rule(i=st.integers(0, 3), member=st.booleans())
    def toggle_membership(self, i, member):
        svc = self.replica(i)
        detail = svc.teams.get(self.team)
        ids = [m.id for m in detail.members if m.id != self.officer] + ([self.officer] if member else [])
        svc.teams.update(self.team, TeamForm(**{**detail.form.__dict__, "member_ids": ids,
                                                "leader_id": detail.form.leader_id if detail.form.leader_id in ids else None}))

    @rule(i=st.integers(0, 5))
    def compact(self, i):
        """A replica drops the values of superseded changes its peers all hold (the rows stay)."""
        self.compacted += self.replica(i).sync.compact()

    # ---- packages ----------------------------------------------------------------------------------
    @rule(i=st.integers(0, 4))
    def laptop_exports(self, i):
        laps = self.all_laptops()
        self.packages.append(laps[i % len(laps)].sync.export(self.stick))

    @rule(i=st.integers(0, 4), full=st.booleans())
    def hub_exports(self, i, full):
        self.packages.append(self.hub.sync.export(self.stick, to=self.laps[i % len(self.laps)].device.name, full=full))

    @rule(i=st.integers(0, 6), everyone=st.booleans())
    def round_trip(self, i, everyone):
        """One laptop (or copy), or every one, and the hub exchange at once: the acknowledgements that let
        imports compact during the run."""
        laps = self.all_laptops()
        laps = laps if everyone else [laps[i % len(laps)]]
        for lap in laps:
            self._import(self.hub, lap.sync.export(self.stick))
        for lap in laps:
            self._import(lap, self.hub.sync.export(self.stick, to=lap.device.name))

    def _import(self, svc, pkg: Path):
        before = self._compacted_values([svc])
        r = svc.sync.import_file(pkg)
        if r.ok and not r.duplicate:
            self.auto_compacted += self._compacted_values([svc]) - before  # compaction.compact_after
        return r

    @precondition(lambda self: self.packages)
    @rule(pick=st.integers(0, 1000))
    def import_some_package(self, pick):
        pkg = self.packages[pick % len(self.packages)]  # any order, and duplicates
        others = self.everyone()
        start = pick % len(others)  # a hub package for a copied laptop: either replica may open it
        for svc in others[start:] + others[:start]:
            r = self._import(svc, pkg)
            if r.ok and not r.duplicate:
                break

    @precondition(lambda self: self.packages)
    @rule(pick=st.integers(0, 1000))
    def lose_package(self, pick):
        self.packages.pop(pick % len(self.packages)).unlink(missing_ok=True)

    @invariant()
    def databases_stay_consistent(self):
        for svc in self.everyone():
            with svc.db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []

    def check_convergence(self) -> None:
        # every clock is set right first: while two clocks are more than a day apart, the incoming
        # bound refuses the faster one's stamps at the slower one (with a message), by design
        for clock in self.clocks:
            clock.offset = 0
        self.full_exchange()
        everyone = self.everyone()
        digests = {svc.sync.digest() for svc in everyone}
        assert len(digests) == 1
        counts = {svc.sync.status().conflicts for svc in everyone}
        assert len(counts) == 1
        statuses = {svc.issues.get(self.issue).status for svc in everyone}
        assert len(statuses) == 1
        duty = {(svc.issues.get(self.issue).deadline, svc.issues.get(self.issue).duty) for svc in everyone}
        assert len(duty) == 1  # 督办 state too: deadline, stages, 协办, pending extension, escalation, 销号
        # nothing anyone typed is lost
        from yimi_desktop.services.enterprises import EnterpriseQuery
        names = {r.name for r in self.hub.enterprises.rows(self.hub.enterprises.ids(EnterpriseQuery()))}
        assert self.typed_enterprises <= names
        assert self.typed_comments <= {e.text for e in self.hub.issues.history(self.issue)}
        # the imports compacted on their own (compaction.compact_after): reported, to see the rule exercised
        event(f"values compacted by the rules' imports: {'some' if self.auto_compacted else 'none'}")
        # compaction everywhere, then full packages both ways: nothing visible changes
        for svc in everyone:
            self.compacted += svc.sync.compact()
        for lap in self.laps:
            lap.sync.import_file(self.hub.sync.export(self.stick, to=lap.device.name, full=True))
            self.hub.sync.import_file(lap.sync.export(self.stick, full=True))
        assert {svc.sync.digest() for svc in everyone} == digests
        assert {svc.sync.status().conflicts for svc in everyone} == counts


    def _compacted_values(self, replicas: list) -> int:
        n = 0
        for svc in replicas:
            with svc.db.engine.connect() as conn:
                n += conn.exec_driver_sql("SELECT count(*) FROM change_log WHERE value IS NULL "
                                          "AND field != '__deleted__'").scalar_one()
        return n


class CountyWithFinalCheck(County):
    def teardown(self) -> None:
        try:
            self.check_convergence()
        finally:
            super().teardown()


TestCounty = CountyWithFinalCheck.TestCase
TestCounty.settings = settings(max_examples=int(os.environ.get("YIMI_SM_EXAMPLES", "8")), stateful_step_count=18, deadline=None,
                               suppress_health_check=[HealthCheck.too_slow])
