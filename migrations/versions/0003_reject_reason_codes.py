"""reject reason codes checked by the database

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REASONS = "'not-relevant', 'not-eligible', 'partner-full', 'sme-not-ready', 'duplicate', 'other'"


def upgrade():
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_matches_reject_reason"), f"reject_reason IS NULL OR reject_reason IN ({REASONS})"
        )


def downgrade():
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_matches_reject_reason"), type_="check")
