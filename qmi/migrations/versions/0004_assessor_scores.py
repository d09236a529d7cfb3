"""several assessors per replicability assessment

Revision ID: 0004_assessor_scores
Revises: 0003
Create Date: 2026-12-02 18:30:00.000000

Keeps every row, and changes nothing any page shows for the data already there:
- the ``assessorscore`` table: each assessor's five 0–3 scores for an assessment (null
  ``submitted_at`` is a draft), unique per assessment and account;
- every existing assessment becomes one submitted assessor score of its recorded assessor (its
  ``assessor`` name and ``created_by_id`` account, as « paris_co »: assessments were recorded by
  programme staff), with the same scores, comment and demo flag, submitted when it was recorded;
- on ``assessment``: the five criteria become the scores the index uses (nullable reals, since a
  mean of assessors may be 1.5; each existing one is its single assessor's score, unchanged), the
  number of submitted assessors (1 for each existing one), the consolidation (five scores, reason,
  by whom, when: all or none) and a row version;
- ``user.is_assessor``: accounts an admin lets score assessments (false for every existing one).

SQLite rebuilds the assessment table to change the column types (batch mode, every row copied).
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004_assessor_scores'
down_revision = '0003'
branch_labels = None
depends_on = None

CRITERIA = ("deployment", "commercial_traction", "industrialisation", "operational_ease", "financial_stability")
KINDS = ("paris_co", "commune", "independent")
LEGACY_KIND = "paris_co"


def _copy_scores() -> None:
    connection = op.get_bind()
    assessment = sa.table("assessment", sa.column("id", sa.Integer), sa.column("created_by_id", sa.Integer),
                          sa.column("assessor", sa.String), sa.column("comment", sa.String),
                          sa.column("created_at", sa.DateTime), sa.column("is_demo", sa.Boolean),
                          *(sa.column(c, sa.Float) for c in CRITERIA))
    score = sa.table("assessorscore", sa.column("assessment_id", sa.Integer), sa.column("user_id", sa.Integer),
                     sa.column("assessor", sa.String), sa.column("kind", sa.String), sa.column("comment", sa.Text),
                     sa.column("created_at", sa.DateTime), sa.column("updated_at", sa.DateTime),
                     sa.column("submitted_at", sa.DateTime), sa.column("is_demo", sa.Boolean),
                     *(sa.column(c, sa.Integer) for c in CRITERIA))
    connection.execute(score.insert().from_select(
        ["assessment_id", "user_id", "assessor", "kind", "comment", "created_at", "updated_at", "submitted_at",
         "is_demo", *CRITERIA],
        sa.select(assessment.c.id, assessment.c.created_by_id, assessment.c.assessor, sa.literal(LEGACY_KIND),
                  assessment.c.comment, assessment.c.created_at, assessment.c.created_at, assessment.c.created_at,
                  assessment.c.is_demo, *(sa.cast(assessment.c[c], sa.Integer) for c in CRITERIA))
        .order_by(assessment.c.id),
    ))


def upgrade() -> None:
    # Plain ADD COLUMN: rebuilding the user table would drop a table every other one refers to.
    op.add_column('user', sa.Column('is_assessor', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('assessment') as batch:
        for code in CRITERIA:
            batch.alter_column(code, existing_type=sa.Integer(), type_=sa.Float(), nullable=True,
                               existing_nullable=False)
        batch.add_column(sa.Column('assessor_count', sa.Integer(), server_default='1', nullable=False))
        for code in CRITERIA:
            batch.add_column(sa.Column(f'consolidated_{code}', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('consolidation_reason', sa.Text(), nullable=True))
        batch.add_column(sa.Column('consolidated_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('consolidated_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch.add_column(sa.Column('consolidated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch.create_foreign_key(op.f('fk_assessment_consolidated_by_id_user'), 'user', ['consolidated_by_id'], ['id'])
        for code in CRITERIA:
            batch.create_check_constraint(op.f(f'ck_assessment_consolidated_{code}_range'),
                                          f'consolidated_{code} BETWEEN 0 AND 3')
        batch.create_check_constraint(op.f('ck_assessment_assessor_count_positive'), 'assessor_count >= 0')
        batch.create_check_constraint(
            op.f('ck_assessment_consolidation_complete'),
            "(consolidated_at IS NULL) = (consolidation_reason IS NULL) AND (consolidated_at IS NULL OR ("
            + " AND ".join(f"consolidated_{c} IS NOT NULL" for c in CRITERIA) + "))")
    op.create_table(
        'assessorscore',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('assessor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        *(sa.Column(c, sa.Integer(), nullable=False) for c in CRITERIA),
        sa.Column('comment', sa.Text(), server_default='', nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.Column('submission_key', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        *(sa.CheckConstraint(f'{c} BETWEEN 0 AND 3', name=op.f(f'ck_assessorscore_{c}_range')) for c in CRITERIA),
        sa.CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in KINDS) + ")",
                           name=op.f('ck_assessorscore_kind_valid')),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_assessorscore_assessment_id_assessment')),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_assessorscore_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assessorscore')),
        sa.UniqueConstraint('assessment_id', 'user_id', name='uq_assessorscore_assessment_user'),
        sa.UniqueConstraint('submission_key', name=op.f('uq_assessorscore_submission_key')),
    )
    op.create_index(op.f('ix_assessorscore_assessment_id'), 'assessorscore', ['assessment_id'], unique=False)
    op.create_index(op.f('ix_assessorscore_user_id'), 'assessorscore', ['user_id'], unique=False)
    _copy_scores()


def downgrade() -> None:
    op.drop_index(op.f('ix_assessorscore_user_id'), table_name='assessorscore')
    op.drop_index(op.f('ix_assessorscore_assessment_id'), table_name='assessorscore')
    op.drop_table('assessorscore')
    with op.batch_alter_table('assessment') as batch:
        batch.drop_constraint(op.f('ck_assessment_consolidation_complete'), type_='check')
        batch.drop_constraint(op.f('ck_assessment_assessor_count_positive'), type_='check')
        for code in CRITERIA:
            batch.drop_constraint(op.f(f'ck_assessment_consolidated_{code}_range'), type_='check')
        batch.drop_constraint(op.f('fk_assessment_consolidated_by_id_user'), type_='foreignkey')
        for name in ('version', 'consolidated_at', 'consolidated_by', 'consolidated_by_id', 'consolidation_reason',
                     *(f'consolidated_{c}' for c in CRITERIA), 'assessor_count'):
            batch.drop_column(name)
        for code in CRITERIA:  # an assessment without a submitted score, or a fractional mean, cannot go back
            batch.alter_column(code, existing_type=sa.Float(), type_=sa.Integer(), nullable=False)
    op.drop_column('user', 'is_assessor')
