"""field evidence and lessons learned: an experiment's field journal and what it taught

Revision ID: 0005_evidence_lessons
Revises: 0004_assessor_scores
Create Date: 2026-12-02 18:45:00.000000

Adds two tables, empty (the record's success stories are loaded into ``lesson`` by the record's
loader, ``qmi.store.reference``, at the next ``prepare``):
- ``fieldevidence``: field visits, observations, stakeholder interviews and users' feedback, dated,
  with the roles met (never names), a summary, links, source, author, demo flag, archived and version;
- ``lesson``: what worked, pitfalls, conditions for success and success stories, each with its
  evidence (text and/or a field-evidence entry), source, author, demo flag, archived and version.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005_evidence_lessons'
down_revision = '0004_assessor_scores'
branch_labels = None
depends_on = None

EVIDENCE_KINDS = "kind IN ('field_visit', 'observation', 'stakeholder_interview', 'user_feedback')"
LESSON_KINDS = "kind IN ('worked', 'pitfall', 'condition', 'story')"


def _common(table: str) -> list:
    """Author, demo flag, archived and version: the columns both tables end with."""
    return [
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('entered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.Column('archived', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f(f'fk_{table}_entered_by_id_user')),
        sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f(f'fk_{table}_project_id_project')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    ]


def upgrade() -> None:
    op.create_table(
        'fieldevidence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('observed_on', sa.Date(), nullable=False),
        sa.Column('date_precision', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('met_roles', sa.Text(), server_default='', nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('links', sa.Text(), server_default='', nullable=False),
        *_common('fieldevidence'),
        sa.Column('submission_key', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.CheckConstraint(EVIDENCE_KINDS, name=op.f('ck_fieldevidence_kind_valid')),
        sa.CheckConstraint("date_precision IN ('day', 'month', 'year')", name=op.f('ck_fieldevidence_precision_valid')),
        sa.UniqueConstraint('submission_key', name=op.f('uq_fieldevidence_submission_key')),
    )
    op.create_index(op.f('ix_fieldevidence_project_id'), 'fieldevidence', ['project_id'], unique=False)
    op.create_index('ix_fieldevidence_project_date', 'fieldevidence', ['project_id', 'observed_on'], unique=False)
    op.create_table(
        'lesson',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('evidence', sa.Text(), server_default='', nullable=False),
        sa.Column('evidence_id', sa.Integer(), nullable=True),
        *_common('lesson'),
        sa.CheckConstraint(LESSON_KINDS, name=op.f('ck_lesson_kind_valid')),
        sa.CheckConstraint("kind <> 'story' OR title <> ''", name=op.f('ck_lesson_story_has_title')),
        sa.ForeignKeyConstraint(['evidence_id'], ['fieldevidence.id'], name=op.f('fk_lesson_evidence_id_fieldevidence')),
    )
    op.create_index(op.f('ix_lesson_project_id'), 'lesson', ['project_id'], unique=False)
    op.create_index(op.f('ix_lesson_evidence_id'), 'lesson', ['evidence_id'], unique=False)
    op.create_index('uq_lesson_story_title', 'lesson', ['project_id', 'title'], unique=True,
                    sqlite_where=sa.text("kind = 'story'"), postgresql_where=sa.text("kind = 'story'"))


def downgrade() -> None:
    op.drop_index('uq_lesson_story_title', table_name='lesson')
    op.drop_index(op.f('ix_lesson_evidence_id'), table_name='lesson')
    op.drop_index(op.f('ix_lesson_project_id'), table_name='lesson')
    op.drop_table('lesson')
    op.drop_index('ix_fieldevidence_project_date', table_name='fieldevidence')
    op.drop_index(op.f('ix_fieldevidence_project_id'), table_name='fieldevidence')
    op.drop_table('fieldevidence')
