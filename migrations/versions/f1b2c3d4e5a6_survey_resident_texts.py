"""survey: its own wording of the interface texts residents read

Revision ID: f1b2c3d4e5a6
Revises: e7a9c3d5f104
Create Date: 2026-12-02 07:00:00

Navigation, progress, errors, privacy box, thank-you page and poster are part of a survey's
translatable texts; a text the survey does not word itself comes from the shipped catalogue.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f1b2c3d4e5a6"
down_revision = "e7a9c3d5f104"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resident_texts", sa.JSON(), nullable=False, server_default="{}"))


def downgrade():
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.drop_column("resident_texts")
