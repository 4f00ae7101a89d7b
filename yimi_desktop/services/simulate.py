"""Simulated field work for training, tests and benchmarks: K new visits by this device on existing
enterprises, with realistic issues, and existing issues moved along their life.

Deterministic: the same seed on the same database gives the same activity.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select

from ..domain.lifecycle import TransitionRefused
from ..domain.visits import AttendeeForm, BriefedPolicy, RaisedIssue, VisitForm
from ..domain.vocabulary import OPEN, IssueStatus, Satisfaction, VisitType
from ..storage.database import Database
from ..storage.models import Enterprise, Issue, IssueCategory, Policy, Team, TeamMembership
from .demo import ISSUE_TEMPLATES, RESULTS, VISIT_NOTES
from .issues import IssueService
from .visits import VisitService


@dataclass(frozen=True)
class SimulationResult:
    visits: int
    issues_raised: int
    transitions: int


class SimulationService:
    def __init__(self, db: Database, visits: VisitService, issues: IssueService):
        self._db = db
        self._visits = visits
        self._issues = issues

    def run(self, seed: int, visits: int, today: date | None = None, advance: int | None = None) -> SimulationResult:
        rng = random.Random(seed)
        today = today or date.today()
        with self._db.session() as s:
            enterprises = list(s.execute(select(Enterprise.id, Enterprise.address, Enterprise.contact_person,
                                                Enterprise.contact_phone).order_by(Enterprise.id)))
            teams = {}
            for team_id, officer_id in s.execute(select(TeamMembership.team_id, TeamMembership.officer_id)
                                                 .join(Team, Team.id == TeamMembership.team_id)
                                                 .where(Team.kind != "combined")
                                                 .order_by(TeamMembership.team_id, TeamMembership.officer_id)):
                teams.setdefault(team_id, []).append(officer_id)
            policies = list(s.scalars(select(Policy.id).order_by(Policy.id)))
            categories = {code: (cid, team) for code, cid, team in s.execute(
                select(IssueCategory.code, IssueCategory.id, IssueCategory.default_team_id))}
        if not enterprises or not teams:
            from ..domain.errors import DomainError, Message
            raise DomainError(Message("数据库中没有企业或团队,无法模拟走访(可先运行 yimi demo)。",
                                      "No enterprises or teams to simulate visits on (run yimi demo first)."))
        team_ids = sorted(teams)
        raised = 0
        for _ in range(visits):
            ent_id, address, contact, phone = rng.choice(enterprises)
            team_id = rng.choice(team_ids)
            officers = rng.sample(teams[team_id], k=min(len(teams[team_id]), rng.randint(1, 3)))
            start = time(rng.randint(8, 16), rng.choice((0, 15, 30, 45)))
            form = VisitForm(
                enterprise_id=ent_id, visit_date=today - timedelta(days=rng.randint(0, 6)), start_time=start,
                end_time=time(min(start.hour + 1, 18), start.minute), team_id=team_id, officer_ids=officers,
                visit_type=rng.choice(list(VisitType)).value, place=address, notes=rng.choice(VISIT_NOTES),
                attendees=[AttendeeForm(contact, "负责人", phone)],
                policies=[BriefedPolicy(p, rng.choice(("yes", "no", "unknown")), "")
                          for p in rng.sample(policies, k=min(len(policies), rng.randint(0, 2)))],
            )
            for _ in range(rng.choices((0, 1, 2), weights=(40, 45, 15))[0]):
                code = rng.choice(sorted(c for c in ISSUE_TEMPLATES if c in categories))
                title, desc = rng.choice(ISSUE_TEMPLATES[code])
                form.issues.append(RaisedIssue(categories[code][0], title,
                                               desc.format(m=rng.choice((50, 100, 200)), n=rng.randint(2, 9))))
            raised += len(form.issues)
            self._visits.finish(form, today=today)
        moved = self._advance(rng, today, advance if advance is not None else max(1, visits), teams, categories)
        return SimulationResult(visits, raised, moved)

    def _advance(self, rng: random.Random, today: date, budget: int, teams, categories) -> int:
        """Move up to `budget` open or resolved issues one step along their life."""
        team_of_cat = {cid: team for cid, team in categories.values()}
        with self._db.session() as s:
            candidates = list(s.execute(select(Issue.id, Issue.status, Issue.category_id).where(
                Issue.status.in_(sorted(OPEN | {IssueStatus.RESOLVED}))).order_by(Issue.created_at, Issue.id)))
        # creation order, not id: ids are random, creation order is the same on every run
        moved = 0
        for issue_id, status, cat in rng.sample(candidates, k=min(budget, len(candidates))):
            try:
                if status == IssueStatus.NEW.value:
                    team = team_of_cat.get(cat) or rng.choice(sorted(teams))
                    officer = rng.choice(teams.get(team) or [None])
                    self._issues.assign(issue_id, team, today + timedelta(days=rng.choice((7, 15, 30))), officer,
                                        "交办", on=today)
                elif status == IssueStatus.ASSIGNED.value:
                    self._issues.progress(issue_id, "已与企业对接,正在协调。", on=today)
                elif status == IssueStatus.IN_PROGRESS.value:
                    self._issues.resolve(issue_id, rng.choice(RESULTS), on=today)
                else:
                    sat = rng.choices(list(Satisfaction), weights=(80, 15, 5))[0]
                    self._issues.follow_up(issue_id, sat, "电话回访。", on=today)
                moved += 1
            except TransitionRefused:
                continue
        return moved
