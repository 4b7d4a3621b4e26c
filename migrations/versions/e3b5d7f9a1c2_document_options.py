"""report_document.options: response exports (CSV, XLSX) are built by the same job

Revision ID: e3b5d7f9a1c2
Revises: e3c5a7b9d146
Create Date: 2026-12-06 22:00:00

At 100,000 responses an XLSX export took minutes inside the download request. Exports now
use the situation picture's document job; `options` records how one was asked for (masked or
as written, the CSV dialect), so that asking again replaces the same export only.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e3b5d7f9a1c2"
down_revision = "e3c5a7b9d146"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("report_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("options", sa.JSON(), nullable=False, server_default="{}"))


def downgrade():
    with op.batch_alter_table("report_document", schema=None) as batch_op:
        batch_op.drop_column("options")
