"""answer_review: a reviewer's approval of an answer for quoting

Revision ID: e7a9c3d5f104
Revises: d4f2b8c1e6a3
Create Date: 2026-12-02 04:55:00

Reports, pledges and the public page quote only approved answers; none is approved at first.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e7a9c3d5f104"
down_revision = "d4f2b8c1e6a3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answer_review", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quote_approved", sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table("answer_review", schema=None) as batch_op:
        batch_op.drop_column("quote_approved")
