"""index offers by last change, for the matching model cache's freshness check

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_offers_updated_at", "offers", ["updated_at"])


def downgrade():
    op.drop_index("ix_offers_updated_at", table_name="offers")
