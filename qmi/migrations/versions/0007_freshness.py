"""freshness: each protocol indicator's periodicity and availability lag

Revision ID: 0007_freshness
Revises: 0006
Create Date: 2026-12-02 21:40:00.000000

Adds three columns to ``protocolindicator`` (no row is lost, none is deleted):
- ``periodicity`` (monthly, quarterly, half_yearly, yearly, once; CHECK): every existing row gets
  « quarterly ». The indicator library gives no frequency, and quarterly is the step of the demo series
  (one value every three months) and the programme's usual reporting rhythm;
- ``availability_lag_days`` (≥ 0, CHECK): 30 days, the time to collect a period's figures;
- ``periodicity_is_default``: true on the rows no source gives a periodicity for (the real rows: the
  record's and the ones staff entered), so the pages say « par défaut, à confirmer »; false on demo rows,
  whose periodicity is the demo set's own, as a new demo store writes it (``qmi.store.demo.demo_periodicity``:
  yearly for the surveys, USR-…, quarterly for the rest) and shown as demo.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007_freshness'
down_revision = '0006_transfers'
branch_labels = None
depends_on = None

PERIODICITIES = "periodicity IN ('monthly', 'quarterly', 'half_yearly', 'yearly', 'once')"


def upgrade() -> None:
    with op.batch_alter_table('protocolindicator') as batch:
        batch.add_column(sa.Column('periodicity', sqlmodel.sql.sqltypes.AutoString(), server_default='quarterly',
                                   nullable=False))
        batch.add_column(sa.Column('availability_lag_days', sa.Integer(), server_default='30', nullable=False))
        batch.add_column(sa.Column('periodicity_is_default', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch.create_check_constraint(op.f('ck_protocolindicator_periodicity_valid'), PERIODICITIES)
        batch.create_check_constraint(op.f('ck_protocolindicator_availability_lag_positive'),
                                      'availability_lag_days >= 0')
    op.execute(sa.text("UPDATE protocolindicator SET periodicity_is_default = false WHERE is_demo"))
    op.execute(sa.text("UPDATE protocolindicator SET periodicity = 'yearly' WHERE is_demo AND indicator_code LIKE 'USR-%'"))


def downgrade() -> None:
    with op.batch_alter_table('protocolindicator') as batch:
        batch.drop_constraint(op.f('ck_protocolindicator_availability_lag_positive'), type_='check')
        batch.drop_constraint(op.f('ck_protocolindicator_periodicity_valid'), type_='check')
        batch.drop_column('periodicity_is_default')
        batch.drop_column('availability_lag_days')
        batch.drop_column('periodicity')
