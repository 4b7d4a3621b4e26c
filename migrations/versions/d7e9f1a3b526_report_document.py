"""report_document: situation-picture PDFs and DOCX built by a background job

Revision ID: d7e9f1a3b526
Revises: c8e2d4f6a105
Create Date: 2026-12-04 18:30:00

The lägesbild PDF and DOCX were rendered inside the download request, which at 100,000
responses held a web worker for minutes; a job now builds them and keeps the bytes here
until they are downloaded, so any worker can build and any worker can hand them out.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d7e9f1a3b526"
down_revision = "c8e2d4f6a105"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey.id"], name=op.f("fk_report_document_survey_id_survey"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_report_document_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_document")),
        sa.UniqueConstraint("token", name=op.f("uq_report_document_token")),
    )
    with op.batch_alter_table("report_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_document_survey_id"), ["survey_id"], unique=False)


def downgrade():
    with op.batch_alter_table("report_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_document_survey_id"))
    op.drop_table("report_document")
