"""offers.revision and the offer_revision counter: which change of the offers each
process's offer index reflects, in commit order

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "offer_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_revision")),
    )
    # Existing offers are revision 0: every process reads them all when it starts.
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("revision", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.create_index(batch_op.f("ix_offers_revision"), ["revision"], unique=False)
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.alter_column("revision", server_default=None)


def downgrade():
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_revision"))
        batch_op.drop_column("revision")
    op.drop_table("offer_revision")
