"""transfers: a solution of one commune's experiment taken up in another commune, and its dated stages

Revision ID: 0006_transfers
Revises: 0005_evidence_lessons
Create Date: 2026-12-02 18:40:00.000000

Adds two empty tables (no row of an older store is touched):
- ``transfer``: from experiment → to experiment (never itself, each pair once), the stage (contact,
  adapted, deployed, evaluated) and its date, the adaptations made, a note, the source, who entered it,
  ``is_demo`` and the row version;
- ``transferstep``: each stage a transfer reached, dated.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006_transfers'
down_revision = '0005_evidence_lessons'
branch_labels = None
depends_on = None

STAGES = "stage IN ('contact', 'adapted', 'deployed', 'evaluated')"


def upgrade() -> None:
    op.create_table(
        'transfer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('from_project_id', sa.Integer(), nullable=False),
        sa.Column('to_project_id', sa.Integer(), nullable=False),
        sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('stage_on', sa.Date(), nullable=False),
        sa.Column('adaptations', sa.Text(), server_default='', nullable=False),
        sa.Column('note', sa.Text(), server_default='', nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('entered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.CheckConstraint('from_project_id <> to_project_id', name=op.f('ck_transfer_not_itself')),
        sa.CheckConstraint(STAGES, name=op.f('ck_transfer_stage_valid')),
        sa.CheckConstraint('stage_on >= started_on', name=op.f('ck_transfer_dates_ordered')),
        sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_transfer_entered_by_id_user')),
        sa.ForeignKeyConstraint(['from_project_id'], ['project.id'], name=op.f('fk_transfer_from_project_id_project')),
        sa.ForeignKeyConstraint(['to_project_id'], ['project.id'], name=op.f('fk_transfer_to_project_id_project')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer')),
        sa.UniqueConstraint('from_project_id', 'to_project_id', name='uq_transfer_pair'),
    )
    op.create_index(op.f('ix_transfer_from_project_id'), 'transfer', ['from_project_id'], unique=False)
    op.create_index(op.f('ix_transfer_to_project_id'), 'transfer', ['to_project_id'], unique=False)
    op.create_table(
        'transferstep',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('transfer_id', sa.Integer(), nullable=False),
        sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('reached_on', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), server_default='', nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('entered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.CheckConstraint(STAGES, name=op.f('ck_transferstep_stage_valid')),
        sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_transferstep_entered_by_id_user')),
        sa.ForeignKeyConstraint(['transfer_id'], ['transfer.id'], name=op.f('fk_transferstep_transfer_id_transfer')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_transferstep')),
    )
    op.create_index(op.f('ix_transferstep_transfer_id'), 'transferstep', ['transfer_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_transferstep_transfer_id'), table_name='transferstep')
    op.drop_table('transferstep')
    op.drop_index(op.f('ix_transfer_to_project_id'), table_name='transfer')
    op.drop_index(op.f('ix_transfer_from_project_id'), table_name='transfer')
    op.drop_table('transfer')
