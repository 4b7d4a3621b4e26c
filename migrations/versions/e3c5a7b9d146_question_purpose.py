"""question_purpose: what a free-text question asks about (problems, strengths, places, other)

Revision ID: e3c5a7b9d146
Revises: d7e9f1a3b526
Create Date: 2026-12-06 21:15:00

Every free-text answer was analysed as if it described a problem: "Grannsamverkan fungerar
bra" (an answer to "what makes you feel safe?") was counted under burglary. Each question now
says what it asks about; existing questions keep today's behaviour (problems).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e3c5a7b9d146"
down_revision = "d7e9f1a3b526"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("question") as batch_op:
        batch_op.add_column(
            sa.Column("purpose", sa.String(length=20), nullable=False, server_default="problems")
        )


def downgrade():
    with op.batch_alter_table("question") as batch_op:
        batch_op.drop_column("purpose")
