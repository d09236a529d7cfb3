"""scopes: the version of each scope of the store, so a write makes old only the cached reads it touched

Revision ID: 0009_scopes
Revises: 0008_review
Create Date: 2026-12-03 00:40:00.000000

- ``store_scope`` (scope, version): one row per scope a write has touched (``qmi.domain.scopes``),
  its version moved in the write's own transaction. Empty at the upgrade: a scope without a row reads
  as version 0, and every cached read made before the upgrade is keyed by the store's old version.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009_scopes'
down_revision = '0008_review'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'store_scope',
        sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint('version >= 0', name=op.f('ck_store_scope_version_positive')),
        sa.PrimaryKeyConstraint('scope', name=op.f('pk_store_scope')),
    )


def downgrade() -> None:
    op.drop_table('store_scope')
