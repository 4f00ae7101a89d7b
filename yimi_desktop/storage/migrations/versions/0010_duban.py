"""督办: the working-day calendar and the rules for handling times (hub data that travels), 包联 and the
coverage rule, and the
issue's new derived state (协办 teams, stage deadlines, extension, escalation, 销号) with the event
columns that carry it.

Every existing issue keeps its history and its state: the new columns start empty (no rule, no
stages), so an old deadline stays the fixed calendar date it was; the fold of the old events gives
the same status, team and deadline as before. Nothing is written to the change log: the new
columns are derived (the fold of events every replica holds) or absent from every old event.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: Union[str, Sequence[str], None] = "0009"
branch_labels = None
depends_on = None


def _replicated() -> list[sa.Column]:
    return [sa.Column("id", sa.String(length=32), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("created_by", sa.String(length=32), nullable=False),
            sa.Column("updated_by", sa.String(length=32), nullable=False)]


def upgrade() -> None:
    op.create_table("calendar_year",
                    sa.Column("year", sa.Integer(), nullable=False),
                    sa.Column("source", sa.String(length=100), nullable=False),
                    *_replicated(), sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_calendar_year_year", "calendar_year", ["year"], unique=False)
    op.create_table("calendar_day",
                    sa.Column("day", sa.Date(), nullable=False),
                    sa.Column("workday", sa.Boolean(), nullable=False),
                    sa.Column("name", sa.String(length=40), nullable=False),
                    *_replicated(), sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_calendar_day_day", "calendar_day", ["day"], unique=False)
    op.create_table("deadline_rule",
                    sa.Column("code", sa.String(length=32), nullable=False),
                    sa.Column("name", sa.String(length=100), nullable=False),
                    sa.Column("stages", sa.Text(), nullable=False),
                    sa.Column("category_ids", sa.Text(), nullable=False),
                    sa.Column("is_default", sa.Boolean(), nullable=False),
                    sa.Column("active", sa.Boolean(), nullable=False),
                    sa.Column("sort_order", sa.Integer(), nullable=False),
                    sa.Column("extension_lead", sa.Integer(), nullable=False),
                    *_replicated(), sa.PrimaryKeyConstraint("id"))
    op.create_table("liaison",
                    sa.Column("enterprise_id", sa.String(length=32), nullable=False),
                    sa.Column("team_id", sa.String(length=32), nullable=True),
                    sa.Column("officer_id", sa.String(length=32), nullable=True),
                    *_replicated(),
                    sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
                    sa.ForeignKeyConstraint(["officer_id"], ["officer.id"]),
                    sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
                    sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_liaison_enterprise_id", "liaison", ["enterprise_id"], unique=False)
    op.create_index("ix_liaison_team_id", "liaison", ["team_id"], unique=False)
    op.create_table("coverage_rule",
                    sa.Column("name", sa.String(length=100), nullable=False),
                    sa.Column("period", sa.String(length=16), nullable=False),
                    sa.Column("min_visits", sa.Integer(), nullable=False),
                    sa.Column("above_size_only", sa.Boolean(), nullable=False),
                    sa.Column("often_visits", sa.Integer(), nullable=False),
                    sa.Column("active", sa.Boolean(), nullable=False),
                    *_replicated(), sa.PrimaryKeyConstraint("id"))
    op.create_table("visit_plan",
                    sa.Column("team_id", sa.String(length=32), nullable=False),
                    sa.Column("month", sa.String(length=7), nullable=False),
                    sa.Column("enterprise_id", sa.String(length=32), nullable=False),
                    sa.Column("active", sa.Boolean(), nullable=False),
                    *_replicated(),
                    sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
                    sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
                    sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_visit_plan_team_month", "visit_plan", ["team_id", "month"], unique=False)
    op.create_index("ix_visit_plan_enterprise_id", "visit_plan", ["enterprise_id"], unique=False)
    # plain ADD COLUMN: SQLite adds them in place (no table rebuild, the rows and their ids stay)
    with op.batch_alter_table("issue", recreate="never") as b:
        b.add_column(sa.Column("source", sa.String(length=16), nullable=False, server_default="visit"))
        b.add_column(sa.Column("co_team_ids", sa.Text(), nullable=False, server_default=""))
        b.add_column(sa.Column("co_reported", sa.Text(), nullable=False, server_default=""))
        b.add_column(sa.Column("rule_id", sa.String(length=32), nullable=True))
        b.add_column(sa.Column("stages", sa.Text(), nullable=False, server_default=""))
        b.add_column(sa.Column("extension_to", sa.Date(), nullable=True))
        b.add_column(sa.Column("extended", sa.Boolean(), nullable=False, server_default=sa.false()))
        b.add_column(sa.Column("escalated_on", sa.Date(), nullable=True))
        b.add_column(sa.Column("escalation_reason", sa.Text(), nullable=False, server_default=""))
        b.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
    # an issue without a visit came in by some other channel (the same on every replica: no change to send)
    op.execute("UPDATE issue SET source = 'other' WHERE visit_id IS NULL")
    with op.batch_alter_table("issue_event", recreate="never") as b:
        b.add_column(sa.Column("co_team_ids", sa.Text(), nullable=True))
        b.add_column(sa.Column("rule_id", sa.String(length=32), nullable=True))
        b.add_column(sa.Column("stages", sa.Text(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+): no table rebuild, so no foreign key is dropped on the way
    for c in ("stages", "rule_id", "co_team_ids"):
        op.execute(f'ALTER TABLE issue_event DROP COLUMN "{c}"')
    for c in ("closed_on", "escalation_reason", "escalated_on", "co_reported", "extended", "extension_to", "stages", "rule_id", "co_team_ids", "source"):
        op.execute(f'ALTER TABLE issue DROP COLUMN "{c}"')
    op.drop_index("ix_visit_plan_enterprise_id", table_name="visit_plan")
    op.drop_index("ix_visit_plan_team_month", table_name="visit_plan")
    op.drop_table("visit_plan")
    op.drop_table("coverage_rule")
    op.drop_index("ix_liaison_team_id", table_name="liaison")
    op.drop_index("ix_liaison_enterprise_id", table_name="liaison")
    op.drop_table("liaison")
    op.drop_table("deadline_rule")
    op.drop_index("ix_calendar_day_day", table_name="calendar_day")
    op.drop_table("calendar_day")
    op.drop_index("ix_calendar_year_year", table_name="calendar_year")
    op.drop_table("calendar_year")
