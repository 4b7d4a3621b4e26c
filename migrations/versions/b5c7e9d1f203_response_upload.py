"""response_upload: uploaded response files waiting for, or being read by, a background job

Revision ID: b5c7e9d1f203
Revises: b9e3f5a7c214
Create Date: 2026-12-03 10:00:00

Response files were parsed inside the upload request and kept on one server's disk between
the preview and the import; now a job reads and imports them, on whichever worker takes it,
so the file and the job's state live in the database.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b5c7e9d1f203"
down_revision = "b9e3f5a7c214"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "response_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("step", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("preview", sa.JSON(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey.id"], name=op.f("fk_response_upload_survey_id_survey"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_response_upload_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_upload")),
        sa.UniqueConstraint("token", name=op.f("uq_response_upload_token")),
    )
    with op.batch_alter_table("response_upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_response_upload_survey_id"), ["survey_id"], unique=False)


def downgrade():
    with op.batch_alter_table("response_upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_upload_survey_id"))
    op.drop_table("response_upload")
