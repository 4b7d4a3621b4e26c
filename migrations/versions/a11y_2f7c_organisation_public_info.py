"""organisation public info for the privacy notice and accessibility statement (issue #15)

Revision ID: a11y_2f7c_public_info
Revises: b7d3c2a91e05
Create Date: 2026-12-01 23:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a11y_2f7c_public_info"
down_revision = "b7d3c2a91e05"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.add_column(
            sa.Column("public_info", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade():
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.drop_column("public_info")
