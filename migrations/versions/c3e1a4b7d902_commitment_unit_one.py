"""commitment: the singular of what is counted ("gemensam tillsyn" beside "gemensamma tillsyner")

Revision ID: c3e1a4b7d902
Revises: a11y_2f7c_public_info
Create Date: 2026-12-02 04:00:00

Existing commitments get an empty singular: they read as before (the plural) until an official
fills it in; the shipped templates carry both forms.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c3e1a4b7d902"
down_revision = "a11y_2f7c_public_info"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_one", sa.JSON(), nullable=False, server_default="{}"))


def downgrade():
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_column("unit_one")
