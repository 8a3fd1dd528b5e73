"""index needs by creation time, for insights by period

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_needs_created_at",
        "needs",
        ["created_at", "business_id", "support_type"],
        postgresql_include=["id"],
    )


def downgrade():
    op.drop_index("ix_needs_created_at", table_name="needs")
