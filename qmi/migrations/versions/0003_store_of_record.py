"""store of record: status timeline, edits kept beside the record, archiving and row versions

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 13:30:00.000000

Keeps every row. Adds, in place (plain ADD COLUMN, so SQLite copies no table):
- ``archived`` and ``version`` on experiments, events and figures; ``version`` on editions and
  communes; ``mayor_source`` on communes (the record's mayors take the commune's source);
- the ``statuschange`` table, with one entry per experiment that has a status today: the record's
  statuses all come from the edition-1 review, published in 2025 (dated 2025, to the year); demo
  statuses are dated as the demo set dates them (1 March 2024) and stay demo;
- the ``fieldedit`` table (empty: no field had been edited over the record before this revision
  except a commune's innovation district, which the record then put back).
"""

from datetime import date

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

RECORD_STATUS_DATE = "2025-01-01"  # the edition-1 review (the record's only status source) is from 2025
DEMO_STATUS_DATE = "2024-03-01"  # as qmi.store.demo.DEMO_STATUS_DATE


def _version() -> sa.Column:
    return sa.Column('version', sa.Integer(), server_default='1', nullable=False)


def _archived() -> sa.Column:
    return sa.Column('archived', sa.Boolean(), server_default=sa.false(), nullable=False)


def _copy_statuses() -> None:
    connection = op.get_bind()
    project = sa.table("project", sa.column("id", sa.Integer), sa.column("deployment_level", sa.Integer),
                       sa.column("abandoned", sa.Boolean), sa.column("status_source", sa.String),
                       sa.column("status_is_demo", sa.Boolean))
    status = sa.table("statuschange", sa.column("project_id", sa.Integer), sa.column("changed_on", sa.Date),
                      sa.column("date_precision", sa.String), sa.column("deployment_level", sa.Integer),
                      sa.column("abandoned", sa.Boolean), sa.column("source", sa.String), sa.column("note", sa.String),
                      sa.column("entered_by", sa.String), sa.column("entered_at", sa.DateTime),
                      sa.column("is_demo", sa.Boolean))
    rows = connection.execute(sa.select(project).where(
        sa.or_(project.c.deployment_level.is_not(None), project.c.abandoned.is_(True))).order_by(project.c.id)).all()
    for row in rows:
        demo = bool(row.status_is_demo)
        connection.execute(status.insert().values(
            project_id=row.id, changed_on=date.fromisoformat(DEMO_STATUS_DATE if demo else RECORD_STATUS_DATE),
            date_precision="day" if demo else "year",
            deployment_level=row.deployment_level if row.deployment_level is not None else None,
            abandoned=bool(row.abandoned), source=row.status_source or "", note="", entered_by="migration 0003",
            entered_at=sa.func.current_timestamp(), is_demo=demo,
        ))


def upgrade() -> None:
    for table in ('project', 'event', 'programmefigure'):
        op.add_column(table, _archived())
        op.add_column(table, _version())
    op.add_column('edition', _version())
    op.add_column('commune', _version())
    op.add_column('commune', sa.Column('mayor_source', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_table(
        'statuschange',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('changed_on', sa.Date(), nullable=False),
        sa.Column('date_precision', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('deployment_level', sa.Integer(), nullable=True),
        sa.Column('abandoned', sa.Boolean(), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('entered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.CheckConstraint('deployment_level IS NULL OR deployment_level BETWEEN 0 AND 3',
                           name=op.f('ck_statuschange_level_range')),
        sa.CheckConstraint('abandoned OR deployment_level IS NOT NULL', name=op.f('ck_statuschange_level_or_abandoned')),
        sa.CheckConstraint("date_precision IN ('day', 'month', 'year')", name=op.f('ck_statuschange_precision_valid')),
        sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_statuschange_entered_by_id_user')),
        sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_statuschange_project_id_project')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_statuschange')),
    )
    op.create_index(op.f('ix_statuschange_project_id'), 'statuschange', ['project_id'], unique=False)
    op.create_index('ix_statuschange_project_date', 'statuschange', ['project_id', 'changed_on'], unique=False)
    op.create_table(
        'fieldedit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('entity_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('field', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('record_value', sa.Text(), nullable=True),
        sa.Column('record_source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('record_now', sa.Text(), nullable=True),
        sa.Column('value', sa.Text(), nullable=True),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('edited_by_id', sa.Integer(), nullable=True),
        sa.Column('edited_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('edited_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['edited_by_id'], ['user.id'], name=op.f('fk_fieldedit_edited_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_fieldedit')),
        sa.UniqueConstraint('entity', 'entity_key', 'field', name='uq_fieldedit_entity_field'),
    )
    _copy_statuses()


def downgrade() -> None:
    op.drop_table('fieldedit')
    op.drop_index('ix_statuschange_project_date', table_name='statuschange')
    op.drop_index(op.f('ix_statuschange_project_id'), table_name='statuschange')
    op.drop_table('statuschange')
    op.drop_column('commune', 'mayor_source')
    op.drop_column('commune', 'version')
    op.drop_column('edition', 'version')
    for table in ('project', 'event', 'programmefigure'):
        op.drop_column(table, 'version')
        op.drop_column(table, 'archived')
