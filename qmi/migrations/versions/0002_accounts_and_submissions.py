"""accounts and submissions: usernames unique whatever their case, session_version, assessment submission_key

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:00:00.000000

Keeps every row. Accounts whose names differ only by case (``Staff1`` / ``staff1``), which the
new unique index on ``lower(username)`` refuses, keep the oldest one's name; each later one is
renamed ``<name>.<id>`` and the renaming is written to the audit log, so an administrator can tell
the person.
"""

import json

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _rename_case_duplicates() -> None:
    connection = op.get_bind()
    users = sa.table("user", sa.column("id", sa.Integer), sa.column("username", sa.String))
    audit = sa.table("auditlog", sa.column("at", sa.DateTime), sa.column("username", sa.String),
                     sa.column("action", sa.String), sa.column("entity", sa.String), sa.column("entity_id", sa.String),
                     sa.column("before_json", sa.Text), sa.column("after_json", sa.Text))
    seen: set[str] = set()
    for user_id, username in connection.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id)).all():
        folded = username.lower()
        if folded not in seen:
            seen.add(folded)
            continue
        renamed = f"{username}.{user_id}"
        connection.execute(users.update().where(users.c.id == user_id).values(username=renamed))
        connection.execute(audit.insert().values(
            at=sa.func.current_timestamp(), username="migration 0002", action="user.rename", entity="user",
            entity_id=str(user_id), before_json=json.dumps({"username": username}), after_json=json.dumps({"username": renamed}),
        ))
        seen.add(renamed.lower())


def upgrade() -> None:
    # SQLite copies the assessment table (rows included) to add the constraint; first, so that its
    # reflection does not meet the expression index below.
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_key', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_assessment_submission_key'), ['submission_key'])
    _rename_case_duplicates()
    # Plain ADD COLUMN and CREATE INDEX: SQLite does both in place, so the user table (which three
    # tables reference) is not copied.
    op.add_column('user', sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
    op.create_index('uq_user_username_lower', 'user', [sa.text('lower(username)')], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_assessment_submission_key'), type_='unique')
        batch_op.drop_column('submission_key')
    op.drop_index('uq_user_username_lower', table_name='user')
    op.drop_column('user', 'session_version')  # in place on SQLite ≥ 3.35, as the upgrade added it
