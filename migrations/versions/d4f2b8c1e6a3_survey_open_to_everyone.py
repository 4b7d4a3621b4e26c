"""survey: a staff dialogue opened to everyone on purpose

Revision ID: d4f2b8c1e6a3
Revises: c3e1a4b7d902
Create Date: 2026-12-02 04:40:00

Staff dialogues stay invitation-only; an official can open one to everyone, and then its web
answers are not counted as staff.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d4f2b8c1e6a3"
down_revision = "c3e1a4b7d902"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.add_column(sa.Column("open_to_everyone", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.drop_column("open_to_everyone")
