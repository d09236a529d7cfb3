"""indicator_latest: the shown values of each experiment × indicator summed up, kept by triggers

Revision ID: 0010_indicator_latest
Revises: 0009_scopes
Create Date: 2026-12-06 19:10:00.000000

- ``indicator_latest`` (project_id, indicator_code, shown_values, measurement_id, period_start, value,
  is_demo): per experiment × indicator with at least one shown value (in force and approved), how many
  there are and the newest one. Filled from the values at the upgrade.
- Triggers on ``measurement`` keep it in the transaction of every write. A new shown value adds itself
  (one upsert: the generator's bulk loads and the forms' one value alike); any other change (review,
  correction, withdrawal, deletion) counts its experiment × indicator again from its values.
  On PostgreSQL each trigger first takes a transaction lock on its experiment × indicator, so that two
  writers of the same pair never count from two snapshots (the statements after the lock see what the
  other committed: READ COMMITTED). SQLite has one writer at a time.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010_indicator_latest'
down_revision = '0009_scopes'
branch_labels = None
depends_on = None

def _shown(row: str) -> str:
    """``row`` (a table, alias, NEW or OLD) is a shown value: in force and approved (``qmi.queries.shown.values``)."""
    return f"{row}.state = 'active' AND {row}.review_state = 'approuvee'"
COLUMNS = "project_id, indicator_code, shown_values, measurement_id, period_start, value, is_demo"


def _recount(project: str, code: str) -> str:
    """The statements that count ``project`` × ``code`` again from its values (SQL expressions)."""
    return f"""
        DELETE FROM indicator_latest WHERE project_id = {project} AND indicator_code = {code};
        INSERT INTO indicator_latest ({COLUMNS})
        SELECT m.project_id, m.indicator_code,
               (SELECT count(*) FROM measurement s WHERE s.project_id = m.project_id
                AND s.indicator_code = m.indicator_code AND {_shown('s')}),
               m.id, m.period_start, m.value, m.is_demo
        FROM measurement m
        WHERE m.project_id = {project} AND m.indicator_code = {code} AND {_shown('m')}
        ORDER BY m.period_start DESC LIMIT 1;"""


# A new shown value: one more, and the newest if its period is (at most one value in force per period).
ADD_NEW = f"""
        INSERT INTO indicator_latest ({COLUMNS})
        VALUES (NEW.project_id, NEW.indicator_code, 1, NEW.id, NEW.period_start, NEW.value, NEW.is_demo)
        ON CONFLICT (project_id, indicator_code) DO UPDATE SET
            shown_values = indicator_latest.shown_values + 1,
            measurement_id = CASE WHEN excluded.period_start > indicator_latest.period_start THEN excluded.measurement_id ELSE indicator_latest.measurement_id END,
            value = CASE WHEN excluded.period_start > indicator_latest.period_start THEN excluded.value ELSE indicator_latest.value END,
            is_demo = CASE WHEN excluded.period_start > indicator_latest.period_start THEN excluded.is_demo ELSE indicator_latest.is_demo END,
            period_start = CASE WHEN excluded.period_start > indicator_latest.period_start THEN excluded.period_start ELSE indicator_latest.period_start END;"""

CHANGED = "project_id, indicator_code, period_start, value, is_demo, state, review_state"

SQLITE = [
    f"""CREATE TRIGGER measurement_latest_insert AFTER INSERT ON measurement
        WHEN {_shown('NEW')}
        BEGIN {ADD_NEW} END""",
    f"""CREATE TRIGGER measurement_latest_update AFTER UPDATE OF {CHANGED} ON measurement
        WHEN ({_shown('OLD')}) OR ({_shown('NEW')})
        BEGIN {_recount('OLD.project_id', 'OLD.indicator_code')} {_recount('NEW.project_id', 'NEW.indicator_code')} END""",
    f"""CREATE TRIGGER measurement_latest_delete AFTER DELETE ON measurement
        WHEN {_shown('OLD')}
        BEGIN {_recount('OLD.project_id', 'OLD.indicator_code')} END""",
]

POSTGRESQL = [
    f"""CREATE FUNCTION indicator_latest_recount(project integer, code varchar) RETURNS void AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(project, hashtext(code));
            {_recount('project', 'code')}
        END $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION measurement_latest_insert() RETURNS trigger AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(NEW.project_id, hashtext(NEW.indicator_code));
            {ADD_NEW}
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION measurement_latest_change() RETURNS trigger AS $$
        BEGIN
            PERFORM indicator_latest_recount(OLD.project_id, OLD.indicator_code);
            IF TG_OP = 'UPDATE' AND (NEW.project_id <> OLD.project_id OR NEW.indicator_code <> OLD.indicator_code) THEN
                PERFORM indicator_latest_recount(NEW.project_id, NEW.indicator_code);
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER measurement_latest_insert AFTER INSERT ON measurement FOR EACH ROW
        WHEN ({_shown('NEW')}) EXECUTE FUNCTION measurement_latest_insert()""",
    f"""CREATE TRIGGER measurement_latest_update AFTER UPDATE OF {CHANGED} ON measurement FOR EACH ROW
        WHEN (({_shown('OLD')}) OR ({_shown('NEW')}))
        EXECUTE FUNCTION measurement_latest_change()""",
    f"""CREATE TRIGGER measurement_latest_delete AFTER DELETE ON measurement FOR EACH ROW
        WHEN ({_shown('OLD')}) EXECUTE FUNCTION measurement_latest_change()""",
]

BACKFILL = f"""
    INSERT INTO indicator_latest ({COLUMNS})
    SELECT m.project_id, m.indicator_code, counted.shown_values, m.id, m.period_start, m.value, m.is_demo
    FROM measurement m
    JOIN (SELECT project_id, indicator_code, count(*) AS shown_values, max(period_start) AS newest
          FROM measurement WHERE {_shown('measurement')} GROUP BY project_id, indicator_code) counted
      ON counted.project_id = m.project_id AND counted.indicator_code = m.indicator_code
     AND counted.newest = m.period_start
    WHERE {_shown('m')}"""


def upgrade() -> None:
    op.create_table(
        'indicator_latest',
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('indicator_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('shown_values', sa.Integer(), nullable=False),
        sa.Column('measurement_id', sa.Integer(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.CheckConstraint('shown_values >= 1', name=op.f('ck_indicator_latest_shown_values_positive')),
        sa.ForeignKeyConstraint(['indicator_code'], ['indicator.code'],
                                name=op.f('fk_indicator_latest_indicator_code_indicator')),
        sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_indicator_latest_project_id_project')),
        sa.PrimaryKeyConstraint('project_id', 'indicator_code', name=op.f('pk_indicator_latest')),
    )
    op.execute(BACKFILL)
    for statement in POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE:
        op.execute(statement)


def downgrade() -> None:
    for trigger in ("measurement_latest_insert", "measurement_latest_update", "measurement_latest_delete"):
        op.execute(f"DROP TRIGGER {trigger}" + (" ON measurement" if op.get_bind().dialect.name == "postgresql" else ""))
    if op.get_bind().dialect.name == "postgresql":
        for function in ("measurement_latest_insert()", "measurement_latest_change()",
                         "indicator_latest_recount(integer, varchar)"):
            op.execute(f"DROP FUNCTION {function}")
    op.drop_table('indicator_latest')
