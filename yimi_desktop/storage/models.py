"""SQLAlchemy 2 typed models.

Every replicated record has a UUID key (hex text) made where it was created, plus created/updated
time and author (the device id that made the change). Local-only tables (this installation,
key/value metadata) are marked as such. Dates are ISO text in SQLite via SQLAlchemy's Date type.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timezone

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Replicated:
    """Columns every replicated record carries."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    created_by: Mapped[str] = mapped_column(String(32), default="")
    updated_by: Mapped[str] = mapped_column(String(32), default="")


# ---- local bookkeeping (never replicated) ---------------------------------------------------

class Meta(Base):
    """Key/value facts about this database file; `app` = 'yimi-desktop' marks it as ours."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LocalDevice(Base):
    """This installation: one row."""

    __tablename__ = "local_device"
    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # DeviceRole
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # where this file lives (machine id + path + inode); a mismatch means the file was copied
    # and this installation takes a new device id before recording changes
    install_fingerprint: Mapped[str | None] = mapped_column(String(200))
    # the officer who uses this laptop ("my open issues"); optional
    officer_id: Mapped[str | None] = mapped_column(String(32))
    # the stable identity packages are signed by and addressed to (device_id above changes when
    # the file is copied; this does not). A hub's is its own; a laptop's is given at enrolment.
    identity_id: Mapped[str | None] = mapped_column(String(32))
    enrolled_at: Mapped[datetime | None] = mapped_column(DateTime)
    hub_identity_id: Mapped[str | None] = mapped_column(String(32))  # a laptop's hub, from its enrolment
    # a laptop: the device id it had when it took its enrolment (kept by copies and renewals, so the
    # hub can tell a second computer set up from the same enrolment file: it has another root)
    enrolment_root: Mapped[str | None] = mapped_column(String(32))


class VisitDraft(Base):
    """A visit being typed, saved every few seconds; local only, never replicated."""

    __tablename__ = "visit_draft"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    payload: Mapped[str] = mapped_column(Text)  # JSON of domain.visits.VisitForm
    title: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BriefingIssue(Base):
    """At the hub: a 工作简报 issued with a 期号 (第×期), numbered per hub and year. Local to the hub, never
    replicated: the county office is the one issuer (its 编发单位 heads the 简报), so no two devices can hand
    out the same number offline; a laptop prints the same report without a number. Reprinting the same
    period (and team) reuses its number; (year, number) never repeats."""

    __tablename__ = "briefing_issue"
    __table_args__ = (UniqueConstraint("year", "number", name="uq_briefing_issue_number"),
                      UniqueConstraint("period_from", "period_to", "scope", name="uq_briefing_issue_period"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer)           # the year of issue (the masthead's date)
    number: Mapped[int] = mapped_column(Integer)         # 第 number 期 of that year
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(32), default="")  # the team's id, "" for the whole county
    scope_name: Mapped[str] = mapped_column(String(100), default="")
    issued_on: Mapped[date] = mapped_column(Date)        # printed on the masthead, reprints too
    made_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    made_by: Mapped[str] = mapped_column(String(100), default="")
    by_hand: Mapped[bool] = mapped_column(Boolean, default=False)  # the number was typed, not the next one
    prints: Mapped[int] = mapped_column(Integer, default=1)
    last_printed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # the figures as first printed, per language ({"zh": summary_to_json(...)}; migration 0029): a reprint prints them
    # again, not today's; NULL for a briefing issued before 0029 (its reprint counts anew, as it did)
    figures: Mapped[str | None] = mapped_column(Text, nullable=True)


# ---- directory --------------------------------------------------------------------------------

class Team(Replicated, Base):
    __tablename__ = "team"
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # TeamKind
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"), index=True)
    lead_department: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Team | None] = relationship(remote_side="Team.id")
    memberships: Mapped[list[TeamMembership]] = relationship(
        back_populates="team", cascade="all, delete-orphan")


class Officer(Replicated, Base):
    __tablename__ = "officer"
    name: Mapped[str] = mapped_column(String(50))
    department: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # 作废: entered by mistake; out of the lists (active is False too), kept in history with the reason
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="", info={"derived": True})
    sort_key: Mapped[str] = mapped_column(String(200), default="", index=True, info={"derived": True})


class TeamMembership(Replicated, Base):
    __tablename__ = "team_membership"
    team_id: Mapped[str] = mapped_column(ForeignKey("team.id"), index=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")  # leader / member

    team: Mapped[Team] = relationship(back_populates="memberships")
    officer: Mapped[Officer] = relationship()


class Enterprise(Replicated, Base):
    __tablename__ = "enterprise"
    __table_args__ = (
        Index("ix_enterprise_township_sort", "township", "sort_key"),
        Index("ix_enterprise_industry_sort", "industry", "sort_key"),
        # covering index for the directory search: scanned in pinyin order, LIKE tested on the index alone
        Index("ix_enterprise_sort_search", "sort_key", "id", "search_text", "voided_at"),
    )
    name: Mapped[str] = mapped_column(String(100))
    # not UNIQUE in the schema: two laptops may register the same enterprise before they sync;
    # the service refuses duplicates it can see, and sync keeps both records rather than fail.
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    township: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    industry: Mapped[str] = mapped_column(String(50), default="")
    above_size: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # 作废: entered by mistake; out of the lists and reports, kept (with its visits and issues) with the reason
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    # derived, for search and Chinese (pinyin) ordering
    search_text: Mapped[str] = mapped_column(Text, default="", info={"derived": True})
    sort_key: Mapped[str] = mapped_column(String(400), default="", index=True, info={"derived": True})


class Policy(Replicated, Base):
    __tablename__ = "policy"
    title: Mapped[str] = mapped_column(String(200))
    issuer_level: Mapped[str] = mapped_column(String(16))  # IssuerLevel
    issuer: Mapped[str] = mapped_column(String(100), default="")
    document_number: Mapped[str] = mapped_column(String(100), default="")
    category: Mapped[str] = mapped_column(String(32))  # PolicyCategory
    summary: Mapped[str] = mapped_column(Text, default="")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    search_text: Mapped[str] = mapped_column(Text, default="", info={"derived": True})
    sort_key: Mapped[str] = mapped_column(String(600), default="", index=True, info={"derived": True})


class IssueCategory(Replicated, Base):
    """Seeded list of issue categories, each mapped to the specialist team that takes it."""

    __tablename__ = "issue_category"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    name_en: Mapped[str] = mapped_column(String(80), default="")
    default_team_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


# ---- field work (screens in the field-work issue) ----------------------------------------------

class Visit(Replicated, Base):
    __tablename__ = "visit"
    __table_args__ = (Index("ix_visit_enterprise_date", "enterprise_id", "visit_date"),)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprise.id"))
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    team_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"), index=True)
    visit_type: Mapped[str] = mapped_column(String(32))  # VisitType
    place: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="draft")  # VisitState
    record_no: Mapped[str] = mapped_column(String(32), default="")


class VisitOfficer(Replicated, Base):
    __tablename__ = "visit_officer"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"), index=True)


class VisitAttendee(Replicated, Base):
    """A person of the enterprise who took part in the visit."""

    __tablename__ = "visit_attendee"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")


class VisitPolicy(Replicated, Base):
    """A policy briefed during a visit, with a note on whether the enterprise qualifies."""

    __tablename__ = "visit_policy"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    policy_id: Mapped[str] = mapped_column(ForeignKey("policy.id"), index=True)
    qualifies: Mapped[str] = mapped_column(String(16), default="unknown")  # yes / no / unknown
    note: Mapped[str] = mapped_column(Text, default="")


class Attachment(Replicated, Base):
    """A photo or document attached to a visit, stored by its sha256 beside the database."""

    __tablename__ = "attachment"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    caption: Mapped[str] = mapped_column(Text, default="")
    # a downscaled JPEG for reports (photos only); the original is kept as it was
    preview_sha256: Mapped[str | None] = mapped_column(String(64))


class VisitAmendment(Replicated, Base):
    """A change to a finished visit: kept and shown with author and time (append-only)."""

    __tablename__ = "visit_amendment"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    device_id: Mapped[str] = mapped_column(String(32), default="")
    author_officer_id: Mapped[str | None] = mapped_column(ForeignKey("officer.id"))


# made by migration 0021 outside the models: an index on expressions, which autogenerate cannot compare
ISSUE_ORDER_INDEXES = ("ix_issue_deadline_first",)


class Issue(Replicated, Base):
    """A problem or request (诉求) raised by an enterprise. Status is derived from its events."""

    __tablename__ = "issue"
    __table_args__ = (
        # the filters' indexes end with the date raised and the id: the sort keys of the matches without a table
        # look-up (migration 0026)
        Index("ix_issue_status_deadline_raised", "status", "deadline", "raised_on", "id"),
        Index("ix_issue_team_status_raised", "team_id", "status", "raised_on", "id"),
        Index("ix_issue_category_raised", "category_id", "raised_on", "id"),
        Index("ix_issue_resolved_status", "resolved_on", "status", "deadline"),  # the counters of a period resolved
        Index("ix_issue_enterprise", "enterprise_id", "raised_on", "id"),  # covers the ledger sorted by enterprise
        Index("ix_issue_raised_id", "raised_on", "id"),  # the ledger's default order, without a sort step
        # by deadline, newest-raised first among equals, walked backwards (migration 0021); the ascending order
        # with the issues without a deadline last is ISSUE_ORDER_INDEXES' expression index
        Index("ix_issue_deadline_raised", "deadline", "raised_on", "id", "resolved_on", "status"),
    )
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"), index=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprise.id"))
    category_id: Mapped[str | None] = mapped_column(ForeignKey("issue_category.id"))  # ix_issue_category_raised
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    raised_on: Mapped[date] = mapped_column(Date)  # ix_issue_raised_id (migration 0030 dropped its duplicate)
    # derived from the issue's events (lifecycle.derive): never a conflict of their own
    status: Mapped[str] = mapped_column(String(16), default="new", info={"derived": True})  # IssueStatus
    team_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"), info={"derived": True})
    officer_id: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), info={"derived": True})
    deadline: Mapped[date | None] = mapped_column(Date, info={"derived": True})
    resolved_on: Mapped[date | None] = mapped_column(Date, info={"derived": True})  # ix_issue_resolved_status
    result: Mapped[str] = mapped_column(Text, default="", info={"derived": True})
    amount: Mapped[float | None] = mapped_column(Float, info={"derived": True})
    satisfaction: Mapped[str | None] = mapped_column(String(16), info={"derived": True})
    source: Mapped[str] = mapped_column(String(16), default="visit")  # IssueSource (0010)
    # 督办 (0010): also the fold of the events
    co_team_ids: Mapped[str] = mapped_column(Text, default="", info={"derived": True})  # JSON list: 协办
    co_reported: Mapped[str] = mapped_column(Text, default="", info={"derived": True})  # JSON list: 协办 that reported
    rule_id: Mapped[str | None] = mapped_column(String(32), info={"derived": True})
    stages: Mapped[str] = mapped_column(Text, default="", info={"derived": True})  # JSON: kind, due, done
    extension_to: Mapped[date | None] = mapped_column(Date, info={"derived": True})  # pending 延期申请
    extended: Mapped[bool] = mapped_column(Boolean, default=False, info={"derived": True})
    escalated_on: Mapped[date | None] = mapped_column(Date, info={"derived": True})
    escalation_reason: Mapped[str] = mapped_column(Text, default="", info={"derived": True})
    closed_on: Mapped[date | None] = mapped_column(Date, info={"derived": True})


# lifecycle.HUB_ONLY (批准/驳回延期) as SQL: the WHERE of the partial index ix_issue_event_hub_acts (migration
# 0028). SQLite uses a partial index only for a query whose WHERE holds this very term (these literals, in this
# order): sync/roles.py queries hub-only acts with exactly this text (tests/unit/test_roles_index.py checks both).
HUB_ACTS_WHERE = "kind IN ('ext_approved', 'ext_rejected')"


class IssueEvent(Replicated, Base):
    """Append-only history of an issue: every transition and comment."""

    __tablename__ = "issue_event"
    __table_args__ = (Index("ix_issue_event_issue_at", "issue_id", "at"),
                      Index("ix_issue_event_hub_acts", "issue_id", sqlite_where=text(HUB_ACTS_WHERE)))
    issue_id: Mapped[str] = mapped_column(ForeignKey("issue.id"))
    kind: Mapped[str] = mapped_column(String(16))  # lifecycle.EventKind
    at: Mapped[datetime] = mapped_column(DateTime)
    on: Mapped[date] = mapped_column(Date)
    device_id: Mapped[str] = mapped_column(String(32), default="")
    author_officer_id: Mapped[str | None] = mapped_column(ForeignKey("officer.id"))
    text: Mapped[str] = mapped_column(Text, default="")
    team_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"))
    officer_id: Mapped[str | None] = mapped_column(ForeignKey("officer.id"))
    deadline: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[float | None] = mapped_column(Float)
    satisfaction: Mapped[str | None] = mapped_column(String(16))
    # 督办 (0010): the 协办 teams (JSON list), the rule and the stage deadlines it planned (JSON)
    co_team_ids: Mapped[str | None] = mapped_column(Text)
    rule_id: Mapped[str | None] = mapped_column(String(32))
    stages: Mapped[str | None] = mapped_column(Text)


# ---- 督办: the working-day calendar and the rules for handling times (hub data) -------------------

class CalendarYear(Replicated, Base):
    """A year whose holiday arrangement the calendar holds (id: seeded_id('calendar_year', year))."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(Integer, index=True)
    source: Mapped[str] = mapped_column(String(100), default="")


class CalendarDay(Replicated, Base):
    """A day of a held year that is named or differs from Monday to Friday: a holiday, a 调休 working
    weekend day (id: seeded_id('calendar_day', ISO date), so the hub edits one record per day)."""

    __tablename__ = "calendar_day"
    day: Mapped[date] = mapped_column(Date, index=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(40), default="")


class DeadlineRule(Replicated, Base):
    """办理时限规则: a named template of stage deadlines (domain.rules)."""

    __tablename__ = "deadline_rule"
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    stages: Mapped[str] = mapped_column(Text)  # JSON: kind, count, unit
    category_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list: suggested for these categories
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # 延期申请 at least this many working days before the deadline (泉州: 1); 0: any time before it
    extension_lead: Mapped[int] = mapped_column(Integer, default=0)


class Liaison(Replicated, Base):
    """包联: the team and officer responsible for an enterprise (id: seeded_id('liaison', enterprise id), one each)."""

    __tablename__ = "liaison"
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprise.id"), index=True)
    team_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"), index=True)
    officer_id: Mapped[str | None] = mapped_column(ForeignKey("officer.id"))


class CoverageRule(Replicated, Base):
    """The hub's coverage rule (domain.coverage.CoverageSpec): e.g. every 规上 enterprise once a quarter."""

    __tablename__ = "coverage_rule"
    name: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(16))  # CoveragePeriod
    min_visits: Mapped[int] = mapped_column(Integer, default=1)
    above_size_only: Mapped[bool] = mapped_column(Boolean, default=True)
    often_visits: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class VisitPlan(Replicated, Base):
    """走访计划: an enterprise a team should visit in a month, made at the hub (id: seeded_id('visit_plan',
    team|month|enterprise); taken off the plan by `active`, never deleted, so it can come back)."""

    __tablename__ = "visit_plan"
    __table_args__ = (Index("ix_visit_plan_team_month", "team_id", "month"),)
    team_id: Mapped[str] = mapped_column(ForeignKey("team.id"))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprise.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class HubDevice(Replicated, Base):
    """A device id the county hub writes under (its first, and each one it took after a restore, a clock
    fault or a copy), signed by the hub's key so that every replica can check it wherever the row came
    from (sync/roles.py; id: seeded_id('hub_device', device id)). The fold gives hub-only acts (批准/驳回
    延期) effect only when their author device is one of these."""

    __tablename__ = "hub_device"
    device_id: Mapped[str] = mapped_column(String(32))
    identity_id: Mapped[str] = mapped_column(String(32))  # the hub's identity
    signing_public: Mapped[str] = mapped_column(String(64))  # the hub key that signed (one of HubKey)
    signature: Mapped[str] = mapped_column(String(128))  # hex: sync.roles.statement(identity, device)


class RosterDevice(Replicated, Base):
    """The roster of enrolled laptops' signing keys, written and signed by the hub (sync/roster.py; id:
    seeded_id('roster_device', identity id)), so that any replica can check the paper another laptop printed
    (its QR code is signed with that laptop's key): a row counts only when its signature holds for a key of
    the replica's HubKey chain. A revoked laptop keeps its row with `revoked_at` set: its key proves nothing."""

    __tablename__ = "roster_device"
    identity_id: Mapped[str] = mapped_column(String(32))  # the laptop's identity (EnrolledDevice)
    name: Mapped[str] = mapped_column(String(100))
    signing_public: Mapped[str] = mapped_column(String(64), index=True)  # the laptop's key
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    hub_identity_id: Mapped[str] = mapped_column(String(32))
    hub_key: Mapped[str] = mapped_column(String(64))  # the hub key that signed (one of HubKey)
    signature: Mapped[str] = mapped_column(String(128))  # hex: sync.roster.statement(...)


# ---- sync (see yimi_desktop/sync) ---------------------------------------------------------------

class SyncClock(Base):
    """This device's next change sequence number and hybrid logical clock (local, one row)."""

    __tablename__ = "sync_clock"
    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_seq: Mapped[int] = mapped_column(Integer, default=1)
    hlc: Mapped[str] = mapped_column(String(24), default="")


class SyncDevice(Base):
    """Device ids interned: the change log keys devices by this replica's own small number (numbers
    differ between replicas; every order and every package uses the device id string)."""

    __tablename__ = "sync_device"
    n: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(32), unique=True)


class SyncField(Base):
    """(entity, field) names interned; "__deleted__" is a field of every entity (a tombstone change)."""

    __tablename__ = "sync_field"
    __table_args__ = (UniqueConstraint("entity", "field"),)
    n: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    field: Mapped[str] = mapped_column(String(40))


class SyncRecord(Base):
    """Record ids interned (the change log names a record by this replica's number)."""

    __tablename__ = "sync_record"
    n: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[str] = mapped_column(String(32), unique=True)


class Change(Base):
    """One field of one record set by one device: the replicated change log, stored compactly.

    The package format is unchanged (sync/log.py turns rows back into the dicts packages carry): hlc
    strings are fixed-width decimal, so `int(hlc)` keeps their order (and fits in 64 bits until the
    year 2262); a base "hlc@device" is (base_hlc, base_dev), NULL for "". `ix_change_field` is the
    one source for a field's winning version (the highest (hlc, device id string)): it replaced the
    `field_version` table. Since 0023 it holds (rec_n, field_n) and the key (device_n, seq) only, ~14
    bytes an entry instead of ~23: a field's changes are found through it and their hlc read from the
    row (a field has one or two). `value`: the JSON text or its compact form (sync.log.store_value;
    the `change_log` view gives the JSON text back); NULL: a tombstone change, or a superseded change
    compacted (sync/compaction.py)."""

    __tablename__ = "change"
    __table_args__ = (Index("ix_change_field", "rec_n", "field_n"), {"sqlite_with_rowid": False})
    device_n: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    hlc: Mapped[int] = mapped_column(Integer)
    rec_n: Mapped[int] = mapped_column(Integer)
    field_n: Mapped[int] = mapped_column(Integer)
    value: Mapped[str | None] = mapped_column(Text)  # JSON, or a BLOB (sync.log.store_value)
    base_hlc: Mapped[int | None] = mapped_column(Integer)
    base_dev: Mapped[int | None] = mapped_column(Integer)


class SyncHeld(Base):
    """{device: highest sequence held} (the version vector): kept apart from the change log, which
    compaction may thin; maintained by capture, the importer and renewal."""

    __tablename__ = "sync_held"
    device_n: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)


class Tombstone(Base):
    __tablename__ = "tombstone"
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    hlc: Mapped[str] = mapped_column(String(24))
    device_id: Mapped[str] = mapped_column(String(32))


class SyncConflict(Base):
    """Concurrent edits of one field (same base, different devices); derived from the change log."""

    __tablename__ = "sync_conflict"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(32))
    field: Mapped[str] = mapped_column(String(40))
    base: Mapped[str] = mapped_column(String(60))
    detected_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Peer(Base):
    """Another installation this one exchanges packages with (local bookkeeping)."""

    __tablename__ = "peer"
    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(16), default="")
    acked: Mapped[str] = mapped_column(Text, default="{}")  # JSON version vector the peer reported
    last_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_out_at: Mapped[datetime | None] = mapped_column(DateTime)
    identity_id: Mapped[str | None] = mapped_column(String(32), index=True)  # whose signed packages these are


class PackageLog(Base):
    """Packages written and read (local bookkeeping, shown on the sync page)."""

    __tablename__ = "package_log"
    package_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # in / out
    peer_device_id: Mapped[str] = mapped_column(String(32), default="")
    peer_name: Mapped[str] = mapped_column(String(100), default="")
    filename: Mapped[str] = mapped_column(String(255), default="")
    changes: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# ---- trust (see services/trust.py) ----------------------------------------------------------

class HubKey(Base):
    """The hub's public keys, oldest first: at the hub its own history, on a laptop the keys it trusts.
    Each key after the first carries the previous key's signature of it (a rotation)."""

    __tablename__ = "hub_key"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    identity_id: Mapped[str] = mapped_column(String(32))
    signing_public: Mapped[str] = mapped_column(String(64), unique=True)
    age_recipient: Mapped[str] = mapped_column(String(100))
    endorsement: Mapped[str | None] = mapped_column(String(128))  # hex signature by the previous key
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EnrolledDevice(Base):
    """At the hub: a laptop allowed to send packages (its public keys), until revoked."""

    __tablename__ = "enrolled_device"
    identity_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    signing_public: Mapped[str] = mapped_column(String(64))
    age_recipient: Mapped[str] = mapped_column(String(100))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    last_package_id: Mapped[str | None] = mapped_column(String(32))
    last_package_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_package_file: Mapped[str | None] = mapped_column(String(255))
    # the enrolment root of the first computer that sent packages under this identity (see
    # LocalDevice.enrolment_root); a package with another root is refused and listed (EnrolmentReuse)
    root_device_id: Mapped[str | None] = mapped_column(String(32))


class EnrolmentReuse(Base):
    """At the hub: a second computer that presented an enrolment file already used by another (its
    packages carry another enrolment root); refused, and listed with the enrolled device."""

    __tablename__ = "enrolment_reuse"
    identity_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    root_device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sender_name: Mapped[str] = mapped_column(String(100), default="")
    first_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_file: Mapped[str] = mapped_column(String(255), default="")
    packages: Mapped[int] = mapped_column(Integer, default=0)


class DeviceBinding(Base):
    """At the hub: which enrolled identity a replicating device id belongs to, so that no laptop can
    bring new changes in another device's name."""

    __tablename__ = "device_binding"
    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    identity_id: Mapped[str] = mapped_column(String(32), index=True)


class SyncDigest(Base):
    """Per replicated table (and `tombstone`), the XOR of its rows' hashes, kept by triggers
    (storage/digest_sql.py); sync/digest.py reads it as the content digest. Local and derived."""

    __tablename__ = "sync_digest"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    acc: Mapped[bytes] = mapped_column(LargeBinary)


class StatCount(Base):
    """The figures of the 工作台 and `yimi stats` that do not depend on the day (enterprises not voided,
    final visits, issues per status, ...), kept by triggers (storage/counts.py). Local and derived."""

    __tablename__ = "stat_count"
    __table_args__ = {"sqlite_with_rowid": False}
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
