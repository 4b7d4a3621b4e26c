"""commitment: the follow-up's written assessment of each commitment

Revision ID: a8d4e2f6c013
Revises: f1b2c3d4e5a6
Create Date: 2026-12-02 19:30:00

Existing commitments get no assessment: the follow-up says that none has been written yet.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a8d4e2f6c013"
down_revision = "f1b2c3d4e5a6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assessment", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("assessed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_column("assessed_at")
        batch_op.drop_column("assessment")
