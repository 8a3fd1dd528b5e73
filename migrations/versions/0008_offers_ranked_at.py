"""offers.ranked_at: which change of an offer its proposals reflect, for the worker

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ranked_at", sa.DateTime(timezone=True), nullable=True))
    # Until now every change was ranked in the request that made it.
    op.execute("UPDATE offers SET ranked_at = updated_at")


def downgrade():
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_column("ranked_at")
